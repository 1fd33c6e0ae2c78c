from django.core.management.base import BaseCommand, CommandError

from audit.chain import GENESIS_HASH
from audit.models import AuditEntry, AuditHead

CHUNK = 2000


class Command(BaseCommand):
    help = "Check the audit chain: every hash, every link, no gaps, and the head at the end."

    def handle(self, *args, **options):
        expected_sequence, previous_hash, last = 1, GENESIS_HASH, None
        entries = (
            AuditEntry.objects.order_by("sequence")
            .select_related("target_type")
            .iterator(chunk_size=CHUNK)
        )
        broken = None
        for entry in entries:
            problem = None
            if entry.sequence != expected_sequence:
                problem = "follows a missing entry"
            elif entry.previous_hash != previous_hash:
                problem = "does not follow the entry before it (its previous hash differs)"
            elif entry.compute_hash() != entry.hash:
                problem = "hash does not match its contents"
            if problem:
                broken = f"Audit entry {entry.sequence} (id {entry.pk}): {problem}."
                break
            expected_sequence, previous_hash, last = entry.sequence + 1, entry.hash, entry
        # Raised once the database cursor is closed, not from inside its iteration.
        entries.close()
        if broken:
            raise CommandError(broken)
        head = AuditHead.objects.filter(pk=1).first()
        head_sequence = head.sequence if head else 0
        head_hash = head.hash if head else GENESIS_HASH
        count = last.sequence if last else 0
        if head_sequence != count or head_hash != previous_hash:
            where = f"Audit entry {last.sequence} (id {last.pk})" if last else "The empty log"
            if head_sequence > count:
                problem = f"the head says there are more entries ({head_sequence})"
            else:
                problem = "the head does not match the last entry"
            raise CommandError(f"{where}: {problem}.")
        self.stdout.write(f"Audit trail intact: {count} entries.")
