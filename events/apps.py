from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    """Trainings, media briefings, meetings and ceremonies, from invitation to certificate."""

    name = "events"
    verbose_name = _("Events")

    def ready(self):
        # The agreement target counters events register (events/targets.py).
        from . import targets  # noqa: F401
