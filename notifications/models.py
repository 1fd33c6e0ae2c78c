from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .kinds import Mode, find_kind, kind_choices
from .schedule import scan_choices


class Notification(models.Model):
    """Something that happened, for one recipient.

    The target is generic: its content type and id (to find notifications about an object)
    and a snapshot of its URL and label (to show and link them without loading the object).
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=64, choices=kind_choices)
    mode = models.CharField(_("delivery"), max_length=8, choices=Mode.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    target_type = models.ForeignKey(
        ContentType, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    target_id = models.CharField(max_length=64, blank=True)
    target_url = models.CharField(_("link"), max_length=500, blank=True)
    target_label = models.CharField(_("about"), max_length=255, blank=True)
    context = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    # Set by callers that may run again (scheduled scans): one notification per person per key.
    key = models.CharField(_("event key"), max_length=150, blank=True, editable=False)
    digest = models.ForeignKey(
        "Delivery",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="digest_items",
        verbose_name=_("sent in digest"),
    )

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox_idx"),
            # The bell counts these on every page.
            models.Index(
                fields=["recipient"], condition=Q(read_at=None), name="notification_unread_idx"
            ),
            # The daily digest looks for these.
            models.Index(
                fields=["recipient", "created_at"],
                condition=Q(mode="digest", digest=None),
                name="notification_undigested_idx",
            ),
            models.Index(fields=["target_type", "target_id"], name="notification_target_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"],
                condition=~Q(key=""),
                name="notification_once_per_key",
            )
        ]

    def __str__(self):
        return self.message

    @property
    def message(self) -> str:
        """The sentence shown for this notification, in the active language."""
        return find_kind(self.kind).render(self)

    @property
    def kind_label(self) -> str:
        return str(find_kind(self.kind).label)

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class Delivery(models.Model):
    """One email to send: a notification on its own, a user's daily digest, or a message.

    The row is the lock: a task sends it only after moving it from pending to sending with a
    conditional update, so a task delivered twice sends once.

    A message is an email that is not a notification (an invitation, a password reset): it is
    rendered when it is queued and its parts are stored here, addressed to ``to_email`` (an
    invitee has no account yet, so there may be no ``user``). Its bodies may carry one-time
    links, so they are emptied once it is sent; the subject, address and status stay.
    """

    # Not a notification mode (notifications.kinds.Mode): nobody chooses to receive a message.
    MESSAGE = "message"

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Skipped")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="notification_deliveries",
        verbose_name=_("recipient"),
    )
    mode = models.CharField(
        _("email"),
        max_length=8,
        choices=[
            (Mode.EMAIL, Mode.EMAIL.label),
            (Mode.DIGEST, Mode.DIGEST.label),
            (MESSAGE, _("Message")),
        ],
    )
    notification = models.OneToOneField(
        Notification,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="delivery",
        verbose_name=_("notification"),
    )
    digest_date = models.DateField(_("digest of"), null=True, blank=True)
    to_email = models.EmailField(_("email address"), blank=True)
    subject = models.TextField(_("subject"), blank=True)
    body_text = models.TextField(_("text"), blank=True)
    body_html = models.TextField(_("HTML"), blank=True)
    # A message's files ({"filename", "mimetype", "content": base64}), emptied with its bodies.
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    # The claim: when it was taken or last renewed (a lease), and by which task. A redelivered
    # task (the same task id) takes its own claims back at once; anybody else waits out the lease.
    claimed_at = models.DateTimeField(_("sending since"), null=True, blank=True)
    claimed_by = models.CharField(_("claimed by"), max_length=64, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("email delivery")
        verbose_name_plural = _("email deliveries")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="delivery_due_idx"),
            models.Index(fields=["-created_at"], name="delivery_created_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    mode="email", user__isnull=False, notification__isnull=False, digest_date=None
                )
                | Q(mode="digest", user__isnull=False, notification=None, digest_date__isnull=False)
                | (
                    Q(mode="message", notification=None, digest_date=None)
                    & ~Q(to_email="")
                    & ~Q(subject="")
                ),
                name="delivery_is_one_email_one_digest_or_one_message",
            ),
            # One digest per user per day, however often the digest scan runs.
            models.UniqueConstraint(
                fields=["user", "digest_date"],
                condition=Q(mode="digest"),
                name="one_digest_per_user_per_day",
            ),
        ]

    def __str__(self):
        if self.mode == self.MESSAGE:
            return f"{self.get_mode_display()} → {self.to_email}"
        if self.mode == Mode.DIGEST:
            return f"{self.get_mode_display()} {self.digest_date} → {self.user_id}"
        return f"{self.get_mode_display()} #{self.notification_id} → {self.user_id}"


class Preference(models.Model):
    """A user's choice for one kind; without a row, the kind's default for their role applies."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=64, choices=kind_choices)
    mode = models.CharField(_("delivery"), max_length=8, choices=Mode.choices)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")
        ]

    def __str__(self):
        return f"{self.user} · {self.kind}: {self.get_mode_display()}"


class ScheduledScan(models.Model):
    """When a registered scan runs. Edited in the admin; beat queues the due ones every minute."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    scan = models.CharField(_("scan"), max_length=100, choices=scan_choices)
    interval_minutes = models.PositiveIntegerField(
        _("every (minutes)"),
        null=True,
        blank=True,
        help_text=_("Run every this many minutes. Leave empty to run daily at a fixed time."),
    )
    daily_at = models.TimeField(
        _("daily at"),
        null=True,
        blank=True,
        help_text=_("Run once a day at this time (Western Indonesia Time)."),
    )
    enabled = models.BooleanField(_("enabled"), default=True)
    # When the scan was last claimed and queued, and when a run last ended (with a result or an
    # error). Claimed but not finished for long means the run was lost: it is claimed again.
    last_run_at = models.DateTimeField(_("last run"), null=True, blank=True)
    last_finished_at = models.DateTimeField(_("last finished"), null=True, blank=True)
    next_run_at = models.DateTimeField(_("next run"), null=True, blank=True)
    last_result = models.CharField(_("last result"), max_length=255, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("scheduled scan")
        verbose_name_plural = _("scheduled scans")
        ordering = ["name"]
        indexes = [models.Index(fields=["enabled", "next_run_at"], name="scan_due_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(interval_minutes__isnull=False, daily_at=None)
                | Q(interval_minutes=None, daily_at__isnull=False),
                name="scan_has_one_schedule",
                violation_error_message=_("Give either an interval in minutes or a daily time."),
            ),
            models.CheckConstraint(
                condition=Q(interval_minutes=None) | Q(interval_minutes__gte=1),
                name="scan_interval_at_least_a_minute",
                violation_error_message=_("The interval is at least one minute."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def schedule_display(self) -> str:
        if self.interval_minutes:
            return _("every %(minutes)s min") % {"minutes": self.interval_minutes}
        return _("daily at %(time)s") % {"time": self.daily_at.strftime("%H:%M")}

    def following_run(self, after: datetime) -> datetime:
        """The first run time of this schedule strictly after ``after``."""
        if self.interval_minutes:
            step = timedelta(minutes=self.interval_minutes)
            if self.next_run_at is None or self.next_run_at > after:
                return after + step
            # Keep the cadence of the previous runs instead of drifting by the beat's delay.
            missed = (after - self.next_run_at) // step
            return self.next_run_at + (missed + 1) * step
        local = timezone.localtime(after)
        run = timezone.make_aware(datetime.combine(local.date(), self.daily_at))
        if run <= after:
            run = timezone.make_aware(
                datetime.combine(local.date() + timedelta(days=1), self.daily_at)
            )
        return run
