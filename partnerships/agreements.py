"""Agreement services: every write to an agreement, its parties, scope, documents and status.

Each function validates, writes inside a transaction, records a history entry
(``AgreementEvent``) and notifies through ``notifications.services.notify``. Refusals raise
``AgreementError`` (a ValidationError whose message the view shows); nothing is changed then.

API (implemented by the agreements work; signatures are the contract for views and tests):

- ``create_agreement(*, kind, title, parties, by, parent=None, **details) -> Agreement``
- ``update_agreement(agreement, *, by, **details) -> Agreement``
- ``set_parties(agreement, parties: list[PartyInput], *, by)``
- ``set_signatories(agreement, signatories: list[SignatoryInput], *, by)``
- ``set_scope(agreement, items: list[ScopeInput], *, by)``
- ``transition(agreement, to: str, *, by, reason: str = "") -> Agreement``  (the one door)
- ``renew_agreement(agreement, *, by) -> Agreement``  (a successor draft, prefilled and linked)
- ``add_comment(agreement, *, body, by) -> AgreementComment``
- ``upload_document(agreement, *, kind, file, by, note="") -> AgreementDocument``
- ``record(agreement, action, *, by, changes=None) -> AgreementEvent``
"""

from django.core.exceptions import ValidationError

from .models import AgreementEvent


class AgreementError(ValidationError):
    """A refused change; ``message`` says why in the user's language."""


def record(agreement, action: str, *, by, changes: dict | None = None) -> AgreementEvent:
    """Add one entry to the agreement's history (who, when, what changed)."""
    return AgreementEvent.objects.create(
        agreement=agreement, action=action, actor=by, changes=changes or {}
    )


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
