"""What every upload shares, whatever the app: its name as metadata, its digest, its signature."""

import hashlib
from pathlib import PurePath

PDF_SIGNATURE = b"%PDF-"


def head_of(file, size: int = 64) -> bytes:
    """The first ``size`` bytes of ``file``, with the position put back at the start."""
    file.seek(0)
    head = file.read(size)
    file.seek(0)
    return head


def is_pdf(file) -> bool:
    """Whether ``file`` is a PDF by what it holds (its header), whatever its name."""
    return head_of(file, len(PDF_SIGNATURE)) == PDF_SIGNATURE


def original_name(name: str, *, limit: int, default: str = "document") -> str:
    """The uploader's file name without any folders, no longer than ``limit``."""
    path = PurePath(name or default)
    return path.stem[: limit - len(path.suffix)] + path.suffix


def sha256_of(file) -> str:
    """The SHA-256 of ``file``, read chunk by chunk (never whole), position back at the start."""
    file.seek(0)
    digest = hashlib.sha256()
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()
