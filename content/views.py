"""The content pages; each part of the app keeps its own section.

Load through ``visible_items`` (404 for what is out of reach), ask the access rules (403), call a
service from ``content.services``, redirect with a message.
"""

from datetime import date
from pathlib import PurePath

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.csp import CSP
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_POST

from agreements.selectors import linkable_agreements, linkable_scope_items
from audit.selectors import timeline
from common.images import FORMATS
from common.web import filtered_page, posted, require, safe_next
from notifications import services as notifications
from partnerships.models import Organisation
from partnerships.rules import reach, sees_everything

from . import dissemination, packages, selectors, services
from .filters import (
    CalendarFilter,
    InboxFilter,
    InboxTab,
    LibraryFilter,
    TrackerFilter,
    inbox_tab_filters,
)
from .forms import (
    AcceptForm,
    AssetForm,
    AssignForm,
    ConfirmationForm,
    ForwardForm,
    ItemCommentForm,
    ItemForm,
    NoticeForm,
    ProofForm,
    ReachForm,
    ReasonForm,
    ReviewMoveForm,
    ScheduleForm,
    SendForm,
)
from .models import ContentItem, Notice, Proof, Rendition, Request
from .rules import item_is_public, visible_confirmations, visible_items, visible_requests
from .selectors import (
    COUNT_CAP,
    CappedPaginator,
    calendar_weeks,
    compare_versions,
    for_rows,
    holders_count,
    national_cached,
    proof_totals,
    request_page,
    request_page_context,
    requests_for,
)

# ---------------------------------------------------------------------------------------------
# Review (branch "review"): the review's moves, comments, and the versions compared.
# ---------------------------------------------------------------------------------------------


def _form_problems(form) -> str:
    if "to" in form.errors:
        return _("This change of status is not known.")
    if "body" in form.errors and not form.data.get("body", "").strip():
        return _("Write something to comment.")
    return " ".join(error for errors in form.errors.values() for error in errors)


@login_required
@require_POST
def item_transition(request, pk):
    item = _item(request, pk)
    back = safe_next(request, f"{item.get_absolute_url()}#review")
    form = ReviewMoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_problems(form))
        return redirect(back)
    # Asking for a move of the table without its permission is refused outright; a move the
    # item's state no longer allows (a page left open) is explained by the service.
    permission = services.REVIEW_TRANSITIONS.get((item.status, form.cleaned_data["to"]))
    if permission is not None:
        require(request.user, permission, item)
    try:
        services.transition(
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
    item = _item(request, pk)
    require(request.user, "content.comment_item", item)
    back = safe_next(request, f"{item.get_absolute_url()}#review-comments")
    form = ItemCommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_problems(form))
        return redirect(back)
    try:
        services.add_comment(item, body=form.cleaned_data["body"], by=request.user)
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
    item = _item(request, pk)
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


# ---------------------------------------------------------------------------------------------
# Library (branch "library"): the library, the item page, the item and file forms, downloads
# and the package.
#
# The content pages. Load through ``content.selectors`` (404 for what is out of sight), ask
# the access rules (403), call a service from ``content.services``, redirect with a message.
#
# Files live in private storage; ``asset_download``, ``rendition`` and ``package`` are the only
# ways out, and each asks the access rules every time. Only the raster images a browser shows as
# pictures (JPEG, PNG, WebP, GIF, recognised by content on upload) may be shown inline; everything
# else is an attachment the browser may neither sniff nor run.
#
# Imported here, below the review's code, so that this section merges as one block.
# ---------------------------------------------------------------------------------------------


# The site's policy is replaced, not extended: a file opened anyway can run nothing and load
# nothing (as agreements' document downloads).
DOWNLOAD_CSP = {"sandbox": True, "default-src": [CSP.NONE]}
# What a browser may show in the page rather than save: raster images only, never SVG or HTML.
INLINE_TYPES = frozenset({"image/jpeg", "image/png", "image/webp", "image/gif"})
# How long a shared cache may keep a public item's file: short, so an item that stops being
# public (withdrawn, past its validity) is soon gone from caches too.
PUBLIC_MAX_AGE = 300


