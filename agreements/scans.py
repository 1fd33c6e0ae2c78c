"""The agreements' daily scan: signed agreements take effect on their effective date; reminders
before the end date, and expiry after it."""

from datetime import time

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from notifications.schedule import register_scan

from . import services


@register_scan(
    "agreements.ending",
    label=_(
        "Agreements: taking effect on the effective date, reminders 90, 30 and 7 days before "
        "the end, and expiry"
    ),
    daily_at=time(6, 0),
)
def agreements_ending(*, now):
    today = timezone.localdate(now)
    activated = services.activate_signed_agreements(today=today)
    expired = services.expire_ended_agreements(today=today)
    reminded = services.remind_expiring_agreements(today=today)
    # The result is stored and shown in the admin: in the site's language, as the scan ran.
    result = gettext("%(reminded)s reminded, %(expired)s expired") % {
        "reminded": reminded,
        "expired": expired,
    }
    if not activated:
        return result
    return gettext("%(result)s, %(activated)s took effect") % {
        "result": result,
        "activated": activated,
    }
