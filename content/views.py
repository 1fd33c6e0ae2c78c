"""The content pages; each part of the app keeps its own section.

Load through ``visible_items`` (404 for what is out of reach), ask the access rules (403), call a
service from ``content.services``, redirect with a message.
"""

# ---------------------------------------------------------------------------------------------
# Review (branch "review"): the review's moves, comments, and the versions compared.
# ---------------------------------------------------------------------------------------------

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.web import require, safe_next

from . import services as content
from .forms import ItemCommentForm, ReviewMoveForm
from .models import ContentItem
from .rules import visible_items
from .selectors import compare_versions


def _visible_item(request, pk, queryset=None) -> ContentItem:
    """An item the user may see, else 404: foreign ids are not confirmed to exist."""
    queryset = ContentItem.objects.select_related("owner") if queryset is None else queryset
    return get_object_or_404(visible_items(request.user, queryset), pk=pk)


def _item_url(item) -> str:
    return reverse("content:item_detail", args=[item.pk])


def _form_problems(form) -> str:
    if "to" in form.errors:
        return _("This change of status is not known.")
    if "body" in form.errors and not form.data.get("body", "").strip():
        return _("Write something to comment.")
    return " ".join(error for errors in form.errors.values() for error in errors)


@login_required
@require_POST
def item_transition(request, pk):
    item = _visible_item(request, pk)
    back = safe_next(request, f"{_item_url(item)}#review")
    form = ReviewMoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_problems(form))
        return redirect(back)
    # Asking for a move of the table without its permission is refused outright; a move the
    # item's state no longer allows (a page left open) is explained by the service.
    permission = content.REVIEW_TRANSITIONS.get((item.status, form.cleaned_data["to"]))
    if permission is not None:
        require(request.user, permission, item)
    try:
        content.transition(
            item,
            form.cleaned_data["to"],
            by=request.user,
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The item is now: %(status)s.") % {"status": item.get_status_display()}
        )
    return redirect(back)


@login_required
@require_POST
def item_comment(request, pk):
    item = _visible_item(request, pk)
    require(request.user, "content.comment_item", item)
    back = safe_next(request, f"{_item_url(item)}#review-comments")
    form = ItemCommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_problems(form))
        return redirect(back)
    try:
        content.add_comment(item, body=form.cleaned_data["body"], by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Comment posted."))
    return redirect(back)


def _version_number(request, name):
    value = request.GET.get(name)
    if value in (None, ""):
        return None
    try:
        return int(value)
    except ValueError:
        raise Http404 from None


@login_required
def item_versions(request, pk):
    """Every version of an item with its decision, and two of them compared field by field
    (``?a=`` and ``?b=``, by default the latest two)."""
    item = _visible_item(request, pk)
    require(request.user, "content.view_content_item", item)
    versions = list(item.versions.select_related("created_by", "decided_by"))
    by_number = {version.number: version for version in versions}
    a, b = _version_number(request, "a"), _version_number(request, "b")
    if (a is not None and a not in by_number) or (b is not None and b not in by_number):
        raise Http404
    newest = [version.number for version in versions[:2]]  # newest first
    b = b if b is not None else (newest[0] if newest else None)
    a = a if a is not None else (newest[1] if len(newest) > 1 else None)
    old, new = by_number.get(a), by_number.get(b)
    if old is not None and new is not None and old.number > new.number:
        old, new = new, old
    compared = old is not None and new is not None and old.number != new.number
    return render(
        request,
        "content/item_versions.html",
        {
            "item": item,
            "versions": versions,
            "old": old,
            "new": new,
            "changes": compare_versions(old, new) if compared else None,
        },
    )


# placeholder until the library branch is merged: the item page includes the review part.
@login_required
def item_detail(request, pk):
    item = _visible_item(request, pk)
    return redirect("content:versions", item.pk)


# placeholder until the library branch is merged.
@login_required
def library(request):
    return redirect("home")
