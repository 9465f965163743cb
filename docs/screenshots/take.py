"""Screenshots of the main pages at phone size (360x740), for reviewers: `make screenshots`.

Serves the app with demo data from a throwaway SQLite database, signs in as the demo personas in
Debian's headless Chromium, and writes PNG files next to this script.
"""

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from accounts.twofactor.totp import totp_code  # standard library only, no Django

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


def manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )


# Run in `manage.py shell`: a fresh check-in token for the first demo citizen (as their phone shows it).
QR_SNIPPET = (
    "from participants.models import Participant; from checkin.services import checkin_token_issue; "
    "print(checkin_token_issue(participant=Participant.objects.get(user__username='citizen-maternity'))[0])"
)


def sign_in(page, base, login) -> None:
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", login["username"])
    page.fill("#id_password", login["password"])
    page.click("main button[type=submit]")
    page.wait_for_url(base + "/")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    var = tempfile.mkdtemp(prefix="bhxh-shots-")
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CELERY_BROKER_URL", "REDIS_URL"}}
    env.update(BHXH_VAR_DIR=var, DJANGO_ENV="development")
    manage("migrate", "-v0", env=env)
    manage("seed_demo", "--participants", "40", env=env)
    logins = json.loads(manage("demo_logins", "--json", env=env).stdout)
    citizens = [login for login in logins if login["role"] == "citizen"]
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(50):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.2)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"), args=ARGS
            )
            shots = []

            def shot(page, name):
                path = OUT / f"{name}.png"
                page.screenshot(path=str(path), full_page=True)
                shots.append(path.name)

            page = browser.new_context(viewport={"width": 360, "height": 740}).new_page()
            page.goto(base + "/")
            shot(page, "home")
            page.goto(base + "/calculator/")
            page.locator("input[name=sex][value=male]").check()
            page.fill("#id_birth_date", "1966-05-15")
            page.fill("#id_periods-0-start", "2008-11")
            page.fill("#id_periods-0-end", "2026-10")
            page.fill("#id_periods-0-monthly_salary", "10000000")
            page.fill("#id_termination_date", "2026-10-31")
            page.click("button[name=calculate]")
            page.locator("#calculator-result > h2").wait_for()
            shot(page, "calculator")
            for number, persona in enumerate(citizens[:5], start=1):
                context = browser.new_context(viewport={"width": 360, "height": 740})
                page = context.new_page()
                page.goto(base + "/accounts/login/")
                if number == 1:
                    shot(page, "sign-in")
                page.fill("#id_username", persona["username"])
                page.fill("#id_password", persona["password"])
                page.click("main button[type=submit]")
                page.wait_for_url(base + "/")
                shot(page, f"card-persona{number}")
                page.goto(base + "/contributions/")
                shot(page, f"contributions-persona{number}")
                page.goto(base + "/eligibility/")
                shot(page, f"eligibility-persona{number}")
                page.goto(base + "/inbox/")
                shot(page, f"inbox-persona{number}")
                if number == 1:
                    page.goto(base + "/checkin/")
                    shot(page, "checkin")
                    page.goto(base + "/visits/")
                    shot(page, "visits")
                context.close()
            by_role = {login["role"]: login for login in logins}
            # The clinic desk: a citizen's fresh token pasted and checked.
            context = browser.new_context(viewport={"width": 360, "height": 740})
            page = context.new_page()
            sign_in(page, base, by_role["clinic"])
            page.goto(base + "/clinic/")
            # The last line: `shell` may print which models it imported first.
            token = manage("shell", "-c", QR_SNIPPET, env=env).stdout.strip().splitlines()[-1]
            page.fill("#id_token", token)
            page.locator("form[action$='/clinic/verify/'] button[type=submit]").first.click()
            page.locator("#desk-result h2").wait_for()
            shot(page, "clinic-desk")
            context.close()
            # The employer portal, after the second sign-in step with the demo TOTP secret.
            context = browser.new_context(viewport={"width": 360, "height": 740})
            page = context.new_page()
            employer = by_role["employer"]
            page.goto(base + "/accounts/login/")
            page.fill("#id_username", employer["username"])
            page.fill("#id_password", employer["password"])
            page.click("main button[type=submit]")
            page.wait_for_url(base + "/accounts/otp/")
            page.fill("#id_code", totp_code(employer["totp_secret"]))
            page.click("main form.form button[type=submit]")
            page.wait_for_url(base + "/")
            page.goto(base + "/employer/")
            shot(page, "employer-staff")
            page.goto(page.url + "contributions/")
            shot(page, "employer-contributions")
            context.close()
            browser.close()
        print("\n".join(f"docs/screenshots/{name}" for name in shots))
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
