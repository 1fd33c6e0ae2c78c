"""Writes: recording notifications, delivering every email, and running the scheduled scans.

Domain apps call ``notify`` (or ``emails.send_email`` for an email that is not a notification)
inside their own transaction. Everything else here is called by this app's tasks, views, admin
and management command.
"""

import logging
import smtplib
import traceback
import uuid
from collections.abc import Iterable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import batched

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import mailers
from django.db import connections, models, transaction
from django.db.models import F, Q
from django.utils import timezone, translation

from common.tasks import queue_on_commit
from common.text import shorten

from . import emails
from .kinds import Mode, get_kind
from .models import Delivery, Notification, Preference, ScheduledScan
from .schedule import get_scan, registered_scans
from .selectors import ID_CHUNK, modes_for

logger = logging.getLogger(__name__)

# A digest lists this many notifications and links to the inbox for the rest.
DIGEST_ITEM_LIMIT = 50
# Attempts per email before it fails for good; the waits between them double (see retry_delay).
MAX_ATTEMPTS = 6
MAX_RETRY_DELAY = timedelta(hours=1)
# The re-publisher queues at most this many deliveries per run (once a minute).
REPUBLISH_LIMIT = 10_000
# Notification.target_label's length.
LABEL_LENGTH = 255


@dataclass(frozen=True)
class Link:
    """A target that is not a model instance: a page of the site and what to call it."""

    url: str
    label: str


def _target_fields(target) -> dict:
    if target is None:
        return {}
    if isinstance(target, Link):
        # The URL becomes a link in pages and emails: a path of this site or a web address.
        if target.url and not target.url.startswith(("/", "https://", "http://")):
            raise ValueError(f"A notification link is a path or an http(s) URL: {target.url!r}")
        return {"target_url": target.url, "target_label": shorten(target.label, LABEL_LENGTH)}
    if isinstance(target, models.Model):
        get_url = getattr(target, "get_absolute_url", None)
        return {
            "target_type": ContentType.objects.get_for_model(target),
            "target_id": str(target.pk),
            "target_url": get_url() if get_url else "",
            "target_label": shorten(target, LABEL_LENGTH),
        }
    raise TypeError(f"A notification target is a model instance or a Link, not {target!r}.")


def _active_users(recipients: Iterable, *, excluding) -> list:
    excluded = getattr(excluding, "pk", None)
    users = {}
    for user in recipients:
        if user.is_active and user.pk != excluded:
            users.setdefault(user.pk, user)
    return list(users.values())


def notify(
    kind: str,
    recipients: Iterable,
    *,
    target,
    context: dict | None = None,
    by=None,
    key: str = "",
):
    """Record a ``kind`` notification for each recipient and queue the emails they asked for.

    Call it inside the calling service's transaction: the notifications roll back with it,
    and the emails are queued only once it commits. ``target`` is the object the
    notification is about (a model instance, or a ``Link``); ``context`` fills the kind's
    sentence and must be JSON. The acting user ``by`` is not notified of their own action,
    nor is an inactive account. ``key`` names the event for callers that may run again (a
    scheduled scan): a person who already has a notification with that key gets no second
    one, and a unique constraint backs this against two runs at once. Returns the
    notifications created.
    """
    spec = get_kind(kind)
    users = _active_users(recipients, excluding=by)
    if key and users:
        notified = set(
            Notification.objects.filter(key=key, recipient__in=users).values_list(
                "recipient_id", flat=True
            )
        )
        users = [user for user in users if user.pk not in notified]
    if not users:
        return []
    modes = modes_for(spec, users)
    fields = _target_fields(target)
    actor = by if getattr(by, "pk", None) else None
    now = timezone.now()
    return _store(
        Notification(
            recipient=user,
            kind=kind,
            mode=modes[user.pk],
            actor=actor,
            context=context or {},
            key=key,
            created_at=now,
            **fields,
        )
        for user in users
    )


