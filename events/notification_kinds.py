"""The notification kinds of events; each part of the app keeps its section."""

from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from notifications.kinds import Kind, Mode, register_kind

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
