"""The inbox's panel on the home page (see common.panels)."""

from django.urls import reverse
from django.utils.http import urlencode

from common.panels import panel

from .selectors import latest_unread, unread_count

# The panel lists the newest few; the number links to the inbox filtered to unread.
NEWEST = 5


@panel(code="notifications.unread", order=10, template="notifications/panels/unread.html")
def unread(request):
    """The newest unread notifications and how many there are."""
    if not request.user.has_perm("notifications.view_inbox"):
        return None
    return {
        "count": unread_count(request.user),
        "newest": latest_unread(request.user, NEWEST),
        "list_url": f"{reverse('notifications:list')}?{urlencode({'state': 'unread'})}",
    }
