"""The dashboard panels of events: upcoming events, nominations waiting, reports to write."""

# --- Held events, panels, reminders (plumbing) ---
#
# Each panel is shown only to the people it concerns, reads through a selector of
# ``events.selectors`` scoped to the user, and takes two queries whatever the data (a count and
# the first few rows); the person's reach is read once per request and shared.

from common.panels import panel
from partnerships.rules import has_membership, is_any_manager, is_kpk

from .selectors import nominations_waiting_for, reports_to_write_for, upcoming_events_for

FIRST = 5
UPCOMING_DAYS = 30


def _first(queryset) -> dict:
    return {"count": queryset.count(), "first": list(queryset[:FIRST])}


@panel(code="events.upcoming", order=37, template="events/panels/upcoming.html")
def upcoming(request):
    """The events of the next 30 days that my organisations organise or I am registered for."""
    if not has_membership(request.user):
        return None
    return {**_first(upcoming_events_for(request.user, days=UPCOMING_DAYS)), "days": UPCOMING_DAYS}


@panel(code="events.nominations", order=38, template="events/panels/nominations.html")
def nominations(request):
    """Invitations of the organisations I manage waiting for my nominations.

    A partner's managers always see it; KPK, which invites rather than being invited, only when
    one of its units was invited.
    """
    user = request.user
    if not is_any_manager(user):
        return None
    shown = _first(nominations_waiting_for(user))
    if is_kpk(user) and not shown["count"]:
        return None
    return shown


@panel(code="events.reports", order=39, template="events/panels/reports.html")
def reports(request):
    """Ended events I may manage whose outcome report is not written yet."""
    if not request.user.has_perm("events.add_event"):
        return None
    return _first(reports_to_write_for(request.user))
