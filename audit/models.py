from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .chain import GENESIS_HASH, entry_hash


class AppendOnlyError(Exception):
    """Audit entries are written once and never changed or deleted."""


class AuditEntryQuerySet(models.QuerySet):
    # Refusing here is a guard, not behaviour: an audit log that the ORM could rewrite in bulk
    # would not be evidence. The PostgreSQL trigger refuses the same below the ORM.
    def update(self, **kwargs):
        raise AppendOnlyError("Audit entries cannot be updated.")

    def delete(self):
        raise AppendOnlyError("Audit entries cannot be deleted.")

    delete.queryset_only = True


class AuditEntry(models.Model):
    """One thing someone (or the system) did to one object, chained to the entry before it.

    Written only by ``audit.services.log``. ``actor`` is kept with PROTECT: people who acted are
    deactivated, never deleted, so the log always names them; ``actor_label`` and
    ``target_label`` keep what they were called at the time.
    """

    sequence = models.PositiveBigIntegerField(_("sequence"), unique=True, editable=False)
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
        help_text=_("Empty when the system acted."),
    )
    actor_label = models.CharField(_("actor name"), max_length=255, blank=True)
    target_type = models.ForeignKey(
        ContentType, models.PROTECT, related_name="+", verbose_name=_("object type")
    )
    target_id = models.CharField(_("object id"), max_length=64)
    target_label = models.CharField(_("object"), max_length=255, blank=True)
    action = models.CharField(_("action"), max_length=64)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    previous_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-sequence"]
        indexes = [
            models.Index(fields=["target_type", "target_id", "-sequence"], name="audit_timeline"),
            models.Index(fields=["actor", "-created_at"], name="audit_by_actor"),
        ]

    def __str__(self):
        return f"#{self.sequence} {self.action} · {self.target_label}"

    def save(self, *args, **kwargs):
        # Not logic in save(): a guard that keeps the row immutable once written, like the
        # queryset's. The writing itself (sequence, chain, head) happens in services.log.
        if not self._state.adding:
            raise AppendOnlyError("Audit entries cannot be changed once written.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit entries cannot be deleted.")

    def compute_hash(self) -> str:
        """The hash this entry's contents and predecessor give (see audit.chain)."""
        return entry_hash(
            sequence=self.sequence,
            previous_hash=self.previous_hash,
            created_at=self.created_at,
            actor_id=self.actor_id,
            actor_label=self.actor_label,
            target_type=f"{self.target_type.app_label}.{self.target_type.model}",
            target_id=self.target_id,
            action=self.action,
            changes=self.changes,
        )


class AuditHead(models.Model):
    """The chain's one-row head: the last sequence and hash, and the lock every append takes.

    The row (pk=1) is created by the migration. Its ``sequence`` is raised by an UPDATE before
    anything is read, so concurrent appends queue on the row lock and each sees the last one.
    """

    sequence = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = _("audit chain head")
        verbose_name_plural = _("audit chain head")

    def __str__(self):
        return f"#{self.sequence} {self.hash}"
