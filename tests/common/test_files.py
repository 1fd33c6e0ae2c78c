"""What every upload shares: its signature, its name as metadata, its digest."""

import hashlib

from django.core.files.uploadedfile import SimpleUploadedFile

from common.files import head_of, is_pdf, original_name, sha256_of


def test_is_pdf_by_content_whatever_the_name():
    assert is_pdf(SimpleUploadedFile("surat.docx", b"%PDF-1.7\n%%EOF\n"))
    assert not is_pdf(SimpleUploadedFile("surat.pdf", b"#!/bin/sh\n"))


def test_head_of_puts_the_position_back_at_the_start():
    file = SimpleUploadedFile("a.bin", b"0123456789")
    file.read(4)

    assert head_of(file, 3) == b"012"
    assert file.tell() == 0


def test_original_name_drops_folders_and_keeps_the_extension_within_the_limit():
    assert original_name("../../etc/Laporan Akhir.pdf", limit=255) == "Laporan Akhir.pdf"
    assert original_name("a" * 300 + ".pdf", limit=20) == "a" * 16 + ".pdf"
    assert original_name("", limit=255, default="file") == "file"


def test_sha256_of_reads_in_chunks_and_rewinds():
    content = b"x" * (3 * 1024 * 1024)
    file = SimpleUploadedFile("a.bin", content)

    assert sha256_of(file) == hashlib.sha256(content).hexdigest()
    assert file.tell() == 0
