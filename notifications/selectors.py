"""Reads used in more than one place."""

from itertools import batched

from .kinds import Kind, registered_kinds
from .models import Notification, Preference

# The bell shows "99+" beyond this; counting further would only cost time.
UNREAD_COUNT_CAP = 100
# Recipient ids per query: stays far below every database's limit on query parameters.
ID_CHUNK = 500


def unread_count(user) -> int:
    """How many unread notifications ``user`` has, up to UNREAD_COUNT_CAP (one indexed query)."""
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at=None)[:UNREAD_COUNT_CAP].count()


def latest_unread(user, limit: int) -> list[Notification]:
    """The newest ``limit`` unread notifications of ``user``, with their actors (one query)."""
    return list(
        Notification.objects.filter(recipient=user, read_at=None).select_related("actor")[:limit]
    )


def unread_of_kind(user, kind_code: str, limit: int) -> tuple[int, list[Notification]]:
    """How many unread notifications of one kind ``user`` has (up to UNREAD_COUNT_CAP), and the
    newest ``limit`` of them with their actors: two queries."""
    if not user.is_authenticated:
        return 0, []
    unread = Notification.objects.filter(recipient=user, read_at=None, kind=kind_code)
    return (
        unread[:UNREAD_COUNT_CAP].count(),
        list(unread.select_related("actor")[:limit]),
    )


def modes_for(kind: Kind, users) -> dict[int, str]:
    """How ``kind`` reaches each of ``users``: their own choice, else the default for their role."""
    chosen = {}
    for chunk in batched([user.pk for user in users], ID_CHUNK):
        chosen.update(
            Preference.objects.filter(kind=kind.code, user_id__in=chunk).values_list(
                "user_id", "mode"
            )
        )
    return {user.pk: chosen.get(user.pk) or kind.default_mode_for(user) for user in users}


def preferences_of(user) -> dict[str, str]:
    """The mode of every registered kind for ``user``, chosen or by default."""
    chosen = dict(Preference.objects.filter(user=user).values_list("kind", "mode"))
    return {
        kind.code: chosen.get(kind.code) or kind.default_mode_for(user)
        for kind in registered_kinds()
    }
