"""Issue 13, item 6: the misuse review queue. Each signal opens one case (not two on repeat) with its evidence;
reviewers with the permission assign and resolve; the person reads the state of their report."""

import datetime
import importlib
import logging

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from checkin import misuse
from checkin import services as checkin_services
from checkin.models import CheckIn, MisuseCase, MisuseEvidence
from tests.factories import CardFactory, ClinicStaffFactory, FacilityFactory, ParticipantFactory, UserFactory, province
from tests.twofactor_support import sign_in_verified

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

# The admin's queue and a case page, whatever the number of cases and of evidence rows (with their people,
# facilities, provinces and look-ups joined, not one query each).
# The second sign-in step (#13 item 4) adds one: the session's authenticator app is read on every admin page;
# the provinces a staff account covers (#13 item 3) one more, once per request.
LIST_QUERIES, CASE_QUERIES = 17, 14


@pytest.fixture(autouse=True)
def _key_under_tmp(settings, tmp_path):
    settings.VAR_DIR = tmp_path


@pytest.fixture
def card():
    today = timezone.localdate()
    person = ParticipantFactory(full_name="Phan Thị Lan", user=UserFactory(username="c-lan"))
    return CardFactory(
        participant=person,
        valid_from=today - datetime.timedelta(days=30),
        valid_to=today + datetime.timedelta(days=300),
    )


def record(card, staff):
    return checkin_services.checkin_record(
        staff=staff.user, facility=staff.facility, national_id=card.participant.national_id
    ).checkin


def reviewer(*, can_change=True, username="thanh-tra"):
    user = UserFactory(username=username, role="admin", is_staff=True)
    codenames = ["view_misusecase", "view_checkin"] + (["change_misusecase"] if can_change else [])
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="checkin", codename__in=codenames))
    return user


def test_the_persons_report_opens_one_case_with_the_check_in_and_not_two(card, caplog):
    checkin = record(card, ClinicStaffFactory(facility=card.facility))
    with caplog.at_level(logging.INFO, logger="checkin.misuse"):
        checkin_services.checkin_flag(participant=card.participant, checkin_id=checkin.public_id, note="Tôi ở nhà")
        checkin_services.checkin_flag(participant=card.participant, checkin_id=checkin.public_id, note="Vẫn ở nhà")
    case = MisuseCase.objects.get()
    assert case.kind == "reported" and case.status == "open" and case.checkin == checkin
    assert case.participant == card.participant and case.facility == card.facility and case.staff == checkin.staff
    assert list(case.evidence.values_list("checkin", flat=True)) == [checkin.pk]
    # The log names the case and the rule, never the person.
    assert f"case {case.pk} opened" in caplog.text and f"case {case.pk} updated" in caplog.text
    for secret in (card.participant.national_id, card.participant.full_name, card.card_number, card.participant.phone):
        assert secret not in caplog.text


def test_too_many_check_ins_in_a_week_opens_one_case_that_grows(settings, card):
    settings.CHECKIN_SIGNAL_WEEKLY_THRESHOLD = 2
    staff = ClinicStaffFactory(facility=card.facility)
    visits = [record(card, staff) for _ in range(2)]
    assert not MisuseCase.objects.exists()  # the threshold itself is normal
    visits += [record(card, staff) for _ in range(2)]
    case = MisuseCase.objects.get(kind="busy_week")
    assert case.count == 4 and case.threshold == 2 and case.window_hours == 168
    assert set(case.evidence.values_list("checkin", flat=True)) == {v.pk for v in visits}
    today = timezone.localdate()
    assert case.period_start == today - datetime.timedelta(days=today.weekday())


def test_the_same_card_at_two_facilities_opens_one_case(card):
    here, there = ClinicStaffFactory(facility=card.facility), ClinicStaffFactory(facility=FacilityFactory())
    first = record(card, here)
    assert not MisuseCase.objects.exists()
    second = record(card, there)
    third = record(card, there)
    case = MisuseCase.objects.get()
    assert case.kind == "two_facilities" and case.facility == there.facility and case.window_hours == 4
    assert set(case.evidence.values_list("checkin", flat=True)) == {first.pk, second.pk, third.pk}


