from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    """The home page: panels that the domain apps register. Also seeds every app's demo."""

    name = "dashboard"
    verbose_name = _("Dashboard")

    def ready(self):
        # Every app declares its panels in <app>/panels.py; the home page imports no domain app.
        autodiscover_modules("panels")
