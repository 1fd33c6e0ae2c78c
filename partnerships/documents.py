"""Agreement documents: what an upload must be, and how it is stored.

Only PDF and Word (DOCX) files are accepted, recognised by their content, never by their name
alone: a renamed executable named ``.pdf`` is refused. Files go to the default storage, which is
private (no public media URL): they are served only by ``document_views.download_document``,
which asks the access rules. The stored name is generated (``models.agreements.document_path``);
the uploader's file name is kept as metadata for the download.
"""

import hashlib
import zipfile
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from .agreements import record
from .models import Agreement, AgreementDocument, AgreementEvent

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# The one extension each accepted type may carry, and how users call it.
EXTENSIONS = {PDF: ".pdf", DOCX: ".docx"}
TYPE_NAMES = {PDF: "PDF", DOCX: "Word (DOCX)"}

# Parts every Word document has; a macro-enabled one (DOCM) also carries its VBA project.
DOCX_REQUIRED_PARTS = {"[content_types].xml", "word/document.xml"}
DOCX_MACRO_PART = "word/vbaproject.bin"
MACRO_ENABLED_MARK = b"macroenabled"
# [Content_Types].xml is a few kilobytes; reading no more keeps a zip bomb harmless.
CONTENT_TYPES_READ_LIMIT = 256 * 1024


def upload_document(
    agreement: Agreement, *, kind: str, file, by, note: str = ""
) -> AgreementDocument:
    """Store ``file`` as the next version of the agreement's ``kind`` document.

    Raises PermissionDenied unless ``by`` may upload to the agreement, and ValidationError when
    the file is empty, too large, not a PDF or DOCX (by content), macro-enabled, or named with
    the other type's extension. Nothing is stored then: no row, no file. Records a history entry.
    """
    if not by.has_perm("partnerships.upload_agreement_document", agreement):
        raise PermissionDenied
    if kind not in AgreementDocument.Kind.values:
        raise ValidationError(_("Choose what kind of document this is."), code="kind")
    content_type = validate_document(file)
    original_name = _original_name(file.name)
    document = AgreementDocument(
        kind=kind,
        original_name=original_name,
        content_type=content_type,
        size=file.size,
        sha256=_sha256(file),
        note=note,
        uploaded_by=by,
    )
    try:
        with transaction.atomic():
            # The lock serialises uploads to one agreement, so two never take the same version,
            # and the permission (which depends on the status) holds until the row is written.
            agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
            if not by.has_perm("partnerships.upload_agreement_document", agreement):
                raise PermissionDenied
            document.agreement = agreement
            document.version = _next_version(agreement, kind)
            # upload_to generates the stored name; only the extension comes from the upload.
            document.file.save(original_name, file, save=False)
            document.save()
            record(
                agreement,
                AgreementEvent.Action.DOCUMENT,
                by=by,
                changes={
                    "document": document.pk,
                    "kind": kind,
                    "version": document.version,
                    "name": original_name,
                },
            )
    except BaseException:
        # The row was rolled back; the file already written must not outlive it.
        if document.file.name:
            document.file.storage.delete(document.file.name)
        raise
    return document


def _next_version(agreement: Agreement, kind: str) -> int:
    latest = agreement.documents.filter(kind=kind).aggregate(latest=Max("version"))["latest"]
    return (latest or 0) + 1


def validate_document(file) -> str:
    """The content type of an acceptable agreement document, else a ValidationError."""
    if not file.size:
        raise ValidationError(_("The file is empty."), code="empty")
    max_mb = settings.AGREEMENT_DOCUMENT_MAX_MB
    if file.size > max_mb * 1024 * 1024:
        raise ValidationError(
            _("The file is larger than %(max)s MB."), code="too_large", params={"max": max_mb}
        )
    content_type = detect_type(file)
    if content_type is None:
        raise ValidationError(
            _("Only PDF and Word (DOCX) documents are accepted, and this file is neither."),
            code="type",
        )
    expected = EXTENSIONS[content_type]
    if PurePath(file.name or "").suffix.lower() != expected:
        raise ValidationError(
            _("The file is a %(type)s document, so its name must end in %(extension)s."),
            code="extension",
            params={"type": TYPE_NAMES[content_type], "extension": expected},
        )
    return content_type


def detect_type(file) -> str | None:
    """PDF or DOCX by what the file holds; None for anything else.

    Raises ValidationError for a macro-enabled Word document (DOCM), whatever its name.
    """
    file.seek(0)
    head = file.read(5)
    file.seek(0)
    if head == b"%PDF-":
        return PDF
    if head.startswith(b"PK") and _is_docx(file):
        return DOCX
    return None


def _is_docx(file) -> bool:
    try:
        with zipfile.ZipFile(file) as archive:
            # Part names in an Office package are case-insensitive.
            names = {name.lower(): name for name in archive.namelist()}
            if not DOCX_REQUIRED_PARTS.issubset(names):
                return False
            with archive.open(names["[content_types].xml"]) as part:
                content_types = part.read(CONTENT_TYPES_READ_LIMIT).lower()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError):
        return False
    finally:
        file.seek(0)
    if DOCX_MACRO_PART in names or MACRO_ENABLED_MARK in content_types:
        raise ValidationError(
            _("Word documents with macros (DOCM) are not accepted. Save it as DOCX or PDF."),
            code="macros",
        )
    return True


def _original_name(name: str) -> str:
    """The uploader's file name without any folders, short enough for the column."""
    path = PurePath(name or "document")
    limit = AgreementDocument._meta.get_field("original_name").max_length
    return path.stem[: limit - len(path.suffix)] + path.suffix


def _sha256(file) -> str:
    digest = hashlib.sha256()
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()
