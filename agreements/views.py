"""The agreement pages: list, detail, create and edit, transitions, renewal, comments, documents,
export, the province overview and the province pages. Load through ``visible_agreements`` (404
for what is out of reach), ask the access rules (403), call a service from
``agreements.services``, redirect with a message.

Documents live in private storage; ``download_document`` is the only way out, and it asks the
access rules every time. It is served as an attachment that the browser may neither sniff nor run.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.csp import CSP
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_POST

from audit.selectors import timeline
from common.web import filtered_page, posted, require
from notifications import services as notifications
from partnerships.models import Organisation, Province
from partnerships.rules import reach, sees_everything, visible_organisations

from . import exports
from . import services as agreements
from .filters import AgreementFilter
from .forms import (
    PARENT_KINDS,
    AgreementForm,
    CommentForm,
    DocumentForm,
    NewPartyFormSet,
    PartyFormSet,
    PartyNumberForm,
    ScopeFormSet,
    SignatoryFormSet,
    TransitionForm,
    WithdrawDocumentForm,
    group_scope,
    scope_item_label,
    scope_rows,
)
from .models import Agreement, AgreementDocument, Status, Target
from .rules import may_number_party, visible_agreements
from .selectors import (
    SORT_BY_NAME,
    SORT_BY_STATE,
    ProvinceState,
    arrange,
    discussion,
    linkable_agreements,
    linkable_scope_items,
    province_coverage,
    province_summaries,
    search_agreements,
    search_organisations,
)
from .targets import Progress, progress

# What the button of each move says on the detail page: what the move does, from where it starts.
TRANSITION_LABELS = {
    (Status.DRAFT, Status.NEGOTIATION): gettext_lazy("Start negotiation"),
    (Status.NEGOTIATION, Status.DRAFT): gettext_lazy("Back to draft"),
    (Status.NEGOTIATION, Status.READY): gettext_lazy("Mark ready to sign"),
    (Status.READY, Status.NEGOTIATION): gettext_lazy("Back to negotiation"),
    # One button: the service makes it signed or active by the effective date.
    (Status.READY, Status.ACTIVE): gettext_lazy("Record the signing"),
    (Status.SIGNED, Status.TERMINATED): gettext_lazy("Terminate"),
    (Status.ACTIVE, Status.TERMINATED): gettext_lazy("Terminate"),
    (Status.ACTIVE, Status.EXPIRED): gettext_lazy("Mark as expired"),
}


def _agreement(request, pk, queryset=None):
    """An agreement the user may see, else 404: foreign ids are not confirmed to exist."""
    queryset = Agreement.objects.all() if queryset is None else queryset
    return get_object_or_404(visible_agreements(request.user, queryset), pk=pk)


def _filtered(request):
    """The list's filterset over what the user may see; the page and the exports share it."""
    queryset = exports.with_export_relations(
        visible_agreements(request.user).order_by("-updated_at", "-pk")
    )
    return AgreementFilter(request.GET, queryset=queryset, request=request)


@login_required
def agreement_list(request):
    require(request.user, "agreements.view_agreement_list")
    return render(
        request, "agreements/agreement_list.html", filtered_page(request, _filtered(request))
    )


@login_required
def agreement_export(request, fmt):
    require(request.user, "agreements.view_agreement_list")
    respond = exports.RESPONSES.get(fmt)
    if respond is None:
        raise Http404
    return respond(exports.with_report_relations(_filtered(request).qs))


@dataclass(frozen=True)
class TargetLine:
    target: Target
    progress: Progress | None  # None: "not measured yet", never zero


