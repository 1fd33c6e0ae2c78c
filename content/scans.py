"""The library's scan: images whose sizes were never made (a lost or failed task) get them."""

from datetime import timedelta

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from notifications.schedule import register_scan

from . import services

# An upload's own task has had this long to run before the scan queues it again.
GRACE = timedelta(minutes=15)


@register_scan(
    "content.missing_renditions",
    label=_("Content: make the missing sizes of uploaded images"),
    every_minutes=60,
)
def missing_renditions(*, now):
    queued = services.queue_missing_renditions(before=now - GRACE)
    # The result is stored and shown in the admin: in the site's language, as the scan ran.
    return gettext("Images queued: %(count)s") % {"count": queued}
