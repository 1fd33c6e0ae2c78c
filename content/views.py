"""The content pages. Load through the visibility selectors (404 for what is out of reach), ask
the access rules (403), call a service from ``content.services``, redirect with a message.

Each part of the issue keeps its own section below.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.csp import CSP
from django.utils.translation import gettext as _
from django.views.decorators.csp import csp_override

from common.web import posted, require

from . import services
from .forms import ConfirmationForm, NoticeForm
from .images import FORMATS
from .models import Notice, Rendition
from .rules import visible_confirmations, visible_items
from .selectors import holders_count, item_notices_context

# A file opened anyway can run nothing and load nothing: the site's policy is replaced.
DOWNLOAD_CSP = {"sandbox": True, "default-src": [CSP.NONE]}


def _item_page(item_pk: int, anchor: str = "") -> str:
    return reverse("content:item_detail", args=[item_pk]) + (f"#{anchor}" if anchor else "")


# Placeholders (branch notices) ---------------------------------------------------------------


# placeholder until the library branch is merged
def item_detail(request, pk):
    """The item's page as far as this branch needs it: its details and its notices."""
    item = visible_items(request.user).filter(pk=pk).first()
    if item is None:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise Http404
    context = {"item": item, **item_notices_context(item, request.user)}
    return render(request, "content/item_detail.html", context)


# placeholder until the library branch is merged
def rendition(request, pk, asset_pk, name):
    """A size of an image asset, for whoever may see its item (anyone, for public content)."""
    item = visible_items(request.user).filter(pk=pk).first()
    if item is None:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise Http404
    found = get_object_or_404(Rendition, asset__item=item, asset_id=asset_pk, name=name)
    return _image_response(request, found.file, found.content_type)


@csp_override(DOWNLOAD_CSP)
def _image_response(request, file, content_type):
    """A stored image, served as one that the browser may neither sniff nor run as a page.

    The download's policy applies to the file only, never to the sign-in redirect before it.
    """
    response = FileResponse(file.open("rb"), content_type=content_type)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


# Corrections and withdrawals (branch notices) ------------------------------------------------


@login_required
def notice_create(request, pk):
    item = get_object_or_404(visible_items(request.user), pk=pk)
    require(request.user, "content.issue_notice", item)
    form = NoticeForm(posted(request))
    if form.is_valid():
        try:
            notice = services.issue_notice(
                item,
                kind=form.cleaned_data["kind"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            text = (
                _("Correction issued: the partners have been told.")
                if notice.kind == Notice.Kind.CORRECTION
                else _("Content withdrawn: the partners have been told.")
            )
            messages.success(request, text)
            return redirect(_item_page(item.pk, "notices"))
    partners = holders_count(item)
    return render(
        request,
        "content/notice_form.html",
        {
            "item": item,
            "form": form,
            "partners": partners,
            "problems": services.notice_problems(item, held=partners),
        },
    )


@login_required
def notice_confirm(request, pk):
    confirmation = get_object_or_404(
        visible_confirmations(request.user).select_related(
            "notice__item", "notice__version", "request__organisation", "confirmed_by"
        ),
        pk=pk,
    )
    require(request.user, "content.confirm_notice", confirmation)
    notice = confirmation.notice
    form = None
    if confirmation.confirmed_at is None:
        form = ConfirmationForm(posted(request), request.FILES or None, kind=notice.kind)
        if form.is_valid():
            try:
                services.confirm_notice(confirmation, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Thank you: your confirmation is recorded."))
                return redirect("content:notice_confirm", pk=confirmation.pk)
    return render(
        request,
        "content/notice_confirm.html",
        {"confirmation": confirmation, "notice": notice, "item": notice.item, "form": form},
    )


# The stored name's extension is the image's own (services.confirm_notice), so it names the type.
SCREENSHOT_TYPES = {kind.extension: kind.content_type for kind in FORMATS.values()}


@login_required
def notice_screenshot(request, pk):
    confirmation = get_object_or_404(
        visible_confirmations(request.user).select_related("request").exclude(screenshot=""),
        pk=pk,
    )
    require(request.user, "content.view_notice_confirmation", confirmation)
    name = confirmation.screenshot.name
    content_type = SCREENSHOT_TYPES.get(name[name.rfind(".") :].lower(), "application/octet-stream")
    response = _image_response(request, confirmation.screenshot, content_type)
    response.headers["Cache-Control"] = "private, no-store"
    return response