@login_required
def agreement_detail(request, pk):
    agreement = _agreement(
        request,
        pk,
        Agreement.objects.select_related("parent", "predecessor", "successor", "owner"),
    )
    require(request.user, "agreements.view_agreement", agreement)
    user = request.user
    comments, earlier_comments = discussion(
        agreement, everything=request.GET.get("comments") == "all"
    )
    # Opening the agreement, from an email or any link, is reading what was notified about it.
    notifications.mark_target_read(agreement, by=user)
    today = timezone.localdate()
    scope = [
        (item, [TargetLine(t, progress(t, agreement, today)) for t in item.targets.all()])
        for item in agreement.scope_items.prefetch_related("targets")
    ]
    transitions = agreements.allowed_transitions(user, agreement)
    # Each party row offers the number form to whom the rules let enter that party's number.
    parties = [
        (party, may_number_party(user, agreement, party.organisation))
        for party in agreement.parties.select_related("organisation__province")
    ]
    return render(
        request,
        "agreements/agreement_detail.html",
        {
            "agreement": agreement,
            # Related agreements the user may not open are named without a link (never a 404).
            "linkable": _linkable(user, agreement),
            "parties": parties,
            "signatories": agreement.signatories.select_related("organisation"),
            "scope": scope,
            "children": visible_agreements(user, agreement.children.all()),
            "documents": agreement.documents.select_related("uploaded_by", "withdrawn_by"),
            "history": timeline(agreement, page=request.GET.get("history")),
            "history_url": reverse("agreements:history", args=[agreement.pk]),
            "comments": comments,
            "earlier_comments": earlier_comments,
            "comment_form": CommentForm(),
            "transitions": [(to, TRANSITION_LABELS[(agreement.status, to)]) for to in transitions],
            # What recording the signing still needs, each with where it is fixed.
            "signing_problems": (
                agreements.activation_problems(agreement) if Status.ACTIVE in transitions else []
            ),
            # What a termination takes with it.
            "ending_with": (
                agreements.ending_with(agreement) if Status.TERMINATED in transitions else []
            ),
            "can_change": user.has_perm("agreements.change_agreement", agreement),
            "can_comment": user.has_perm("agreements.comment_agreement", agreement),
            "can_upload": user.has_perm("agreements.upload_agreement_document", agreement),
            "can_download": user.has_perm("agreements.download_agreement_document", agreement),
            "can_withdraw": user.has_perm("agreements.withdraw_agreement_document", agreement),
            "can_renew": agreements.can_offer_renewal(user, agreement),
            "can_draft_pks": agreement.kind == Agreement.Kind.MOU
            and agreement.status == Status.ACTIVE
            and user.has_perm("agreements.add_agreement"),
        },
    )


@login_required
def agreement_history(request, pk):
    """One more page of the detail page's history, appended by "show older entries"."""
    agreement = _agreement(request, pk)
    require(request.user, "agreements.view_agreement", agreement)
    return render(
        request,
        "audit/timeline_items.html",
        {
            "history": timeline(agreement, page=request.GET.get("history")),
            "history_url": reverse("agreements:history", args=[agreement.pk]),
            "fragment": True,
        },
    )


def _linkable(user, agreement) -> set:
    """The ids among the parent, predecessor and successor that ``user`` may open, in one
    query."""
    related = [
        agreement.parent_id,
        agreement.predecessor_id,
        getattr(getattr(agreement, "successor", None), "pk", None),
    ]
    ids = [pk for pk in related if pk is not None]
    if not ids:
        return set()
    return set(
        visible_agreements(user, Agreement.objects.filter(pk__in=ids)).values_list("pk", flat=True)
    )


@login_required
def agreement_create(request):
    require(request.user, "agreements.add_agreement")
    return _agreement_form(request, None)


@login_required
def agreement_update(request, pk):
    agreement = _agreement(request, pk)
    require(request.user, "agreements.change_agreement", agreement)
    return _agreement_form(request, agreement)


