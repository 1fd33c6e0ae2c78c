"""What the content app notifies (see notifications.kinds); each part keeps its own section."""

# ---------------------------------------------------------------------------------------------
# Review (branch "review"): a submission for review, the reviewer's decision, a new comment.
#
# KPK works in the app every day (``content.review_item`` holds for KPK roles and
# administrators): the app shows its notifications, and the dashboard lists the submissions.
# Partners, who do not, get an email by default.
# ---------------------------------------------------------------------------------------------

from dataclasses import dataclass

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from notifications.kinds import Kind, Mode, register_kind

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