def test_a_desk_looking_up_many_people_opens_one_case(settings, client):
    settings.CHECKIN_SIGNAL_LOOKUPS_WITHOUT_VISIT = 2
    facility = FacilityFactory()
    desk = ClinicStaffFactory(facility=facility, user=UserFactory(username="to-mo"))
    sign_in_verified(client, desk.user)
    people = [CardFactory(facility=facility).participant for _ in range(4)]
    checked_in = people[0]
    client.post(reverse("checkin-desk-confirm"), {"national_id": checked_in.national_id})
    for person in people[1:3]:
        client.post(reverse("checkin-desk-verify"), {"national_id": person.national_id})
    assert not MisuseCase.objects.exists()  # two people not checked in: not over the threshold
    client.post(reverse("checkin-desk-verify"), {"national_id": people[3].national_id})
    client.post(reverse("checkin-desk-verify"), {"national_id": people[3].national_id})
    case = MisuseCase.objects.get()
    assert case.kind == "desk_lookups" and case.staff == desk.user and case.facility == facility
    assert case.count == 4 and case.threshold == 2 and case.participant is None
    looked_up = set(case.evidence.values_list("access__participant", flat=True))
    assert looked_up == {p.pk for p in people[1:]}  # the person checked in is not evidence


def post_case(client, case, data):
    """The case page's form as a browser sends it: the fields and the evidence inline's management form."""
    evidence = case.evidence.count()
    management = {"evidence-TOTAL_FORMS": evidence, "evidence-INITIAL_FORMS": evidence}
    rows = {f"evidence-{i}-id": pk for i, pk in enumerate(case.evidence.values_list("pk", flat=True))}
    return client.post(reverse("admin:checkin_misusecase_change", args=[case.pk]), {**management, **rows, **data})


def test_assign_and_resolve_need_the_permission(client, card):
    checkin = record(card, ClinicStaffFactory(facility=card.facility))
    checkin_services.checkin_flag(participant=card.participant, checkin_id=checkin.public_id)
    case = MisuseCase.objects.get()
    url = reverse("admin:checkin_misusecase_changelist")
    onlooker = reviewer(can_change=False, username="chi-xem")
    sign_in_verified(client, onlooker)
    assert client.get(url).status_code == 200
    client.post(url, {"action": "assign_to_me", "_selected_action": [case.pk]})
    assert post_case(client, case, {"outcome": "confirmed", "resolution_note": "x"}).status_code == 403
    with pytest.raises(PermissionDenied):
        misuse.misuse_case_resolve(case=case, by=onlooker, outcome="confirmed")
    case.refresh_from_db()
    assert case.status == "open" and case.assignee is None and case.outcome == ""

    officer = reviewer()
    sign_in_verified(client, officer)
    client.post(url, {"action": "assign_to_me", "_selected_action": [case.pk]})
    case.refresh_from_db()
    assert case.status == "assigned" and case.assignee == officer
    # A note without an outcome is refused on the field, and nothing changes.
    refused = post_case(client, case, {"outcome": "", "resolution_note": "Đã gọi cơ sở"})
    assert refused.status_code == 200 and "Hãy chọn kết quả xem xét." in refused.content.decode()
    case.refresh_from_db()
    assert case.status == "assigned"
    with pytest.raises(ValidationError):
        misuse.misuse_case_resolve(case=case, by=officer, outcome="reviewed_earlier")
    resolved = post_case(
        client, case, {"outcome": "person_mistaken", "resolution_note": "Lễ tân nhập nhầm số định danh"}
    )
    assert resolved.status_code == 302
    case.refresh_from_db()
    checkin.refresh_from_db()
    assert (case.status, case.outcome, case.resolved_by) == ("resolved", "person_mistaken", officer)
    assert case.resolution_note == "Lễ tân nhập nhầm số định danh"
    assert checkin.reviewed_by == officer and checkin.reviewed_at == case.resolved_at
    with pytest.raises(ValidationError):
        misuse.misuse_case_resolve(case=case, by=officer, outcome="confirmed")
    # Reported again: still the one case, still resolved (docs/misuse-review.md).
    checkin_services.checkin_flag(participant=card.participant, checkin_id=checkin.public_id, note="Lần nữa")
    case.refresh_from_db()
    assert MisuseCase.objects.count() == 1 and case.status == "resolved" and case.outcome == "person_mistaken"