def _item(request, pk) -> ContentItem:
    """An item the user may see (with its owner), else 404: foreign ids are not confirmed."""
    item = selectors.visible_item(request.user, pk)
    if item is None:
        raise Http404
    return item


@login_required
def library(request):
    filterset = LibraryFilter(
        request.GET, queryset=selectors.library_items(request.user), request=request
    )
    context = filtered_page(request, filterset, page_size=24)
    page = context["page"]
    page.object_list = list(page.object_list)
    thumbnails = selectors.thumbnails(page.object_list)
    for item in page.object_list:
        item.thumbnail_asset = thumbnails.get(item.pk)
    context["can_add"] = selectors.owner_choices(request.user).exists()
    return render(request, "content/library.html", context)


def item_detail(request, pk):
    item = selectors.item_for_page(request.user, pk)
    if item is None:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise Http404
    user = request.user
    require(user, "content.view_content_item", item)
    # The history names the people who worked on the item: for the network, not the public.
    members = user.has_perm("content.view_item_history", item)
    assets = list(item.assets.all())
    return render(
        request,
        "content/item_detail.html",
        {
            "item": item,
            "captions": sorted(item.captions.all(), key=lambda caption: caption.platform),
            "assets": assets,
            "files": [asset for asset in assets if asset.file],
            "history": timeline(item, page=request.GET.get("history")) if members else None,
            # The review's versions and discussion are the network's too.
            "review": selectors.review_context(item, user) if members else None,
            # Requests, proofs and reach: each reader sees the requests the rules show them.
            **(selectors.item_requests_context(item, user) if members else {}),
            # Corrections and withdrawals: KPK sees every partner's confirmation, a partner its own.
            **(selectors.item_notices_context(item, user) if members else {}),
            "can_change": user.has_perm("content.change_content_item", item),
            "can_add_asset": user.has_perm("content.add_asset", item),
            "can_remove_asset": user.has_perm("content.remove_asset", item),
        },
    )


@login_required
def item_create(request):
    owners = selectors.owner_choices(request.user)
    if not owners.exists():
        raise PermissionDenied
    return _item_form(request, None, owners=owners)


@login_required
def item_update(request, pk):
    item = _item(request, pk)
    require(request.user, "content.change_content_item", item)
    return _item_form(request, item, owners=None)


def _item_form(request, item, *, owners):
    user = request.user
    agreements = linkable_agreements(user, kept=item.agreement_id if item else None)
    form = ItemForm(
        posted(request),
        instance=item or ContentItem(),
        initial=_initial(user, owners) if item is None else None,
        owners=owners,
        co_producers=selectors.co_producer_choices(user, item),
        themes=selectors.theme_choices(item),
        agreements=agreements,
        scope_items=linkable_scope_items(agreements),
    )
    if form.is_valid():
        try:
            item = _save(user, item, form)
        except ValidationError as error:
            form.add_problems(error.message_dict)
        else:
            messages.success(request, _("Content saved."))
            return redirect(item)
    return render(request, "content/item_form.html", {"item": item, "form": form})


def _initial(user, owners) -> dict:
    """A new item starts as the user's own kind: KPK's content for KPK, a partner's otherwise."""
    owner = owners.first()
    if owner is None:
        return {}
    origin = ContentItem.Origin.KPK if owner.is_kpk else ContentItem.Origin.PARTNER
    return {"owner": owner, "origin": origin}


def _save(user, item, form) -> ContentItem:
    details, captions = form.details(), form.captions()
    if item is None:
        return services.create_item(
            owner=form.cleaned_data["owner"], by=user, captions=captions, **details
        )
    # One page, one change: a refused caption rolls the details back too.
    with transaction.atomic():
        item = services.update_item(item, by=user, **details)
        services.set_captions(item, captions, by=user)
    return item


