"""Small helpers every app's views share, so each rule of the web layer is written once."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.utils.http import url_has_allowed_host_and_scheme

PAGE_SIZE = 25


def require(user, permission, obj=None):
    """Raise 403 unless the access rules grant ``permission`` (on ``obj``)."""
    if not user.has_perm(permission, obj):
        raise PermissionDenied


def posted(request):
    """The submitted data, or None on GET; an empty POST still counts as submitted."""
    return request.POST if request.method == "POST" else None


def safe_next(request, fallback):
    """Where a form asked to return to (its ``next`` field), if it is a page of this site."""
    next_url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return next_url
    return fallback


def filtered_page(request, filterset, page_size=PAGE_SIZE) -> dict:
    """The context of a filtered, paginated list: the filter, the page, the query for links."""
    page = Paginator(filterset.qs, page_size).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {"filter": filterset, "page": page, "query": query.urlencode()}
