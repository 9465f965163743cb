"""`manage.py demo_logins`: the demo accounts and their (demo-only) passwords."""

import json

from django.core.management.base import BaseCommand

from bhxh_portal import demo


class Command(BaseCommand):
    help = "List the demo sign-ins created by seed_demo. Citizens sign in with their 12-digit personal ID number."

    def add_arguments(self, parser):
        parser.add_argument(
            "--json",
            dest="as_json",
            action="store_true",
            help="print a JSON list of {role, username, password, persona}, plus totp_secret (base32) for "
            "accounts that sign in with a code from an authenticator app",
        )

    def handle(self, *args, as_json: bool = False, **options):
        logins = demo.demo_login_list()
        if as_json:
            self.stdout.write(json.dumps(logins, ensure_ascii=False, indent=2))
            return
        if not logins:
            self.stderr.write("No demo accounts yet: run `manage.py seed_demo` first.")
            return
        headers = {"role": "Role", "username": "Sign in with", "password": "Password", "persona": "Who"}
        widths = {key: max(len(headers[key]), *(len(row[key]) for row in logins)) for key in headers}
        keys = ["role", "username", "password", "persona"]
        self.stdout.write("  ".join(headers[k].ljust(widths[k]) for k in keys).rstrip())
        self.stdout.write("  ".join("-" * widths[k] for k in keys))
        for row in logins:
            self.stdout.write("  ".join(row[k].ljust(widths[k]) for k in keys).rstrip())
        self.stdout.write("\nThese passwords exist only in demo data. Citizens can also use their 10-digit SI number.")
        for row in logins:
            if row.get("totp_secret"):
                self.stdout.write(
                    f"{row['username']} then asks for a 6-digit code (demo authenticator secret {row['totp_secret']}); "
                    f"print the current one with: python -m accounts.twofactor.totp {row['totp_secret']}"
                )