def test_the_case_page_is_vietnamese_and_shows_the_evidence(client, card):
    checkin = record(card, ClinicStaffFactory(facility=card.facility))
    checkin_services.checkin_flag(participant=card.participant, checkin_id=checkin.public_id, note="Tôi ở Huế")
    case = MisuseCase.objects.get()
    sign_in_verified(client, reviewer())
    body = client.get(reverse("admin:checkin_misusecase_change", args=[case.pk])).content.decode()
    for words in ("Người dân báo không phải mình", "Tôi ở Huế", "Bằng chứng", "Kết quả xem xét", "Chuyển thanh tra"):
        assert words in body
    assert reverse("admin:checkin_checkin_change", args=[checkin.pk]) in body
    listing = client.get(reverse("admin:checkin_misusecase_changelist"), {"status__exact": "open"}).content.decode()
    assert card.facility.name in listing and "Giao cho tôi" in listing


def test_the_open_cases_for_a_dashboard_by_province(card):
    elsewhere = FacilityFactory(province=province("79"))
    for facility in (card.facility, elsewhere):
        checkin = record(card, ClinicStaffFactory(facility=facility))
        checkin_services.checkin_flag(participant=card.participant, checkin_id=checkin.public_id)
    assert misuse.misuse_case_count_open() == 3  # two reports and the two-facility signal
    # The person lives in 01: the case at the facility of 79 is not 79's officer's (participants.scope), but the
    # national office's and that of an officer covering both.
    assert misuse.misuse_case_count_open(province_codes=["79"]) == 0
    assert misuse.misuse_case_count_open(province_codes=["01", "79"]) == 3
    neighbour = ParticipantFactory(province=province("79"))
    neighbours_card = CardFactory(participant=neighbour, facility=elsewhere)
    checkin = record(neighbours_card, ClinicStaffFactory(facility=elsewhere))
    checkin_services.checkin_flag(participant=neighbour, checkin_id=checkin.public_id)
    assert [c.participant for c in misuse.misuse_case_list_open(province_codes=["79"])] == [neighbour]
    assert {c.facility for c in misuse.misuse_case_list_open(province_codes=["01"])} == {card.facility}
    assert misuse.misuse_case_list_open(province_codes=[]) == []


def test_the_person_reads_the_state_of_their_report(client, card, django_assert_num_queries):
    checkin = record(card, ClinicStaffFactory(facility=card.facility))
    checkin_services.checkin_flag(participant=card.participant, checkin_id=checkin.public_id)
    client.force_login(card.participant.user)
    with django_assert_num_queries(7):  # the state comes with the list: no query more
        body = client.get(reverse("visits")).content.decode()
    assert "Đang xem xét." in body
    case = MisuseCase.objects.get()
    misuse.misuse_case_resolve(case=case, by=reviewer(), outcome="referred")
    body = client.get(reverse("visits")).content.decode()
    assert "Đã xem xét xong." in body and "thanh tra" in body


