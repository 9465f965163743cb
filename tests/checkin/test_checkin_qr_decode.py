"""The QR drawn on /checkin/ is read back by a real decoder (zxing-cpp), without a browser, and what it
holds verifies with the published JWKS alone. (tests/browser/test_checkin_qr.py does the same from a
screenshot in Chromium.)"""

import base64
import datetime
import io
import re

import pytest
import zxingcpp
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from checkin import keys, tokens
from checkin.services import qr_png_data_uri
from participants.models import Participant
from tests.factories import CardFactory, FacilityFactory, ParticipantFactory, UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

_IMG = re.compile(r'<div id="checkin-qr".*?<img class="qr" src="data:image/png;base64,([A-Za-z0-9+/=]+)"', re.DOTALL)


@pytest.fixture(autouse=True)
def _key_under_tmp(settings, tmp_path):
    settings.VAR_DIR = tmp_path


def picture(data_uri: str, *, pixels_per_module: int = 4) -> Image.Image:
    """The PNG of a data: URI, enlarged without smoothing as the page's CSS shows it."""
    prefix = "data:image/png;base64,"
    assert data_uri.startswith(prefix)
    image = Image.open(io.BytesIO(base64.b64decode(data_uri.removeprefix(prefix)))).convert("L")
    return image.resize((image.width * pixels_per_module, image.height * pixels_per_module), Image.Resampling.NEAREST)


def decode(image: Image.Image) -> list[str]:
    return [result.text for result in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]


def test_checkin_page_qr_decodes_to_a_token_the_published_jwks_verifies(client, settings):
    participant = ParticipantFactory(
        full_name="Lương Thị Thuỳ Dương", birth_date=datetime.date(1979, 2, 28), user=UserFactory(username="c-duong")
    )
    card = CardFactory(participant=participant, benefit_level=3, facility=FacilityFactory(code="48015"))
    client.force_login(participant.user)
    html = client.get(reverse("checkin")).content.decode()
    image = _IMG.search(html).group(1)

    decoded = decode(picture("data:image/png;base64," + image))
    assert len(decoded) == 1

    jwks = client.get(reverse("jwks")).json()
    result = tokens.token_verify(decoded[0], jwks=jwks, now=timezone.now(), issuer=settings.CHECKIN_ISSUER)
    assert result.valid, result.reason
    claims = result.claims
    assert (claims.card_number, claims.name, claims.birth_date) == (
        card.card_number,
        "Lương Thị Thuỳ Dương",
        datetime.date(1979, 2, 28),
    )
    assert (claims.benefit_level, claims.facility_code) == (3, "48015")


@pytest.mark.parametrize("name_length", [12, Participant._meta.get_field("full_name").max_length])
def test_qr_png_holds_the_longest_token_readably(name_length):
    """The longest name a participant may have, many of its letters 2–3 bytes in UTF-8, makes the
    densest code: it must still read back exactly."""
    name = ("Nguyễn Thị Ánh Tuyết " * 10)[: name_length - 1].rstrip() + "ỹ"
    card = CardFactory(participant=ParticipantFactory(full_name=name))
    now = timezone.now()
    token, _ = tokens.token_issue(card, now=now, keyring=keys.signing_key_current(now=now), issuer="bhxh-portal")

    data_uri = qr_png_data_uri(token)
    assert decode(picture(data_uri)) == [token]
    assert len(data_uri) < 3_000  # one pixel per module: the densest code still weighs under 3 KB
    jwks = keys.jwks_published(now=now)
    assert tokens.token_verify(token, jwks=jwks, now=now, issuer="bhxh-portal").claims.name == name
