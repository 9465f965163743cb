"""`manage.py rotate_checkin_key`: a new key signs check-in tokens; the old ones stay published
until every token they signed has expired."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from checkin import keys, tokens


class Command(BaseCommand):
    help = (
        "Make a new Ed25519 key sign check-in tokens. On the embedded default it is generated under var/; "
        "in production put the new PEM in CHECKIN_PRIVATE_KEY first (--generate-pem prints one)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--generate-pem",
            action="store_true",
            help="only print a new private key (PKCS#8 PEM) for CHECKIN_PRIVATE_KEY; change nothing",
        )

    def handle(self, *args, generate_pem: bool = False, **options):
        if generate_pem:
            self.stdout.write(tokens.private_key_pem(tokens.generate_private_key()).decode("ascii"), ending="")
            return
        try:
            key, retired = keys.signing_key_rotate(now=timezone.now())
        except keys.KeyRotationError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"New signing key: {key.kid}")
        for row in retired:
            self.stdout.write(f"Retired {row.kid}; published until {row.publish_until.isoformat()}")
