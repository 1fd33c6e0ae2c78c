"""Attendance: checking people in on the day, walk-ins, and the reads the organisers' lists share.

A registration is checked in through ``check_in`` only (and back through ``undo_check_in``):
both are conditional updates whose row count is checked, so two organisers tapping the same
person, or a tap and a QR scan at once, check them in once and log it once. Only a confirmed
registration (a seat) can be checked in; the waiting list, an unconfirmed guest and a
cancelled registration are refused with a message that says why, and nothing changes.
Each write asks ``events.check_in`` itself (PermissionDenied), as every service does, so no
caller that forgot to ask can check anyone in.

The registration's status is never touched here: the registration part owns it (``Registration``
docstring). A walk-in is the one registration this part creates, already confirmed.
"""

import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import log
from common.web import require

from .audit_actions import AttendanceAction
from .models import Event, Registration

# A ticket's token as ``models.new_token`` makes it (URL-safe base64), alone or at the end of
# the ticket page's address that the personal QR code encodes (``.../events/tickets/<token>/``).
TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
TICKET_URL = re.compile(r"/events/tickets/(?P<token>[A-Za-z0-9_-]{16,64})/?(?:[?#].*)?$")


def _refusal(registration: Registration) -> str:
    """Why ``registration`` cannot be checked in, in the reader's words."""
    status = registration.status
    if status == Registration.Status.WAITLISTED:
        message = _("%(name)s is on the waiting list, not registered with a seat.")
    elif status == Registration.Status.UNCONFIRMED:
        message = _("%(name)s has not confirmed their email address yet.")
    else:
        message = _("%(name)s cancelled their registration.")
    return message % {"name": registration.name}


def _refuse_cancelled_event(event: Event) -> None:
    if event.status == Event.Status.CANCELLED:
        raise ValidationError(_("This event was cancelled: nobody can be checked in."))


def check_in(registration: Registration, *, by) -> bool:
    """Check ``registration`` in now; True if this call did it, False if it already was.

    Idempotent and race-safe: the update applies only to a confirmed registration not yet
    checked in, and only the call whose update changed the row logs it. Raises
    ``ValidationError`` (nothing changed) for a registration without a seat or a cancelled event.
    """
    require(by, "events.check_in", registration.event)
    _refuse_cancelled_event(registration.event)
    now = timezone.now()
    with transaction.atomic():
        changed = Registration.objects.filter(
            pk=registration.pk,
            status=Registration.Status.CONFIRMED,
            checked_in_at__isnull=True,
        ).update(checked_in_at=now, checked_in_by=by)
        if changed:
            log(registration, AttendanceAction.CHECKED_IN, by=by)
    _refresh(registration)
    if changed:
        return True
    if registration.status != Registration.Status.CONFIRMED:
        raise ValidationError(_refusal(registration))
    return False


def undo_check_in(registration: Registration, *, by) -> bool:
    """Take a check-in back (a tap on the wrong name); True if this call did it."""
    require(by, "events.check_in", registration.event)
    _refuse_cancelled_event(registration.event)
    with transaction.atomic():
        changed = Registration.objects.filter(
            pk=registration.pk, checked_in_at__isnull=False
        ).update(checked_in_at=None, checked_in_by=None)
        if changed:
            log(registration, AttendanceAction.CHECK_IN_UNDONE, by=by)
    _refresh(registration)
    return bool(changed)


def _refresh(registration: Registration) -> None:
    registration.refresh_from_db(fields=["status", "checked_in_at", "checked_in_by"])


def token_in(scanned: str) -> str | None:
    """The ticket token in what a QR scan (or a person) gave: the ticket page's address or the
    bare token; None when it is neither."""
    scanned = scanned.strip()
    if TOKEN.fullmatch(scanned):
        return scanned
    match = TICKET_URL.search(scanned)
    return match.group("token") if match else None


def check_in_by_token(event: Event, scanned: str, *, by) -> tuple[Registration, bool]:
    """Check in the registration of ``event`` whose personal QR code was scanned.

    Returns the registration and whether this scan checked it in (False: it already was).
    A code that is no ticket, or the ticket of another event, is refused as the same unknown
    ticket: the scanner learns nothing about other events' participants.
    """
    token = token_in(scanned)
    registration = (
        Registration.objects.select_related("event").filter(event=event, token=token).first()
        if token
        else None
    )
    if registration is None:
        raise ValidationError(_("This QR code is not a ticket for this event."))
    return registration, check_in(registration, by=by)


def add_walk_in(
    event: Event,
    *,
    name: str,
    institution: str,
    position: str,
    email: str = "",
    phone: str = "",
    by,
) -> Registration:
    """Register someone who came without registering, and check them in at once.

    Walk-ins are in the room: they are not refused for capacity (the seat limit is for
    registering ahead), and they never join the waiting list. A person whose email address is
    already registered for the event is refused: check them in from the list instead.
    """
    require(by, "events.check_in", event)
    _refuse_cancelled_event(event)
    email = email.strip()
    duplicate = _("%(email)s is already registered for this event: check them in from the list.")
    if (
        email
        and Registration.objects.annotate(address=Lower("email"))
        .filter(event=event, address=email.lower(), status__in=Registration.ACTIVE)
        .exists()
    ):
        raise ValidationError({"email": duplicate % {"email": email}})
    now = timezone.now()
    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                event=event,
                name=name.strip(),
                institution=institution.strip(),
                position=position.strip(),
                email=email,
                phone=phone.strip(),
                source=Registration.Source.WALK_IN,
                status=Registration.Status.CONFIRMED,
                confirmed_at=now,
                checked_in_at=now,
                checked_in_by=by,
            )
            log(
                registration,
                AttendanceAction.WALK_IN_ADDED,
                by=by,
                changes={"institution": registration.institution},
            )
    except IntegrityError:
        # The same address registered a moment ago, between the check and the insert.
        raise ValidationError({"email": duplicate % {"email": email}}) from None
    return registration


# Reads -------------------------------------------------------------------------------------------


def attendance_counts(event: Event) -> dict[str, int]:
    """Registered (with a seat), waiting, and checked in: one query."""
    return Registration.objects.filter(event=event).aggregate(
        registered=Count("pk", filter=Q(status=Registration.Status.CONFIRMED)),
        waiting=Count("pk", filter=Q(status=Registration.Status.WAITLISTED)),
        checked_in=Count("pk", filter=Q(checked_in_at__isnull=False)),
    )


def registration_list(event: Event) -> QuerySet:
    """Every registration of ``event`` with what the organisers' list shows, by name."""
    return (
        Registration.objects.filter(event=event)
        .select_related("organisation__regency")
        .order_by("name", "pk")
    )


def search(queryset: QuerySet, words: str) -> QuerySet:
    """Registrations whose name or institution contains every one of ``words``."""
    for word in words.split()[:5]:
        queryset = queryset.filter(Q(name__icontains=word) | Q(institution__icontains=word))
    return queryset


def check_in_list(event: Event, words: str = "") -> QuerySet:
    """The confirmed registrations the check-in page offers, searched by name or institution."""
    return search(registration_list(event).filter(status=Registration.Status.CONFIRMED), words)


def attendance_rows(event: Event, *, everyone: bool = False) -> QuerySet:
    """The daftar hadir's rows: those checked in (in name order), or with ``everyone`` every
    confirmed registration (a sheet to print before the day)."""
    rows = registration_list(event).filter(status=Registration.Status.CONFIRMED)
    return rows if everyone else rows.filter(checked_in_at__isnull=False)
