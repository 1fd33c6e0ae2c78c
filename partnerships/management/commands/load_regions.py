from django.core.management.base import BaseCommand

from partnerships.regions import load_regions


class Command(BaseCommand):
    help = "Load Indonesia's provinces and regencies/cities (idempotent)."

    def handle(self, *args, **options):
        provinces, regencies = load_regions()
        if options["verbosity"] > 1:
            self.stdout.write(f"{provinces} provinces, {regencies} regencies and cities loaded.")
