"""Agreement services: every write to an agreement, its parties, scope, documents and status.

Each function validates, writes inside a transaction, records an entry in the audit trail
(``audit.services.log``, on the agreement) and notifies through
``notifications.services.notify``. Refusals raise ``AgreementError`` (a ValidationError whose
``messages`` the view shows); nothing is changed then.
A user who may not touch the agreement at all gets ``PermissionDenied``.

API (signatures are the contract for views and tests):

- ``create_agreement(*, kind, title, parties, by, parent=None, signatories=(), scope=(),
  **details) -> Agreement``  (one "created" entry: kind, parties, signatories, how much scope)
- ``update_agreement(agreement, *, by, **details) -> Agreement``
  (``detail_problems(agreement, details)`` is its check, for forms that validate first)
- ``set_parties(agreement, parties: list[PartyInput], *, by)``
- ``set_signatories(agreement, signatories: list[SignatoryInput], *, by)``
- ``set_scope(agreement, items: list[ScopeInput], *, by)``
- ``set_target_value(target, *, value, by) -> Target``  (a figure entered by hand)
- ``draft_problems(agreement, *, kind, title, parent, parties, signatories, scope, **dates)``
  (every reason a drafting page cannot be saved, at once, for the form page)
- ``set_party_number(agreement, organisation, number, *, by)``  (a party's own number)
- ``transition(agreement, to: str, *, by, reason: str = "") -> Agreement``  (the one door)
- ``allowed_transitions(user, agreement) -> list[str]``  (the moves to offer as buttons)
- ``activation_problems(agreement) -> list[Problem]``  (what is missing, each with where to fix it)
- ``renew_agreement(agreement, *, by) -> Agreement``  (a successor draft, prefilled and linked)
- ``add_comment(agreement, *, body, by) -> AgreementComment``
- ``upload_document(agreement, *, kind, file, by, note="") -> AgreementDocument``
  (the file is checked by ``agreements.documents``)
- ``withdraw_document(document, *, reason, by) -> AgreementDocument``
- ``remind_expiring_agreements(*, today) -> int`` and ``expire_ended_agreements(*, today) -> int``
  (the daily scan, ``agreements.scans``)
"""

from collections.abc import Iterable
from datetime import date
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from audit.services import log
from common.files import sha256_of
from common.text import shorten
from notifications.services import notify
from partnerships.models import Organisation
from partnerships.selectors import managers_of, managers_of_filter

from . import documents
from .audit_actions import Action
from .models import (
    LARGEST_FIGURE,
    Agreement,
    AgreementComment,
    AgreementDocument,
    AgreementParty,
    ScopeItem,
    Signatory,
    Status,
    Target,
)
from .notification_kinds import (
    AGREEMENT_COMMENTED,
    AGREEMENT_DOCUMENT_UPLOADED,
    AGREEMENT_EXPIRING,
    AGREEMENT_PARTY_ADDED,
    AGREEMENT_STATUS_CHANGED,
)
from .rules import forget_party_ids, may_number_party

Kind = Agreement.Kind

# Reminders go out this many days before the end date, once each.
REMINDER_DAYS = (90, 30, 7)

# The one table of allowed moves: (from, to) -> the permission the acting user needs.
# Recording the signing is one step: ready becomes active if the agreement is already in force,
# signed if it takes effect later (``signing_outcome``); the daily scan then makes it active on
# its effective date. Only the system (by=None, the daily scan) may make the moves in
# SYSTEM_TRANSITIONS.
TRANSITIONS = {
    (Status.DRAFT, Status.NEGOTIATION): "agreements.transition_agreement",
    (Status.NEGOTIATION, Status.DRAFT): "agreements.transition_agreement",
    (Status.NEGOTIATION, Status.READY): "agreements.mark_ready_agreement",
    (Status.READY, Status.NEGOTIATION): "agreements.transition_agreement",
    (Status.READY, Status.ACTIVE): "agreements.transition_agreement",
    (Status.READY, Status.SIGNED): "agreements.transition_agreement",
    (Status.SIGNED, Status.ACTIVE): "agreements.transition_agreement",
    (Status.SIGNED, Status.TERMINATED): "agreements.terminate_agreement",
    (Status.ACTIVE, Status.TERMINATED): "agreements.terminate_agreement",
    (Status.ACTIVE, Status.EXPIRED): "agreements.terminate_agreement",
}
SYSTEM_TRANSITIONS = {(Status.ACTIVE, Status.EXPIRED), (Status.SIGNED, Status.ACTIVE)}

EDITABLE_DETAILS = frozenset(
    {"title", "summary", "signing_place", "signed_on", "effective_on", "ends_on", "parent"}
)


class AgreementError(ValidationError):
    """A refused change; ``messages`` say why in the user's language."""


class Problem(str):
    """A reason something is refused, and the page where it is fixed (``url``, may be empty).

    A string, so a list of problems is refused and compared like a list of messages.
    """

    url: str

    def __new__(cls, message, url: str = ""):
        problem = super().__new__(cls, message)
        problem.url = url
        return problem


class PartyInput(NamedTuple):
    organisation: Organisation
    document_number: str = ""


class SignatoryInput(NamedTuple):
    name: str
    position: str
    organisation: Organisation


class TargetInput(NamedTuple):
    metric: str
    quantity: int
    period: str
    label: str = ""
    manual_value: int | None = None


