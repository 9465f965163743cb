"""Issue 18, item 6: the desk page is limited like the API, per staff user and per facility, and a desk that
looks up many people who are never checked in shows in the admin's misuse queue."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from checkin.admin import lookups_without_visit
from checkin.models import CheckIn
from participants.models import PersonalDataAccess
from tests.factories import CardFactory, ClinicStaffFactory, FacilityFactory, ParticipantFactory, UserFactory
from tests.twofactor_support import sign_in_verified

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _key_under_tmp(settings, tmp_path):
    settings.VAR_DIR = tmp_path


def test_desk_id_lookups_are_limited_per_staff_user_and_per_facility(client, settings):
    settings.CLINIC_DESK_RATE_PER_USER, settings.CLINIC_DESK_RATE_PER_FACILITY = "5/m", "8/m"
    facility = FacilityFactory()
    first = ClinicStaffFactory(facility=facility, user=UserFactory(username="le-tan-1"))
    second = ClinicStaffFactory(facility=facility, user=UserFactory(username="le-tan-2"))
    people = [ParticipantFactory() for _ in range(10)]
    sign_in_verified(client, first.user)
    statuses = [
        client.post(reverse("checkin-desk-verify"), {"national_id": p.national_id}).status_code for p in people[:6]
    ]
    assert statuses[-1] == 429 and 429 not in statuses[:5]
    refused = client.post(reverse("checkin-desk-verify"), {"national_id": people[6].national_id})
    assert refused.status_code == 429 and people[6].full_name not in refused.content.decode()
    # A colleague at the same desk shares the facility's budget: 7 of its 8 are used, one look-up is left.
    sign_in_verified(client, second.user)
    statuses = [
        client.post(reverse("checkin-desk-verify"), {"national_id": p.national_id}).status_code for p in people[:4]
    ]
    assert statuses[0] != 429 and statuses[1:] == [429, 429, 429]


def test_many_lookups_without_a_visit_are_worth_a_look():
    facility = FacilityFactory()
    browsing = ClinicStaffFactory(facility=facility, user=UserFactory(username="to-mo")).user
    working = ClinicStaffFactory(facility=facility, user=UserFactory(username="cham-chi")).user
    now = timezone.now()
    for i in range(4):
        at = now - datetime.timedelta(minutes=10 * i)
        browsed, seen = CardFactory(facility=facility), CardFactory(facility=facility)
        PersonalDataAccess.objects.create(
            participant=browsed.participant,
            user=browsing,
            facility=facility,
            purpose="clinic_id_lookup",
            accessed_at=at,
        )
        PersonalDataAccess.objects.create(
            participant=seen.participant, user=working, facility=facility, purpose="clinic_id_lookup", accessed_at=at
        )
        CheckIn.objects.create(
            participant=seen.participant,
            card=seen,
            facility=facility,
            staff=working,
            method=CheckIn.Method.NATIONAL_ID,
            checked_in_at=at + datetime.timedelta(minutes=1),
        )
    flagged = lookups_without_visit(PersonalDataAccess.objects.all(), threshold=2, window=datetime.timedelta(hours=4))
    # The desk that checked its patients in is not flagged; the one that only browsed is, from its third look-up.
    assert {a.user for a in flagged} == {browsing} and len(flagged) == 2


def test_the_misuse_filter_opens_in_the_admin(client):
    sign_in_verified(client, UserFactory(username="root", role="admin", is_staff=True, is_superuser=True))
    response = client.get(reverse("admin:participants_personaldataaccess_changelist"), {"signal": "unvisited"})
    assert response.status_code == 200
