"""The check-in QR, both ends, in real Chromium.

The citizen's side: the QR on /checkin/ is photographed (a screenshot), decoded by a real decoder
(zxing-cpp) and verified with nothing but the JWKS the live server publishes, as a clinic would.

The desk's side: on the real /clinic/ page, static/js/checkin-scanner.js reads the QR through a camera.
Chromium's fake camera plays a video of a QR code of a real token; the script must decode it, fill the
form and send it, and the desk must accept the card. Headless Linux Chromium has no BarcodeDetector, so
this runs the bundled decoder (jsQR), which is fetched only when the camera is started.
"""

import datetime
import json
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from checkin import keys
from checkin.models import CheckIn
from checkin.services import checkin_token_issue
from checkin.tokens import Reason, token_verify
from participants.enums import Role, Sex
from tests.browser.axe import assert_accessible
from tests.browser.conftest import CHROMIUM_ARGS, sign_in, watched_context
from tests.browser.qr_media import decode_qr, qr_image, write_fake_camera
from tests.factories import CardFactory, ClinicStaffFactory, FacilityFactory, ParticipantFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

STATIC_DIR = Path(__file__).resolve().parents[2] / "static"
FAKE_CAMERA = ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"]
RECEPTIONIST = "le-tan-binh"


@pytest.fixture(autouse=True)
def _key_under_tmp(settings, tmp_path):
    settings.VAR_DIR = tmp_path


def card_holder(**card):
    today = timezone.localdate()
    participant = ParticipantFactory(
        full_name="Đoàn Thị Ngọc Ánh",
        birth_date=datetime.date(1987, 11, 23),
        sex=Sex.FEMALE,
        user=UserFactory(username="c-ngoc-anh"),
    )
    defaults = {
        "benefit_level": 2,
        "valid_from": today - datetime.timedelta(days=30),
        "valid_to": today + datetime.timedelta(days=300),
        "facility": FacilityFactory(code="79024", name="Trạm Y tế phường Bến Thành"),
    }
    return CardFactory(participant=participant, **(defaults | card))


def http_get(url: str):
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - the live server on localhost
        return response.status, response.headers, response.read()


# --- The citizen's QR, photographed and verified as a clinic would ---------------------------------


def test_citizen_qr_decodes_and_verifies_with_the_published_jwks_only(page, live_server, settings):
    card = card_holder()
    sign_in(page, card.participant.national_id)
    page.goto(page.base_url + "/checkin/")
    photo = page.locator("#checkin-qr .qr").screenshot()

    decoded = decode_qr(photo)
    assert len(decoded) == 1, decoded
    token = decoded[0]

    status, headers, body = http_get(live_server.url + "/.well-known/jwks.json")
    assert status == 200 and headers["Content-Type"] == "application/jwk-set+json"
    jwks = json.loads(body)
    assert jwks["keys"] and all("d" not in key for key in jwks["keys"])  # public halves only

    result = token_verify(token, jwks=jwks, now=timezone.now(), issuer=settings.CHECKIN_ISSUER)
    assert result.valid, result.reason
    claims = result.claims
    assert claims.card_number == card.card_number
    assert claims.name == "Đoàn Thị Ngọc Ánh"
    assert claims.birth_date == datetime.date(1987, 11, 23)
    assert claims.benefit_level == 2
    assert claims.facility_code == "79024"
    assert (claims.card_valid_from, claims.card_valid_to) == (card.valid_from, card.valid_to)
    assert claims.expires_at > timezone.now()
    # The signature is what vouches for all that: without the published key nothing verifies.
    unverified = token_verify(token, jwks={"keys": []}, now=timezone.now(), issuer=settings.CHECKIN_ISSUER)
    assert unverified.reason == Reason.UNKNOWN_KEY


# --- The desk's camera scanner, on the real /clinic/ page ----------------------------------------------


@pytest.fixture
def card():
    return card_holder()


@pytest.fixture
def receptionist(card):
    """Staff of the facility where the card holder is registered."""
    return ClinicStaffFactory(facility=card.facility, user=UserFactory(username=RECEPTIONIST, role=Role.CLINIC))


@pytest.fixture
def camera_browser(browser, chromium_path):
    """`camera_browser(video_file=None)`: a Chromium whose camera plays the file (Chromium's own moving
    test pattern, with no QR code in it, when no file is given). Launched from the session's Playwright,
    which cannot be started twice."""
    launched = []

    def launch(video_file: Path | None = None):
        args = [*CHROMIUM_ARGS, *FAKE_CAMERA]
        if video_file is not None:
            args.append(f"--use-file-for-fake-video-capture={video_file}")
        launched.append(browser.browser_type.launch(executable_path=chromium_path, args=args))
        return launched[-1]

    yield launch
    for each in launched:
        each.close()