class ScopeInput(NamedTuple):
    area: str
    description: str = ""
    targets: Iterable[TargetInput] = ()


def diff(instance, data: dict) -> dict:
    """The fields of ``data`` whose value differs on ``instance``, as {field: [old, new]}."""
    changes = {}
    for field, new in data.items():
        old = getattr(instance, field)
        if old != new:
            changes[field] = [_plain(old), _plain(new)]
    return changes


def _plain(value):
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def _refuse(problems: list[str]) -> None:
    if len(problems) == 1:
        raise AgreementError(problems[0])
    if problems:
        raise AgreementError(problems)


def _lock(agreement: Agreement) -> Agreement:
    """The agreement's row, locked until the transaction ends (call inside atomic)."""
    return Agreement.objects.select_for_update().get(pk=agreement.pk)


def _require(by, permission: str, obj=None) -> None:
    if by is None or not by.has_perm(permission, obj):
        raise PermissionDenied


def _too_long(model, **values) -> list[str]:
    """Why any of ``values`` is longer than its field of ``model`` allows.

    The forms say it first; this guards every other caller, and SQLite, which stores any length.
    """
    problems = []
    for name, value in values.items():
        field = model._meta.get_field(name)
        if value and len(value) > field.max_length:
            problems.append(
                _("%(field)s can be at most %(max)s characters long.")
                % {"field": capfirst(field.verbose_name), "max": field.max_length}
            )
    return problems


def _check_open(agreement: Agreement) -> None:
    if agreement.status not in Status.open():
        raise AgreementError(
            _("A signed or ended agreement can no longer be changed; renew it instead.")
        )


# Validation shared by creating and editing.


def _party_problems(parties: list[PartyInput]) -> list[str]:
    organisation_ids = [party.organisation.pk for party in parties]
    problems = []
    if len(set(organisation_ids)) != len(organisation_ids):
        problems.append(_("Each organisation can be a party only once."))
    if len(set(organisation_ids)) < 2:
        problems.append(_("An agreement needs at least two parties."))
    if not any(party.organisation.is_kpk for party in parties):
        problems.append(_("One of the parties must be a KPK unit."))
    for party in parties:
        problems += _too_long(AgreementParty, document_number=party.document_number.strip())
    return list(dict.fromkeys(problems))


def _clean_parties(parties) -> list[PartyInput]:
    parties = [PartyInput(*party) for party in parties]
    _refuse(_party_problems(parties))
    return [party._replace(document_number=party.document_number.strip()) for party in parties]


def _parent_problems(kind: str, parent: Agreement | None) -> list[str]:
    if kind == Kind.MOU and parent is not None:
        return [_("An MoU does not fall under another agreement.")]
    if kind == Kind.PKS and (parent is None or parent.kind != Kind.MOU):
        return [_("A PKS falls under an MoU: choose its MoU.")]
    if kind == Kind.ADDENDUM and (parent is None or parent.kind == Kind.ADDENDUM):
        return [_("An addendum amends an MoU or a PKS: choose the agreement it amends.")]
    return []


def _date_problems(
    kind: str,
    parent: Agreement | None,
    effective_on: date | None,
    ends_on: date | None,
    signed_on: date | None = None,
) -> list[str]:
    problems = []
    if signed_on and signed_on > timezone.localdate():
        problems.append(_("The date of signing cannot be in the future."))
    if effective_on and ends_on and ends_on < effective_on:
        problems.append(_("The end date cannot be before the effective date."))
    if kind == Kind.PKS and parent is not None:
        if effective_on and parent.effective_on and effective_on < parent.effective_on:
            problems.append(_("A PKS cannot start before its MoU takes effect."))
        if ends_on and parent.ends_on and ends_on > parent.ends_on:
            problems.append(_("A PKS cannot end after its MoU ends."))
    return problems


def _parties_summary(parties: Iterable) -> str:
    return "; ".join(
        f"{party.organisation.display_name} ({party.document_number or '—'})" for party in parties
    )


def _signatories_summary(signatories: Iterable) -> str:
    return "; ".join(f"{s.name}, {s.position} ({s.organisation.display_name})" for s in signatories)


def _scope_summary(items: Iterable[ScopeInput]) -> str:
    lines = []
    for item in items:
        area = ScopeItem.Area(item.area).label
        line = f"{area}: {item.description}" if item.description else str(area)
        targets = ", ".join(_target_summary(target) for target in item.targets)
        lines.append(f"{line} [{targets}]" if targets else line)
    return "; ".join(lines)


def _target_summary(target: TargetInput) -> str:
    what = target.label or Target.Metric(target.metric).label
    return f"{target.quantity} {what} {Target.Period(target.period).label}"


def _write_parties(agreement: Agreement, parties: list[PartyInput]) -> None:
    agreement.parties.exclude(organisation__in=[party.organisation for party in parties]).delete()
    for position, party in enumerate(parties):
        AgreementParty.objects.update_or_create(
            agreement=agreement,
            organisation=party.organisation,
            defaults={"document_number": party.document_number, "position": position},
        )
    forget_party_ids(agreement)


# Creating and editing.


