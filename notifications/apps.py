from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """Notification kinds, preferences and delivery (built in its own issue)."""

    name = "notifications"
    verbose_name = _("Notifications")
