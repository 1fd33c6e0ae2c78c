from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    """Trainings, media briefings and other events (models arrive with their issue)."""

    name = "events"
    verbose_name = _("Events")
