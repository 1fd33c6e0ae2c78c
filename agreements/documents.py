"""Agreement documents: what an upload must be.

Only PDF and Word (DOCX) files are accepted, recognised by their content, never by their name
alone: a renamed executable named ``.pdf`` is refused. ``services.upload_document`` stores them
in the default storage, which is private (no public media URL): they are served only by
``views.download_document``, which asks the access rules. The stored name is generated
(``models.document_path``); the uploader's file name is kept as metadata for the download.
"""

import zipfile
import zlib
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from common import files

from .models import AgreementDocument

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
    if files.is_pdf(file):
        return PDF
    if files.head_of(file, 2) == b"PK" and _is_docx(file):
        return DOCX
    return None


def _is_docx(file) -> bool:
    try:
        with zipfile.ZipFile(file) as archive:
            _check_unpacked_size(archive.infolist())
            # Part names in an Office package are case-insensitive.
            names = {name.lower(): name for name in archive.namelist()}
            if not DOCX_REQUIRED_PARTS.issubset(names):
                return False
            with archive.open(names["[content_types].xml"]) as part:
                content_types = part.read(CONTENT_TYPES_READ_LIMIT).lower()
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        NotImplementedError,
        OSError,
        EOFError,
        # An encrypted part (RuntimeError: password required) or corrupt deflate data (zlib.error):
        # not a document anyone can open, so not a DOCX.
        RuntimeError,
        zlib.error,
    ):
        return False
    finally:
        file.seek(0)
    if DOCX_MACRO_PART in names or MACRO_ENABLED_MARK in content_types:
        raise ValidationError(
            _("Word documents with macros (DOCM) are not accepted. Save it as DOCX or PDF."),
            code="macros",
        )
    return True


def _check_unpacked_size(members: list[zipfile.ZipInfo]) -> None:
    """Refuse a package that would unpack to more than any agreement needs (a zip bomb).

    Read from the archive's directory, so nothing is inflated to find out; every reader that
    later opens the file (Word, a preview, an indexer) would unpack what the directory declares.
    """
    max_parts = settings.AGREEMENT_DOCUMENT_MAX_PARTS
    if len(members) > max_parts:
        raise ValidationError(
            _("The Word document holds more than %(max)s parts. Save it again, or as PDF."),
            code="too_many_parts",
            params={"max": max_parts},
        )
    max_mb = settings.AGREEMENT_DOCUMENT_MAX_UNPACKED_MB
    if sum(member.file_size for member in members) > max_mb * 1024 * 1024:
        raise ValidationError(
            _("The Word document unpacks to more than %(max)s MB. Save it again, or as PDF."),
            code="too_large_unpacked",
            params={"max": max_mb},
        )


def original_name(name: str) -> str:
    """The uploader's file name without any folders, short enough for the column."""
    limit = AgreementDocument._meta.get_field("original_name").max_length
    return files.original_name(name, limit=limit)