def _store(notifications: Iterable[Notification]) -> list[Notification]:
    """Insert ``notifications`` and their email deliveries in bulk, and queue the emails once
    the caller's transaction commits."""
    with transaction.atomic():
        notifications = Notification.objects.bulk_create(list(notifications), batch_size=1000)
        deliveries = Delivery.objects.bulk_create(
            [
                Delivery(
                    user_id=notification.recipient_id,
                    mode=Mode.EMAIL,
                    notification=notification,
                    created_at=notification.created_at,
                    next_attempt_at=notification.created_at,
                )
                for notification in notifications
                if notification.mode == Mode.EMAIL
            ],
            batch_size=1000,
        )
        queue_deliveries([delivery.pk for delivery in deliveries])
    return notifications


def queue_message(
    parts: emails.Parts, *, to: str, attachments: Sequence[emails.Attachment] = ()
) -> Delivery:
    """Store a rendered email to ``to`` as a message delivery and queue it; returns the row.

    Call it inside the caller's transaction (``emails.send_email`` renders and calls it): the
    row rolls back with that transaction, and the email is sent only once it commits, by the
    same task, retries and admin as the notifications. Until it is sent the row holds the
    bodies, one-time links included, and its ``attachments``; sending empties them.
    """
    if not to or not parts.subject:
        raise ValueError("A message needs an address and a subject.")
    with transaction.atomic():
        delivery = Delivery.objects.create(
            mode=Delivery.MESSAGE,
            to_email=to,
            subject=emails.one_line(parts.subject),
            body_text=parts.text,
            body_html=parts.html,
            attachments=[attachment.stored() for attachment in attachments],
        )
        queue_deliveries([delivery.pk])
    return delivery


def queue_deliveries(delivery_ids: Sequence[int]) -> None:
    """Queue the deliveries in batches (one task and one SMTP connection each), on commit.

    The rows are the outbox and the task message only rings the bell: if the broker cannot be
    reached, the failure is logged once and the rows stay pending for the re-publisher
    (``republish_deliveries``). Nothing is raised to the caller, whose work is committed.
    """
    from .tasks import send_deliveries  # the tasks call this module

    batches = [list(batch) for batch in batched(delivery_ids, settings.NOTIFICATIONS_BATCH_SIZE)]

    def unqueued(index: int, error: Exception) -> None:
        # One line for every batch left, not one per batch or per row.
        logger.error(
            "Could not queue %s deliveries (%s batches); they stay pending and the "
            "re-publisher will queue them. %s: %s",
            sum(len(rest) for rest in batches[index:]),
            len(batches) - index,
            type(error).__name__,
            error,
        )

    queue_on_commit(send_deliveries, [[batch] for batch in batches], unqueued=unqueued)


# The inbox and the preferences.


def mark_read(notification: Notification, *, by) -> bool:
    """Mark ``notification`` read; False if it already was."""
    if not by.has_perm("notifications.mark_notification_read", notification):
        raise PermissionDenied
    return bool(
        Notification.objects.filter(pk=notification.pk, recipient=by, read_at=None).update(
            read_at=timezone.now()
        )
    )


def mark_all_read(*, by) -> int:
    """Mark every unread notification of ``by`` read; returns how many."""
    return Notification.objects.filter(recipient=by, read_at=None).update(read_at=timezone.now())


def mark_target_read(target: models.Model, *, by) -> int:
    """Mark ``by``'s notifications about ``target`` read, e.g. when they open its page."""
    if not by.is_authenticated:
        return 0
    return Notification.objects.filter(
        recipient=by,
        target_type=ContentType.objects.get_for_model(target),
        target_id=str(target.pk),
        read_at=None,
    ).update(read_at=timezone.now())