# Assets


@login_required
def asset_add(request, pk):
    item = _item(request, pk)
    require(request.user, "content.add_asset", item)
    form = AssetForm(posted(request), request.FILES or None)
    if form.is_valid():
        try:
            asset = services.add_asset(
                item,
                by=request.user,
                file=form.cleaned_data["file"],
                external_url=form.cleaned_data["external_url"],
            )
        except ValidationError as error:
            field = "external_url" if form.cleaned_data["external_url"] else "file"
            form.add_error(field if getattr(error, "code", None) != "file_or_link" else None, error)
        else:
            messages.success(
                request, _("%(name)s added.") % {"name": asset.original_name or _("Video link")}
            )
            return redirect(f"{item.get_absolute_url()}#assets")
    return render(
        request,
        "content/asset_form.html",
        {
            "item": item,
            "form": form,
            "image_max_mb": settings.IMAGE_MAX_MB,
            "media_max_mb": settings.MEDIA_MAX_MB,
        },
    )


@login_required
@require_POST
def asset_remove(request, pk, asset_pk):
    item = _item(request, pk)
    require(request.user, "content.remove_asset", item)
    asset = get_object_or_404(item.assets, pk=asset_pk)
    services.remove_asset(asset, by=request.user)
    messages.success(
        request, _("%(name)s removed.") % {"name": asset.original_name or asset.external_url}
    )
    return redirect(f"{item.get_absolute_url()}#assets")


# Downloads: signed in or not, whoever may see the item; 404 for everyone else.


@csp_override(DOWNLOAD_CSP)
def asset_download(request, pk, asset_pk):
    item = _item(request, pk)
    asset = get_object_or_404(item.assets.exclude(file=""), pk=asset_pk)
    asset.item = item
    require(request.user, "content.download_asset", asset)
    return _file_response(
        request, item, asset.file, asset.content_type, asset.original_name or "file"
    )


@csp_override(DOWNLOAD_CSP)
def rendition(request, pk, asset_pk, name):
    item = _item(request, pk)
    if name not in Rendition.Name.values:
        raise Http404
    found = get_object_or_404(
        Rendition.objects.select_related("asset"), asset__item=item, asset_id=asset_pk, name=name
    )
    found.asset.item = item
    require(request.user, "content.download_asset", found.asset)
    stem = PurePath(found.asset.original_name or "image").stem
    filename = f"{stem}-{name}{PurePath(found.file.name).suffix}"
    return _file_response(request, item, found.file, found.content_type, filename)


@csp_override(DOWNLOAD_CSP)
def package(request, pk):
    item = selectors.item_for_page(request.user, pk)
    if item is None:
        raise Http404
    require(request.user, "content.view_content_item", item)
    archive = packages.build_package(item)
    response = FileResponse(
        archive,
        as_attachment=True,
        filename=packages.package_name(item),
        content_type="application/zip",
    )
    _protect(request, item, response)
    return response


def _file_response(request, item, field_file, content_type, filename):
    inline = content_type in INLINE_TYPES
    if not inline and not _is_media_or_pdf(content_type):
        # Whatever a row says (an administrator's fix, a type the uploads never give), markup
        # is not announced as markup.
        content_type = "application/octet-stream"
    response = FileResponse(
        field_file.open("rb"),
        as_attachment=not inline,
        filename=filename,
        content_type=content_type,
    )
    _protect(request, item, response)
    return response


def _is_media_or_pdf(content_type: str) -> bool:
    return content_type == "application/pdf" or content_type.startswith(("video/", "audio/"))


