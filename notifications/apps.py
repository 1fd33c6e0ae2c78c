from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """Notification kinds, preferences, email delivery and the scheduled scans."""

    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        # Every app declares its kinds and scans in these modules (ours included).
        autodiscover_modules("notification_kinds", "scans")
        post_migrate.connect(_schedule_registered_scans, sender=self)


def _schedule_registered_scans(using, **kwargs):
    from .services import schedule_registered_scans

    schedule_registered_scans(using=using)