def create_agreement(
    *,
    kind: str,
    title: str,
    parties,
    by,
    parent: Agreement | None = None,
    signatories=(),
    scope=(),
    summary: str = "",
    signing_place: str = "",
    effective_on: date | None = None,
    ends_on: date | None = None,
) -> Agreement:
    """A new draft between ``parties`` (organisation, document number), owned by ``by``.

    Its signatories and scope items may come at once; the history then has one entry that
    names the kind, the parties and signatories and counts the scope, not one entry per part.
    """
    _require(by, "agreements.add_agreement")
    title = title.strip()
    parties = [PartyInput(*party) for party in parties]
    problems = [] if title else [_("An agreement needs a title.")]
    problems += _too_long(Agreement, title=title, summary=summary, signing_place=signing_place)
    if kind not in Kind.values:
        problems.append(_("Choose whether this is an MoU, a PKS or an addendum."))
    else:
        problems += _parent_problems(kind, parent)
        problems += _date_problems(kind, parent, effective_on, ends_on)
    # Every problem at once: a missing parent does not hide a missing KPK party.
    _refuse(problems + _party_problems(parties))
    parties = _clean_parties(parties)
    signatories = _clean_signatories(signatories, {party.organisation.pk for party in parties})
    scope = _clean_scope(scope)
    with transaction.atomic():
        agreement = Agreement.objects.create(
            kind=kind,
            title=title,
            parent=parent,
            summary=summary,
            signing_place=signing_place,
            effective_on=effective_on,
            ends_on=ends_on,
            owner=by,
        )
        _write_parties(agreement, parties)
        _write_signatories(agreement, signatories)
        _write_scope(agreement, scope)
        changes = {"kind": kind, "parties": [None, _parties_summary(parties)]}
        if signatories:
            changes["signatories"] = [None, _signatories_summary(signatories)]
        if scope:
            changes["scope_size"] = {
                "items": len(scope),
                "targets": sum(len(item.targets) for item in scope),
            }
        log(agreement, Action.CREATED, by=by, changes=changes)
        _notify_new_parties(agreement, [party.organisation for party in parties], by=by)
    return agreement


def _notify_new_parties(agreement: Agreement, organisations, *, by) -> None:
    """Tell the managers of organisations just made party to ``agreement``."""
    notify(AGREEMENT_PARTY_ADDED.code, managers_of(organisations), target=agreement, by=by)


def draft_problems(
    agreement: Agreement | None,
    *,
    parties=None,
    signatories=None,
    scope=None,
    **details,
) -> list[str]:
    """Every reason the drafting page's input cannot be saved, all at once (empty when it can).

    ``agreement`` is None when creating (``details`` then include ``kind``); ``parties``,
    ``signatories`` and ``scope`` are the page's rows (None: left as they are). The services
    check the same rules one by one as they write; this collects them so the page lists them
    together.
    """
    if agreement is None:
        kind = details.get("kind")
        problems = (
            [] if (details.get("title") or "").strip() else [_("An agreement needs a title.")]
        )
        if kind not in Kind.values:
            problems.append(_("Choose whether this is an MoU, a PKS or an addendum."))
        else:
            parent = details.get("parent")
            problems += _parent_problems(kind, parent)
            problems += _date_problems(
                kind, parent, details.get("effective_on"), details.get("ends_on")
            )
    else:
        problems = detail_problems(agreement, details)
    party_organisations = None
    if parties is not None:
        parties = [PartyInput(*party) for party in parties]
        problems += _party_problems(parties)
        party_organisations = {party.organisation.pk for party in parties}
    elif agreement is not None:
        party_organisations = set(agreement.parties.values_list("organisation_id", flat=True))
    for signatory in [SignatoryInput(*s) for s in signatories or ()]:
        if not signatory.name.strip() or not signatory.position.strip():
            problems.append(_("Each signatory needs a name and a position."))
        if party_organisations is not None and signatory.organisation.pk not in (
            party_organisations
        ):
            problems.append(
                _("%(organisation)s is not a party to this agreement.")
                % {"organisation": signatory.organisation.display_name}
            )
    if scope is not None:
        try:
            _clean_scope(scope)
        except AgreementError as error:
            problems += error.messages
    return list(dict.fromkeys(problems))


def detail_problems(agreement: Agreement, details: dict) -> list[str]:
    """Why ``details`` cannot be saved on ``agreement`` as it is (empty when they can).

    The one check of an edit, used by ``update_agreement`` under the row lock and by the admin's
    form before it saves, so both refuse the same things with the same words.
    """
    if agreement.status not in Status.open():
        return [_("A signed or ended agreement can no longer be changed; renew it instead.")]
    problems = []
    if "title" in details and not (details["title"] or "").strip():
        problems.append(_("An agreement needs a title."))
    texts = ("title", "summary", "signing_place")
    problems += _too_long(Agreement, **{name: details[name] for name in texts if name in details})
    parent = details.get("parent", agreement.parent)
    problems += _parent_problems(agreement.kind, parent)
    problems += _date_problems(
        agreement.kind,
        parent,
        details.get("effective_on", agreement.effective_on),
        details.get("ends_on", agreement.ends_on),
        details.get("signed_on"),
    )
    return problems