def _protect(request, item, response) -> None:
    response.headers["X-Content-Type-Options"] = "nosniff"
    if item_is_public(request.user, item) and not request.user.is_authenticated:
        response.headers["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE}"
    else:
        response.headers["Cache-Control"] = "private, no-store"


# --- Dissemination requests ("nitip konten"), proofs and forwards (dissem branch) -----------


def _request(request, pk) -> Request:
    """A request the user may see (with what the rules read), else 404."""
    return get_object_or_404(
        visible_requests(request.user).select_related(
            "organisation", "forwarded_from", "item", "dispatch"
        ),
        pk=pk,
    )


def _proof(request, pk) -> Proof:
    """A proof whose request the user may see, else 404."""
    return get_object_or_404(
        Proof.objects.filter(request__in=visible_requests(request.user)).select_related(
            "request__organisation", "request__forwarded_from", "channel"
        ),
        pk=pk,
    )


def _refused(request, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


@login_required
def send_item(request, pk):
    item = _item(request, pk)
    require(request.user, "content.send_item", item)
    form = SendForm(posted(request))
    if form.is_valid():
        data = form.cleaned_data
        chosen = dissemination.recipients(
            organisation_ids=[organisation.pk for organisation in data["organisations"]],
            province_codes=[province.pk for province in data["provinces"]],
            with_regencies=data["with_regencies"],
        )
        try:
            dispatch = dissemination.send(
                item,
                organisations=chosen,
                due_on=data["due_on"],
                platforms=data["platforms"],
                message=data["message"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            sent = ngettext(
                "Sent to %(count)s organisation.",
                "Sent to %(count)s organisations.",
                dispatch.sent_count,
            ) % {"count": dispatch.sent_count}
            if dispatch.skipped_count:
                sent += " " + ngettext(
                    "%(count)s skipped: it already has a pending request for this content.",
                    "%(count)s skipped: they already have a pending request for this content.",
                    dispatch.skipped_count,
                ) % {"count": dispatch.skipped_count}
            messages.success(request, sent)
            return redirect("content:item_detail", pk=item.pk)
    return render(request, "content/send_form.html", {"item": item, "form": form})


@login_required
def request_detail(request, pk):
    found = request_page(pk, request.user)
    if found is None:
        raise Http404
    notifications.mark_target_read(found, by=request.user)
    context = request_page_context(found, request.user)
    actions = context["actions"]
    if actions.accept:
        context["accept_form"] = AcceptForm(members=_members_queryset(found))
    if actions.assign:
        context["assign_form"] = AssignForm(
            members=_members_queryset(found), initial={"assignee": found.assignee_id}
        )
    if actions.forward and context["outlets"].exists():
        context["forward_form"] = ForwardForm(outlets=context["outlets"])
    if actions.schedule:
        # The plan to move (the field shows it in the site's zone); none for a new plan.
        planned = found.scheduled_for if found.status == Request.Status.SCHEDULED else None
        context["schedule_form"] = ScheduleForm(initial={"scheduled_for": planned})
    return render(request, "content/request_detail.html", context)


def _members_queryset(found):
    """The active members of the request's organisation: who may be assigned."""
    return (
        get_user_model()
        .objects.filter(
            memberships__organisation_id=found.organisation_id,
            memberships__is_active=True,
            is_active=True,
        )
        .order_by("full_name", "email")
    )


def _back(found):
    return redirect("content:request_detail", pk=found.pk)


@login_required
@require_POST
def request_accept(request, pk):
    found = _request(request, pk)
    require(request.user, "content.answer_request", found)
    form = AcceptForm(request.POST, members=_members_queryset(found))
    if not form.is_valid():
        messages.error(request, _("Choose a member of the organisation, or nobody yet."))
        return _back(found)
    try:
        dissemination.accept(found, assignee=form.cleaned_data["assignee"], by=request.user)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("The request is accepted."))
    return _back(found)


@login_required
@require_POST
def request_decline(request, pk):
    found = _request(request, pk)
    require(request.user, "content.answer_request", found)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the request is declined."))
        return _back(found)
    try:
        dissemination.decline(found, reason=form.cleaned_data["reason"], by=request.user)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("The request is declined; KPK has been told why."))
    return _back(found)


@login_required
@require_POST
def request_assign(request, pk):
    found = _request(request, pk)
    require(request.user, "content.answer_request", found)
    form = AssignForm(request.POST, members=_members_queryset(found))
    if not form.is_valid():
        messages.error(request, _("Choose a member of the organisation."))
        return _back(found)
    try:
        dissemination.assign(found, assignee=form.cleaned_data["assignee"], by=request.user)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(
            request,
            _("%(person)s publishes it.") % {"person": form.cleaned_data["assignee"]},
        )
    return _back(found)


@login_required
@require_POST
def request_forward(request, pk):
    found = _request(request, pk)
    require(request.user, "content.forward_request", found)
    outlets = Organisation.objects.filter(press_partner_of__organisation_id=found.organisation_id)
    form = ForwardForm(request.POST, outlets=outlets)
    if not form.is_valid():
        messages.error(request, _("Choose at least one press partner."))
        return _back(found)
    chosen = list(form.cleaned_data["outlets"])
    try:
        forwards = dissemination.forward(found, outlets=chosen, by=request.user)
    except ValidationError as error:
        _refused(request, error)
    else:
        done = ngettext(
            "Forwarded to %(count)s press partner.",
            "Forwarded to %(count)s press partners.",
            len(forwards),
        ) % {"count": len(forwards)}
        skipped = len(chosen) - len(forwards)
        if skipped:
            done += " " + ngettext(
                "%(count)s outlet already had it.", "%(count)s outlets already had it.", skipped
            ) % {"count": skipped}
        messages.success(request, done)
    return _back(found)


@login_required
@require_POST
def request_schedule(request, pk):
    found = _request(request, pk)
    require(request.user, "content.prove_request", found)
    form = ScheduleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the date and time of publication."))
        return _back(found)
    try:
        dissemination.schedule(found, at=form.cleaned_data["scheduled_for"], by=request.user)
    except ValidationError as error:
        _refused(request, error)
        return _back(found)
    when = date_format(timezone.localtime(found.scheduled_for), "SHORT_DATETIME_FORMAT")
    messages.success(request, _("The publication is scheduled for %(time)s.") % {"time": when})
    if found.is_planned_after_due():
        due = date_format(found.due_on, "SHORT_DATE_FORMAT")
        messages.warning(
            request,
            _(
                "That is after the due date (%(due)s): KPK sees the request as overdue until "
                "it is published."
            )
            % {"due": due},
        )
    return _back(found)


@login_required
@require_POST
def request_unschedule(request, pk):
    found = _request(request, pk)
    require(request.user, "content.prove_request", found)
    try:
        dissemination.unschedule(found, by=request.user)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("The scheduled publication is cancelled."))
    return _back(found)


@login_required
def proof_add(request, pk):
    found = _request(request, pk)
    require(request.user, "content.prove_request", found)
    channels = found.organisation.channels.filter(is_active=True).order_by("kind", "name")
    form = ProofForm(posted(request), request.FILES or None, channels=channels)
    if form.is_valid():
        data = form.cleaned_data
        try:
            dissemination.add_proof(
                found,
                channel=data["channel"],
                url=data["url"],
                screenshot=data["screenshot"],
                published_at=data["published_at"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The proof is recorded; KPK will verify it."))
            return _back(found)
    return render(request, "content/proof_form.html", {"req": found, "form": form})


@login_required
@require_POST
def proof_verify(request, pk):
    proof = _proof(request, pk)
    require(request.user, "content.verify_proof", proof)
    try:
        dissemination.verify_proof(proof, by=request.user)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("The proof is verified."))
    return _back(proof.request)


@login_required
@require_POST
def proof_return(request, pk):
    proof = _proof(request, pk)
    require(request.user, "content.verify_proof", proof)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the proof is returned."))
        return _back(proof.request)
    try:
        dissemination.return_proof(proof, reason=form.cleaned_data["reason"], by=request.user)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("The proof is returned to the partner."))
    return _back(proof.request)


@login_required
@require_POST
def proof_reach(request, pk):
    proof = _proof(request, pk)
    require(request.user, "content.prove_request", proof.request)
    form = ReachForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            " ".join(
                f"{form.fields[name].label}: {' '.join(errors)}"
                for name, errors in form.errors.items()
            ),
        )
        return _back(proof.request)
    try:
        dissemination.report_reach(proof, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("The reach figures are recorded."))
    return _back(proof.request)


