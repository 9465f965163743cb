"""The clinic desk and POST /api/v1/checkins/: verify, record once, refuse replays, log ID lookups."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from checkin import services as checkin_services
from checkin.models import CheckIn
from checkin.tokens import SigningKey, generate_private_key, token_issue
from participants.models import PersonalDataAccess
from tests.concurrency import run_at_once
from tests.factories import CardFactory, ClinicStaffFactory, ParticipantFactory, UserFactory
from tests.twofactor_support import bearer_client, sign_in_verified

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _key_under_tmp(settings, tmp_path):
    settings.VAR_DIR = tmp_path


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def card(today):
    person = ParticipantFactory(full_name="Đỗ Thị Hoa", user=UserFactory(username="c-hoa"))
    return CardFactory(
        participant=person,
        valid_from=today - datetime.timedelta(days=200),
        valid_to=today + datetime.timedelta(days=165),
        benefit_level=3,
        five_year_date=datetime.date(2024, 3, 1),
    )


@pytest.fixture
def staff(card):
    """A receptionist at the card's registered facility."""
    return ClinicStaffFactory(facility=card.facility, user=UserFactory(username="le-tan"))


@pytest.fixture
def api(staff):
    return bearer_client(staff.user)


def fresh_token(card) -> str:
    token, _expires = checkin_services.checkin_token_issue(participant=card.participant)
    return token