def update_agreement(agreement: Agreement, *, by, **details) -> Agreement:
    """Change the details of an agreement still being drafted; records what changed."""
    unknown = set(details) - EDITABLE_DETAILS
    if unknown:
        raise TypeError(f"update_agreement() cannot change {', '.join(sorted(unknown))}")
    if "title" in details:
        details["title"] = details["title"].strip()
    with transaction.atomic():
        locked = _lock(agreement)
        _check_open(locked)
        _require(by, "agreements.change_agreement", locked)
        _refuse(detail_problems(locked, details))
        changes = diff(locked, details)
        if not changes:
            return locked
        for field in changes:
            setattr(locked, field, details[field])
        locked.save(update_fields=[*changes, "updated_at"])
        log(locked, Action.DETAILS_CHANGED, by=by, changes=changes)
    return locked


def set_parties(agreement: Agreement, parties, *, by) -> None:
    """Replace the parties (organisation, document number) of an agreement still being drafted."""
    parties = _clean_parties(parties)
    with transaction.atomic():
        locked = _lock(agreement)
        _check_open(locked)
        _require(by, "agreements.change_agreement", locked)
        kept = {party.organisation.pk for party in parties}
        orphaned = locked.signatories.exclude(organisation__in=kept).select_related("organisation")
        _refuse(
            [
                _("%(organisation)s still has a signatory: remove them first.")
                % {"organisation": signatory.organisation.display_name}
                for signatory in orphaned
            ]
        )
        before = _parties_summary(locked.parties.select_related("organisation"))
        after = _parties_summary(parties)
        if before == after:
            return
        already = set(locked.parties.values_list("organisation_id", flat=True))
        _write_parties(locked, parties)
        locked.save(update_fields=["updated_at"])
        log(locked, Action.PARTIES_CHANGED, by=by, changes={"parties": [before, after]})
        _notify_new_parties(
            locked,
            [party.organisation for party in parties if party.organisation.pk not in already],
            by=by,
        )
    forget_party_ids(agreement)


def set_party_number(agreement: Agreement, organisation: Organisation, number: str, *, by):
    """Enter ``organisation``'s own number for the agreement, as that party's manager.

    A party's manager sets only their own organisation's number (KPK staff may set any party's),
    while the agreement is drafted or signed and not yet in force. Audited like the parties.
    """
    number = number.strip()
    max_length = AgreementParty._meta.get_field("document_number").max_length
    with transaction.atomic():
        locked = _lock(agreement)
        _require(by, "agreements.set_party_number", locked)
        party = (
            locked.parties.select_for_update()
            .select_related("organisation")
            .filter(organisation=organisation)
            .first()
        )
        if party is None:
            raise AgreementError(
                _("%(organisation)s is not a party to this agreement.")
                % {"organisation": organisation.display_name}
            )
        if not may_number_party(by, locked, organisation):
            raise PermissionDenied
        if len(number) > max_length:
            raise AgreementError(
                _("A document number has at most %(max)s characters.") % {"max": max_length}
            )
        if party.document_number == number:
            return party
        before = _parties_summary(locked.parties.select_related("organisation"))
        party.document_number = number
        party.save(update_fields=["document_number"])
        after = _parties_summary(locked.parties.select_related("organisation"))
        locked.save(update_fields=["updated_at"])
        log(locked, Action.PARTY_NUMBER_ENTERED, by=by, changes={"parties": [before, after]})
    return party


def _clean_signatories(signatories, party_ids: set[int]) -> list[SignatoryInput]:
    signatories = [SignatoryInput(*signatory) for signatory in signatories]
    problems = []
    for signatory in signatories:
        if not signatory.name.strip() or not signatory.position.strip():
            problems.append(_("Each signatory needs a name and a position."))
        problems += _too_long(
            Signatory, name=signatory.name.strip(), position=signatory.position.strip()
        )
        if signatory.organisation.pk not in party_ids:
            problems.append(
                _("%(organisation)s is not a party to this agreement.")
                % {"organisation": signatory.organisation.display_name}
            )
    _refuse(list(dict.fromkeys(problems)))
    return signatories


def _write_signatories(agreement: Agreement, signatories: list[SignatoryInput]) -> None:
    agreement.signatories.all().delete()
    Signatory.objects.bulk_create(
        [
            Signatory(
                agreement=agreement,
                organisation=signatory.organisation,
                name=signatory.name.strip(),
                position=signatory.position.strip(),
            )
            for signatory in signatories
        ]
    )


def set_signatories(agreement: Agreement, signatories, *, by) -> None:
    """Replace who signs for each party (name, position, organisation, which must be a party)."""
    with transaction.atomic():
        locked = _lock(agreement)
        _check_open(locked)
        _require(by, "agreements.change_agreement", locked)
        party_ids = set(locked.parties.values_list("organisation_id", flat=True))
        signatories = _clean_signatories(signatories, party_ids)
        before = _signatories_summary(locked.signatories.select_related("organisation"))
        after = _signatories_summary(signatories)
        if before == after:
            return
        _write_signatories(locked, signatories)
        locked.save(update_fields=["updated_at"])
        log(locked, Action.SIGNATORIES_CHANGED, by=by, changes={"signatories": [before, after]})