@login_required
def proof_screenshot(request, pk):
    proof = _proof(request, pk)
    require(request.user, "content.view_proof_screenshot", proof)
    if not proof.screenshot:
        raise Http404
    try:
        opened = proof.screenshot.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        opened, content_type=dissemination.screenshot_content_type(proof.screenshot.name)
    )
    response.headers["Content-Disposition"] = "inline"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


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
            return redirect(f"{item.get_absolute_url()}#notices")
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


# --- Tracking (branch `tracking`): the partner inbox, KPK's tracker and the content calendar.
# Thin views: the rows come from ``content.selectors.requests_for``, the filters from
# ``content.filters``; each list takes a fixed number of queries whatever the data size.


LIST_PAGE_SIZE = 50
LIST_COUNT_CAP = COUNT_CAP


def _page(request, queryset, per_page=LIST_PAGE_SIZE):
    """The page of ``queryset`` (requests, filtered and ordered), and the query for its links.

    The page's ids are chosen first, on the requests alone, in the order of their indexes; only
    those 50 rows are then read with what a row shows (item, organisation, province, assignee,
    where it was forwarded from). Joining first made PostgreSQL join and sort every matching
    request (33,000 for a word of a title) before keeping 50.
    """
    page = CappedPaginator(queryset.values_list("pk", flat=True), per_page, cap=LIST_COUNT_CAP)
    page = page.get_page(request.GET.get("page"))
    ids = list(page.object_list)
    rows = {row.pk: row for row in for_rows(Request.objects.filter(pk__in=ids))}
    page.object_list = [rows[pk] for pk in ids]
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