def _agreement_form(request, agreement):
    data = posted(request)
    organisations = _choosable_organisations(request.user, agreement)
    parents = _possible_parents(request.user, agreement)
    # A new PKS (or addendum) can start from what it falls under: ?kind=pks&parent=<id>.
    source = _prefill_source(request, parents) if agreement is None else agreement
    details = None
    if agreement is None and request.GET.get("kind") in PARENT_KINDS:
        details = {"kind": request.GET["kind"], "parent": source.pk if source else None}
    form = AgreementForm(
        data,
        instance=agreement,
        initial=details,
        parents=parents.order_by("title"),
        creating=agreement is None,
    )
    rows = {"organisations": organisations}
    # A new agreement has at least two parties: it offers both rows at once (unless prefilled).
    party_formset = NewPartyFormSet if agreement is None and source is None else PartyFormSet
    parties = party_formset(
        data,
        prefix="parties",
        form_kwargs=rows,
        initial=_party_rows(source, numbers=source is agreement),
    )
    signatories = SignatoryFormSet(
        data, prefix="signatories", form_kwargs=rows, initial=_signatory_rows(source)
    )
    scope = ScopeFormSet(
        data,
        prefix="scope",
        initial=scope_rows(source, values=source is agreement) if source else None,
    )
    # Every part is validated (not stopping at the first invalid one), so all errors show at once.
    valid = [f.is_valid() for f in (form, parties, signatories, scope)]
    if data is not None and all(valid):
        try:
            agreement = _save(request.user, agreement, form, parties, signatories, scope)
        except agreements.AgreementError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Agreement saved."))
            return redirect(agreement)
    return render(
        request,
        "agreements/agreement_form.html",
        {
            "agreement": agreement,
            "form": form,
            "parties": parties,
            "signatories": signatories,
            "scope": scope,
        },
    )


def _possible_parents(user, agreement):
    """Agreements a new or edited one may fall under: a signed or active MoU or PKS it may see.

    An agreement keeps the parent it has even once that one has ended.
    """
    parents = visible_agreements(user).filter(
        kind__in=[Agreement.Kind.MOU, Agreement.Kind.PKS], status__in=Status.concluded()
    )
    if agreement is not None:
        parents = parents.exclude(pk=agreement.pk)
        if agreement.parent_id is not None:
            parents = parents | Agreement.objects.filter(pk=agreement.parent_id)
    return parents


def _prefill_source(request, parents):
    """The agreement a new one starts from, named in the query string, or None.

    Only one the user could choose as its parent: others are ignored, not confirmed to exist.
    """
    kind, parent = request.GET.get("kind"), request.GET.get("parent", "")
    if kind not in PARENT_KINDS or not parent.isdigit():
        return None
    return parents.filter(pk=parent, kind__in=PARENT_KINDS[kind]).first()


@login_required
def organisation_search(request):
    """Organisations a drafter may name as parties, matching what was typed (JSON)."""
    require(request.user, "agreements.add_agreement")
    return _organisations_found(request, _choosable_organisations(request.user, None))


@login_required
def party_search(request):
    """Organisations the agreement list may be filtered by, matching what was typed (JSON).

    Only those the user may see: the list's party filter accepts no others.
    """
    require(request.user, "agreements.view_agreement_list")
    return _organisations_found(request, visible_organisations(request.user))


@login_required
def agreement_search(request):
    """Agreements a content item or an event may serve, matching what was typed (JSON).

    Only those the user may see: the forms accept no others (but the one an item serves already,
    which its page offers as chosen).
    """
    require(request.user, "agreements.view_agreement_list")
    matches = search_agreements(linkable_agreements(request.user), request.GET.get("q", ""))
    return JsonResponse(
        {"results": [{"id": agreement.pk, "label": agreement.title} for agreement in matches]}
    )


@login_required
def scope_item_options(request):
    """The scope items of one agreement the user may see (JSON), for the select beside it."""
    require(request.user, "agreements.view_agreement_list")
    chosen = request.GET.get("agreement", "")
    agreements = linkable_agreements(request.user)
    agreements = agreements.filter(pk=chosen) if chosen.isdigit() else agreements.none()
    scope_items = linkable_scope_items(agreements)
    return JsonResponse(
        {
            "results": [
                {"id": scope_item.pk, "label": scope_item_label(scope_item)}
                for scope_item in scope_items
            ]
        }
    )


def _organisations_found(request, organisations):
    matches = search_organisations(organisations, request.GET.get("q", ""))
    return JsonResponse(
        {
            "results": [
                {"id": organisation.pk, "label": str(organisation)} for organisation in matches
            ]
        }
    )


