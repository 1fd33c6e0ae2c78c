"""What content notifies. Each part of the issue keeps its own section below.

Per-role defaults ask the access rules, as the agreements' kinds do: a permission only KPK holds
stands for KPK, who work in the app every day; partners, who do not, get an email by default.
"""

from django.utils.translation import gettext_lazy as _

from notifications.kinds import Kind, Mode, register_kind

from .models import Notice

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