def _mark_overdue(rows, today) -> None:
    for row in rows:
        row.overdue = row.is_overdue(today)


@login_required
def inbox(request):
    require(request.user, "content.view_request_inbox")
    user = request.user
    base = selectors.inbox_requests(user)
    filterset = InboxFilter(request.GET, queryset=base, request=request)
    tab = filterset.current_tab
    rows = filterset.qs
    rows = (
        rows.order_by("-due_on", "-id")
        if tab in (InboxTab.ALL, InboxTab.MINE)
        else rows.order_by("due_on", "id")
    )
    page, query = _page(request, rows)
    today = filterset.today
    _mark_overdue(page.object_list, today)

    # Every tab's count in one query.
    def tab_counts():
        return base.aggregate(
            **{
                code: Count("pk", filter=condition)
                for code, condition in inbox_tab_filters(user, today).items()
            }
        )

    if sees_everything(user):
        # KPK's inbox counts every request in the country (150 ms at 500,000): kept a few
        # minutes, as KPK's other national figures, for each person ("for me" is theirs).
        counts = national_cached(f"inbox-tabs:{user.pk}:{today.isoformat()}", tab_counts)
    else:
        counts = tab_counts()
    tab_query = request.GET.copy()
    for name in ("tab", "page"):
        tab_query.pop(name, None)
    return render(
        request,
        "content/inbox.html",
        {
            "filter": filterset,
            "page": page,
            "query": query,
            "tab": tab,
            "tabs": [(code, label, counts[code]) for code, label in InboxTab.CHOICES],
            "tab_query": tab_query.urlencode(),
            "several_organisations": sees_everything(user) or len(reach(user).organisation_ids) > 1,
        },
    )