def _clean_scope(items) -> list[ScopeInput]:
    cleaned, problems = [], []
    for item in items:
        item = ScopeInput(*item)
        targets = [TargetInput(*target) for target in item.targets]
        if item.area not in ScopeItem.Area.values:
            problems.append(_("Choose the area of each scope item from the list."))
        if item.area == ScopeItem.Area.OTHER and not item.description.strip():
            problems.append(_("Describe a scope item of the area “Other”."))
        problems += _too_long(ScopeItem, description=item.description.strip())
        for target in targets:
            if target.metric not in Target.Metric.values or target.period not in (
                Target.Period.values
            ):
                problems.append(_("Choose what each target counts and its period from the list."))
            if not isinstance(target.quantity, int) or target.quantity < 1:
                problems.append(_("A target counts at least one."))
            elif target.quantity > LARGEST_FIGURE:
                problems.append(_figure_too_large())
            if target.metric == Target.Metric.MANUAL and not target.label.strip():
                problems.append(_("Name what a target entered by hand counts."))
            problems += _too_long(Target, label=target.label.strip())
            if target.manual_value is not None and target.manual_value < 0:
                problems.append(_("A figure achieved cannot be negative."))
            elif target.manual_value is not None and target.manual_value > LARGEST_FIGURE:
                problems.append(_figure_too_large())
        cleaned.append(item._replace(description=item.description.strip(), targets=targets))
    _refuse(list(dict.fromkeys(problems)))
    return cleaned


def _figure_too_large() -> str:
    return _("A target's figures can be at most %(max)s.") % {"max": LARGEST_FIGURE}


def _scope_of(agreement: Agreement) -> list[ScopeInput]:
    return [
        ScopeInput(
            item.area,
            item.description,
            [
                TargetInput(t.metric, t.quantity, t.period, t.label, t.manual_value)
                for t in item.targets.all()
            ],
        )
        for item in agreement.scope_items.prefetch_related("targets")
    ]


def _write_scope(agreement: Agreement, items: list[ScopeInput], *, keep_values=True) -> None:
    agreement.scope_items.all().delete()
    for item in items:
        scope_item = ScopeItem.objects.create(
            agreement=agreement, area=item.area, description=item.description
        )
        Target.objects.bulk_create(
            [
                Target(
                    scope_item=scope_item,
                    metric=target.metric,
                    quantity=target.quantity,
                    period=target.period,
                    label=target.label.strip(),
                    manual_value=target.manual_value if keep_values else None,
                )
                for target in item.targets
            ]
        )


def set_scope(agreement: Agreement, items, *, by) -> None:
    """Replace the scope items, each with its targets, of an agreement still being drafted."""
    items = _clean_scope(items)
    with transaction.atomic():
        locked = _lock(agreement)
        _check_open(locked)
        _require(by, "agreements.change_agreement", locked)
        before = _scope_summary(_scope_of(locked))
        after = _scope_summary(items)
        if before == after:
            return
        _write_scope(locked, items)
        locked.save(update_fields=["updated_at"])
        log(locked, Action.SCOPE_CHANGED, by=by, changes={"scope": [before, after]})


def set_target_value(target: Target, *, value: int | None, by) -> Target:
    """Enter the figure achieved so far for a target counted by hand, while the agreement runs."""
    agreement = target.scope_item.agreement
    _require(by, "agreements.report_agreement_progress", agreement)
    if target.metric != Target.Metric.MANUAL:
        raise AgreementError(_("This target is counted automatically."))
    if value is not None and value < 0:
        raise AgreementError(_("A figure achieved cannot be negative."))
    if value is not None and value > LARGEST_FIGURE:
        raise AgreementError(_figure_too_large())
    with transaction.atomic():
        locked = _lock(agreement)
        target = Target.objects.select_for_update().get(pk=target.pk)
        changes = diff(target, {"manual_value": value})
        if changes:
            target.manual_value = value
            target.save(update_fields=["manual_value"])
            changes = {str(target): changes["manual_value"]}
            log(locked, Action.TARGET_VALUE_ENTERED, by=by, changes=changes)
    return target


# The one door for the status.


def _move_problems(agreement: Agreement, to: str, *, by) -> list[str]:
    """Why ``by`` may not move ``agreement`` to ``to`` now; empty if they may."""
    move = (agreement.status, to)
    if move not in TRANSITIONS:
        return [
            _("An agreement cannot move from “%(from)s” to “%(to)s”.")
            % {
                "from": Status(agreement.status).label,
                "to": Status(to).label if to in Status.values else to,
            }
        ]
    if by is None:
        if move not in SYSTEM_TRANSITIONS:
            return [_("Only a person can make this change.")]
    elif not by.has_perm(TRANSITIONS[move], agreement):
        if to == Status.READY:
            return [_("Only a KPK manager can mark an agreement ready to sign.")]
        if to in Status.ended():
            return [_("Only a KPK manager can end an agreement.")]
        return [_("Only KPK staff can change the status of an agreement.")]
    return _guard_problems(agreement, to)


def _guard_problems(agreement: Agreement, to: str) -> list[str]:
    if to in Status.concluded():
        problems = activation_problems(agreement)
        if (
            agreement.status == Status.SIGNED
            and agreement.effective_on
            and agreement.effective_on > timezone.localdate()
        ):
            problems.append(_("The agreement takes effect only on its effective date."))
        return problems
    if to == Status.EXPIRED and (
        agreement.ends_on is None or agreement.ends_on >= timezone.localdate()
    ):
        return [_("An agreement expires only after its end date; to end it early, terminate it.")]
    return []


def signing_outcome(agreement: Agreement) -> str:
    """What recording the signing makes of ``agreement``: signed until its effective date, then
    active."""
    if agreement.effective_on is not None and agreement.effective_on > timezone.localdate():
        return Status.SIGNED
    return Status.ACTIVE


