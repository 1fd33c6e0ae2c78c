"""Who may see and change notifications: each person their own, nobody else's.

Administrators see deliveries in the admin, but the inbox and the preferences are personal:
even a superuser's inbox lists only their own notifications, and another person's
notification id is a 404.
"""

import rules
from django.db.models import QuerySet

from .models import Notification


@rules.predicate
def is_signed_in(user):
    return user.is_authenticated and user.is_active


@rules.predicate
def is_recipient(user, notification):
    return notification is not None and notification.recipient_id == user.pk


def visible_notifications(user, queryset: QuerySet | None = None) -> QuerySet:
    """The notifications ``user`` may see: their own."""
    queryset = Notification.objects.all() if queryset is None else queryset
    if not user.is_authenticated:
        return queryset.none()
    return queryset.filter(recipient=user)


rules.add_perm("notifications.view_inbox", is_signed_in)
rules.add_perm("notifications.mark_notification_read", is_signed_in & is_recipient)
rules.add_perm("notifications.change_preferences", is_signed_in)