def _save(user, agreement, form, parties, signatories, scope):
    """Call the services for what changed; one refusal rolls back the whole page.

    ``draft_problems`` first, so every problem of the page is shown at once.
    """
    details = form.details()
    problems = agreements.draft_problems(
        agreement,
        parties=_party_inputs(parties.rows())
        if agreement is None or parties.has_changed()
        else None,
        signatories=_signatory_inputs(signatories.rows()) if signatories.has_changed() else None,
        scope=_scope_inputs(group_scope(scope.rows())) if scope.has_changed() else None,
        **details,
    )
    if problems:
        raise agreements.AgreementError(problems)
    with transaction.atomic():
        if agreement is None:
            # One "created" entry in the history, not one per part of the page.
            return agreements.create_agreement(
                parties=_party_inputs(parties.rows()),
                signatories=_signatory_inputs(signatories.rows()),
                scope=_scope_inputs(group_scope(scope.rows())),
                by=user,
                **details,
            )
        agreements.update_agreement(agreement, by=user, **details)
        if parties.has_changed():
            agreements.set_parties(agreement, _party_inputs(parties.rows()), by=user)
        if signatories.has_changed():
            agreements.set_signatories(agreement, _signatory_inputs(signatories.rows()), by=user)
        if scope.has_changed():
            agreements.set_scope(agreement, _scope_inputs(group_scope(scope.rows())), by=user)
    return agreement


def _choosable_organisations(user, agreement):
    """Organisations offered as parties and signatories: visible ones and the current parties."""
    condition = Q(pk__in=visible_organisations(user).values("pk"))
    if agreement is not None:
        condition |= Q(pk__in=agreement.parties.values("organisation_id"))
    return Organisation.objects.filter(condition, is_active=True).order_by("name")


def _party_rows(agreement, *, numbers=True):
    """The parties of ``agreement`` as rows; a new agreement drafted from it leaves the numbers."""
    if agreement is None:
        return None
    return [
        {
            "organisation": party.organisation_id,
            "document_number": party.document_number if numbers else "",
        }
        for party in agreement.parties.all()
    ]


def _signatory_rows(agreement):
    if agreement is None:
        return None
    return [
        {"organisation": s.organisation_id, "name": s.name, "position": s.position}
        for s in agreement.signatories.all()
    ]


def _party_inputs(rows):
    return [agreements.PartyInput(**row) for row in rows]


def _signatory_inputs(rows):
    return [agreements.SignatoryInput(**row) for row in rows]


def _scope_inputs(items):
    return [
        agreements.ScopeInput(
            area=item["area"],
            description=item["description"],
            targets=[agreements.TargetInput(**target) for target in item["targets"]],
        )
        for item in items
    ]


@login_required
@require_POST
def agreement_transition(request, pk):
    agreement = _agreement(request, pk)
    require(request.user, "agreements.transition_agreement", agreement)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("This change of status is not known."))
        return redirect(agreement)
    try:
        agreements.transition(
            agreement, form.cleaned_data["to"], by=request.user, reason=form.cleaned_data["reason"]
        )
    except agreements.AgreementError as error:
        if form.cleaned_data["to"] == Status.ACTIVE and agreements.activation_problems(agreement):
            # The page lists each reason with a link to where it is fixed.
            messages.error(
                request, _("The signing cannot be recorded yet: see what is missing below.")
            )
            return redirect(f"{agreement.get_absolute_url()}#signing-problems")
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The agreement is now: %(status)s.") % {"status": agreement.get_status_display()},
        )
    return redirect(agreement)


@login_required
@require_POST
def agreement_renew(request, pk):
    agreement = _agreement(request, pk)
    require(request.user, "agreements.renew_agreement", agreement)
    try:
        successor = agreements.renew_agreement(agreement, by=request.user)
    except agreements.AgreementError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(agreement)
    messages.success(
        request, _("A renewal was drafted from this agreement. Review it and start negotiating.")
    )
    return redirect(successor)


@login_required
@require_POST
def agreement_comment(request, pk):
    agreement = _agreement(request, pk)
    require(request.user, "agreements.comment_agreement", agreement)
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write a comment before posting it."))
        return redirect(agreement)
    try:
        agreements.add_comment(agreement, body=form.cleaned_data["body"], by=request.user)
    except agreements.AgreementError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Comment posted."))
    return redirect(f"{agreement.get_absolute_url()}#comments")


# Documents