def activation_problems(agreement: Agreement) -> list[Problem]:
    """What an agreement still lacks to be signed and take effect (empty when it can).

    Each problem carries the page where it is fixed: the upload page, a field of the edit page,
    or the parent agreement's page.
    """
    edit = reverse("agreements:update", args=[agreement.pk])
    upload = reverse("agreements:document_upload", args=[agreement.pk])
    problems = []
    if not agreement.documents.current().filter(kind=AgreementDocument.Kind.SIGNED).exists():
        problems.append(Problem(_("Upload the signed scan first."), f"{upload}?kind=signed"))
    if agreement.signed_on is None:
        problems.append(Problem(_("Enter the date of signing first."), f"{edit}#id_signed_on"))
    elif agreement.signed_on > timezone.localdate():
        problems.append(
            Problem(_("The date of signing cannot be in the future."), f"{edit}#id_signed_on")
        )
    if agreement.effective_on is None or agreement.ends_on is None:
        field = "id_effective_on" if agreement.effective_on is None else "id_ends_on"
        problems.append(Problem(_("Enter the effective and end dates first."), f"{edit}#{field}"))
    elif agreement.ends_on < timezone.localdate():
        problems.append(
            Problem(
                _("The end date has passed: the agreement can no longer take effect."),
                f"{edit}#id_ends_on",
            )
        )
    # The edit page lists the parties in this order; the row's number field is the anchor.
    for index, party in enumerate(agreement.parties.select_related("organisation")):
        if not party.document_number:
            problems.append(
                Problem(
                    _("Enter the document number of %(organisation)s first.")
                    % {"organisation": party.organisation.display_name},
                    f"{edit}#id_parties-{index}-document_number",
                )
            )
    parent = agreement.parent
    if parent is not None:
        problems += [
            Problem(problem, f"{edit}#id_effective_on")
            for problem in _date_problems(
                agreement.kind, parent, agreement.effective_on, agreement.ends_on
            )
        ]
        # Signed under a parent signed or in force; in force only under one in force.
        allowed = (
            Status.concluded() if signing_outcome(agreement) == Status.SIGNED else {Status.ACTIVE}
        )
        if parent.status not in allowed:
            if agreement.kind == Kind.PKS:
                message = _("A PKS can take effect only while its MoU is active.")
            else:
                message = _(
                    "An addendum can take effect only while the agreement it amends is active."
                )
            problems.append(Problem(message, parent.get_absolute_url()))
    return list(dict.fromkeys(problems))


def allowed_transitions(user, agreement: Agreement) -> list[str]:
    """The statuses ``user`` may move ``agreement`` to, for the detail page's buttons.

    By the table and the role; the guards may still refuse (and say why), except that
    "expired" is offered only once the end date has passed.
    """
    ended = agreement.ends_on is not None and agreement.ends_on < timezone.localdate()
    return [
        to
        for (source, to), permission in TRANSITIONS.items()
        if source == agreement.status
        and (to != Status.EXPIRED or ended)
        # Recording the signing is one button (to active; the service decides), and a signed
        # agreement takes effect by the daily scan, not by a button.
        and (source, to) not in {(Status.READY, Status.SIGNED), (Status.SIGNED, Status.ACTIVE)}
        and user.has_perm(permission, agreement)
    ]


def can_offer_renewal(user, agreement: Agreement) -> bool:
    """Whether the detail page offers "Renew": the permission, and a state that renews."""
    return (
        agreement.status in Status.renewable()
        and user.has_perm("agreements.renew_agreement", agreement)
        and not Agreement.objects.filter(predecessor=agreement).exists()
    )


def transition(agreement: Agreement, to: str, *, by, reason: str = "") -> Agreement:
    """Move ``agreement`` to status ``to``: the only code that changes an agreement's status.

    Checks the move against TRANSITIONS, the permission of ``by`` (None for the system) and the
    move's guards, then writes with a conditional update, records the history and notifies the
    parties' managers and the KPK owners. Raises AgreementError, changing nothing, if refused
    or if the status changed since ``agreement`` was loaded.

    Recording the signing (ready to active or to signed) ends in the status the effective date
    calls for (``signing_outcome``). Terminating an agreement terminates, in the same
    transaction and through this same door, the agreements under it that are signed or in force
    (``ending_with``), each with the reason "Ended with its MoU: ...".
    """
    reason = reason.strip()
    with transaction.atomic():
        locked = _lock(agreement)
        if locked.status != agreement.status:
            raise AgreementError(
                _("Someone else changed this agreement meanwhile: it is now “%(status)s”.")
                % {"status": locked.get_status_display()}
            )
        if locked.status == Status.READY and to in Status.concluded():
            to = signing_outcome(locked)
        problems = _move_problems(locked, to, by=by)
        if to == Status.TERMINATED and not reason:
            problems.append(_("Give the reason for terminating the agreement."))
        problems += _too_long(Agreement, termination_reason=reason)
        _refuse(problems)
        source = locked.status
        fields = {"status": to, "updated_at": timezone.now()}
        if to == Status.TERMINATED:
            fields["termination_reason"] = reason
        # The row lock serialises this on PostgreSQL; the condition keeps it safe where
        # select_for_update is a no-op (SQLite).
        updated = Agreement.objects.filter(pk=locked.pk, status=source).update(**fields)
        if not updated:
            raise AgreementError(_("Someone else changed this agreement meanwhile."))
        for field, value in fields.items():
            setattr(agreement, field, value)
        log(
            agreement,
            Action.STATUS_CHANGED,
            by=by,
            changes={"from": source, "to": to, "reason": reason},
        )
        notify(
            AGREEMENT_STATUS_CHANGED.code,
            people_to_notify(agreement),
            target=agreement,
            context={"from": source, "to": to},
            by=by,
        )
        if to == Status.TERMINATED:
            _end_with(locked, reason, by=by)
    return agreement


