"""Installable portal: the web app manifest, the service worker at /sw.js and the card's
"last updated" line that the offline copy of the card page shows."""

import datetime
import json
import re

import pytest
from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils import formats, timezone, translation

from tests.factories import CardFactory, ParticipantFactory, UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

UPDATED_LINE = re.compile(
    r'<p class="hint card-updated" data-card-updated-at="(?P<iso>[^"]+)" data-card-source="network" '
    r'data-offline-message="(?P<offline>[^"]+)">(?P<text>[^<]+)</p>'
)


@pytest.fixture
def citizen_with_card(client):
    participant = ParticipantFactory(full_name="Đặng Thị Mai", user=UserFactory(username="citizen-mai"))
    CardFactory(participant=participant, card_number="DN4797912345678")
    client.force_login(participant.user)
    return participant


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_manifest_is_served_and_linked_from_every_page(client):
    page = client.get("/").content.decode()
    manifest_url = static("manifest.webmanifest")
    assert f'<link rel="manifest" href="{manifest_url}">' in page
    assert '<meta name="theme-color" content="#0b4f8a">' in page

    response = client.get(manifest_url)
    assert response.status_code == 200
    manifest = json.loads(_body(response))
    assert manifest["name"] == "Cổng tự phục vụ BHXH"  # the site's Vietnamese name (lang "vi")
    assert "Portal" not in manifest["short_name"]
    assert manifest["start_url"] == "/"
    assert manifest["display"] == "standalone"
    assert manifest["lang"] == "vi"
    assert manifest["theme_color"] == "#0b4f8a"
    assert manifest["background_color"] == "#ffffff"
    # Icons are relative to the manifest and exist at the sizes they claim.
    assert {icon["sizes"] for icon in manifest["icons"]} == {"192x192", "512x512"}
    for icon in manifest["icons"]:
        icon_response = client.get(static(icon["src"]))
        assert icon_response.status_code == 200
        assert icon_response["Content-Type"] == "image/png"


def test_theme_colour_is_the_stylesheets_brand_colour():
    css = (settings.BASE_DIR / "static" / "css" / "app.css").read_text(encoding="utf-8")
    assert "--color-brand: #0b4f8a;" in css
    assert "--color-bg: #ffffff;" in css


def test_app_script_is_deferred_and_points_at_the_worker(client):
    page = client.get("/").content.decode()
    assert (
        f'<script src="{static("js/app.js")}" defer data-service-worker="/sw.js" data-logout="/accounts/logout/"'
        in page
    )


def test_service_worker_is_served_from_the_root_uncached(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/javascript; charset=utf-8"
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]
    assert "max-age=0" in response["Cache-Control"]
    source = response.content.decode()
    config = json.loads(re.match(r"self\.BHXH_CONFIG = (\{.*\});\n", source).group(1))
    assert config["home"] == "/"
    assert config["logout"] == reverse("logout")
    assert static("css/app.css") in config["assets"]
    assert static("django_htmx/htmx-2.min.js") in config["assets"]
    assert static("js/app.js") in config["assets"]
    assert 'addEventListener("fetch"' in source


def test_service_worker_version_is_stable_between_requests(client):
    assert client.get("/sw.js").content == client.get("/sw.js").content


def test_service_worker_refuses_post(client):
    assert client.post("/sw.js").status_code == 405


def test_card_shows_when_it_was_last_updated_in_vietnamese(client, citizen_with_card):
    before = timezone.localtime()
    body = client.get("/").content.decode()
    after = timezone.localtime()
    match = UPDATED_LINE.search(body)
    assert match, "the card has no last-updated line"
    updated = datetime.datetime.fromisoformat(match["iso"])
    assert before <= updated <= after
    assert updated.utcoffset() == datetime.timedelta(hours=7)  # Asia/Ho_Chi_Minh
    with translation.override("vi"):
        shown = formats.date_format(updated, "DATETIME_FORMAT")
    assert re.fullmatch(r"\d\d:\d\d \d\d/\d\d/\d{4}", shown)
    assert shown in match["text"]
    assert shown in match["offline"]
    # It sits inside the card, after its facts.
    start = body.index('<section class="card"')
    card = body[start : body.index("</section>", start)]
    assert match.group(0) in card


def test_card_last_updated_line_in_english(client, citizen_with_card):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get("/").content.decode()
    match = UPDATED_LINE.search(body)
    updated = datetime.datetime.fromisoformat(match["iso"])
    with translation.override("en"):
        shown = formats.date_format(updated, "DATETIME_FORMAT")
    assert match["text"] == f"Updated {shown}"
    assert match["offline"] == f"You are offline — your card details were last updated at {shown}."


def test_no_last_updated_line_without_a_card(client):
    participant = ParticipantFactory(user=UserFactory(username="citizen-no-card"))
    client.force_login(participant.user)
    body = client.get("/").content.decode()
    assert "data-card-source" not in body


def test_anonymous_home_is_not_marked_for_offline_keeping(client):
    body = client.get("/").content.decode()
    assert "data-card-source" not in body


def test_manifest_has_its_content_type(client):
    from django.templatetags.static import static

    response = client.get(static("manifest.webmanifest"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/manifest+json")
