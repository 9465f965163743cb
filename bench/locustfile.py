"""The real mix of bhxh-portal's traffic, for Locust (bench/load.py prepares the accounts and runs it).

- Citizens (most users) sign in with their ID number, then open their card (home), contribution history,
  eligibility, the QR page, the inbox; some ask for a check-in code, which a clinic desk then scans.
- The public opens the home page and the calculator and computes one answer.
- Clinic desks (password and authenticator code, one desk account each) check in the codes citizens produced
  (verify, then confirm) and look people up by ID number.
- Employer HR officers (password and authenticator code) page through their staff list.

Reads the accounts from the JSON file in LOAD_ACCOUNTS (written by bench/load.py). Every POST sends a Referer of
the same origin, as a browser does: over HTTPS Django's CSRF check requires it.
"""

import collections
import json
import os
import random
import re
import sys
from pathlib import Path

from locust import HttpUser, between, events, task

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from accounts.twofactor.totp import totp_code

ACCOUNTS = json.loads(Path(os.environ["LOAD_ACCOUNTS"]).read_text())
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# A card the desk rightly refuses: the reason is on the page (checkin.services.DeskReason).
RIGHT_REFUSAL = re.compile(r'data-reason="(card_expired|card_not_yet_valid|not_found)"')
# Codes citizens asked for, waiting for a clinic desk (one process, greenlets: a deque is enough).
CODES: collections.deque[str] = collections.deque(maxlen=5000)
# Desk accounts not yet taken by a ClinicDesk user (bench/load.py makes more than a run needs).
DESKS: collections.deque[dict] = collections.deque(ACCOUNTS["clinics"])


@events.init.add_listener
def _trust_the_test_certificate(environment, **kwargs):
    import urllib3

    urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)


class PortalUser(HttpUser):
    abstract = True
    wait_time = between(1, 4)

    def on_start(self):
        self.client.verify = False  # bench/load.py's self-signed certificate

    def _post_form(self, path: str, data: dict, *, name: str | None = None, form_page: str | None = None):
        page = self.client.get(form_page or path, name=f"{name or path} (form)")
        match = CSRF.search(page.text)
        data = {**data, "csrfmiddlewaretoken": match.group(1) if match else ""}
        return self.client.post(
            path, data=data, name=name or path, headers={"Referer": f"{self.host}{form_page or path}"}
        )

    def sign_in(self, username: str, password: str) -> None:
        with self.client.get("/accounts/login/", name="sign-in (form)", catch_response=True) as page:
            token = CSRF.search(page.text)
        response = self.client.post(
            "/accounts/login/",
            data={"username": username, "password": password, "csrfmiddlewaretoken": token.group(1) if token else ""},
            headers={"Referer": f"{self.host}/accounts/login/"},
            name="sign-in",
        )
        if "/accounts/login/" in response.url:
            response.failure("sign-in did not sign in")


class Citizen(PortalUser):
    weight = 12

    def on_start(self):
        super().on_start()
        self.sign_in(random.choice(ACCOUNTS["citizens"]), ACCOUNTS["citizen_password"])

    @task(6)
    def card(self):
        self.client.get("/", name="card (home)")

    @task(4)
    def contributions(self):
        self.client.get("/contributions/")

    @task(3)
    def eligibility(self):
        self.client.get("/eligibility/")

    @task(3)
    def qr(self):
        self.client.get("/checkin/", name="QR page")

    @task(2)
    def inbox(self):
        self.client.get("/inbox/")

    @task(2)
    def code_for_the_clinic(self):
        response = self.client.get("/api/v1/me/checkin-token/", name="check-in code (API)")
        if response.status_code == 200:
            CODES.append(response.json()["token"])


class Public(PortalUser):
    weight = 4

    @task(2)
    def home(self):
        self.client.get("/", name="home (signed out)")

    @task(3)
    def calculator(self):
        self.client.get("/calculator/")
        self.client.post(
            "/api/v1/calculator/",
            json=random.choice(ACCOUNTS["calculator_requests"]),
            name="calculator (API)",
        )


class ClinicDesk(PortalUser):
    weight = 2

    def on_start(self):
        super().on_start()
        # Desk accounts sign in with their authenticator code too; each user takes its own account (one code
        # is accepted once, so two desks signing in within 30 seconds cannot share an app).
        desk = DESKS.popleft()
        self.sign_in(desk["username"], desk["password"])
        self._post_form("/accounts/otp/", {"code": totp_code(desk["totp_secret"])}, name="second step")

    @task(3)
    def check_in_a_code(self):
        if not CODES:
            return
        token = CODES.popleft()
        self._post_form("/clinic/verify/", {"token": token}, name="desk verify", form_page="/clinic/")
        self.client.post(
            "/clinic/confirm/",
            data={"token": token, "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", "")},
            headers={"Referer": f"{self.host}/clinic/"},
            name="desk confirm",
        )

    @task(1)
    def look_up_by_id(self):
        # Seeded people include expired, future and missing cards: the desk refusing those (400 or 404 with the
        # reason on the page) is the right answer, not a failed request. Anything else that is not 200 fails.
        page = self.client.get("/clinic/", name="desk ID lookup (form)")
        match = CSRF.search(page.text)
        with self.client.post(
            "/clinic/verify/",
            data={
                "national_id": random.choice(ACCOUNTS["national_ids"]),
                "csrfmiddlewaretoken": match.group(1) if match else "",
            },
            headers={"Referer": f"{self.host}/clinic/"},
            name="desk ID lookup",
            catch_response=True,
        ) as response:
            if response.status_code == 200 or (
                response.status_code in (400, 404) and RIGHT_REFUSAL.search(response.text)
            ):
                response.success()
            else:
                response.failure(f"desk ID lookup answered {response.status_code}")


class EmployerHr(PortalUser):
    weight = 1
    fixed_count = 1  # one authenticator device: a code may be used once

    def on_start(self):
        super().on_start()
        hr = ACCOUNTS["employer"]
        self.sign_in(hr["username"], hr["password"])
        self._post_form("/accounts/otp/", {"code": totp_code(hr["totp_secret"])}, name="second step")

    @task
    def staff_list(self):
        page = random.randint(1, ACCOUNTS["employer"]["pages"])
        self.client.get(f"{ACCOUNTS['employer']['staff_url']}?page={page}", name="employer staff list")
