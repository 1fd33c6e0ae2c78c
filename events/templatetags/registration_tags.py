"""The registration part's box on the event page and the small pieces its templates share.

``{% registration_box event %}`` is rendered by the event page (which is the schedule part's):
the visitor's place (or the button to take one), the seats left, the .ics link, the
invitations the visitor answers, and for organisers the public link.
"""

from django import template

from events import registrations
from events.models import Event, Registration
from events.rules import registered_user
from events.times import local
from partnerships.rules import reach

register = template.Library()

STATUS_COLOURS = {
    Registration.Status.UNCONFIRMED: "warning",
    Registration.Status.CONFIRMED: "success",
    Registration.Status.WAITLISTED: "info",
    Registration.Status.CANCELLED: "secondary",
}


@register.filter
def registration_colour(registration) -> str:
    """``{{ registration|registration_colour }}``: the Bootstrap colour of its status badge."""
    return STATUS_COLOURS.get(registration.status, "secondary")


@register.simple_tag
def event_time(event, moment=None, format_string="l, j F Y, H.i") -> str:
    """``{% event_time event %}``: the start (or ``moment``) in the event's zone, named."""
    return local(moment or event.starts_at, event, format_string)


@register.inclusion_tag("events/includes/registration_box.html", takes_context=True)
def registration_box(context, event):
    request = context["request"]
    user = request.user
    mine = registered_user(user, event) if user.is_authenticated else None
    may_register = (
        user.is_authenticated and mine is None and user.has_perm("events.register", event)
    )
    organiser = user.is_authenticated and user.has_perm("events.change_event", event)
    invitations = []
    if user.is_authenticated and event.status != Event.Status.DRAFT:
        managed = reach(user).managed_organisation_ids
        if managed:
            invitations = list(
                event.invitations.filter(organisation_id__in=managed).select_related("organisation")
            )
    return {
        "request": request,
        "event": event,
        "mine": mine,
        "may_register": may_register,
        "problems": registrations.registration_problems(event) if may_register else [],
        "seats_left": registrations.seats_left(event),
        "waiting": registrations.waiting_list(event).count() if organiser else None,
        "organiser": organiser,
        "public_link": organiser
        and event.visibility == Event.Visibility.OPEN
        and event.status != Event.Status.DRAFT,
        "invitations": invitations,
    }