class Desk:
    """The receptionist's /clinic/ page in a browser, with what it fetched, posted and printed."""

    def __init__(self, browser, live_server, *, init_script: str | None = None, htmx: bool = True):
        # No service worker: it would answer some static files from its cache, past the routes below.
        self.context = watched_context(
            browser, viewport={"width": 1024, "height": 768}, locale="vi-VN", service_workers="block"
        )
        if init_script:
            self.context.add_init_script(init_script)
        self.page = page = self.context.new_page()
        page.set_default_timeout(15_000)
        page.base_url = live_server.url
        self.requests: list[str] = []
        self.posts: list[dict[str, list[str]]] = []
        self.console: list[str] = []
        page.on("request", self._record)
        page.on("console", self._print)
        page.on("pageerror", lambda error: self.console.append(f"pageerror: {error}"))
        if not htmx:
            # A desk whose htmx did not load: the forms must still work, as plain posts.
            page.route("**/htmx-2.min.js", lambda route: route.fulfill(content_type="text/javascript", body=""))
        sign_in(page, RECEPTIONIST)
        page.goto(live_server.url + "/clinic/")
        self.scanner = page.locator("[data-qr-scanner]")
        self.start = page.locator("[data-scan-start]")
        self.stop = page.locator("[data-scan-stop]")
        self.video = page.locator("[data-scan-video]")
        self.status = page.locator("[data-scan-status]")
        self.decoder = self.scanner.get_attribute("data-decoder-src")

    def _record(self, request):
        path = urllib.parse.urlsplit(request.url).path
        self.requests.append(path)
        if request.method == "POST" and path == "/clinic/verify/":
            self.posts.append(urllib.parse.parse_qs(request.post_data or ""))

    def _print(self, message):
        if "blocked by Playwright" not in message.text:  # Playwright's own note on the service worker
            self.console.append(f"{message.type}: {message.text}")

    def message(self, name: str) -> str:
        """What the template says for this state (data-msg-*), in the page's language."""
        return self.scanner.get_attribute(f"data-msg-{name}")

    def decoder_requests(self) -> int:
        return self.requests.count(self.decoder)

    def camera_is_off(self) -> bool:
        return self.video.is_hidden() and self.page.evaluate(
            "document.querySelector('[data-scan-video]').srcObject === null"
        )

    def close(self):
        self.context.close()


@pytest.fixture
def open_desk(live_server, receptionist):
    """`open_desk(browser, **options)`: the desk page, signed in; every one is closed after the test."""
    opened = []

    def open_one(browser, **options):
        opened.append(Desk(browser, live_server, **options))
        return opened[-1]

    yield open_one
    for each in opened:
        each.close()


def test_live_server_serves_the_scanner_and_its_decoder(live_server):
    """The desk page depends on these being served from our own origin (no CDN, no npm at run time)."""
    for name in ("js/checkin-scanner.js", "js/vendor/jsQR.min.js"):
        status, headers, body = http_get(f"{live_server.url}/static/{name}")
        assert status == 200 and "javascript" in headers["Content-Type"]
        assert body == (STATIC_DIR / name).read_bytes()
    # Apache-2.0: the licence travels with the copy, and the copy says what it is and where it came from.
    assert (STATIC_DIR / "js/vendor/jsQR.LICENSE.txt").read_text().lstrip().startswith("Apache License")
    header = (STATIC_DIR / "js/vendor/jsQR.min.js").read_text().splitlines()[0]
    assert "jsQR 1.4.0" in header and "Apache-2.0" in header and "jsQR.LICENSE.txt" in header


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "without-htmx"])
def test_desk_scans_the_patients_qr_with_the_camera_and_checks_them_in(
    camera_browser, open_desk, card, receptionist, tmp_path, settings, htmx
):
    token, _ = checkin_token_issue(participant=card.participant)
    desk = open_desk(camera_browser(write_fake_camera(tmp_path / "qr.y4m", qr_image(token))), htmx=htmx)
    page = desk.page
    expect(desk.start).to_be_visible()
    # The decoder weighs more than the rest of the page: it is fetched when the camera starts, not before.
    assert desk.decoder == "/static/js/vendor/jsQR.min.js"
    assert desk.decoder_requests() == 0

    desk.start.click()
    verdict = page.locator("#desk-result .desk-verdict")
    verdict.wait_for()

    assert [post["token"] for post in desk.posts] == [[token]]
    assert desk.decoder_requests() == 1
    assert verdict.get_attribute("data-reason") == Reason.OK
    result = page.locator("#desk-result").inner_text()
    assert "Đoàn Thị Ngọc Ánh" in result and card.card_number in result
    assert page.input_value("#id_token") == token
    assert desk.camera_is_off()
    assert urllib.parse.urlsplit(page.url).path == ("/clinic/" if htmx else "/clinic/verify/")
    if htmx:
        # The page stayed: the scanner says what happened and is ready for the next patient.
        assert desk.scanner.get_attribute("data-scan-engine") == "bundled"
        assert desk.status.inner_text() == desk.message("found")
        assert desk.stop.is_hidden() and desk.start.is_visible()
    assert_accessible(page)

    page.locator("#desk-result form button[type=submit]").click()
    # Once recorded, the result no longer offers to confirm (the same page with or without htmx).
    expect(page.locator("#desk-result form")).to_have_count(0)
    checkin = CheckIn.objects.get(card=card)
    claims = token_verify(
        token, jwks=keys.jwks_published(now=timezone.now()), now=timezone.now(), issuer=settings.CHECKIN_ISSUER
    ).claims
    assert (checkin.method, checkin.token_id, checkin.facility_id) == (
        CheckIn.Method.QR,
        claims.token_id,
        card.facility_id,
    )
    assert checkin.staff == receptionist.user
    assert desk.console == []