def test_flagged_check_ins_from_before_become_cases(card):
    staff = ClinicStaffFactory(facility=card.facility)
    waiting, reviewed, plain = (record(card, staff) for _ in range(3))
    officer = reviewer()
    CheckIn.objects.filter(pk=waiting.pk).update(flagged_at=timezone.now(), flag_note="Không phải tôi")
    CheckIn.objects.filter(pk=reviewed.pk).update(
        flagged_at=timezone.now(), reviewed_at=timezone.now(), reviewed_by=officer
    )
    MisuseCase.objects.all().delete()
    migration = importlib.import_module("checkin.migrations.0003_flagged_checkins_to_cases")
    migration.flagged_to_cases(apps, None)
    migration.flagged_to_cases(apps, None)  # twice: still one case each
    cases = {c.checkin_id: c for c in MisuseCase.objects.all()}
    assert set(cases) == {waiting.pk, reviewed.pk}
    assert cases[waiting.pk].status == "open" and cases[waiting.pk].outcome == ""
    assert (cases[reviewed.pk].status, cases[reviewed.pk].outcome) == ("resolved", "reviewed_earlier")
    assert MisuseEvidence.objects.count() == 2
    # A new report of the migrated check-in joins its case.
    waiting.refresh_from_db()
    checkin_services.checkin_flag(participant=card.participant, checkin_id=waiting.public_id)
    assert MisuseCase.objects.filter(checkin=waiting).count() == 1
    assert plain.pk not in cases


def test_the_queue_and_the_case_page_take_a_fixed_number_of_queries(client, settings, card, django_assert_num_queries):
    settings.CHECKIN_SIGNAL_LOOKUPS_WITHOUT_VISIT = 0
    desk = ClinicStaffFactory(facility=card.facility)
    checkin_services.checkin_lookup(staff=desk.user, facility=desk.facility, national_id=card.participant.national_id)
    case = MisuseCase.objects.get()
    sign_in_verified(client, reviewer())
    listing = reverse("admin:checkin_misusecase_changelist")
    page = reverse("admin:checkin_misusecase_change", args=[case.pk])
    client.get(page)  # Django caches the content types on the first admin page; measure after
    with django_assert_num_queries(LIST_QUERIES):
        assert client.get(listing).status_code == 200
    with django_assert_num_queries(CASE_QUERIES):
        assert client.get(page).status_code == 200
    for _ in range(20):
        person = CardFactory(facility=card.facility).participant
        checkin_services.checkin_lookup(staff=desk.user, facility=desk.facility, national_id=person.national_id)
        other = record(CardFactory(facility=card.facility), desk)
        checkin_services.checkin_flag(participant=other.participant, checkin_id=other.public_id)
    assert case.evidence.count() == 21 and MisuseCase.objects.count() == 21
    with django_assert_num_queries(LIST_QUERIES):
        assert client.get(listing).status_code == 200
    with django_assert_num_queries(CASE_QUERIES):
        assert client.get(page).status_code == 200


def test_resolve_from_the_list_with_the_outcome_chosen_beside_the_action(client, card):
    staff = ClinicStaffFactory(facility=card.facility)
    visits = [record(card, staff) for _ in range(2)]
    for visit in visits:
        checkin_services.checkin_flag(participant=card.participant, checkin_id=visit.public_id)
    cases = list(MisuseCase.objects.filter(kind="reported"))
    url = reverse("admin:checkin_misusecase_changelist")
    selected = {"action": "resolve", "_selected_action": [c.pk for c in cases]}
    sign_in_verified(client, reviewer(can_change=False, username="chi-xem"))
    client.post(url, {**selected, "outcome": "not_misuse"})
    sign_in_verified(client, reviewer())
    refused = client.post(url, {**selected, "outcome": ""}, follow=True)
    assert "Hãy chọn kết quả xem xét." in refused.content.decode()
    assert set(MisuseCase.objects.values_list("status", flat=True)) == {"open"}
    done = client.post(url, {**selected, "outcome": "not_misuse", "note": "Đã xác minh với cơ sở"}, follow=True)
    assert "Đã xử lý xong 2 vụ việc." in done.content.decode()
    assert set(MisuseCase.objects.values_list("status", "outcome", "resolution_note")) == {
        ("resolved", "not_misuse", "Đã xác minh với cơ sở")
    }
