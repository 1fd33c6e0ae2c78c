"""How the audit trail reads the actions of events; each part of the app keeps its section."""

# --- registration -----------------------------------------------------------------------------
# Every write of the registration part is logged on the event, so the event's page shows one
# timeline (who registered, was nominated, confirmed, cancelled, moved up from the waiting list).

from django.utils.translation import gettext_lazy as _

from audit.actions import describe_fields, register_action

from .models import Registration


class RegistrationAction:
    """The registration part's audit codes (stored in every entry: never rename one)."""

    REGISTERED = "events.registered"
    NOMINATED = "events.nominated"
    INVITATION_DECLINED = "events.invitation_declined"
    GUEST_REGISTERED = "events.guest_registered"
    GUEST_CONFIRMED = "events.guest_confirmed"
    CANCELLED = "events.registration_cancelled"
    PROMOTED = "events.promoted"
    FEED_RESET = "events.calendar_feed_reset"


REGISTRATION_LABELS = {
    "registration": None,
    "people": _("People"),
    "organisation": _("Organisation"),
    "reason": _("Reason"),
    "ip": _("IP address"),
    "from": _("Before"),
}


def describe_registration(entry) -> list[str]:
    changes = entry.changes if isinstance(entry.changes, dict) else {}
    return describe_fields(Registration, changes, labels=REGISTRATION_LABELS)


register_action(RegistrationAction.REGISTERED, _("registered"), describe_registration)
register_action(RegistrationAction.NOMINATED, _("nominated participants"), describe_registration)
register_action(
    RegistrationAction.INVITATION_DECLINED, _("declined the invitation"), describe_registration
)
register_action(
    RegistrationAction.GUEST_REGISTERED,
    _("registered a guest through the public link"),
    describe_registration,
)
register_action(
    RegistrationAction.GUEST_CONFIRMED, _("confirmed a guest's email"), describe_registration
)
register_action(RegistrationAction.CANCELLED, _("cancelled a registration"), describe_registration)
register_action(
    RegistrationAction.PROMOTED, _("gave a seat from the waiting list"), describe_registration
)
register_action(RegistrationAction.FEED_RESET, _("reset the calendar feed link"), lambda e: [])
