"""After the event: materials and photos, the outcome report, feedback, certificates.

One door per write, each checking who acts and when: ``add_file``, ``remove_file``,
``set_file_visibility``, ``write_report``, ``request_feedback``, ``submit_feedback``,
``issue_certificates``. Every write is logged on the event, so its page shows one history.

Files are recognised by what they hold, never by their names: an image (kept as
``common.images.reencode``'s clean copy, with a small thumbnail), a PDF (``common.files``), or an
Office document (DOCX, PPTX, XLSX: a zip holding ``[Content_Types].xml`` and the part that makes
it one). Anything else is refused and nothing is stored.
"""

import io
import zipfile
import zlib
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy as _
from PIL import Image

from audit.selectors import entries_for
from audit.services import log
from common import files, images
from notifications import emails
from notifications import services as notifications

from .audit_actions import FollowupAction as Action
from .guests import email_guest
from .models import Certificate, Event, EventFile, Feedback, Registration, Report

PDF = "application/pdf"
OFFICE_TYPES = {
    # The part that makes a package this document, and what it is then.
    "word/document.xml": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ".docx",
    ),
    "ppt/presentation.xml": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ".pptx",
    ),
    "xl/workbook.xml": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ".xlsx",
    ),
}
CONTENT_TYPES_PART = "[content_types].xml"
# Macro-enabled packages (DOCM, PPTM, XLSM) say so in their content types.
MACRO_ENABLED_MARK = b"macroenabled"
# [Content_Types].xml is a few kilobytes; reading no more keeps a zip bomb harmless.
CONTENT_TYPES_READ_LIMIT = 256 * 1024
# A package unpacking to more than this, or holding more parts, is a zip bomb, not slides.
OFFICE_MAX_UNPACKED_MB = 1024
OFFICE_MAX_PARTS = 10_000
# The first bytes of the images common.images reads; the image itself is then judged there.
IMAGE_SIGNATURES = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a")
THUMBNAIL_SIZE = (images.THUMBNAIL_WIDTH, images.THUMBNAIL_WIDTH)


class FollowupError(ValidationError):
    """A refusal the page shows as it is (the event has not ended, it is no training...)."""


# --- Materials and photos ---------------------------------------------------------------------


@dataclass(frozen=True)
class Accepted:
    """An upload that passed: what it is and the file to keep (the upload or its clean copy)."""

    content_type: str
    extension: str
    file: File
    is_image: bool


def accept_file(file, kind: str) -> Accepted:
    """What an acceptable event file is, else a ValidationError with a code; stores nothing.

    A photo must be an image; a material may be an image, a PDF or an Office document.
    """
    if not file or not file.size:
        raise ValidationError(_("The file is empty."), code="empty")
    max_mb = settings.EVENT_FILE_MAX_MB
    if file.size > max_mb * 1024 * 1024:
        raise ValidationError(
            _("The file is larger than %(max)s MB."), code="too_large", params={"max": max_mb}
        )
    head = files.head_of(file, 16)
    if _looks_like_image(head) or kind == EventFile.Kind.PHOTO:
        if not _looks_like_image(head):
            raise ValidationError(
                _("A photo must be a JPEG, PNG, WebP or GIF image, and this file is none of them."),
                code="type",
            )
        info = images.inspect_image(file)
        return Accepted(info.content_type, info.extension, images.reencode(file, info), True)
    if files.is_pdf(file):
        return Accepted(PDF, ".pdf", file, False)
    office = _office_type(file) if head.startswith(b"PK\x03\x04") else None
    if office is None:
        raise ValidationError(
            _(
                "Only PDF, Word (DOCX), PowerPoint (PPTX) and Excel (XLSX) documents and JPEG, "
                "PNG, WebP and GIF images are accepted, and this file is none of them."
            ),
            code="type",
        )
    content_type, extension = office
    return Accepted(content_type, extension, file, False)


def _looks_like_image(head: bytes) -> bool:
    return head.startswith(IMAGE_SIGNATURES) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")


