"""The citizen's check-in QR page and token API: tokens verify with the published JWKS only."""

import datetime
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from checkin.services import CODE_REUSE_MIN_REMAINING, checkin_record
from checkin.tokens import token_verify
from tests.factories import CardFactory, ClinicStaffFactory, ParticipantFactory, UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _key_under_tmp(settings, tmp_path):
    settings.VAR_DIR = tmp_path


@pytest.fixture
def citizen():
    return ParticipantFactory(full_name="Mai Thị Cúc", user=UserFactory(username="c-cuc"))


def test_api_token_verifies_with_the_published_jwks(client, citizen, settings):
    card = CardFactory(participant=citizen)
    api = APIClient()
    api.force_authenticate(citizen.user)
    body = api.get("/api/v1/me/checkin-token/").json()
    jwks = client.get("/.well-known/jwks.json").json()
    result = token_verify(body["token"], jwks=jwks, now=timezone.now(), issuer=settings.CHECKIN_ISSUER)
    assert result.valid, result.reason
    assert result.claims.card_number == card.card_number
    assert result.claims.name == "Mai Thị Cúc"
    assert body["expires_at"]


def test_api_without_a_card_or_participant_is_404(citizen):
    api = APIClient()
    api.force_authenticate(citizen.user)
    assert api.get("/api/v1/me/checkin-token/").status_code == 404
    api.force_authenticate(UserFactory(username="clinic.w", role="clinic"))
    assert api.get("/api/v1/me/checkin-token/").status_code == 404


def test_page_shows_a_qr_and_htmx_refreshes_only_the_code(client, citizen):
    CardFactory(participant=citizen)
    client.force_login(citizen.user)
    body = client.get(reverse("checkin")).content.decode()
    assert '<img class="qr" src="data:image/png;base64,' in body and 'hx-trigger="every' in body
    assert "style=" not in body
    fragment = client.get(reverse("checkin"), HTTP_HX_REQUEST="true").content.decode()
    assert fragment.lstrip().startswith('<div id="checkin-qr"')
    assert "<html" not in fragment


def test_page_without_a_card_says_so(client, citizen):
    client.force_login(citizen.user)
    body = client.get(reverse("checkin")).content.decode()
    assert 'class="qr"' not in body
    assert "nên chưa có mã QR khám chữa bệnh" in body


def shown_token(client) -> str:
    return client.get(reverse("checkin")).context["code"].token


def test_page_shows_the_same_code_again_until_it_is_used_or_nearly_expired(client, citizen, settings):
    settings.PAGE_CACHE_SECONDS = 0  # the view's choice of code, read from its context; kept: tests/test_page_cache.py
    card = CardFactory(participant=citizen)
    client.force_login(citizen.user)
    first = shown_token(client)
    assert shown_token(client) == first  # a reload signs and draws nothing new

    # "Get a new code" signs a new one, which the page then shows.
    response = client.post(reverse("checkin"))
    assert response.status_code == 302 and response["Location"] == reverse("checkin")
    second = shown_token(client)
    assert second != first
    assert shown_token(client) == second

    # Used at a desk: the next visit gets a new code (a used one would be refused as a replay).
    desk = ClinicStaffFactory(facility=card.facility)
    checkin_record(staff=desk.user, facility=desk.facility, token=second)
    third = shown_token(client)
    assert third != second

    # Nearly expired: a new one, so the citizen has time to reach the counter.
    still_fine = timezone.now() + datetime.timedelta(minutes=settings.CHECKIN_TOKEN_MINUTES) - CODE_REUSE_MIN_REMAINING
    with mock.patch("django.utils.timezone.now", return_value=still_fine - datetime.timedelta(seconds=5)):
        assert shown_token(client) == third
    with mock.patch("django.utils.timezone.now", return_value=still_fine + datetime.timedelta(seconds=5)):
        fourth = shown_token(client)
    assert fourth != third


def test_a_change_to_the_card_gives_a_new_code(client, citizen):
    card = CardFactory(participant=citizen)
    client.force_login(citizen.user)
    first = shown_token(client)
    card.benefit_level = 1
    card.save()
    second = shown_token(client)
    assert second != first
    jwks = client.get("/.well-known/jwks.json").json()
    claims = token_verify(second, jwks=jwks, now=timezone.now(), issuer="bhxh-portal").claims
    assert claims.benefit_level == 1


def test_one_citizen_never_gets_anothers_code(client, citizen):
    CardFactory(participant=citizen)
    other = ParticipantFactory(full_name="Đỗ Văn Khác", user=UserFactory(username="c-khac"))
    CardFactory(participant=other)
    client.force_login(citizen.user)
    mine = shown_token(client)
    client.force_login(other.user)
    theirs = shown_token(client)
    assert theirs != mine
    jwks = client.get("/.well-known/jwks.json").json()
    assert token_verify(theirs, jwks=jwks, now=timezone.now(), issuer="bhxh-portal").claims.name == "Đỗ Văn Khác"


@pytest.mark.parametrize("visits", [0, 30])
def test_page_query_count_is_fixed(client, citizen, visits, django_assert_num_queries, settings):
    settings.PAGE_CACHE_SECONDS = 0  # the page as the view draws it; kept, it reads less (tests/test_page_cache.py)
    card = CardFactory(participant=citizen)
    desk = ClinicStaffFactory(facility=card.facility)
    for _ in range(visits):  # a long visit history changes nothing
        checkin_record(staff=desk.user, facility=desk.facility, national_id=citizen.national_id)
    client.force_login(citizen.user)
    client.get(reverse("checkin"))  # the key is published on first use; later pages only read
    # session, user, participant, card, "was this code used?"; then the idle timeout saves the session (3)
    with django_assert_num_queries(8):
        client.get(reverse("checkin"))
