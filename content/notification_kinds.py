"""What the content app notifies (see notifications.kinds); each part keeps its own section."""

import copy
from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from notifications.kinds import Kind, Mode, register_kind

from .models import Notice

# ---------------------------------------------------------------------------------------------
# Review (branch "review"): a submission for review, the reviewer's decision, a new comment.
#
# KPK works in the app every day (``content.review_item`` holds for KPK roles and
# administrators): the app shows its notifications, and the dashboard lists the submissions.
# Partners, who do not, get an email by default.
# ---------------------------------------------------------------------------------------------


REVIEWER = "content.review_item"


@dataclass(frozen=True)
class DecisionKind(Kind):
    """ "Approved" and "changes requested (with the reason)" read as two sentences."""

    def render(self, notification) -> str:
        context = notification.context
        values = {
            "target": notification.target_label,
            "actor": str(notification.actor) if notification.actor_id else "",
            "reason": context.get("reason", ""),
        }
        if context.get("decision") == "approved":
            return gettext("%(actor)s approved %(target)s.") % values
        if context.get("decision") == "changes_requested":
            return gettext("%(actor)s asked for changes to %(target)s: “%(reason)s”") % values
        return super().render(notification)


ITEM_SUBMITTED = register_kind(
    Kind(
        code="content.item_submitted",
        label=_("Content submitted for review"),
        message=_("%(actor)s submitted %(target)s for review (version %(version)s)."),
        default_mode=Mode.EMAIL,
        default_modes_by_permission=[(REVIEWER, Mode.IN_APP)],
    )
)

ITEM_REVIEWED = register_kind(
    DecisionKind(
        code="content.item_reviewed",
        label=_("Review decision on content"),
        message=_("%(target)s was reviewed."),
        default_mode=Mode.EMAIL,
        default_modes_by_permission=[(REVIEWER, Mode.IN_APP)],
    )
)

ITEM_COMMENTED = register_kind(
    Kind(
        code="content.item_commented",
        label=_("New comment on content"),
        message=_("%(actor)s commented on %(target)s: “%(excerpt)s”"),
        default_mode=Mode.EMAIL,
        default_modes_by_permission=[(REVIEWER, Mode.DIGEST)],
    )
)


# --- Dissemination requests ("nitip konten"), proofs and forwards (dissem branch) -------------
#
# Requests and forwards reach the partners' managers, who rarely open the app: by email. The
# kinds sent to many organisations at once (new request, forwarded request) have no per-role
# default, so ``notify_many`` decides every recipient's mode in one query. What KPK hears (a proof
# to verify, a declined request) shows in the app; what the partner hears back (a proof verified
# or returned) comes by email when something must be done, in the digest otherwise.


@dataclass(frozen=True)
class DueKind(Kind):
    """A sentence with a due date, written in the reader's language ("Senin, 1 Juni 2026")."""

    def render(self, notification) -> str:
        due = notification.context.get("due")
        try:
            shown = date_format(date.fromisoformat(due), "DATE_FORMAT")
        except (TypeError, ValueError):
            return super().render(notification)
        shown_copy = copy.copy(notification)
        shown_copy.context = {**notification.context, "due": shown}
        return super().render(shown_copy)


REQUEST_NEW = register_kind(
    DueKind(
        code="content.request_new",
        label=_("New dissemination request"),
        message=_("KPK asks you to publish %(target)s by %(due)s."),
        default_mode=Mode.EMAIL,
    )
)

REQUEST_FORWARDED = register_kind(
    DueKind(
        code="content.request_forwarded",
        label=_("Dissemination request forwarded to you"),
        message=_("%(forwarder)s asks you to publish %(target)s by %(due)s."),
        default_mode=Mode.EMAIL,
    )
)

REQUEST_ASSIGNED = register_kind(
    DueKind(
        code="content.request_assigned",
        label=_("Dissemination request assigned to you"),
        message=_("%(actor)s asked you to publish %(target)s by %(due)s."),
        default_mode=Mode.EMAIL,
    )
)

REQUEST_DECLINED = register_kind(
    Kind(
        code="content.request_declined",
        label=_("Dissemination request declined"),
        message=_("%(organisation)s declined %(target)s: “%(reason)s”"),
        default_mode=Mode.IN_APP,
    )
)

PROOF_SUBMITTED = register_kind(
    Kind(
        code="content.proof_submitted",
        label=_("Proof of publication to verify"),
        message=_("%(organisation)s published %(target)s on %(channel)s: verify the proof."),
        default_mode=Mode.IN_APP,
    )
)

PROOF_VERIFIED = register_kind(
    Kind(
        code="content.proof_verified",
        label=_("Proof of publication verified"),
        message=_("KPK verified the proof of %(target)s on %(channel)s."),
        default_mode=Mode.DIGEST,
    )
)

PROOF_RETURNED = register_kind(
    Kind(
        code="content.proof_returned",
        label=_("Proof of publication returned"),
        message=_("KPK returned the proof of %(target)s on %(channel)s: “%(reason)s”"),
        default_mode=Mode.EMAIL,
    )
)


# Corrections and withdrawals (branch notices) ------------------------------------------------

# Held by KPK (and administrators) only.
ISSUES_NOTICES = "content.issue_notice"

CONTENT_CORRECTED = register_kind(
    Kind(
        code="content.corrected",
        label=_("Content corrected"),
        message=_(
            "KPK corrected %(target)s: “%(reason)s”. Update your post and confirm it in Sinergi."
        ),
        default_mode=Mode.EMAIL,
        default_modes_by_permission=[(ISSUES_NOTICES, Mode.IN_APP)],
    )
)

CONTENT_WITHDRAWN = register_kind(
    Kind(
        code="content.withdrawn",
        label=_("Content withdrawn"),
        message=_(
            "KPK withdrew %(target)s: “%(reason)s”. Take your post down and confirm it in Sinergi."
        ),
        default_mode=Mode.EMAIL,
        default_modes_by_permission=[(ISSUES_NOTICES, Mode.IN_APP)],
    )
)

NOTICE_CONFIRMED = register_kind(
    Kind(
        code="content.notice_confirmed",
        label=_("Correction or withdrawal confirmed"),
        message=_("%(organisation)s confirmed the notice on %(target)s (%(kind)s)."),
        choices={"kind": Notice.Kind},
        default_mode=Mode.IN_APP,
    )
)


# --- Tracking (branch `tracking`): a request due in two days, and a request overdue. --------
# Partners get an email (they are not in the app every day); KPK, who follows every request in
# the tracker, sees the overdue ones in the app.


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