def _office_type(file) -> tuple[str, str] | None:
    """(content type, extension) of a DOCX, PPTX or XLSX by the parts it holds; None otherwise.

    Raises ValidationError for a macro-enabled package or a zip bomb, whatever its name.
    """
    try:
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
            if len(members) > OFFICE_MAX_PARTS or sum(member.file_size for member in members) > (
                OFFICE_MAX_UNPACKED_MB * 1024 * 1024
            ):
                raise ValidationError(
                    _("The document unpacks to far more than a document holds, so it is refused."),
                    code="too_large_unpacked",
                )
            # Part names in an Office package are case-insensitive.
            names = {name.lower(): name for name in archive.namelist()}
            if CONTENT_TYPES_PART not in names:
                return None
            found = [OFFICE_TYPES[part] for part in OFFICE_TYPES if part in names]
            if len(found) != 1:
                return None
            with archive.open(names[CONTENT_TYPES_PART]) as part:
                content_types = part.read(CONTENT_TYPES_READ_LIMIT).lower()
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        NotImplementedError,
        OSError,
        EOFError,
        RuntimeError,  # an encrypted part
        zlib.error,
    ):
        return None
    finally:
        file.seek(0)
    macros = any(name.endswith("vbaproject.bin") for name in names)
    if macros or MACRO_ENABLED_MARK in content_types:
        raise ValidationError(
            _("Office documents with macros are not accepted. Save it as DOCX, PPTX, XLSX or PDF."),
            code="macros",
        )
    return found[0]


def _thumbnail(clean: File) -> tuple[bytes, str]:
    """A small JPEG (PNG when transparent) of an image already checked and re-encoded."""
    clean.seek(0)
    with Image.open(clean) as image:
        image.draft("RGB", THUMBNAIL_SIZE)
        image.thumbnail(THUMBNAIL_SIZE, Image.Resampling.LANCZOS)
        transparent = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
        small = image.convert("RGBA" if transparent else "RGB")
    clean.seek(0)
    buffer = io.BytesIO()
    if transparent:
        small.save(buffer, format="PNG", optimize=True)
        return buffer.getvalue(), ".png"
    small.save(buffer, format="JPEG", quality=images.JPEG_QUALITY, optimize=True)
    return buffer.getvalue(), ".jpg"


def add_file(
    event: Event, *, by, kind: str, file, title: str = "", is_public: bool = False
) -> EventFile:
    """Add a material or a photo to ``event``; refused files raise ValidationError, storing nothing.

    What is stored is generated (name, extension from the content); the uploader's name is kept
    as metadata for the download.
    """
    if not by.has_perm("events.manage_files", event):
        raise PermissionDenied
    if kind not in EventFile.Kind.values:
        raise ValidationError(_("Choose whether it is a material or a photo."), code="kind")
    accepted = accept_file(file, kind)
    limit = EventFile._meta.get_field("original_name").max_length
    event_file = EventFile(
        event=event,
        kind=kind,
        title=title.strip(),
        original_name=files.original_name(file.name, limit=limit, default="file"),
        content_type=accepted.content_type,
        size=accepted.file.size,
        is_public=is_public,
        uploaded_by=by,
    )
    thumbnail = _thumbnail(accepted.file) if accepted.is_image else None
    written = []
    try:
        with transaction.atomic():
            event_file.file.save(f"file{accepted.extension}", accepted.file, save=False)
            written.append(event_file.file.name)
            if thumbnail is not None:
                content, extension = thumbnail
                event_file.thumbnail.save(f"thumbnail{extension}", ContentFile(content), save=False)
                written.append(event_file.thumbnail.name)
            event_file.save()
            log(
                event,
                Action.FILE_ADDED,
                by=by,
                changes={
                    "file": event_file.original_name,
                    "file_kind": event_file.kind,
                    "is_public": event_file.is_public,
                },
            )
    except BaseException:
        storage = event_file.file.storage
        for name in written:
            storage.delete(name)
        raise
    return event_file


