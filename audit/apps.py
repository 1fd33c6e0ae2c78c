from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """The append-only, hash-chained audit log and the one timeline that shows it."""

    name = "audit"
    verbose_name = _("Audit trail")

    def ready(self):
        # Every app declares how its actions read in <app>/audit_actions.py.
        autodiscover_modules("audit_actions")
