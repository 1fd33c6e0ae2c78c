from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.management.demo_mfa import (
    DEMO_TOTP_SECRET,
    seconds_left,
    stored_totp_secret,
    totp_code,
)


class Command(BaseCommand):
    help = "Print the current two-factor code of a demo account (enrolled by seed_demo)."

    def add_arguments(self, parser):
        parser.add_argument("email", help="e.g. kpk.manager@demo.sinergi.id")

    def handle(self, *args, **options):
        email = options["email"]
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"No account with the address {email}.")
        secret = stored_totp_secret(user)
        if secret is None:
            raise CommandError(
                f"{email} has no authenticator app enrolled, so it signs in without a code."
            )
        # Only the published demo secret may be revealed; a real person's secret stays secret.
        if secret != DEMO_TOTP_SECRET:
            raise CommandError(
                f"{email} uses its own authenticator app, not the demo one; "
                "demo_totp only serves accounts enrolled by seed_demo."
            )
        self.stdout.write(totp_code(secret))
        if options["verbosity"] > 1:
            self.stderr.write(f"Valid for {seconds_left():.0f} more seconds.")
