"""The demo of every app, seeded in the order the apps build on each other.

Each app seeds its own part in ``<app>/demo.py`` (``seed(result)``); this module sits above them
all and is called only by ``manage.py seed_demo``.
"""

from django.db import transaction

from agreements import demo as agreements_demo
from content import demo as content_demo
from events import demo as events_demo
from partnerships import demo as partnerships_demo
from partnerships.demo import SeedResult

# Lower layers first: agreements need the organisations and accounts of the partner network.
SEEDERS = (
    partnerships_demo.seed,
    agreements_demo.seed,
    content_demo.seed,
    events_demo.seed,
)


@transaction.atomic
def seed_demo() -> SeedResult:
    """Create whatever of the demo data is missing; return what was created and the sign-ins."""
    result = SeedResult()
    for seed in SEEDERS:
        seed(result)
    return result
