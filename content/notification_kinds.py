"""What content notifies."""

# --- Tracking (branch `tracking`): a request due in two days, and a request overdue. --------
# Partners get an email (they are not in the app every day); KPK, who follows every request in
# the tracker, sees the overdue ones in the app.

from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from notifications.kinds import Kind, Mode, register_kind

# Held by KPK (and administrators): the per-role default asks the access rules.
TRACKER = "content.view_request_tracker"


class _Retold:
    """A notification seen with another context, for the sentence only (the row is untouched)."""

    def __init__(self, notification, context: dict):
        self._notification = notification
        self.context = context

    def __getattr__(self, name):
        return getattr(self._notification, name)


@dataclass(frozen=True)
class DueKind(Kind):
    """A sentence with the due date, written in the reader's language and date style."""

    def render(self, notification) -> str:
        due_on = notification.context.get("due_on")
        try:
            day = date.fromisoformat(due_on)
        except (TypeError, ValueError):
            return super().render(notification)
        context = {**notification.context, "due_on": date_format(day, "SHORT_DATE_FORMAT")}
        return super().render(_Retold(notification, context))


REQUEST_DUE_SOON = register_kind(
    DueKind(
        code="content.request_due_soon",
        label=_("Dissemination request due in two days"),
        message=_("%(target)s is due on %(due_on)s, in two days."),
        default_mode=Mode.EMAIL,
        default_modes_by_permission=[(TRACKER, Mode.IN_APP)],
    )
)

REQUEST_OVERDUE = register_kind(
    DueKind(
        code="content.request_overdue",
        label=_("Dissemination request overdue"),
        message=_("%(target)s was due on %(due_on)s and is not published yet."),
        default_mode=Mode.EMAIL,
        default_modes_by_permission=[(TRACKER, Mode.IN_APP)],
    )
)