def remove_file(event_file: EventFile, *, by) -> None:
    """Remove a file of an event; its stored files go once the removal commits."""
    event = event_file.event
    if not by.has_perm("events.manage_files", event):
        raise PermissionDenied
    names = [name for name in (event_file.file.name, event_file.thumbnail.name) if name]
    storage = event_file.file.storage
    with transaction.atomic():
        log(
            event,
            Action.FILE_REMOVED,
            by=by,
            changes={"file": event_file.original_name, "file_kind": event_file.kind},
        )
        event_file.delete()
        transaction.on_commit(lambda: [storage.delete(name) for name in names])


def set_file_visibility(event_file: EventFile, *, is_public: bool, by) -> bool:
    """Make a file public or private; False when it already was."""
    event = event_file.event
    if not by.has_perm("events.manage_files", event):
        raise PermissionDenied
    with transaction.atomic():
        changed = EventFile.objects.filter(pk=event_file.pk, is_public=not is_public).update(
            is_public=is_public
        )
        if not changed:
            return False
        event_file.is_public = is_public
        log(
            event,
            Action.FILE_VISIBILITY_CHANGED,
            by=by,
            changes={"file": event_file.original_name, "is_public": [not is_public, is_public]},
        )
    return True


# --- The outcome report -----------------------------------------------------------------------

REPORT_FIELDS = ("summary", "follow_ups", "outputs")


def report_refusal(event: Event) -> FollowupError | None:
    """Why ``event``'s report cannot be written now, or None: it must be published and begun."""
    if event.status == Event.Status.DRAFT:
        return FollowupError(_("A draft event has no report: publish it first."), code="draft")
    if event.status == Event.Status.CANCELLED:
        return FollowupError(_("The event was cancelled."), code="cancelled")
    if event.starts_at > timezone.now():
        return FollowupError(
            _("The report can be written once the event has started."), code="not_started"
        )
    return None


def write_report(event: Event, *, by, **fields) -> Report:
    """Write or rewrite the outcome report of ``event`` (summary, follow-ups, other figures).

    Refused before the event has started. The attendance figures are never written: they are
    counted from the check-ins when the report is shown (``selectors.attendance_figures``).
    """
    unknown = set(fields) - set(REPORT_FIELDS)
    if unknown:
        raise TypeError(f"write_report() got unexpected fields {sorted(unknown)}")
    if not by.has_perm("events.write_report", event):
        raise PermissionDenied
    refusal = report_refusal(event)
    if refusal is not None:
        raise refusal
    values = {name: (fields.get(name) or "").strip() for name in REPORT_FIELDS}
    if not values["summary"]:
        raise ValidationError({"summary": _("Write a summary of the event.")}, code="required")
    with transaction.atomic():
        Event.objects.select_for_update().filter(pk=event.pk).first()
        report = Report.objects.filter(event=event).first()
        before = {name: getattr(report, name) for name in REPORT_FIELDS} if report else {}
        if report is None:
            report = Report(event=event, written_by=by)
        for name, value in values.items():
            setattr(report, name, value)
        report.full_clean(exclude=["event"])
        report.save()
        changes = {
            name: [before.get(name), value]
            for name, value in values.items()
            if before.get(name) != value
        }
        log(
            event,
            Action.REPORT_CHANGED if before else Action.REPORT_WRITTEN,
            by=by,
            changes=changes,
        )
    return report


# --- Feedback ---------------------------------------------------------------------------------

FEEDBACK_EMAIL = "events/email/followup_feedback_requested"
CERTIFICATE_EMAIL = "events/email/followup_certificate_ready"


def attendees(event: Event):
    """The registrations of ``event`` that were checked in."""
    return event.registrations.filter(
        status=Registration.Status.CONFIRMED, checked_in_at__isnull=False
    )


