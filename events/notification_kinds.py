"""The notification kinds of events; each part of the app keeps its section."""

import copy
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.core.exceptions import FieldDoesNotExist
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from notifications.kinds import Kind, Mode, register_kind

from .models import Registration
from .times import zone_abbreviation

# --- Held events, panels, reminders (plumbing) ---
#
# The reminders a day and an hour before an event, sent by the ``events.reminders`` scan to the
# people holding a seat. The time is stored in the context as UTC and the event's zone, and
# written when the sentence is read: in the reader's language, in the event's zone, named
# (WIB, WITA or WIT) so nobody in another zone misreads it.


def local_start(starts_at: str, zone: str) -> datetime:
    return datetime.fromisoformat(starts_at).astimezone(ZoneInfo(zone))


@dataclass(frozen=True)
class ReminderKind(Kind):
    """A reminder naming the start in the event's zone: ``%(when)s`` is the day and the time,
    ``%(time)s`` the time alone, ``%(zone)s`` WIB, WITA or WIT."""

    def render(self, notification) -> str:
        context = notification.context
        try:
            start = local_start(context["starts_at"], context["time_zone"])
        except (KeyError, TypeError, ValueError):
            return super().render(notification)
        shown = copy.copy(notification)
        shown.context = {
            **context,
            "when": date_format(start, "l, j F Y, H.i"),
            "time": date_format(start, "H.i"),
            "zone": zone_abbreviation(context["time_zone"]),
        }
        return super().render(shown)


REMINDER_DAY = register_kind(
    ReminderKind(
        code="events.reminder_day",
        label=_("Event reminder, a day before"),
        message=_("Reminder: %(target)s starts on %(when)s %(zone)s."),
        default_mode=Mode.EMAIL,
    )
)

REMINDER_HOUR = register_kind(
    ReminderKind(
        code="events.reminder_hour",
        label=_("Event reminder, an hour before"),
        message=_("Reminder: %(target)s starts in an hour, at %(time)s %(zone)s."),
        default_mode=Mode.EMAIL,
    )
)


# --- After the event: feedback and certificates (followup) ---
# Attendees with an account are told in the app and by email (they may not open the app for
# an event that is over); guests get an email with their own link instead (events/followup.py).


FEEDBACK_REQUESTED = register_kind(
    Kind(
        code="events.feedback_requested",
        label=_("Feedback on an event asked for"),
        message=_("How was %(event)s? Tell the organisers in a few clicks."),
        default_mode=Mode.EMAIL,
    )
)

CERTIFICATE_READY = register_kind(
    Kind(
        code="events.certificate_ready",
        label=_("Certificate of attendance ready"),
        message=_("Your certificate of attendance of %(event)s is ready to download."),
        default_mode=Mode.EMAIL,
    )
)


# --- registration -----------------------------------------------------------------------------
# What a member hears about their own place: registered (with the ticket), on the waiting list,
# moved up from it, or nominated by their organisation's manager. Each links to the ticket page
# and, once there is a seat, the email carries the event's .ics and the personal QR code. Guests
# have no account: they get the same news by email (``events/email/guest_*``).


@dataclass(frozen=True)
class TicketKind(Kind):
    """A kind about one registration (``context["registration"]``): its email carries the ticket
    (the event's .ics and the QR code) while the registration holds a seat."""

    def attachments(self, notification) -> list:
        from .tickets import ticket_attachments  # built from the event and the ticket's URL

        registration = (
            Registration.objects.select_related("event")
            .filter(pk=notification.context.get("registration"))
            .first()
        )
        if registration is None or registration.status != Registration.Status.CONFIRMED:
            return []
        return ticket_attachments(registration)


REGISTRATION_CONFIRMED = register_kind(
    TicketKind(
        code="events.registration_confirmed",
        label=_("Registration confirmed"),
        message=_("You are registered for %(target)s. Your ticket and QR code are attached."),
        default_mode=Mode.EMAIL,
    )
)

REGISTRATION_WAITLISTED = register_kind(
    TicketKind(
        code="events.registration_waitlisted",
        label=_("On the waiting list"),
        message=_(
            "%(target)s is full: you are on the waiting list and will be told if a seat frees up."
        ),
        default_mode=Mode.EMAIL,
    )
)

PROMOTED = register_kind(
    TicketKind(
        code="events.promoted",
        label=_("Seat from the waiting list"),
        message=_("A seat freed up: you are now registered for %(target)s."),
        default_mode=Mode.EMAIL,
    )
)

NOMINATED = register_kind(
    TicketKind(
        code="events.nominated",
        label=_("Nominated for an event"),
        message=_("%(actor)s registered you for %(target)s (%(status)s)."),
        default_mode=Mode.EMAIL,
        choices={"status": Registration.Status},
    )
)


# --- The event (schedule): invitations, nominations asked for, a changed time or venue, a
# cancelled event. Partners, who do not work in the app every day, get these by email; KPK
# (``events.add_event`` without a managed partner organisation is what KPK holds) in the app.
# Sent with notify_many where many organisations are told at once, so no per-role defaults
# for those (answering a permission may cost a query per recipient).


@dataclass(frozen=True)
class ScheduleChangedKind(Kind):
    """ "Its time or venue changed: Starts: old → new; Venue: old → new"."""

    def render(self, notification) -> str:
        from .models import Event

        changes = notification.context.get("changes")
        if not isinstance(changes, dict):
            return super().render(notification)
        lines = []
        for name, values in changes.items():
            try:
                label = str(Event._meta.get_field(name).verbose_name).capitalize()
            except FieldDoesNotExist:  # an old context must not break the inbox
                label = name
            if isinstance(values, list) and len(values) == 2:
                lines.append(f"{label}: {values[0]} → {values[1]}")
        return gettext("The time or venue of %(target)s changed. %(changes)s") % {
            "target": notification.target_label,
            "changes": "; ".join(lines),
        }


EVENT_INVITATION = register_kind(
    Kind(
        code="events.invitation",
        label=_("Invitation to an event"),
        message=_("%(organisation)s is invited to %(target)s."),
        default_mode=Mode.EMAIL,
    )
)

EVENT_NOMINATION_REQUESTED = register_kind(
    Kind(
        code="events.nomination_requested",
        label=_("Participants to nominate for an event"),
        message=_(
            "Nominate the participants of %(organisation)s for %(target)s, or decline the "
            "invitation."
        ),
        default_mode=Mode.EMAIL,
    )
)

EVENT_SCHEDULE_CHANGED = register_kind(
    ScheduleChangedKind(
        code="events.schedule_changed",
        label=_("An event's time or venue changed"),
        message=_("The time or venue of %(target)s changed."),
        default_mode=Mode.EMAIL,
    )
)

EVENT_CANCELLED = register_kind(
    Kind(
        code="events.cancelled",
        label=_("Event cancelled"),
        message=_("%(target)s is cancelled: “%(reason)s”"),
        default_mode=Mode.EMAIL,
    )
)


# --- An invitation declined (tidy) ---
# The organisers planned seats for the invited organisation: their managers hear at once that it
# will send nobody, and why (events/registrations.py ``decline_invitation``).

INVITATION_DECLINED = register_kind(
    Kind(
        code="events.invitation_declined",
        label=_("Invitation to an event declined"),
        message=_("%(organisation)s declined the invitation to %(target)s: “%(reason)s”"),
        default_mode=Mode.EMAIL,
    )
)