@login_required
def tracker(request):
    require(request.user, "content.view_request_tracker")
    filterset = TrackerFilter(request.GET, queryset=requests_for(request.user), request=request)
    page, query = _page(request, filterset.qs)
    rows = page.object_list
    _mark_overdue(rows, timezone.localdate())
    ids = [row.pk for row in rows]
    totals = proof_totals(ids)
    unconfirmed = selectors.unconfirmed_counts(ids)
    for row in rows:
        row.totals = totals.get(row.pk, {"proofs": 0, "reach": 0})
        row.unconfirmed = unconfirmed.get(row.pk, 0)
    item = filterset.form.cleaned_data.get("item") if filterset.form.is_valid() else None
    return render(
        request,
        "content/tracker.html",
        {"filter": filterset, "page": page, "query": query, "item": item},
    )


def month_of(value: str, today: date) -> tuple[int, int] | None:
    """(year, month) of ``YYYY-MM``; None for anything else."""
    try:
        year, month = (int(part) for part in value.split("-"))
    except ValueError:
        return None
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        return None
    return year, month


def _shift(year: int, month: int, by: int) -> str:
    index = year * 12 + month - 1 + by
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _link_days(weeks, *, tracker: bool) -> None:
    """Each entry and each "+N more" leads to the list of that day: the tracker for KPK, the
    inbox for partners."""
    base = reverse("content:tracker" if tracker else "content:inbox")
    for week in weeks:
        for day in week:
            iso = day.day.isoformat()
            by_kind = {
                "due": {"due_from": iso, "due_to": iso} if tracker else {"due_on": iso},
                "scheduled": {"scheduled_on": iso},
                "published": {"published_on": iso},
            }
            day.due_url = f"{base}?{urlencode(by_kind['due'])}"
            day.scheduled_url = f"{base}?{urlencode(by_kind['scheduled'])}"
            day.published_url = f"{base}?{urlencode(by_kind['published'])}"
            for entry in day.entries:
                query = {**by_kind[entry.kind]}
                if tracker:
                    query["item"] = entry.item_id
                entry.url = f"{base}?{urlencode(query)}"


@login_required
def calendar(request):
    require(request.user, "content.view_request_calendar")
    user = request.user
    today = timezone.localdate()
    filterset = CalendarFilter(
        request.GET, queryset=selectors.inbox_requests(user), request=request
    )
    asked = request.GET.get("month", "")
    chosen = month_of(asked, today) if asked else None
    if asked and chosen is None:
        messages.warning(request, _("That is not a month (YYYY-MM): here is this month."))
    year, month = chosen or (today.year, today.month)
    if sees_everything(user):
        # Every KPK person sees the same national month: kept a few minutes.
        place = filterset.form.cleaned_data if filterset.form.is_valid() else {}
        key = "calendar:{}-{}:{}:{}:{}".format(
            year,
            month,
            getattr(place.get("province"), "pk", ""),
            getattr(place.get("organisation"), "pk", ""),
            today.isoformat(),
        )
        weeks = national_cached(key, lambda: calendar_weeks(filterset.qs, year, month, today))
    else:
        weeks = calendar_weeks(filterset.qs, year, month, today)
    _link_days(weeks, tracker=user.has_perm("content.view_request_tracker"))
    place = request.GET.copy()
    for name in ("month", "organisation_search"):
        place.pop(name, None)
    return render(
        request,
        "content/calendar.html",
        {
            "filter": filterset,
            "weeks": weeks,
            "has_entries": any(day.in_month and not day.empty for week in weeks for day in week),
            "month": date(year, month, 1),
            "previous_month": _shift(year, month, -1),
            "next_month": _shift(year, month, 1),
            "place_query": place.urlencode(),
            "today": today,
        },
    )
