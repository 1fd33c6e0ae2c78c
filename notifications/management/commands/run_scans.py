from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from notifications import services
from notifications.models import ScheduledScan


class Command(BaseCommand):
    help = (
        "Run the scheduled scans that are due, in this process (no worker or beat needed). "
        "With --all, run every enabled scan now."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all", action="store_true", help="Run every enabled scan, due or not."
        )

    def handle(self, *args, **options):
        now = timezone.now()
        scans = ScheduledScan.objects.all()
        if not options["all"]:
            scans = scans.filter(next_run_at__lte=now)
        claimed = services.claim_scans(scans, now=now)
        failures = 0
        for scan in ScheduledScan.objects.filter(pk__in=claimed).order_by("name"):
            try:
                result = services.run_scan(scan.pk, now=now)
            except Exception as error:
                failures += 1
                self.stderr.write(f"{scan.scan}: failed: {error}")
            else:
                self.stdout.write(f"{scan.scan}: {result or 'done'}")
        if options["verbosity"] > 1 and not claimed:
            self.stdout.write("No scan is due.")
        if failures:
            raise CommandError(f"{failures} scan(s) failed; see the admin for their errors.")
