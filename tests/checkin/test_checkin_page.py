"""The citizen's check-in QR page and token API: tokens verify with the published JWKS only."""

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from checkin.tokens import token_verify
from tests.factories import CardFactory, ParticipantFactory, UserFactory

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
    assert "<svg" in body and 'hx-trigger="every' in body and "style=" not in body
    fragment = client.get(reverse("checkin"), HTTP_HX_REQUEST="true").content.decode()
    assert fragment.lstrip().startswith('<div id="checkin-qr"')
    assert "<html" not in fragment


def test_page_without_a_card_says_so(client, citizen):
    client.force_login(citizen.user)
    body = client.get(reverse("checkin")).content.decode()
    assert "<svg" not in body
    assert "nên chưa có mã check-in" in body