def ending_with(agreement: Agreement):
    """The agreements under ``agreement`` that end with it if it is terminated: signed or in
    force."""
    return agreement.children.filter(status__in=Status.concluded()).order_by("pk")


def _end_with(parent: Agreement, reason: str, *, by) -> None:
    """Terminate what hangs under ``parent`` with it, each through the one door (which goes on
    down to what hangs under them)."""
    if parent.kind == Kind.MOU:
        child_reason = _("Ended with its MoU: %(reason)s") % {"reason": reason}
    else:
        child_reason = _("Ended with the agreement it falls under: %(reason)s") % {"reason": reason}
    for child in ending_with(parent):
        transition(child, Status.TERMINATED, by=by, reason=child_reason)


def people_to_notify(agreement: Agreement):
    """The managers of the parties (KPK managers of a KPK party included) and the KPK owner."""
    parties = Organisation.objects.filter(agreement_parties__agreement=agreement)
    return (
        get_user_model()
        .objects.filter(Q(pk=agreement.owner_id, is_active=True) | managers_of_filter(parties))
        .distinct()
        .order_by("pk")
    )


# Documents.


def upload_document(
    agreement: Agreement, *, kind: str, file, by, note: str = ""
) -> AgreementDocument:
    """Store ``file`` as the next version of the agreement's ``kind`` document.

    Raises PermissionDenied unless ``by`` may upload to the agreement, and ValidationError when
    the file is empty, too large, not a PDF or DOCX (by content), a DOCX that unpacks too large
    or into too many parts, macro-enabled, or named with the other type's extension. Nothing is
    stored then: no row, no file. Records a history entry.
    """
    if not by.has_perm("agreements.upload_agreement_document", agreement):
        raise PermissionDenied
    if kind not in AgreementDocument.Kind.values:
        raise ValidationError(_("Choose what kind of document this is."), code="kind")
    _refuse(_too_long(AgreementDocument, note=note))
    content_type = documents.validate_document(file)
    original_name = documents.original_name(file.name)
    document = AgreementDocument(
        kind=kind,
        original_name=original_name,
        content_type=content_type,
        size=file.size,
        sha256=sha256_of(file),
        note=note,
        uploaded_by=by,
    )
    try:
        with transaction.atomic():
            # The lock serialises uploads to one agreement, so two never take the same version,
            # and the permission (which depends on the status) holds until the row is written.
            agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
            if not by.has_perm("agreements.upload_agreement_document", agreement):
                raise PermissionDenied
            document.agreement = agreement
            document.version = _next_version(agreement, kind)
            # upload_to generates the stored name; only the extension comes from the upload.
            document.file.save(original_name, file, save=False)
            document.save()
            log(
                agreement,
                Action.DOCUMENT_UPLOADED,
                by=by,
                changes={
                    "document": document.pk,
                    "kind": kind,
                    "version": document.version,
                    "name": original_name,
                },
            )
            notify(
                AGREEMENT_DOCUMENT_UPLOADED.code,
                people_to_notify(agreement),
                target=agreement,
                context={"kind": kind, "version": document.version, "name": original_name},
                by=by,
            )
    except BaseException:
        # The row was rolled back; the file already written must not outlive it.
        if document.file.name:
            document.file.storage.delete(document.file.name)
        raise
    return document


def _next_version(agreement: Agreement, kind: str) -> int:
    # Withdrawn versions keep their numbers: the next upload takes the next one.
    latest = agreement.documents.filter(kind=kind).aggregate(latest=Max("version"))["latest"]
    return (latest or 0) + 1


def withdraw_document(document: AgreementDocument, *, reason: str, by) -> AgreementDocument:
    """Withdraw a version uploaded by mistake: it stays listed and in the history, but no longer
    counts (a withdrawn signed scan does not satisfy activation). The file is kept."""
    reason = reason.strip()
    with transaction.atomic():
        agreement = _lock(document.agreement)
        _require(by, "agreements.withdraw_agreement_document", agreement)
        document = AgreementDocument.objects.select_for_update().get(pk=document.pk)
        problems = []
        if document.is_withdrawn:
            problems.append(_("This version has already been withdrawn."))
        if not reason:
            problems.append(_("Give the reason for withdrawing this version."))
        _refuse(problems)
        document.withdrawn_at = timezone.now()
        document.withdrawn_by = by
        document.withdrawal_reason = reason
        document.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
        log(
            agreement,
            Action.DOCUMENT_WITHDRAWN,
            by=by,
            changes={
                "document": document.pk,
                "kind": document.kind,
                "version": document.version,
                "name": document.original_name,
                "reason": reason,
            },
        )
    return document


# Renewal and discussion.


