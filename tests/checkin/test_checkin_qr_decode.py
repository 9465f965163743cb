"""The QR drawn on /checkin/ is read back by a real decoder (zxing-cpp), without a browser, and what it
holds verifies with the published JWKS alone. (tests/browser/test_checkin_qr.py does the same from a
screenshot in Chromium.)"""

import datetime
import re

import pytest
import zxingcpp
from django.urls import reverse
from django.utils import timezone
from PIL import Image, ImageDraw

from checkin import keys, tokens
from checkin.services import qr_svg
from participants.models import Participant
from tests.factories import CardFactory, FacilityFactory, ParticipantFactory, UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

# qrcode's SvgPathImage draws each dark module as its own square: "M4,4H5V5H4z".
_MODULE = re.compile(r"M(\d+),(\d+)H(\d+)V(\d+)H\1z")
_VIEWBOX = re.compile(r'viewBox="0 0 (\d+) (\d+)"')
_PATH = re.compile(r'<path d="([^"]*)"')


@pytest.fixture(autouse=True)
def _key_under_tmp(settings, tmp_path):
    settings.VAR_DIR = tmp_path


def rasterise(svg: str, *, pixels_per_module: int = 4) -> Image.Image:
    """The SVG as a picture: a tiny rasteriser for exactly what qr_svg draws; anything else fails loudly,
    so a change of drawing (a qrcode upgrade) cannot slip by as an unreadable picture."""
    width, height = map(int, _VIEWBOX.search(svg).groups())
    path = _PATH.search(svg).group(1)
    modules = list(_MODULE.finditer(path))
    assert "".join(match.group(0) for match in modules) == path, "qr_svg no longer draws one square per module"
    image = Image.new("L", (width * pixels_per_module, height * pixels_per_module), 255)
    draw = ImageDraw.Draw(image)
    for match in modules:
        left, top, right, bottom = (int(value) * pixels_per_module for value in match.groups())
        draw.rectangle((left, top, right - 1, bottom - 1), fill=0)
    return image


def decode(image: Image.Image) -> list[str]:
    return [result.text for result in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]


def test_checkin_page_qr_decodes_to_a_token_the_published_jwks_verifies(client, settings):
    participant = ParticipantFactory(
        full_name="Lương Thị Thuỳ Dương", birth_date=datetime.date(1979, 2, 28), user=UserFactory(username="c-duong")
    )
    card = CardFactory(participant=participant, benefit_level=3, facility=FacilityFactory(code="48015"))
    client.force_login(participant.user)
    html = client.get(reverse("checkin")).content.decode()
    svg = re.search(r'<div id="checkin-qr".*?(<svg.*?</svg>)', html, re.DOTALL).group(1)

    decoded = decode(rasterise(svg))
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
def test_qr_svg_holds_the_longest_token_readably(name_length):
    """The longest name a participant may have, many of its letters 2–3 bytes in UTF-8, makes the
    densest code: it must still read back exactly."""
    name = ("Nguyễn Thị Ánh Tuyết " * 10)[: name_length - 1].rstrip() + "ỹ"
    card = CardFactory(participant=ParticipantFactory(full_name=name))
    now = timezone.now()
    token, _ = tokens.token_issue(card, now=now, keyring=keys.signing_key_current(now=now), issuer="bhxh-portal")

    assert decode(rasterise(qr_svg(token))) == [token]
    jwks = keys.jwks_published(now=now)
    assert tokens.token_verify(token, jwks=jwks, now=now, issuer="bhxh-portal").claims.name == name
