"""The content pages. Views stay thin: load, check, validate with a form, call a service.

Each part of the issue keeps its own section below.
"""

# --- Dissemination requests ("nitip konten"), proofs and forwards (dissem branch) -----------

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from common.web import posted, require
from notifications import services as notifications
from partnerships.models import Organisation

from . import dissemination
from .forms import AcceptForm, AssignForm, ForwardForm, ProofForm, ReachForm, ReasonForm, SendForm
from .models import Proof, Request
from .rules import visible_items, visible_requests
from .selectors import item_requests_context, request_page, request_page_context


def _item(request, pk):
    """An item the user may see, else 404."""
    return get_object_or_404(visible_items(request.user).select_related("owner"), pk=pk)


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
def item_detail(request, pk):
    # placeholder until the library branch is merged: the item page shows its requests.
    item = _item(request, pk)
    return render(
        request,
        "content/item_detail_placeholder.html",
        {"item": item, **item_requests_context(item, request.user)},
    )


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
