"""The attendance part's box on the event page (whose view is the schedule part's)."""

from django import template

from events.attendance import attendance_counts

register = template.Library()


@register.simple_tag
def attendance_box(event, user) -> dict | None:
    """What the box shows ``user``: None without ``events.view_registrations`` or
    ``events.check_in`` on ``event``, else both answers and the counts (one query)."""
    if event is None or not user.is_authenticated:
        return None
    can_view = user.has_perm("events.view_registrations", event)
    can_check_in = user.has_perm("events.check_in", event)
    if not (can_view or can_check_in):
        return None
    return {
        "can_view": can_view,
        "can_check_in": can_check_in,
        "counts": attendance_counts(event),
    }