def renew_agreement(agreement: Agreement, *, by) -> Agreement:
    """A successor draft, prefilled from ``agreement`` and linked to it as its renewal.

    Parties keep their places but not their numbers: the new document gets new numbers.
    """
    _require(by, "agreements.renew_agreement", agreement)
    with transaction.atomic():
        locked = _lock(agreement)
        if locked.status not in Status.renewable():
            raise AgreementError(_("Only an active or expired agreement can be renewed."))
        if Agreement.objects.filter(predecessor=locked).exists():
            raise AgreementError(_("This agreement has already been renewed."))
        try:
            with transaction.atomic():
                successor = Agreement.objects.create(
                    kind=locked.kind,
                    parent=locked.parent,
                    predecessor=locked,
                    title=locked.title,
                    summary=locked.summary,
                    owner=by,
                )
        except IntegrityError:
            raise AgreementError(_("This agreement has already been renewed.")) from None
        parties = list(locked.parties.select_related("organisation"))
        _write_parties(successor, [PartyInput(party.organisation) for party in parties])
        Signatory.objects.bulk_create(
            [
                Signatory(
                    agreement=successor,
                    organisation=s.organisation,
                    name=s.name,
                    position=s.position,
                )
                for s in locked.signatories.all()
            ]
        )
        _write_scope(successor, _scope_of(locked), keep_values=False)
        log(locked, Action.RENEWED, by=by, changes={"successor": successor.pk})
        log(successor, Action.RENEWED, by=by, changes={"predecessor": locked.pk})
    return successor


# A comment's preview in notifications and on the dashboard.
EXCERPT_LENGTH = 120


def add_comment(agreement: Agreement, *, body: str, by) -> AgreementComment:
    """A comment in the discussion of an agreement being drafted or in force; notifies the
    others."""
    body = body.strip()
    if agreement.status in Status.ended():
        raise AgreementError(_("The discussion is closed once the agreement has ended."))
    _require(by, "agreements.comment_agreement", agreement)
    if not body:
        raise AgreementError(_("Write something to comment."))
    _refuse(_too_long(AgreementComment, body=body))
    with transaction.atomic():
        comment = AgreementComment.objects.create(agreement=agreement, author=by, body=body)
        log(agreement, Action.COMMENTED, by=by, changes={"comment": comment.pk})
        notify(
            AGREEMENT_COMMENTED.code,
            people_to_notify(agreement),
            target=agreement,
            context={"excerpt": shorten(body, EXCERPT_LENGTH)},
            by=by,
        )
    return comment


# The daily scan.


def reminder_due(agreement: Agreement, *, today: date) -> int | None:
    """The reminder (90, 30 or 7 days) that covers ``agreement`` today, if any."""
    if agreement.status != Status.ACTIVE or agreement.ends_on is None:
        return None
    days_left = (agreement.ends_on - today).days
    if days_left < 0:
        return None
    return min((days for days in REMINDER_DAYS if days >= days_left), default=None)


def remind_expiring_agreements(*, today: date) -> int:
    """Remind the parties' managers and KPK owners 90, 30 and 7 days before an agreement ends.

    Each reminder goes out once per person: notify's event key covers the agreement, its end
    date and the threshold, so a scan run twice (or a missed day) neither repeats nor skips one.
    Returns how many agreements were reminded.
    """
    horizon = date.fromordinal(today.toordinal() + max(REMINDER_DAYS))
    due = Agreement.objects.filter(
        status=Status.ACTIVE, ends_on__gte=today, ends_on__lte=horizon
    ).values_list("pk", flat=True)
    reminded = 0
    for pk in list(due):
        with transaction.atomic():
            agreement = Agreement.objects.select_for_update().get(pk=pk)
            days = reminder_due(agreement, today=today)
            if days is None:
                continue
            sent = notify(
                AGREEMENT_EXPIRING.code,
                people_to_notify(agreement),
                target=agreement,
                context={
                    "days": (agreement.ends_on - today).days,
                    "reminder": days,
                    "ends_on": agreement.ends_on.isoformat(),
                },
                # Once per person for this threshold of this end date, however often we run.
                key=f"agreement-ending:{agreement.pk}:{agreement.ends_on.isoformat()}:{days}",
            )
            reminded += bool(sent)
    return reminded


def activate_signed_agreements(*, today: date) -> int:
    """Move the signed agreements whose effective date has come to active, through the one door
    by the system; returns how many. An MoU goes before the PKS under it, a PKS before its
    addenda, so a PKS taking effect on its MoU's first day finds the MoU in force."""
    due = Agreement.objects.filter(status=Status.SIGNED, effective_on__lte=today)
    activated = 0
    for kind in (Kind.MOU, Kind.PKS, Kind.ADDENDUM):
        for agreement in due.filter(kind=kind).order_by("effective_on", "pk"):
            try:
                transition(agreement, Status.ACTIVE, by=None)
            except AgreementError:
                continue  # something is missing now (a withdrawn scan); it stays signed
            activated += 1
    return activated


def expire_ended_agreements(*, today: date) -> int:
    """Move the active agreements whose end date has passed to expired; returns how many."""
    ended = Agreement.objects.filter(status=Status.ACTIVE, ends_on__lt=today)
    expired = 0
    for agreement in ended:
        try:
            transition(agreement, Status.EXPIRED, by=None)
        except AgreementError:
            continue  # changed meanwhile by someone else
        expired += 1
    return expired
