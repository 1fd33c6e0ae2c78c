"""The agreements' daily scan: reminders before the end date, and expiry after it."""

from datetime import time

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from notifications.schedule import register_scan

from . import services


@register_scan(
    "agreements.ending",
    label=_("Agreements: reminders 90, 30 and 7 days before the end, and expiry"),
    daily_at=time(6, 0),
)
def agreements_ending(*, now):
    today = timezone.localdate(now)
    expired = services.expire_ended_agreements(today=today)
    reminded = services.remind_expiring_agreements(today=today)
    # The result is stored and shown in the admin: in the site's language, as the scan ran.
    return gettext("%(reminded)s reminded, %(expired)s expired") % {
        "reminded": reminded,
        "expired": expired,
    }