def set_preferences(user, modes: dict[str, str], *, by) -> None:
    """Save ``user``'s choice of mode for the kinds in ``modes``."""
    if by.pk != user.pk or not by.has_perm("notifications.change_preferences"):
        raise PermissionDenied
    for code, mode in modes.items():
        get_kind(code)
        if mode not in Mode.values:
            raise ValidationError(f"Unknown notification mode {mode!r}.")
    Preference.objects.bulk_create(
        [Preference(user=user, kind=code, mode=mode) for code, mode in modes.items()],
        update_conflicts=True,
        unique_fields=["user", "kind"],
        update_fields=["mode"],
    )


# Delivery: the row is the lock.


def _claim(delivery_ids: Sequence[int], *, claimant: str) -> list[Delivery]:
    """Take the deliveries of a batch that are still to send; returns them in batch order.

    One conditional update moves them from pending to sending under ``claimant`` (the task's
    id). It also takes back the rows ``claimant`` itself left sending (the same task delivered
    again after its worker died: nobody else holds them) and those whose lease ran out (their
    task is gone and is not coming back). A row another live run holds, or that is done, is not
    returned: this run must not send it.
    """
    now = timezone.now()
    Delivery.objects.filter(pk__in=delivery_ids).filter(
        Q(status=Delivery.Status.PENDING)
        | Q(status=Delivery.Status.SENDING, claimed_by=claimant)
        | Q(status=Delivery.Status.SENDING, claimed_at__lt=now - _lease())
    ).update(status=Delivery.Status.SENDING, claimed_at=now, claimed_by=claimant)
    claimed = Delivery.objects.filter(
        pk__in=delivery_ids, status=Delivery.Status.SENDING, claimed_by=claimant
    ).select_related("user", "notification__actor")
    position = {pk: index for index, pk in enumerate(delivery_ids)}
    return sorted(claimed, key=lambda delivery: position[delivery.pk])


def _lease() -> timedelta:
    return timedelta(seconds=settings.NOTIFICATIONS_SENDING_LEASE_SECONDS)


def _renew(delivery_ids: Sequence[int], *, claimant: str) -> None:
    """Extend this run's claim on the rows of its batch it has not finished yet."""
    Delivery.objects.filter(
        pk__in=delivery_ids, status=Delivery.Status.SENDING, claimed_by=claimant
    ).update(claimed_at=timezone.now())


def _release(delivery_ids: Sequence[int], *, claimant: str) -> int:
    """Give back this run's unfinished rows (pending, due now, no attempt counted)."""
    return Delivery.objects.filter(
        pk__in=delivery_ids, status=Delivery.Status.SENDING, claimed_by=claimant
    ).update(
        status=Delivery.Status.PENDING,
        claimed_at=None,
        claimed_by="",
        next_attempt_at=timezone.now(),
    )


def _ours(delivery: Delivery):
    """The row, as long as this run's claim holds."""
    return Delivery.objects.filter(
        pk=delivery.pk, status=Delivery.Status.SENDING, claimed_by=delivery.claimed_by
    )


def _finish(delivery: Delivery, status: str, *, digest_item_ids: Sequence[int] = ()) -> None:
    """Close the delivery as sent (its digest items with it) or as skipped.

    A sent message loses its bodies and attachments: they may hold a one-time link (an
    invitation token, a password reset key) that must not outlive the email in the database.
    The subject and address stay for the admin.
    """
    sent = status == Delivery.Status.SENT
    scrubbed = {"body_text": "", "body_html": "", "attachments": []} if sent else {}
    # An email's mark is one statement that commits alone (one round trip per email); a
    # digest's items are marked in the same transaction as the digest.
    with transaction.atomic() if digest_item_ids else nullcontext():
        _ours(delivery).update(
            status=status,
            sent_at=timezone.now() if sent else None,
            attempts=F("attempts") + int(sent),
            **scrubbed,
        )
        for chunk in batched(digest_item_ids, ID_CHUNK):
            Notification.objects.filter(pk__in=chunk).update(digest=delivery)