def test_desk_prefers_the_browsers_own_barcode_detector(camera_browser, open_desk, card):
    """Where the browser reads QR codes itself (Chrome on Android, macOS), the bundled decoder is never
    fetched. Headless Linux Chromium has none, so the test gives it one that reads our token."""
    token, _ = checkin_token_issue(participant=card.participant)
    stand_in = """
      window.BarcodeDetector = class {
        static async getSupportedFormats() { return ["ean_13", "qr_code"]; }
        constructor(options) { this.formats = options.formats; }
        async detect(source) {
          const ready = source instanceof HTMLVideoElement && source.videoWidth > 0;
          return ready && this.formats.includes("qr_code") ? [{ format: "qr_code", rawValue: TOKEN }] : [];
        }
      };
    """.replace("TOKEN", json.dumps(token))
    desk = open_desk(camera_browser(), init_script=stand_in)
    desk.start.click()
    desk.page.locator("#desk-result .desk-verdict").wait_for()
    assert [post["token"] for post in desk.posts] == [[token]]
    assert desk.scanner.get_attribute("data-scan-engine") == "barcode-detector"
    assert desk.decoder_requests() == 0
    assert desk.camera_is_off()
    assert desk.console == []


def test_desk_stop_turns_the_camera_off(camera_browser, open_desk):
    desk = open_desk(camera_browser())  # Chromium's test pattern: a camera that sees no QR code
    desk.start.click()
    expect(desk.status).to_have_text(desk.message("scanning"))
    expect(desk.video).to_be_visible()
    desk.page.evaluate("window.cameraTrack = document.querySelector('[data-scan-video]').srcObject.getTracks()[0]")
    assert desk.page.evaluate("window.cameraTrack.readyState") == "live"
    assert_accessible(desk.page)

    desk.stop.click()
    assert desk.page.evaluate("window.cameraTrack.readyState") == "ended"
    assert desk.camera_is_off()
    assert desk.stop.is_hidden() and desk.start.is_visible()
    assert desk.status.inner_text() == ""
    assert desk.page.input_value("#id_token") == "" and desk.posts == []
    assert desk.console == []


def test_desk_says_so_when_the_decoder_cannot_be_loaded(camera_browser, open_desk):
    desk = open_desk(camera_browser())
    desk.page.route("**" + desk.decoder, lambda route: route.fulfill(status=404, body=""))
    desk.start.click()
    expect(desk.status).to_have_text(desk.message("unsupported"))
    assert desk.camera_is_off()
    assert desk.start.is_visible() and desk.stop.is_hidden()
    assert desk.posts == []


def test_desk_says_so_when_there_is_no_camera(browser, open_desk):
    desk = open_desk(browser)  # the shared browser has no camera at all
    desk.start.click()
    expect(desk.status).to_have_text(desk.message("denied"))
    assert desk.camera_is_off()
    assert desk.start.is_visible() and desk.stop.is_hidden()
    assert desk.posts == []


def test_desk_shows_no_scan_button_without_a_camera_api(browser, open_desk):
    no_camera_api = "Object.defineProperty(Navigator.prototype, 'mediaDevices', {get: () => undefined});"
    desk = open_desk(browser, init_script=no_camera_api)
    desk.page.wait_for_load_state("load")
    assert desk.start.is_hidden() and desk.stop.is_hidden()
    assert desk.scanner.get_attribute("data-scan-engine") is None
    assert desk.console == []
