"""The notification kinds of events; each part of the app keeps its section."""

# --- registration -----------------------------------------------------------------------------
# What a member hears about their own place: registered (with the ticket), on the waiting list,
# moved up from it, or nominated by their organisation's manager. Each links to the ticket page
# and, once there is a seat, the email carries the event's .ics and the personal QR code. Guests
# have no account: they get the same news by email (``events/email/guest_*``).

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from notifications.kinds import Kind, Mode, register_kind

from .models import Registration


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