def retry_delay(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failed attempt: 1, 2, 4, 8, 16 minutes by default."""
    base = settings.NOTIFICATIONS_RETRY_SECONDS
    return min(timedelta(seconds=base * 2 ** (attempts - 1)), MAX_RETRY_DELAY)


def _fail(delivery: Delivery, error: Exception, *, permanent: bool = False) -> datetime | None:
    """Record a failed attempt: pending again after a delay, or failed for good.

    Returns when to try again, None if never.
    """
    attempts = delivery.attempts + 1
    retry_at = None
    if not permanent and attempts < MAX_ATTEMPTS:
        retry_at = timezone.now() + retry_delay(attempts)
    _ours(delivery).update(
        status=Delivery.Status.PENDING if retry_at else Delivery.Status.FAILED,
        attempts=attempts,
        last_error=f"{type(error).__name__}: {error}"[:2000],
        next_attempt_at=retry_at or F("next_attempt_at"),
        claimed_at=None,
        claimed_by="",
    )
    logger.warning("Delivery %s (attempt %s) failed: %s", delivery.pk, attempts, error)
    return retry_at


def _is_permanent(error: Exception) -> bool:
    """A refusal that trying again will not change: a bad address, a 5xx for this message."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _reply in error.recipients.values())
    if isinstance(error, smtplib.SMTPDataError):
        return error.smtp_code >= 500
    return isinstance(error, ValueError)


def _breaks_connection(error: Exception) -> bool:
    """The server is unreachable or refuses us: the rest of the batch would fail the same way."""
    return not isinstance(error, smtplib.SMTPRecipientsRefused | smtplib.SMTPDataError | ValueError)


def _compose(delivery: Delivery):
    """The email for ``delivery`` and, for a digest, the notifications it covers.

    None when there is nothing to send (an account closed since, an empty digest). A message
    is always sent: it was rendered for an address, not for an account.
    """
    if delivery.mode == Delivery.MESSAGE:
        return emails.message_email(delivery), ()
    if not delivery.user.is_active or not delivery.user.email:
        return None, ()
    if delivery.mode == Mode.EMAIL:
        return emails.notification_email(delivery), ()
    waiting = Notification.objects.filter(
        recipient=delivery.user_id,
        mode=Mode.DIGEST,
        digest=None,
        created_at__lt=delivery.created_at,
    ).order_by("-created_at", "-pk")
    item_ids = list(waiting.values_list("pk", flat=True))
    if not item_ids:
        return None, ()
    items = list(
        Notification.objects.filter(pk__in=item_ids[:DIGEST_ITEM_LIMIT])
        .select_related("actor")
        .order_by("-created_at", "-pk")
    )
    return emails.digest_email(delivery, items, len(item_ids)), item_ids


@dataclass
class Deferred:
    """The deliveries of a batch to try again, and when (the latest of their backoffs)."""

    ids: list[int] = field(default_factory=list)
    at: datetime | None = None

    def add(self, delivery: Delivery, retry_at: datetime | None) -> None:
        if retry_at is not None:
            self.ids.append(delivery.pk)
            self.at = retry_at if self.at is None else max(self.at, retry_at)


class _Connection:
    """One SMTP connection for a batch, opened at its first email and closed at its end."""

    def __init__(self):
        self.mailer = mailers.default
        self.is_open = False

    def send(self, message) -> None:
        if not self.is_open:
            self.mailer.open()
            self.is_open = True
        self.mailer.send_messages([message])

    def close(self) -> None:
        if self.is_open:
            self.is_open = False
            self.mailer.close()

    def abort(self) -> None:
        """Drop the connection without a QUIT, which a stalled server would not answer."""
        smtp = getattr(self.mailer, "connection", None)
        if self.is_open and smtp is not None:
            smtp.close()
        self.close()

    def __enter__(self):
        return self

    def __exit__(self, exc_type, *exc_info):
        if exc_type is None:
            self.close()
        else:
            self.abort()


def _send_one(delivery: Delivery, smtp: _Connection) -> Exception | None:
    """Compose and send one claimed delivery and record the outcome; returns a send error."""
    try:
        message, digest_item_ids = _compose(delivery)
    except Exception as error:
        # A template or data bug: no retry will fix it, and the batch goes on.
        logger.exception("Delivery %s could not be composed.", delivery.pk)
        _fail(delivery, error, permanent=True)
        return None
    if message is None:
        _finish(delivery, Delivery.Status.SKIPPED)
        return None
    try:
        smtp.send(message)
    except (OSError, ValueError) as error:
        # OSError includes the SMTP timeout (SINERGI_EMAIL_TIMEOUT_SECONDS): a frozen server
        # fails the attempt instead of holding the worker until its time limit.
        return error
    _finish(delivery, Delivery.Status.SENT, digest_item_ids=digest_item_ids)
    return None


def send_deliveries(delivery_ids: Sequence[int], *, claimant: str = "") -> Deferred:
    """Send the deliveries among ``delivery_ids`` that are still to send, on one connection.

    The rows are claimed (pending → sending, under ``claimant``: the task's id, so that the same
    task delivered again takes them back) before the emails go out, and each is marked sent
    right after its email. An email goes out twice only if the process dies between the mail
    server's acceptance and that mark: at most one per lost process, with the same Message-ID.
    The claim is a lease, renewed while the batch is sent; should anything interrupt the batch
    (the task's soft time limit, a warm shutdown), its unsent rows go back to pending before the
    exception goes on. A temporary failure puts the row back to pending with a growing delay,
    up to MAX_ATTEMPTS; a permanent refusal fails it at once. When the connection itself fails,
    the rest of the batch is deferred without trying each email. Returns what to try again,
    and when.
    """
    claimant = claimant or uuid.uuid4().hex
    deferred = Deferred()
    broken = None
    renew_every = _lease() / 4
    renewed_at = timezone.now()
    with _Connection() as smtp:
        try:
            for delivery in _claim(delivery_ids, claimant=claimant):
                if timezone.now() - renewed_at > renew_every:
                    renewed_at = timezone.now()
                    _renew(delivery_ids, claimant=claimant)
                error = broken or _send_one(delivery, smtp)
                if error is None:
                    continue
                deferred.add(delivery, _fail(delivery, error, permanent=_is_permanent(error)))
                if _breaks_connection(error):
                    broken = error
                    smtp.close()
        except BaseException:
            # Before the connection is dropped: a soft time limit leaves little time.
            released = _release(delivery_ids, claimant=claimant)
            logger.warning("Batch interrupted: %s unsent deliveries back to pending.", released)
            raise
    return deferred


def retry_deliveries(delivery_ids: Iterable[int]) -> int:
    """Give failed deliveries a new round of attempts (the admin's action); returns how many.

    The last error stays visible until the next attempt replaces it.
    """
    now = timezone.now()
    with transaction.atomic():
        failed = list(
            Delivery.objects.select_for_update()
            .filter(pk__in=list(delivery_ids), status=Delivery.Status.FAILED)
            .values_list("pk", flat=True)
        )
        Delivery.objects.filter(pk__in=failed).update(
            status=Delivery.Status.PENDING, attempts=0, next_attempt_at=now, claimed_by=""
        )
        queue_deliveries(failed)
    return len(failed)


def republish_deliveries(*, now: datetime) -> int:
    """Queue again the deliveries no task is taking care of; returns how many.

    The outbox is the source of truth and a task message only a doorbell, which a broker
    outage, a restarted Redis or a purged queue loses. A delivery pending for longer than the
    grace (SINERGI_NOTIFICATIONS_REPUBLISH_AFTER_SECONDS) past its next attempt, or left sending
    by a task whose lease ran out, is queued again. A row queued twice is sent once: the claim
    decides. Runs every minute (the ``notifications.stalled_deliveries`` scan).
    """
    grace = timedelta(seconds=settings.NOTIFICATIONS_REPUBLISH_AFTER_SECONDS)
    with transaction.atomic():
        stalled = list(
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(
                Q(status=Delivery.Status.PENDING, next_attempt_at__lt=now - grace)
                | Q(status=Delivery.Status.SENDING, claimed_at__lt=now - _lease())
            )
            .order_by("pk")
            .values_list("pk", flat=True)[:REPUBLISH_LIMIT]
        )
        # Not again at the next run, should the queue be slow to reach them.
        for chunk in batched(stalled, ID_CHUNK):
            Delivery.objects.filter(pk__in=chunk, status=Delivery.Status.PENDING).update(
                next_attempt_at=now
            )
        queue_deliveries(stalled)
    return len(stalled)


def queue_daily_digests(*, day: date) -> int:
    """Create ``day``'s digest for every user with notifications waiting, and queue them all.

    At most one digest per user per day (a unique constraint), so running it again that day
    only queues what has not been sent. Returns how many digests were created.
    """
    already = Delivery.objects.filter(mode=Mode.DIGEST, digest_date=day).values("user_id")
    waiting_users = list(
        Notification.objects.filter(mode=Mode.DIGEST, digest=None, recipient__is_active=True)
        .exclude(recipient_id__in=already)
        .order_by()
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    now = timezone.now()
    with transaction.atomic():
        Delivery.objects.bulk_create(
            [
                Delivery(user_id=user_id, mode=Mode.DIGEST, digest_date=day, created_at=now)
                for user_id in waiting_users
            ],
            batch_size=1000,
            ignore_conflicts=True,
        )
        pending = Delivery.objects.filter(
            mode=Mode.DIGEST, digest_date=day, status=Delivery.Status.PENDING
        ).values_list("pk", flat=True)
        queue_deliveries(list(pending))
    return len(waiting_users)


# Scheduled scans.


def schedule_registered_scans(*, using: str = "default") -> int:
    """Give every registered scan with a default schedule a ScheduledScan row, if it has none."""
    if ScheduledScan._meta.db_table not in connections[using].introspection.table_names():
        return 0
    existing = set(ScheduledScan.objects.using(using).values_list("scan", flat=True))
    taken = set(ScheduledScan.objects.using(using).values_list("name", flat=True))
    now = timezone.now()
    created = 0
    for scan in registered_scans():
        if scan.code in existing or (scan.every_minutes is None and scan.daily_at is None):
            continue
        with translation.override(settings.LANGUAGE_CODE):
            name = str(scan.label)[:150]
        row = ScheduledScan(
            name=scan.code if name in taken else name,
            scan=scan.code,
            interval_minutes=scan.every_minutes,
            daily_at=scan.daily_at,
        )
        row.next_run_at = row.following_run(now)
        row.save(using=using)
        created += 1
    return created


def save_scheduled_scan(scan: ScheduledScan) -> None:
    """Save a schedule edited in the admin, with its next run computed from the new schedule."""
    scan.full_clean()
    scan.next_run_at = None
    scan.next_run_at = scan.following_run(timezone.now())
    scan.save()


def claim_scans(scans: models.QuerySet, *, now: datetime) -> list[int]:
    """Claim ``scans`` for one run each and move them to their next run; returns their ids.

    The conditional update on ``next_run_at`` makes it safe for two schedulers (two beats, beat
    and ``run_scans``) to claim at once: each scan is claimed by one of them.
    """
    claimed = []
    for scan in scans.filter(enabled=True):
        won = ScheduledScan.objects.filter(pk=scan.pk, next_run_at=scan.next_run_at).update(
            next_run_at=scan.following_run(now), last_run_at=now
        )
        if won:
            claimed.append(scan.pk)
    return claimed


def _lost_runs(*, now: datetime) -> models.QuerySet:
    """Scans claimed long ago whose run never ended: its message or its worker was lost."""
    rerun_before = now - timedelta(minutes=settings.NOTIFICATIONS_SCAN_RERUN_AFTER_MINUTES)
    return ScheduledScan.objects.filter(enabled=True, last_run_at__lt=rerun_before).filter(
        Q(last_finished_at=None) | Q(last_finished_at__lt=F("last_run_at"))
    )


def claim_due_scans(*, now: datetime) -> list[int]:
    """Claim the scans whose time has come, and those whose last run was lost; returns ids.

    Claiming moves a scan to its next run, so a run whose message is lost (a restarted Redis)
    would be skipped, and a daily digest with it. A run that has not finished
    SINERGI_SCAN_RERUN_AFTER_MINUTES after its claim is claimed again (once per
    that period, by a conditional update on ``last_run_at``); scans are idempotent.
    """
    claimed = claim_scans(ScheduledScan.objects.filter(next_run_at__lte=now), now=now)
    for scan in _lost_runs(now=now).exclude(pk__in=claimed):
        won = ScheduledScan.objects.filter(pk=scan.pk, last_run_at=scan.last_run_at).update(
            last_run_at=now
        )
        if won:
            logger.warning("Scan %s was claimed but never finished; queued again.", scan.scan)
            claimed.append(scan.pk)
    return claimed


def queue_scans(scan_ids: Sequence[int]) -> None:
    """Queue a run of each claimed scan, on commit; an unreachable broker is logged, not raised.

    A claimed scan whose run is not queued is claimed again later (``claim_due_scans``).
    """
    from .tasks import run_scan as run_scan_task

    def unqueued(index: int, error: Exception) -> None:
        logger.error(
            "Could not queue %s scan runs; they will be claimed again. %s: %s",
            len(scan_ids) - index,
            type(error).__name__,
            error,
        )

    queue_on_commit(run_scan_task, [[scan_id] for scan_id in scan_ids], unqueued=unqueued)


def run_scan(scan_id: int, *, now: datetime) -> str:
    """Run one claimed scan and record its result (or its error, which is raised again)."""
    scan = ScheduledScan.objects.get(pk=scan_id)
    try:
        result = get_scan(scan.scan).run(now=now)
    except Exception:
        ScheduledScan.objects.filter(pk=scan_id).update(
            last_result="",
            last_error=traceback.format_exc()[-4000:],
            last_finished_at=timezone.now(),
        )
        raise
    ScheduledScan.objects.filter(pk=scan_id).update(
        last_result=result[:255], last_error="", last_finished_at=timezone.now()
    )
    return result


# Many targets at once (e.g. one request per organisation of a dispatch).


@dataclass(frozen=True)
class Message:
    """One target's notification for its recipients, for ``notify_many``.

    ``url`` overrides the target's own ``get_absolute_url`` (a model without one still links
    to its page).
    """

    recipients: Iterable
    target: object
    context: dict | None = None
    url: str = ""


def notify_many(kind: str, messages: Iterable[Message], *, by=None) -> list[Notification]:
    """Record a ``kind`` notification for each recipient of each message, in bulk.

    ``notify`` for many targets at once: the same rules (call it inside the caller's
    transaction; ``by`` and inactive accounts are not notified; emails are queued once it
    commits), but a fixed number of queries whatever the number of messages: one per
    ID_CHUNK recipients for their preferences, one bulk insert of the notifications and one of
    the email deliveries. A person named twice for one target is notified once. Kinds sent this
    way should not have ``default_modes_by_permission``: answering a permission may cost a
    query per recipient.
    """
    spec = get_kind(kind)
    actor = by if getattr(by, "pk", None) else None
    rows = []
    people = {}
    for message in messages:
        users = _active_users(message.recipients, excluding=by)
        if not users:
            continue
        fields = _target_fields(message.target)
        if message.url:
            fields["target_url"] = message.url
        rows.append((users, fields, message.context or {}))
        for user in users:
            people.setdefault(user.pk, user)
    if not rows:
        return []
    modes = modes_for(spec, list(people.values()))
    now = timezone.now()
    return _store(
        Notification(
            recipient=user,
            kind=kind,
            mode=modes[user.pk],
            actor=actor,
            context=context,
            created_at=now,
            **fields,
        )
        for users, fields, context in rows
        for user in users
    )