def test_api_records_a_check_in_with_the_patient_summary(api, card, staff):
    response = api.post("/api/v1/checkins/", {"token": fresh_token(card)}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    checkin = CheckIn.objects.get()
    assert body["id"] == str(checkin.public_id)
    assert body["method"] == "qr" and body["reason"] == "ok"
    assert body["patient"] == {
        "name": "Đỗ Thị Hoa",
        "birth_date": card.participant.birth_date.isoformat(),
        "card_number": card.card_number,
        "benefit_level": 3,
        "benefit_percent": 95,
        "facility_code": card.facility.code,
        "facility_name": card.facility.name,
        "registered_here": True,
        "card_valid_from": card.valid_from.isoformat(),
        "card_valid_to": card.valid_to.isoformat(),
        "five_year_date": "2024-03-01",
    }
    assert (checkin.participant, checkin.card, checkin.facility, checkin.staff) == (
        card.participant,
        card,
        staff.facility,
        staff.user,
    )
    assert checkin.method == "qr" and checkin.token_id
    assert not PersonalDataAccess.objects.exists()  # a token check-in is not an ID lookup


def test_api_refuses_a_replayed_token_with_409_and_records_nothing_more(api, card):
    token = fresh_token(card)
    assert api.post("/api/v1/checkins/", {"token": token}, format="json").status_code == 201
    replay = api.post("/api/v1/checkins/", {"token": token}, format="json")
    assert replay.status_code == 409
    assert replay.json()["code"] == "already_used"
    assert CheckIn.objects.count() == 1


def test_api_replay_at_another_clinic_is_refused_too(api, card):
    token = fresh_token(card)
    assert api.post("/api/v1/checkins/", {"token": token}, format="json").status_code == 201
    other = bearer_client(ClinicStaffFactory().user)
    assert other.post("/api/v1/checkins/", {"token": token}, format="json").status_code == 409
    assert CheckIn.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_desks_scanning_the_same_code_at_once_record_one_visit(require_postgres):
    from tests.conftest import load_reference_data

    load_reference_data()
    today = timezone.localdate()
    card = CardFactory(valid_from=today - datetime.timedelta(days=1), valid_to=today + datetime.timedelta(days=30))
    desks = [ClinicStaffFactory(facility=card.facility) for _ in range(4)]
    token = fresh_token(card)
    outcomes = run_at_once(
        [
            lambda desk=desk: checkin_services.checkin_record(staff=desk.user, facility=desk.facility, token=token)
            for desk in desks
        ]
    )
    outcomes = [o.result.reason if isinstance(o, checkin_services.CheckinRefused) else "recorded" for o in outcomes]
    assert sorted(outcomes) == ["already_used"] * 3 + ["recorded"]
    assert CheckIn.objects.count() == 1


@pytest.mark.parametrize(
    ("mutate", "reason"),
    [
        (lambda t: t[:-10] + ("A" if t[-10] != "A" else "B") + t[-9:], "bad_signature"),
        (lambda t: t[:-1], "malformed"),  # 85 base64url characters cannot be canonical
        (lambda t: "garbage", "malformed"),
        (lambda t: t.split(".")[0] + ".." + t.split(".")[2], "malformed"),
    ],
)
def test_api_refuses_bad_tokens_with_400_and_the_reason(api, card, mutate, reason):
    response = api.post("/api/v1/checkins/", {"token": mutate(fresh_token(card))}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == reason
    assert response.json()["detail"]
    assert not CheckIn.objects.exists()


def test_api_refuses_a_token_signed_by_an_unpublished_key(api, card, settings):
    stranger = SigningKey.from_private_key(generate_private_key())
    token, _ = token_issue(card, now=timezone.now(), keyring=stranger, issuer=settings.CHECKIN_ISSUER)
    response = api.post("/api/v1/checkins/", {"token": token}, format="json")
    assert (response.status_code, response.json()["code"]) == (400, "unknown_key")
    assert not CheckIn.objects.exists()


def test_api_refuses_an_expired_token(api, card, settings):
    from checkin import keys

    long_ago = timezone.now() - datetime.timedelta(hours=1)
    token, _ = token_issue(card, now=long_ago, keyring=keys.signing_key_current(), issuer=settings.CHECKIN_ISSUER)
    response = api.post("/api/v1/checkins/", {"token": token}, format="json")
    assert (response.status_code, response.json()["code"]) == (400, "expired")
    assert "đã hết hạn" in response.json()["detail"]  # the API follows Accept-Language; Vietnamese by default


def test_api_refuses_an_expired_card_and_a_replaced_card(api, card, today):
    token = fresh_token(card)
    card.valid_to = today - datetime.timedelta(days=1)
    card.valid_from = today - datetime.timedelta(days=365)
    card.save()
    response = api.post("/api/v1/checkins/", {"token": token}, format="json")
    assert (response.status_code, response.json()["code"]) == (400, "card_expired")
    card.replaced_at = timezone.now()
    card.save()
    response = api.post("/api/v1/checkins/", {"token": token}, format="json")
    assert (response.status_code, response.json()["code"]) == (400, "card_replaced")
    assert not CheckIn.objects.exists()


def test_api_by_national_id_records_and_logs_the_lookup(api, card, staff):
    response = api.post("/api/v1/checkins/", {"national_id": card.participant.national_id}, format="json")
    assert response.status_code == 201
    assert response.json()["method"] == "national_id"
    checkin = CheckIn.objects.get()
    assert checkin.token_id is None and checkin.method == "national_id"
    access = PersonalDataAccess.objects.get()
    assert (access.participant, access.user, access.facility, access.purpose) == (
        card.participant,
        staff.user,
        staff.facility,
        "clinic_id_lookup",
    )
    # The ID-number path has no token to replay: a second visit the same day is a second check-in.
    assert (
        api.post("/api/v1/checkins/", {"national_id": card.participant.national_id}, format="json").status_code == 201
    )


def test_api_unknown_national_id_is_404_and_the_lookup_is_still_logged(api, staff):
    response = api.post("/api/v1/checkins/", {"national_id": "001090999999"}, format="json")
    assert (response.status_code, response.json()["code"]) == (404, "not_found")
    access = PersonalDataAccess.objects.get()
    assert access.participant is None and access.user == staff.user
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "non_field_errors"),
        ({"token": "a.b.c", "national_id": "001090000001"}, "non_field_errors"),
        ({"token": "x" * 5000}, "token"),
        ({"token": ""}, "token"),
    ],
)
def test_api_bad_payloads_are_400_field_errors(api, payload, field):
    response = api.post("/api/v1/checkins/", payload, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not CheckIn.objects.exists() and not PersonalDataAccess.objects.exists()


def test_api_badly_formed_national_id_is_400(api):
    response = api.post("/api/v1/checkins/", {"national_id": "12345"}, format="json")
    assert (response.status_code, response.json()["code"]) == (400, "invalid_national_id")


def test_api_is_403_for_citizens_employers_and_anonymous(card):
    client = APIClient()
    assert client.post("/api/v1/checkins/", {"token": "x"}, format="json").status_code in (401, 403)
    for user in (card.participant.user, UserFactory(role="employer"), UserFactory(role="clinic")):
        client = bearer_client(user)  # the last one has the clinic role but no facility link
        response = client.post("/api/v1/checkins/", {"token": fresh_token(card)}, format="json")
        assert response.status_code == 403
    assert not CheckIn.objects.exists()


def test_api_refuses_a_clinic_session_without_the_code(card, staff):
    """Signed in with the password only (no second step): the page session cannot record check-ins."""
    client = APIClient()
    client.force_login(staff.user)
    response = client.post("/api/v1/checkins/", {"token": fresh_token(card)}, format="json")
    assert (response.status_code, response.json()["code"]) == (403, "permission_denied")
    sign_in_verified(client, staff.user)
    assert client.post("/api/v1/checkins/", {"token": fresh_token(card)}, format="json").status_code == 201
    assert CheckIn.objects.count() == 1


def test_desk_page_is_only_for_clinic_staff(client, card, staff):
    client.force_login(card.participant.user)
    assert client.get(reverse("checkin-desk")).status_code == 403
    assert client.post(reverse("checkin-desk-verify"), {"token": "x"}).status_code == 403
    sign_in_verified(client, staff.user)
    body = client.get(reverse("checkin-desk")).content.decode()
    assert "Quầy tiếp đón" in body and staff.facility.name in body
    assert "data-qr-scanner" in body and 'name="national_id"' in body


def test_desk_verify_shows_the_patient_and_a_confirm_button_without_recording(client, card, staff):
    sign_in_verified(client, staff.user)
    token = fresh_token(card)
    response = client.post(reverse("checkin-desk-verify"), {"token": token}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body
    assert "Đỗ Thị Hoa" in body and "Mức 3: 95%" in body and "Cơ sở này" in body and "01/03/2024" in body
    assert reverse("checkin-desk-confirm") in body and token in body
    assert not CheckIn.objects.exists()


def test_desk_confirm_records_then_refuses_the_replay_with_409(client, card, staff):
    sign_in_verified(client, staff.user)
    token = fresh_token(card)
    first = client.post(reverse("checkin-desk-confirm"), {"token": token})
    assert first.status_code == 201
    assert "Đã ghi nhận lượt khám" in first.content.decode()
    replay = client.post(reverse("checkin-desk-confirm"), {"token": token}, HTTP_HX_REQUEST="true")
    assert replay.status_code == 409
    assert "đã được dùng" in replay.content.decode()
    assert CheckIn.objects.count() == 1
    again = client.post(reverse("checkin-desk-verify"), {"token": token})
    assert again.status_code == 409


def test_desk_at_another_facility_says_so(client, card):
    elsewhere = ClinicStaffFactory()
    sign_in_verified(client, elsewhere.user)
    body = client.post(reverse("checkin-desk-verify"), {"token": fresh_token(card)}).content.decode()
    assert "Cơ sở khác" in body


def test_desk_id_lookup_is_logged_and_shows_the_patient(client, card, staff):
    sign_in_verified(client, staff.user)
    response = client.post(reverse("checkin-desk-verify"), {"national_id": card.participant.national_id})
    assert response.status_code == 200
    assert "Đỗ Thị Hoa" in response.content.decode()
    assert PersonalDataAccess.objects.filter(participant=card.participant, user=staff.user).count() == 1
    assert not CheckIn.objects.exists()


def test_desk_empty_submission_is_a_400_with_a_message(client, staff):
    sign_in_verified(client, staff.user)
    response = client.post(reverse("checkin-desk-verify"), {"token": "  ", "national_id": ""})
    assert response.status_code == 400
    assert "Quét hoặc dán mã" in response.content.decode()
    assert not PersonalDataAccess.objects.exists()


def test_desk_garbage_token_is_a_400_with_its_reason(client, staff):
    sign_in_verified(client, staff.user)
    response = client.post(reverse("checkin-desk-verify"), {"token": "<script>alert(1)</script>"})
    assert response.status_code == 400
    body = response.content.decode()
    assert 'data-reason="malformed"' in body and "<script>alert" not in body


@hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    garbage=st.one_of(
        st.text(max_size=300), st.from_regex(r"[A-Za-z0-9_-]{0,80}\.[A-Za-z0-9_-]{0,200}\.[A-Za-z0-9_-]{0,90}")
    )
)
def test_desk_refuses_any_garbage_and_records_nothing(staff, garbage):
    with pytest.raises(checkin_services.CheckinRefused) as refused:
        checkin_services.checkin_record(staff=staff.user, facility=staff.facility, token=garbage)
    assert refused.value.result.reason in {"malformed", "algorithm_not_allowed", "wrong_type", "unknown_key"}
    assert not CheckIn.objects.exists() and not PersonalDataAccess.objects.exists()


def test_api_check_ins_are_throttled_per_user(api):
    """60 a minute (THROTTLE_CHECKINS): far above a desk's pace, and a cap on walking through ID numbers."""
    codes = [
        api.post("/api/v1/checkins/", {"national_id": "001090999999"}, format="json").status_code for _ in range(61)
    ]
    assert codes[:60] == [404] * 60 and codes[60] == 429
    assert PersonalDataAccess.objects.count() == 60  # the refused lookup never ran