# The site's policy is replaced, not extended: a document opened anyway can run nothing and
# load nothing.
DOWNLOAD_CSP = {"sandbox": True, "default-src": [CSP.NONE]}


@login_required
def upload_document(request, pk):
    agreement = _agreement(request, pk)
    require(request.user, "agreements.upload_agreement_document", agreement)
    kind = request.GET.get("kind")
    initial = {"kind": kind} if kind in AgreementDocument.Kind.values else None
    form = DocumentForm(posted(request), request.FILES or None, initial=initial)
    if form.is_valid():
        try:
            document = agreements.upload_document(
                agreement,
                kind=form.cleaned_data["kind"],
                file=form.cleaned_data["file"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(
                request,
                _("%(kind)s version %(version)s uploaded.")
                % {"kind": document.get_kind_display(), "version": document.version},
            )
            return redirect(agreement)
    return render(
        request,
        "agreements/agreement_document_form.html",
        {"agreement": agreement, "form": form},
    )


@login_required
@require_POST
def withdraw_document(request, pk, document_pk):
    agreement = _agreement(request, pk)
    require(request.user, "agreements.withdraw_agreement_document", agreement)
    document = get_object_or_404(agreement.documents, pk=document_pk)
    form = WithdrawDocumentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for withdrawing this version."))
        return redirect(f"{agreement.get_absolute_url()}#documents")
    try:
        agreements.withdraw_document(document, reason=form.cleaned_data["reason"], by=request.user)
    except agreements.AgreementError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(kind)s version %(version)s withdrawn.")
            % {"kind": document.get_kind_display(), "version": document.version},
        )
    return redirect(f"{agreement.get_absolute_url()}#documents")


@login_required
@require_POST
def set_party_number(request, pk, party_pk):
    agreement = _agreement(request, pk)
    require(request.user, "agreements.set_party_number", agreement)
    party = get_object_or_404(agreement.parties.select_related("organisation"), pk=party_pk)
    form = PartyNumberForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("document_number", [])))
        return redirect(agreement)
    try:
        agreements.set_party_number(
            agreement, party.organisation, form.cleaned_data["document_number"], by=request.user
        )
    except agreements.AgreementError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Document number saved."))
    return redirect(agreement)


@login_required
@csp_override(DOWNLOAD_CSP)
def download_document(request, pk, document_pk):
    agreement = _agreement(request, pk)
    require(request.user, "agreements.download_agreement_document", agreement)
    document = get_object_or_404(agreement.documents, pk=document_pk)
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


# The province overview


@login_required
def province_overview(request):
    require(request.user, "agreements.view_province_overview")
    provinces = None
    if not sees_everything(request.user):
        # A provincial Diskominfo manager follows their own province only.
        provinces = Province.objects.filter(pk__in=reach(request.user).managed_province_ids)
        if len(provinces) == 1:
            return redirect("agreements:province_detail", code=provinces[0].pk)
    summaries = province_summaries(request.user, provinces)
    totals = dict.fromkeys(ProvinceState.LABELS, 0)
    for summary in summaries:
        totals[summary.state] += 1
    state = request.GET.get("state")
    state = state if state in ProvinceState.LABELS else None
    sort = SORT_BY_NAME if request.GET.get("sort") == SORT_BY_NAME else SORT_BY_STATE
    return render(
        request,
        "agreements/province_overview.html",
        {
            "provinces": arrange(summaries, state=state, sort=sort),
            "totals": [
                (key, label, totals[key], ProvinceState.COLOURS[key])
                for key, label in ProvinceState.LABELS.items()
            ],
            "state": state,
            "sort": sort,
            "sorts": [(SORT_BY_STATE, _("By state")), (SORT_BY_NAME, _("By name"))],
        },
    )


@login_required
def province_detail(request, code):
    province = get_object_or_404(Province, pk=code)
    require(request.user, "agreements.view_province", province)
    coverage = province_coverage(request.user, province)
    return render(
        request,
        "agreements/province_detail.html",
        {
            "province": province,
            "coverage": coverage,
            "covered": sum(1 for row in coverage if row.covered),
            "sees_everything": sees_everything(request.user),
        },
    )
