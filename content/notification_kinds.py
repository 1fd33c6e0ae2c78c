"""What content notifies (see notifications.kinds).

Each part of the issue keeps its own section below.
"""

# --- Dissemination requests ("nitip konten"), proofs and forwards (dissem branch) -------------
#
# Requests and forwards reach the partners' managers, who rarely open the app: by email. The
# kinds sent to many organisations at once (new request, forwarded request) have no per-role
# default, so ``notify_many`` decides every recipient's mode in one query. What KPK hears (a proof
# to verify, a declined request) shows in the app; what the partner hears back (a proof verified
# or returned) comes by email when something must be done, in the digest otherwise.

import copy
from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from notifications.kinds import Kind, Mode, register_kind


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
