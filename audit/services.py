"""Writing the audit log: every app records what it did through ``log``.

from audit.services import diff, log

log(organisation, "partnerships.organisation_changed", by=request.user,
    changes=diff(before, organisation))
"""

import datetime
import json
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from .models import AuditEntry, AuditHead

HEAD = 1


def log(target: models.Model, action: str, *, by, changes=None, at=None) -> AuditEntry:
    """Append one entry about ``target`` to the chain and return it.

    ``by`` is the acting user, or None for the system. ``changes`` is anything JSON can hold
    ({field: [old, new]} for edits); dates and decimals are stored as text. Call it inside the
    caller's transaction: the entry, and its place in the chain, exist only if that commits.
    ``at`` is for history carried over from elsewhere (the demo's stories); the services never
    pass it, so what they log is stamped with the moment it was written.

    Appends are serialised by the head row: the UPDATE that raises its sequence takes the row
    lock (PostgreSQL) or the write lock (SQLite) before anything is read, so two writers can
    never both see the same last entry. Four statements: UPDATE, SELECT, INSERT, UPDATE.
    """
    changes = json.loads(json.dumps({} if changes is None else changes, cls=DjangoJSONEncoder))
    target_type = ContentType.objects.get_for_model(target)
    with transaction.atomic():
        head = _locked_head()
        entry = AuditEntry(
            sequence=head.sequence,
            previous_hash=head.hash,
            created_at=at or timezone.now(),
            actor=by,
            actor_label=_label(by) if by is not None else "",
            target_type=target_type,
            target_id=str(target.pk),
            target_label=str(target)[:255],
            action=action,
            changes=changes,
        )
        entry.hash = entry.compute_hash()
        entry.save(force_insert=True)
        AuditHead.objects.filter(pk=HEAD).update(hash=entry.hash)
    return entry


def _locked_head() -> AuditHead:
    if not AuditHead.objects.filter(pk=HEAD).update(sequence=F("sequence") + 1):
        # The migration creates the head; only a flushed database (the tests' transactional
        # cases, `manage.py flush`) lacks it. Over surviving entries the insert fails loudly.
        AuditHead.objects.get_or_create(pk=HEAD)
        AuditHead.objects.filter(pk=HEAD).update(sequence=F("sequence") + 1)
    return AuditHead.objects.get(pk=HEAD)


def _label(user) -> str:
    # The name people knew the actor by (the email where there is none).
    return str(user)[:255]


def diff(before: models.Model | None, after: models.Model, fields=None) -> dict:
    """The {field: [old, new]} of two states of one object, ready for ``log``.

    Compares the concrete editable fields (or ``fields``); related objects are written by name,
    dates as ISO text, so the entry reads the same after the related row changed or went.
    With ``before=None`` (a new object) it lists the fields that were filled in.
    """
    if fields is None:
        fields = [
            field.name
            for field in after._meta.concrete_fields
            if field.editable and not field.primary_key
        ]
    changes = {}
    for name in fields:
        field = after._meta.get_field(name)
        old, new = _value(before, field), _value(after, field)
        if old != new and not (before is None and new in (None, "")):
            changes[name] = [old, new]
    return changes


def _value(instance, field):
    if instance is None:
        return None
    if field.is_relation:
        related_id = getattr(instance, field.attname)
        return None if related_id is None else str(getattr(instance, field.name))
    value = getattr(instance, field.attname)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value
