from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    """The home page, above the domain apps; also seeds the demo of every app in order."""

    name = "dashboard"
    verbose_name = _("Dashboard")