def request_feedback(event: Event, *, by) -> int:
    """Ask every attendee who has not answered yet for feedback; returns how many were asked.

    Members are notified (``events.feedback_requested``, once per person: asking again reaches
    only those not yet asked); guests get an email with their own link. Refused before the
    event has started and when nobody attended.
    """
    if not by.has_perm("events.request_feedback", event):
        raise PermissionDenied
    with transaction.atomic():
        # The row as it is now, locked: two organisers pressing at once ask each guest once,
        # and an event cancelled since the page loaded is refused.
        event = Event.objects.select_for_update().get(pk=event.pk)
        if event.status != Event.Status.PUBLISHED:
            raise FollowupError(
                _("Feedback is asked only about a published event."), code="not_published"
            )
        if event.starts_at > timezone.now():
            raise FollowupError(
                _("Feedback can be asked for once the event has started."), code="not_started"
            )
        # Members are asked once by the notification's key; guests, who have no notifications,
        # by the ids the earlier requests recorded on the event.
        guests_asked = {
            registration_id
            for changes in entries_for(event)
            .filter(action=Action.FEEDBACK_REQUESTED)
            .values_list("changes", flat=True)
            for registration_id in (changes or {}).get("guests", ())
        }
        waiting = [
            registration
            for registration in attendees(event)
            .filter(feedback__isnull=True)
            .select_related("user")
            .order_by("pk")
            if registration.user_id or registration.pk not in guests_asked
        ]
        if not waiting:
            raise FollowupError(_("Nobody who attended is still to give feedback."), code="nobody")
        for registration in waiting:
            _tell_attendee(
                event,
                registration,
                kind="events.feedback_requested",
                email=FEEDBACK_EMAIL,
                url=reverse("events:feedback", args=[registration.token]),
                by=by,
            )
        guests = [registration.pk for registration in waiting if not registration.user_id]
        log(
            event,
            Action.FEEDBACK_REQUESTED,
            by=by,
            changes={"asked": len(waiting), "guests": guests},
        )
    return len(waiting)


FEEDBACK_RATINGS = ("overall", "content", "speakers", "organisation")


def submit_feedback(registration: Registration, **answers) -> Feedback:
    """Record an attendee's answers (one per registration); refused for anyone not checked in."""
    if not registration.attended or registration.status != Registration.Status.CONFIRMED:
        raise FollowupError(
            _("Only those who attended the event are asked for feedback."), code="not_attended"
        )
    if registration.event.starts_at > timezone.now():
        raise FollowupError(_("The event has not started yet."), code="not_started")
    feedback = Feedback(registration=registration, **answers)
    feedback.full_clean(exclude=["registration"])
    with transaction.atomic():
        # The registration's row lock orders two submissions of the same form.
        locked = Registration.objects.select_for_update().filter(pk=registration.pk).first()
        if Feedback.objects.filter(registration=locked).exists():
            raise FollowupError(
                _("Your feedback has already been received. Thank you."), code="already"
            )
        feedback.save()
        # Who answered, never what: the answers are read as a summary.
        log(
            registration.event,
            Action.FEEDBACK_GIVEN,
            by=registration.user,
            changes={"registration": registration.pk},
        )
    return feedback


# --- Certificates -----------------------------------------------------------------------------


# A range of dates is written with an en dash, as printed Indonesian does (12\u201314 Mei).
RANGE = "\u2013"


def event_dates(event: Event) -> str:
    """The event's dates as its certificate prints them: in the event's own time zone, in the
    site's language (Indonesian), whoever issues it."""
    with translation.override(settings.LANGUAGE_CODE):
        return _dates(event)


def _dates(event: Event) -> str:
    zone = event.zone
    start = timezone.localtime(event.starts_at, zone).date()
    end = timezone.localtime(event.ends_at, zone).date()
    if start == end:
        return formats.date_format(start, "j F Y")
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}{RANGE}{formats.date_format(end, 'j F Y')}"
    return f"{formats.date_format(start, 'j F Y')} {RANGE} {formats.date_format(end, 'j F Y')}"


