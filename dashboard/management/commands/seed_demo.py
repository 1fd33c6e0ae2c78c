from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from dashboard.demo import seed_demo
from partnerships.demo import DEMO_PASSWORD


class Command(BaseCommand):
    help = (
        "Create the demo organisations, channels, one account per role and agreements in every "
        "state (idempotent), "
        "and print the demo sign-ins."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help="Seed even though DJANGO_DEBUG is off (a demo server, never production).",
        )

    def handle(self, *args, **options):
        # The demo accounts share a published password, one of them an administrator: a
        # production database must never receive them by accident.
        if not settings.DEBUG and not options["allow_without_debug"]:
            raise CommandError(
                "seed_demo creates accounts with a published password. It runs only with "
                "DJANGO_DEBUG=true, or with --allow-without-debug on a demo server."
            )
        result = seed_demo()
        if result.changed_anything:
            created = ", ".join(f"{count} {name}" for name, count in result.created.items())
            self.stdout.write(f"Demo data created: {created}.")
        else:
            self.stdout.write("Demo data already in place; nothing changed.")
        self.stdout.write(f"\nDemo sign-ins, all with the password {DEMO_PASSWORD}:")
        width = max(len(sign_in.email) for sign_in in result.sign_ins)
        self.stdout.write(f"  {'email':<{width}}  {'role':<46}  two-factor")
        for sign_in in result.sign_ins:
            totp = "yes" if sign_in.needs_totp else "no"
            self.stdout.write(f"  {sign_in.email:<{width}}  {sign_in.description:<46}  {totp}")
        self.stdout.write(
            "Two-factor accounts ask for a code after the password; "
            "python manage.py demo_totp EMAIL prints the current one."
        )
