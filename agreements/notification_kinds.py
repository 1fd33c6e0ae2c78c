"""What the agreements notify: status changes, new comments, the end date drawing near, a new
party and a new document.

Per-role defaults ask the access rules: ``agreements.add_agreement`` is held by KPK roles
(and administrators), who work in the app every day; the partners' managers, who do not,
get an email by default. Reminders of an end date go to KPK by email (KPK renews) and to the
partners in their daily digest.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from notifications.kinds import Kind, Mode, register_kind

from .models import Agreement, AgreementDocument

KPK = "agreements.add_agreement"


@dataclass(frozen=True)
class ExpiringKind(Kind):
    """ "Ends in 1 day" or "in 30 days": the sentence follows the number."""

    def render(self, notification) -> str:
        days = notification.context.get("days")
        if not isinstance(days, int):
            return super().render(notification)
        message = ngettext(
            "%(target)s ends in %(days)s day.", "%(target)s ends in %(days)s days.", days
        )
        return message % {"target": notification.target_label, "days": days}


AGREEMENT_STATUS_CHANGED = register_kind(
    Kind(
        code="agreements.status_changed",
        label=_("Agreement status changed"),
        message=_("%(target)s moved from “%(from)s” to “%(to)s”."),
        choices={"from": Agreement.Status, "to": Agreement.Status},
        default_mode=Mode.EMAIL,
        default_modes_by_permission=[(KPK, Mode.IN_APP)],
    )
)

AGREEMENT_COMMENTED = register_kind(
    Kind(
        code="agreements.commented",
        label=_("New comment on an agreement"),
        message=_("%(actor)s commented on %(target)s: “%(excerpt)s”"),
        default_mode=Mode.EMAIL,
        default_modes_by_permission=[(KPK, Mode.DIGEST)],
    )
)

AGREEMENT_EXPIRING = register_kind(
    ExpiringKind(
        code="agreements.expiring",
        label=_("Agreement about to end"),
        message=_("%(target)s ends in %(days)s days."),
        default_mode=Mode.DIGEST,
        default_modes_by_permission=[(KPK, Mode.EMAIL)],
    )
)


AGREEMENT_PARTY_ADDED = register_kind(
    Kind(
        code="agreements.party_added",
        label=_("Made party to an agreement"),
        message=_("Your organisation is a party to %(target)s."),
        default_mode=Mode.EMAIL,
        default_modes_by_permission=[(KPK, Mode.IN_APP)],
    )
)

AGREEMENT_DOCUMENT_UPLOADED = register_kind(
    Kind(
        code="agreements.document_uploaded",
        label=_("New document on an agreement"),
        message=_("%(kind)s version %(version)s was uploaded to %(target)s."),
        choices={"kind": AgreementDocument.Kind},
        default_mode=Mode.EMAIL,
        default_modes_by_permission=[(KPK, Mode.DIGEST)],
    )
)
