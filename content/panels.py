"""The content app's panels on the home page (see common.panels); each part keeps its section."""

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from common.panels import panel
from partnerships.rules import reach, sees_everything

from .models import ContentItem, Proof
from .selectors import (
    for_rows,
    national_cached,
    overdue_filter,
    requests_for,
    submissions_to_review,
    waiting_filter,
)

# ---------------------------------------------------------------------------------------------
# Review (branch "review"): KPK's submissions to review.
# ---------------------------------------------------------------------------------------------


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


# --- Tracking (branch `tracking`): requests waiting and overdue for partners; proofs to verify
# and partners with overdue requests for KPK. Each reads through ``requests_for`` and takes a
# fixed number of queries (a count and the first few rows).


NEWEST = 5
TOP_PARTNERS = 10


def _url(name: str, **query) -> str:
    return f"{reverse(name)}?{urlencode(query)}" if query else reverse(name)


def _is_partner(user) -> bool:
    """A member of a partner organisation (KPK works from the tracker instead)."""
    return bool(reach(user).organisation_ids) and not sees_everything(user)


def _own_requests(user):
    return requests_for(user).filter(organisation_id__in=reach(user).organisation_ids)


@panel(code="content.requests_waiting", order=35, template="content/panels/waiting.html")
def requests_waiting(request):
    """New requests for the user's organisations, and open ones assigned to them."""
    user = request.user
    if not _is_partner(user):
        return None
    waiting = _own_requests(user).filter(waiting_filter(user))
    return {
        "count": waiting.count(),
        "soonest": list(for_rows(waiting).order_by("due_on", "id")[:NEWEST]),
        "list_url": _url("content:inbox", tab="new"),
        "mine_url": _url("content:inbox", tab="mine"),
    }


@panel(code="content.requests_overdue", order=36, template="content/panels/overdue.html")
def requests_overdue(request):
    user = request.user
    if not _is_partner(user):
        return None
    overdue = _own_requests(user).filter(overdue_filter())
    return {
        "count": overdue.count(),
        "oldest": list(for_rows(overdue).order_by("due_on", "id")[:NEWEST]),
        "list_url": _url("content:inbox", tab="overdue"),
    }


@panel(code="content.proofs_to_verify", order=62, template="content/panels/proofs.html")
def proofs_to_verify(request):
    """Proofs waiting for KPK's verification, the oldest first."""
    if not request.user.has_perm("content.view_request_tracker"):
        return None
    waiting = Proof.objects.filter(status=Proof.Status.SUBMITTED)
    return {
        "count": waiting.count(),
        "oldest": list(
            waiting.select_related("request__item", "request__organisation", "channel").order_by(
                "submitted_at", "pk"
            )[:NEWEST]
        ),
        "list_url": _url("content:tracker", status="published"),
    }


@panel(code="content.partners_overdue", order=72, template="content/panels/partners_overdue.html")
def partners_overdue(request):
    """The organisations with the most overdue requests (one grouped query, cached)."""
    if not request.user.has_perm("content.view_request_tracker"):
        return None
    today = timezone.localdate()
    overdue = requests_for(request.user).filter(overdue_filter(today))
    # The same for every KPK person, and a scan of every overdue request: kept a few minutes.
    rows = national_cached(
        f"partners_overdue:{today.isoformat()}",
        lambda: list(
            overdue.order_by()
            .values("organisation_id", "organisation__name", "organisation__short_name")
            .annotate(overdue=Count("pk"))
            .order_by("-overdue", "organisation__name")[:TOP_PARTNERS]
        ),
    )
    for row in rows:
        row["name"] = row["organisation__short_name"] or row["organisation__name"]
        row["url"] = _url("content:tracker", organisation=row["organisation_id"], overdue="on")
    return {"partners": rows, "list_url": _url("content:tracker", overdue="on")}
