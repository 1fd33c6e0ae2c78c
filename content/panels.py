"""The content app's panels on the home page (see common.panels); each part keeps its section."""

# ---------------------------------------------------------------------------------------------
# Review (branch "review"): KPK's submissions to review.
# ---------------------------------------------------------------------------------------------

from django.urls import reverse
from django.utils.http import urlencode

from common.panels import panel

from .models import ContentItem
from .selectors import submissions_to_review

SUBMISSIONS_OLDEST = 5


@panel(code="content.submissions", order=45, template="content/panels/submissions.html")
def submissions(request):
    """The items partners submitted that wait for KPK's review, the longest waiting first
    (two queries)."""
    if not request.user.has_perm("content.review_item"):
        return None
    waiting = submissions_to_review()
    query = urlencode({"status": ContentItem.Status.SUBMITTED})
    return {
        "count": waiting.count(),
        "oldest": list(waiting[:SUBMISSIONS_OLDEST]),
        "list_url": f"{reverse('content:library')}?{query}",
    }
