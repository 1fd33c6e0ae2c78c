"""The event's "when" and status badge, and an invitation's status badge, written in Python for
every events page.

The event list shows both on each of its rows: as includes (with the ``timezone`` tag and four
``date`` filters each) they were a third of the list's rendering.
"""

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

from events.models import Invitation

register = template.Library()

DAY_AND_TIME = "l, j F Y, H.i"
STATUS_CLASSES = {"published": "text-bg-success", "cancelled": "text-bg-danger"}
INVITATION_CLASSES = {
    Invitation.Status.PENDING: "text-bg-light border",
    Invitation.Status.NOMINATED: "text-bg-success",
    Invitation.Status.DECLINED: "text-bg-warning",
}


@register.simple_tag
def event_when(event):
    """The event's span in its own zone, the zone named: "Kamis, 30 Mei 2024, 09.00-12.00 WIB"
    (the end's day is written too when it ends on another day)."""
    starts = timezone.localtime(event.starts_at, event.zone)
    ends = timezone.localtime(event.ends_at, event.zone)
    end_format = "H.i" if ends.date() == starts.date() else DAY_AND_TIME
    return format_html(
        '<time datetime="{}">{}</time>\u2013<time datetime="{}">{}</time> '
        '<abbr title="{}" data-testid="time-zone">{}</abbr>',
        starts.isoformat(),
        date_format(starts, DAY_AND_TIME),
        ends.isoformat(),
        date_format(ends, end_format),
        event.get_time_zone_display(),
        event.time_zone_abbreviation,
    )


@register.simple_tag
def event_status(event):
    return format_html(
        '<span class="badge {}" data-status="{}">{}</span>',
        STATUS_CLASSES.get(event.status, "text-bg-secondary"),
        event.status,
        event.get_status_display(),
    )


@register.simple_tag
def invitation_status(status):
    """``{% invitation_status invitation.status %}``: the status's badge (an invitation's, or one
    the counts name)."""
    status = Invitation.Status(status)
    return format_html(
        '<span class="badge {}" data-status="{}">{}</span>',
        INVITATION_CLASSES[status],
        status.value,
        status.label,
    )
