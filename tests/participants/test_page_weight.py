"""Every page added for check-ins, notifications and employers stays under the 100 KB budget (ux.md):
HTML + CSS + JS, gzip-compressed, including the lazily loaded QR decoder on the desk (counted as if loaded)."""

import datetime
import gzip
import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone

from checkin.services import checkin_lookup, checkin_record
from tests.employers.employer_support import hr_member
from tests.factories import (
    CardFactory,
    ClinicStaffFactory,
    ContributionFactory,
    EmployerFactory,
    EmploymentFactory,
    ParticipantFactory,
    UserFactory,
)
from tests.twofactor_support import sign_in_verified

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

BUDGET = 100 * 1024
CHECKIN_HTML_BUDGET = 12 * 1024  # uncompressed, as bench/pages.py measures it
ASSET = re.compile(rb'(?:href|src)="/static/([^"]+\.(?:css|js))"')


def weight(client, url) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content
    total = len(gzip.compress(html))
    for asset in set(ASSET.findall(html)):
        with open(finders.find(asset.decode()), "rb") as file:
            total += len(gzip.compress(file.read()))
    return total


@pytest.fixture(autouse=True)
def _key_under_tmp(settings, tmp_path):
    settings.VAR_DIR = tmp_path


def test_citizen_and_clinic_pages_fit_the_budget(client):
    today = timezone.localdate()
    person = ParticipantFactory(user=UserFactory(username="c-weight"))
    card = CardFactory(
        participant=person,
        valid_from=today - datetime.timedelta(days=30),
        valid_to=today + datetime.timedelta(days=300),
    )
    desk = ClinicStaffFactory(facility=card.facility)
    for _ in range(40):  # a long visit history and as many notices
        checkin_record(staff=desk.user, facility=desk.facility, national_id=person.national_id)
    checkin_lookup(staff=desk.user, facility=desk.facility, national_id=person.national_id)
    client.force_login(person.user)
    for name in ("checkin", "visits", "inbox", "inbox-preferences", "profile-access-log"):
        assert weight(client, reverse(name)) < BUDGET, name
    # The check-in page is opened at the counter on a slow connection: its HTML, QR included, stays small.
    checkin_html = client.get(reverse("checkin")).content
    assert b'<img class="qr" src="data:image/png;base64,' in checkin_html
    assert len(checkin_html) <= CHECKIN_HTML_BUDGET
    sign_in_verified(client, desk.user)
    assert weight(client, reverse("checkin-desk")) < BUDGET


def test_employer_pages_fit_the_budget(client):
    company = EmployerFactory()
    sign_in_verified(client, hr_member(company, username="hr-weight"))
    for i in range(60):
        employment = EmploymentFactory(participant=ParticipantFactory(), employer=company)
        ContributionFactory(
            participant=employment.participant, employer=company, month=datetime.date(2026, 1 + i % 12, 1)
        )
    for name in ("employer-staff", "employer-contributions", "employer-changes", "employer-team"):
        assert weight(client, reverse(name, kwargs={"employer_id": company.public_id})) < BUDGET, name
