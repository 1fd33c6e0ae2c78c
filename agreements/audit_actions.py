"""How the agreements' audit entries read (see audit.actions).

Every change to an agreement and its parts is logged on the agreement itself, so its page shows
one timeline. Ids kept for reference (a comment's, a document's, the renewal's) are not shown:
the page shows those things themselves.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from audit.actions import describe_fields, register_action

from .models import Agreement, AgreementDocument, Status


class Action:
    """The agreements' audit codes (stored in every entry: never rename one)."""

    CREATED = "agreements.created"
    DETAILS_CHANGED = "agreements.details_changed"
    PARTIES_CHANGED = "agreements.parties_changed"
    SIGNATORIES_CHANGED = "agreements.signatories_changed"
    SCOPE_CHANGED = "agreements.scope_changed"
    TARGET_VALUE_ENTERED = "agreements.target_value_entered"
    DOCUMENT_UPLOADED = "agreements.document_uploaded"
    DOCUMENT_WITHDRAWN = "agreements.document_withdrawn"
    PARTY_NUMBER_ENTERED = "agreements.party_number_entered"
    STATUS_CHANGED = "agreements.status_changed"
    COMMENTED = "agreements.commented"
    RENEWED = "agreements.renewed"


# Keys of the changes that are not fields of Agreement, and ids the page shows otherwise.
LABELS = {
    "parties": _("Parties"),
    "signatories": _("Signatories"),
    "scope": _("Scope and targets"),
    "comment": None,
    "document": None,
    "successor": None,
    "predecessor": None,
    "scope_size": None,
}


def describe_agreement_changes(entry) -> list[str]:
    changes = entry.changes if isinstance(entry.changes, dict) else {}
    return describe_fields(Agreement, changes, labels=LABELS)


def describe_creation(entry) -> list[str]:
    """The kind, the parties (and signatories) and how much scope: never the scope itself."""
    changes = entry.changes if isinstance(entry.changes, dict) else {}
    size = changes.get("scope_size")
    # The kind first, then the rest in the model's order.
    first = {key: changes[key] for key in ("kind",) if key in changes}
    rest = {key: value for key, value in changes.items() if key not in first}
    lines = describe_fields(Agreement, first) + describe_fields(Agreement, rest, labels=LABELS)
    if isinstance(size, dict):
        items = ngettext("%(count)d scope item", "%(count)d scope items", size.get("items", 0)) % {
            "count": size.get("items", 0)
        }
        targets = ngettext("%(count)d target", "%(count)d targets", size.get("targets", 0)) % {
            "count": size.get("targets", 0)
        }
        lines.append(f"{LABELS['scope']}: {items}, {targets}")
    return lines


def _status_label(value) -> str:
    return str(Status(value).label) if value in Status.values else str(value or "—")


def describe_status(entry) -> list[str]:
    changes = entry.changes if isinstance(entry.changes, dict) else {}
    if "to" not in changes:
        return describe_agreement_changes(entry)
    lines = [f"{_status_label(changes.get('from'))} → {_status_label(changes['to'])}"]
    if changes.get("reason"):
        lines.append(str(_("Reason: %(reason)s")) % {"reason": changes["reason"]})
    return lines


def describe_document(entry) -> list[str]:
    changes = entry.changes if isinstance(entry.changes, dict) else {}
    if "name" not in changes:
        return describe_agreement_changes(entry)
    kind = changes.get("kind")
    kind = AgreementDocument.Kind(kind).label if kind in AgreementDocument.Kind.values else kind
    lines = [f"{kind} v{changes.get('version')}: {changes['name']}"]
    if changes.get("reason"):
        lines.append(str(_("Reason: %(reason)s")) % {"reason": changes["reason"]})
    return lines


def describe_target_value(entry) -> list[str]:
    # {"<target as text>": [old, new]}: the target's own words are the label.
    changes = entry.changes if isinstance(entry.changes, dict) else {}
    return describe_fields(Agreement, changes, labels={key: key for key in changes})


register_action(Action.CREATED, _("created the agreement"), describe_creation)
register_action(Action.DETAILS_CHANGED, _("changed the details"), describe_agreement_changes)
register_action(Action.PARTIES_CHANGED, _("changed the parties"), describe_agreement_changes)
register_action(
    Action.SIGNATORIES_CHANGED, _("changed the signatories"), describe_agreement_changes
)
register_action(
    Action.SCOPE_CHANGED, _("changed the scope and targets"), describe_agreement_changes
)
register_action(
    Action.TARGET_VALUE_ENTERED, _("entered the figure achieved"), describe_target_value
)
register_action(Action.DOCUMENT_UPLOADED, _("uploaded a document"), describe_document)
register_action(Action.DOCUMENT_WITHDRAWN, _("withdrew a document version"), describe_document)
register_action(
    Action.PARTY_NUMBER_ENTERED, _("entered their document number"), describe_agreement_changes
)
register_action(Action.STATUS_CHANGED, _("changed the status"), describe_status)
register_action(Action.COMMENTED, _("commented"), describe_agreement_changes)
register_action(Action.RENEWED, _("started a renewal"), describe_agreement_changes)
