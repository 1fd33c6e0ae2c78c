"""What a registration carries away: the ticket's link and QR code, and calendar (.ics) files.

The QR code encodes the ticket page's absolute URL (``tickets/<token>/``): a phone's camera opens
the ticket, and the check-in scanner reads the token from the URL's path. Calendar entries are
written in UTC, which every calendar application reads the same; the event's own zone (WIB,
WITA or WIT) is named in the description.
"""

import io
import re
from datetime import UTC, timedelta
from urllib.parse import urlsplit

import icalendar
import qrcode
import qrcode.image.svg
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from notifications.emails import Attachment, absolute_url

from .models import Event, Registration
from .times import local as local_time

ICS_TYPE = "text/calendar; charset=utf-8"


def ticket_url(registration: Registration) -> str:
    """The ticket page, absolute (it goes into emails and the QR code)."""
    return absolute_url(reverse("events:ticket", args=[registration.token]))


def qr_svg(registration: Registration, *, label: str = "") -> str:
    """The ticket's QR code as inline SVG markup, sized by its container."""
    image = qrcode.make(
        ticket_url(registration), image_factory=qrcode.image.svg.SvgPathImage, border=2
    )
    markup = image.to_string(encoding="unicode")
    # Drop the fixed size in millimetres: the page's layout gives the width.
    markup = re.sub(r'^<svg width="[^"]*" height="[^"]*"', "<svg", markup)
    escaped = label.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    return markup.replace("<svg", f'<svg role="img" aria-label="{escaped}" class="w-100"', 1)


def qr_png(registration: Registration) -> bytes:
    """The ticket's QR code as a PNG (for the email and for printing)."""
    image = qrcode.make(ticket_url(registration), box_size=8, border=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _uid(event: Event) -> str:
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"sinergi-event-{event.pk}@{domain}"


def _location(event: Event) -> str:
    parts = [event.venue_name, " ".join(event.venue_address.split())]
    if event.venue_regency_id is not None:
        parts.append(event.venue_regency.name)
    place = ", ".join(part for part in parts if part)
    return place or event.online_url


def _description(event: Event, *, url: str) -> str:
    lines = [local_time(event.starts_at, event, "l, j F Y, H.i")]
    if event.online_url:
        lines.append(_("Online meeting link: %(url)s") % {"url": event.online_url})
    if event.description:
        lines += ["", event.description]
    lines += ["", url]
    return "\n".join(lines)


def calendar_entry(event: Event, *, url: str = "") -> icalendar.Event:
    """One VEVENT: times in UTC, the UID the event keeps for life (a change updates the entry)."""
    url = url or absolute_url(event.get_absolute_url())
    entry = icalendar.Event()
    entry.add("uid", _uid(event))
    entry.add("dtstamp", timezone.now().astimezone(UTC))
    entry.add("dtstart", event.starts_at.astimezone(UTC))
    entry.add("dtend", event.ends_at.astimezone(UTC))
    entry.add("last-modified", event.updated_at.astimezone(UTC))
    entry.add("summary", event.title)
    entry.add("description", _description(event, url=url))
    entry.add("location", _location(event))
    entry.add("url", url)
    entry.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    return entry


def calendar(events, *, name: str = "", urls: dict | None = None) -> bytes:
    """An iCalendar file of ``events`` (``urls`` maps an event's pk to the link to put in it)."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//KPK//Sinergi//ID")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    if name:
        cal.add("x-wr-calname", name)
    for event in events:
        cal.add_component(calendar_entry(event, url=(urls or {}).get(event.pk, "")))
    return cal.to_ical()


def event_ics(event: Event, *, url: str = "") -> bytes:
    return calendar([event], urls={event.pk: url} if url else None)


def ics_filename(event: Event) -> str:
    return f"sinergi-acara-{event.pk}.ics"


def ticket_attachments(registration: Registration, *, language: str = "") -> list[Attachment]:
    """The confirmation email's files: the event's .ics (linking the ticket) and the QR code."""
    event = registration.event
    with translation.override(language or translation.get_language()):
        ics = event_ics(event, url=ticket_url(registration))
    return [
        Attachment(ics_filename(event), ics, "text/calendar"),
        Attachment(f"tiket-{event.pk}-qr.png", qr_png(registration), "image/png"),
    ]


# A calendar feed lists the events of the recent past and the future.
FEED_HISTORY = timedelta(days=180)
FEED_LIMIT = 500