def organisers_line(event: Event) -> str:
    return ", ".join(sorted(organisation.name for organisation in event.organisers.all()))


def issue_certificates(event: Event, *, by) -> list[Certificate]:
    """Issue a certificate to every attendee of a training that has ended; returns the new ones.

    Idempotent: who already has one is left as is. What each says is frozen now (name,
    institution, event title, dates in the event's zone, organisers), so the public page shows
    what the paper shows. Members are notified, guests emailed with their link.
    """
    if not by.has_perm("events.issue_certificates", event):
        raise PermissionDenied
    with transaction.atomic():
        # The event's row lock keeps two issues at once from both making a certificate, and the
        # guards read the row as it is now: cancelled or moved since the caller loaded it, it
        # is refused.
        event = Event.objects.select_for_update().get(pk=event.pk)
        if event.status != Event.Status.PUBLISHED:
            raise FollowupError(
                _("Certificates are issued only for a published training."), code="not_published"
            )
        if event.kind != Event.Kind.TRAINING:
            raise FollowupError(
                _("Certificates of attendance are issued for trainings only."),
                code="not_training",
            )
        if event.ends_at > timezone.now():
            raise FollowupError(
                _("Certificates are issued once the training has ended."), code="not_ended"
            )
        dates = event_dates(event)
        organisers = organisers_line(event)[:500]
        pending = list(
            attendees(event)
            .filter(certificate__isnull=True)
            .select_related("user", "organisation")
            .order_by("pk")
        )
        made = []
        for registration in pending:
            certificate = Certificate(
                registration=registration,
                name=registration.name,
                institution=registration.institution
                or (registration.organisation.name if registration.organisation else ""),
                event_title=event.title,
                event_dates=dates,
                organisers=organisers,
                issued_by=by,
            )
            certificate.save()
            made.append(certificate)
            _announce_certificate(event, registration, by=by)
        if made:
            log(event, Action.CERTIFICATES_ISSUED, by=by, changes={"issued": len(made)})
    return made


def _announce_certificate(event, registration, *, by) -> None:
    _tell_attendee(
        event,
        registration,
        kind="events.certificate_ready",
        email=CERTIFICATE_EMAIL,
        url=reverse("events:certificate_pdf", args=[registration.token]),
        by=by,
    )


def _tell_attendee(event, registration, *, kind: str, email: str, url: str, by) -> None:
    """A notification of ``kind`` (once per registration) to a member, the ``email`` to a
    guest; both lead to ``url``."""
    if registration.user_id:
        notifications.notify(
            kind,
            [registration.user],
            target=notifications.Link(url, event.title),
            context={"event": event.title},
            by=by,
            key=f"{kind}:{registration.pk}",
        )
    elif registration.email:
        email_guest(registration, email, {"event": event, "url": emails.absolute_url(url)})


# --- Revoking a certificate ---


def revoke_certificate(certificate: Certificate, *, by, reason: str) -> Certificate:
    """Revoke ``certificate`` (issued in error, or to the wrong person), saying why.

    From then on its public page says it is not valid (and answers 404, as for an unknown
    code) and its PDF is no longer served. Audited on the event with the code and the reason.
    Who may issue the event's certificates may revoke them; the reason is required.
    """
    event = certificate.registration.event
    if by is None or not by.has_perm("events.issue_certificates", event):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise FollowupError(_("Say why the certificate is revoked."), code="no_reason")
    now = timezone.now()
    with transaction.atomic():
        revoked = Certificate.objects.filter(pk=certificate.pk, revoked_at__isnull=True).update(
            revoked_at=now
        )
        if not revoked:
            raise FollowupError(
                _("This certificate has already been revoked."), code="already_revoked"
            )
        certificate.revoked_at = now
        log(
            event,
            Action.CERTIFICATE_REVOKED,
            by=by,
            changes={"certificate": certificate.code, "name": certificate.name, "reason": reason},
        )
    return certificate
