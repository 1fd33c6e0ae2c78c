# The agreements' own history (AgreementEvent) moves into the one audit trail, entry by entry,
# oldest first, chained like every other entry; then the old table goes.

from django.db import migrations
from django.db.models import F

from audit.chain import entry_hash

# The old actions and the audit codes that replace them (agreements/audit_actions.py).
ACTIONS = {
    "created": "agreements.created",
    "updated": "agreements.details_changed",
    "parties": "agreements.parties_changed",
    "scope": "agreements.scope_changed",
    "document": "agreements.document_uploaded",
    "status": "agreements.status_changed",
    "comment": "agreements.commented",
    "renewed": "agreements.renewed",
}
HEAD = 1


def carry_over(apps, schema_editor):
    AgreementEvent = apps.get_model("agreements", "AgreementEvent")
    AuditEntry = apps.get_model("audit", "AuditEntry")
    AuditHead = apps.get_model("audit", "AuditHead")
    ContentType = apps.get_model("contenttypes", "ContentType")
    events = AgreementEvent.objects.select_related("actor", "agreement").order_by("created_at", "pk")
    if not events.exists():
        return
    agreement_type, _created = ContentType.objects.get_or_create(
        app_label="agreements", model="agreement"
    )
    # The same lock every append takes (audit.services.log): no entry can slip in between.
    AuditHead.objects.get_or_create(pk=HEAD)
    AuditHead.objects.filter(pk=HEAD).update(sequence=F("sequence"))
    head = AuditHead.objects.get(pk=HEAD)
    sequence, previous = head.sequence, head.hash
    batch = []
    for event in events.iterator(chunk_size=1000):
        sequence += 1
        actor = event.actor
        entry = AuditEntry(
            sequence=sequence,
            previous_hash=previous,
            created_at=event.created_at,
            actor_id=event.actor_id,
            # What audit.services.log writes: the user as str() shows them (accounts.User).
            actor_label=((actor.full_name or actor.email)[:255] if actor else ""),
            target_type=agreement_type,
            target_id=str(event.agreement_id),
            target_label=event.agreement.title[:255],
            action=ACTIONS.get(event.action, f"agreements.{event.action}"),
            changes=event.changes or {},
        )
        entry.hash = entry_hash(
            sequence=entry.sequence,
            previous_hash=entry.previous_hash,
            created_at=entry.created_at,
            actor_id=entry.actor_id,
            actor_label=entry.actor_label,
            target_type="agreements.agreement",
            target_id=entry.target_id,
            action=entry.action,
            changes=entry.changes,
        )
        previous = entry.hash
        batch.append(entry)
        if len(batch) == 1000:
            AuditEntry.objects.bulk_create(batch)
            batch = []
    AuditEntry.objects.bulk_create(batch)
    AuditHead.objects.filter(pk=HEAD).update(sequence=sequence, hash=previous)


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0002_tables_of_their_own"),
        ("audit", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        # Going back recreates the old table empty: the entries stay in the audit trail, which
        # is never rewritten.
        migrations.RunPython(carry_over, migrations.RunPython.noop),
        migrations.DeleteModel(name="AgreementEvent"),
    ]
