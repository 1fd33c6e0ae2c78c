"""How events write their times: in the event's own zone, the zone named (WIB, WITA or WIT), so
nobody in another of Indonesia's three zones misreads it. The one place for both rules."""

from django.utils import timezone
from django.utils.formats import date_format

from partnerships.models import TimeZone


def zone_abbreviation(zone: str) -> str:
    """WIB, WITA or WIT for a zone name (the part of its label before the offset); an unknown
    name is given back as it is."""
    return TimeZone(zone).label.split(" ")[0] if zone in TimeZone.values else zone


def local(moment, event, format_string: str = "j F Y, H.i") -> str:
    """``moment`` as the event's people read it: in the event's zone, named; "—" when unset."""
    if moment is None:
        return "\u2014"
    shown = date_format(timezone.localtime(moment, event.zone), format_string)
    return f"{shown} {event.time_zone_abbreviation}"
