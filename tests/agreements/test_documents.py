"""Agreement documents: what an upload must be, how it is stored, and who may download it."""

import hashlib
import io
import struct
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agreements.audit_actions import Action
from agreements.documents import DOCX, PDF
from agreements.models import Agreement, AgreementDocument
from agreements.services import upload_document
from audit.models import AuditEntry
from audit.selectors import entries_for
from partnerships.models import Role
from tests.factories import AgreementFactory, member
from tests.helpers import messages_of, stored_files

PDF_BYTES = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
EXECUTABLE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48

CONTENT_TYPES_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="{main}"/>'
    "</Types>"
)
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
DOCUMENT_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>Perjanjian Kerja Sama</w:t></w:r></w:p></w:body></w:document>"
)

NOT_PDF_OR_DOCX = "Only PDF and Word (DOCX) documents are accepted, and this file is neither."
MACROS = "Word documents with macros (DOCM) are not accepted. Save it as DOCX or PDF."


def docx_bytes(*, main=DOCX_MAIN, parts=None) -> bytes:
    """A minimal Word package: the two parts Word itself cannot open a document without."""
    parts = {
        "[Content_Types].xml": CONTENT_TYPES_XML.format(main=main),
        "word/document.xml": DOCUMENT_XML,
        **(parts or {}),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX_BYTES = docx_bytes()


def _encrypted_docx_bytes() -> bytes:
    """A Word package whose [Content_Types].xml is marked encrypted (general purpose bit 0)."""
    content = bytearray(DOCX_BYTES)
    # The first entry is [Content_Types].xml: its flags in the local header and the directory.
    content[6] |= 0x01
    content[content.index(b"PK\x01\x02") + 8] |= 0x01
    return bytes(content)


def _corrupt_docx_bytes() -> bytes:
    """A Word package whose [Content_Types].xml holds deflate data that cannot be inflated."""
    content = bytearray(DOCX_BYTES)
    with zipfile.ZipFile(io.BytesIO(DOCX_BYTES)) as archive:
        info = archive.getinfo("[Content_Types].xml")
    start = 30 + len(info.filename) + len(info.extra)
    content[start : start + 8] = b"\xff" * 8
    return bytes(content)


def _spreadsheet_bytes() -> bytes:
    """An Office package, but a workbook: a zip without Word's document part."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES_XML.format(main="application/xml"))
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


SPREADSHEET_BYTES = _spreadsheet_bytes()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def agreement(network):
    """KPK and Diskominfo Kota Palembang, still a draft."""
    return AgreementFactory(between=[network.kpk, network.city])


@pytest.fixture
def foreign_agreement(network):
    """KPK and Diskominfo Kota Medan: beyond the reach of Palembang's people."""
    return AgreementFactory(between=[network.kpk, network.foreign])


@pytest.fixture
def outsider(network):
    """A manager of Diskominfo Kota Medan, party to none of Palembang's agreements."""
    return member(Role.PARTNER_MANAGER, network.foreign, language="en")


def _upload_url(agreement):
    return reverse("agreements:document_upload", args=[agreement.pk])


def _download_url(agreement, document):
    return reverse("agreements:document", args=[agreement.pk, document.pk])


# The service


def test_upload_document_pdf_stores_first_version(network, agreement, media):
    document = upload_document(
        agreement,
        kind=AgreementDocument.Kind.DRAFT,
        file=upload("Draf PKS Palembang.pdf", PDF_BYTES),
        by=network.kpk_staff,
        note="Draf dari KPK",
    )

    document.refresh_from_db()
    assert document.version == 1
    assert document.content_type == PDF
    assert document.original_name == "Draf PKS Palembang.pdf"
    assert document.size == len(PDF_BYTES)
    assert document.sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
    assert document.note == "Draf dari KPK"
    assert document.uploaded_by == network.kpk_staff
    assert stored_files(media) == [media / document.file.name]
    assert (media / document.file.name).read_bytes() == PDF_BYTES


def test_upload_document_stores_under_a_generated_name(network, agreement, media):
    document = upload_document(
        agreement,
        kind=AgreementDocument.Kind.DRAFT,
        file=upload("../../etc/Draf PKS.pdf", PDF_BYTES),
        by=network.kpk_staff,
    )

    folder, name = document.file.name.rsplit("/", 1)
    assert folder == f"agreements/{agreement.pk}"
    assert len(name) == len("0123456789abcdef0123456789abcdef.pdf")
    assert name.endswith(".pdf")
    assert "Draf" not in document.file.name
    assert document.original_name == "Draf PKS.pdf"


def test_upload_document_docx_is_recognised_as_word(network, agreement, media):
    document = upload_document(
        agreement,
        kind=AgreementDocument.Kind.ATTACHMENT,
        file=upload("Lampiran.docx", DOCX_BYTES),
        by=network.partner_manager,
    )

    assert document.version == 1
    assert document.content_type == DOCX
    assert document.file.name.endswith(".docx")
    assert (media / document.file.name).read_bytes() == DOCX_BYTES


def test_upload_document_same_kind_increments_version(network, agreement, media):
    first = upload_document(
        agreement, kind="draft", file=upload("Draf 1.pdf", PDF_BYTES), by=network.kpk_staff
    )
    second = upload_document(
        agreement, kind="draft", file=upload("Draf 2.docx", DOCX_BYTES), by=network.partner_manager
    )
    signed = upload_document(
        agreement, kind="signed", file=upload("Ditandatangani.pdf", PDF_BYTES), by=network.kpk_staff
    )

    assert [first.version, second.version, signed.version] == [1, 2, 1]
    assert len(stored_files(media)) == 3


def test_upload_document_versions_count_per_agreement(network, agreement, media):
    other = AgreementFactory(between=[network.kpk, network.city])
    upload_document(other, kind="draft", file=upload("a.pdf", PDF_BYTES), by=network.kpk_staff)

    document = upload_document(
        agreement, kind="draft", file=upload("b.pdf", PDF_BYTES), by=network.kpk_staff
    )

    assert document.version == 1


def test_upload_document_records_history(network, agreement, media):
    document = upload_document(
        agreement, kind="signed", file=upload("Scan.pdf", PDF_BYTES), by=network.kpk_manager
    )

    event = entries_for(agreement).get()
    assert event.action == Action.DOCUMENT_UPLOADED
    assert event.actor == network.kpk_manager
    assert event.changes == {
        "document": document.pk,
        "kind": "signed",
        "version": 1,
        "name": "Scan.pdf",
    }


def _declaring_sizes(content: bytes, sizes: dict[str, int]) -> bytes:
    """The package with its directory declaring these uncompressed sizes: a zip bomb's shape,
    built without writing the gigabytes (the validator must read the directory, not inflate)."""
    content = bytearray(content)
    start = content.index(b"PK\x01\x02")
    while content[start : start + 4] == b"PK\x01\x02":
        name_length, extra_length, comment_length = struct.unpack_from("<HHH", content, start + 28)
        name = content[start + 46 : start + 46 + name_length].decode()
        if name in sizes:
            struct.pack_into("<I", content, start + 24, sizes[name])
        start += 46 + name_length + extra_length + comment_length
    return bytes(content)


GIB = 1024 * 1024 * 1024


def _bomb_one_member() -> bytes:
    return _declaring_sizes(
        docx_bytes(parts={"word/media/image1.png": b"x"}), {"word/media/image1.png": GIB}
    )


def _bomb_many_members() -> bytes:
    names = [f"word/media/image{n}.png" for n in range(8)]
    content = docx_bytes(parts=dict.fromkeys(names, b"x"))
    return _declaring_sizes(content, dict.fromkeys(names, GIB // 8))


def _many_parts(count: int) -> bytes:
    return docx_bytes(parts={f"customXml/item{n}.xml": "" for n in range(count - 2)})


TOO_LARGE_UNPACKED = "The Word document unpacks to more than 200 MB. Save it again, or as PDF."
TOO_MANY_PARTS = "The Word document holds more than 2000 parts. Save it again, or as PDF."


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        pytest.param("Draf PKS.pdf", EXECUTABLE_BYTES, NOT_PDF_OR_DOCX, id="renamed-executable"),
        pytest.param("Draf PKS.pdf", b"", "The file is empty.", id="empty"),
        pytest.param(
            "Draf PKS.docx", _encrypted_docx_bytes(), NOT_PDF_OR_DOCX, id="docx-encrypted-part"
        ),
        pytest.param(
            "Draf PKS.docx", _corrupt_docx_bytes(), NOT_PDF_OR_DOCX, id="docx-corrupt-deflate"
        ),
        pytest.param("Draf PKS.docx", _bomb_one_member(), TOO_LARGE_UNPACKED, id="docx-1-gib-part"),
        pytest.param(
            "Draf PKS.docx", _bomb_many_members(), TOO_LARGE_UNPACKED, id="docx-1-gib-in-parts"
        ),
        pytest.param("Draf PKS.docx", _many_parts(2001), TOO_MANY_PARTS, id="docx-2001-parts"),
        pytest.param(
            "Draf PKS.pdf", b"Perjanjian Kerja Sama\nPasal 1\n", NOT_PDF_OR_DOCX, id="text-as-pdf"
        ),
        pytest.param(
            "Draf PKS.docx",
            docx_bytes(main=DOCM_MAIN, parts={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0"}),
            MACROS,
            id="docm-named-docx",
        ),
        pytest.param(
            "Draf PKS.docx",
            docx_bytes(parts={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0"}),
            MACROS,
            id="docx-carrying-macros",
        ),
        pytest.param("Draf PKS.docx", SPREADSHEET_BYTES, NOT_PDF_OR_DOCX, id="xlsx-named-docx"),
        pytest.param(
            "Draf PKS.docx", b"PK\x03\x04 not really a zip", NOT_PDF_OR_DOCX, id="broken-zip"
        ),
        pytest.param(
            "Draf PKS.docx",
            PDF_BYTES,
            "The file is a PDF document, so its name must end in .pdf.",
            id="pdf-named-docx",
        ),
        pytest.param(
            "Draf PKS.pdf",
            DOCX_BYTES,
            "The file is a Word (DOCX) document, so its name must end in .docx.",
            id="docx-named-pdf",
        ),
        pytest.param(
            "Draf PKS.exe",
            PDF_BYTES,
            "The file is a PDF document, so its name must end in .pdf.",
            id="pdf-named-exe",
        ),
    ],
)
def test_upload_document_bad_file_is_refused_and_nothing_stored(
    network, agreement, media, name, content, message
):
    with pytest.raises(ValidationError) as refusal:
        upload_document(agreement, kind="draft", file=upload(name, content), by=network.kpk_staff)

    assert refusal.value.messages == [message]
    assert AgreementDocument.objects.count() == 0
    assert AuditEntry.objects.filter(action__startswith="agreements.").count() == 0
    assert stored_files(media) == []


def test_upload_document_oversized_is_refused_and_nothing_stored(
    network, agreement, media, settings
):
    settings.AGREEMENT_DOCUMENT_MAX_MB = 1
    content = PDF_BYTES + b"0" * (1024 * 1024 + 1 - len(PDF_BYTES))

    with pytest.raises(ValidationError) as refusal:
        upload_document(
            agreement, kind="draft", file=upload("Besar.pdf", content), by=network.kpk_staff
        )

    assert refusal.value.messages == ["The file is larger than 1 MB."]
    assert AgreementDocument.objects.count() == 0
    assert stored_files(media) == []


def test_upload_document_at_the_size_limit_is_accepted(network, agreement, media, settings):
    settings.AGREEMENT_DOCUMENT_MAX_MB = 1
    content = PDF_BYTES + b"0" * (1024 * 1024 - len(PDF_BYTES))

    document = upload_document(
        agreement, kind="draft", file=upload("Pas.pdf", content), by=network.kpk_staff
    )

    assert document.size == 1024 * 1024


def test_upload_document_docx_at_the_unpacked_limits_is_accepted(network, agreement, media):
    content = _declaring_sizes(_many_parts(2000), {"customXml/item0.xml": 200 * 1024 * 1024 - 2000})

    document = upload_document(
        agreement, kind="draft", file=upload("Pas.docx", content), by=network.kpk_staff
    )

    assert document.content_type == DOCX


def test_upload_document_unpacked_limits_follow_the_settings(network, agreement, media, settings):
    settings.AGREEMENT_DOCUMENT_MAX_PARTS = 3

    with pytest.raises(ValidationError) as refusal:
        upload_document(
            agreement, kind="draft", file=upload("Draf.docx", _many_parts(4)), by=network.kpk_staff
        )

    assert refusal.value.messages == [
        "The Word document holds more than 3 parts. Save it again, or as PDF."
    ]


def test_upload_document_note_longer_than_its_field_is_refused_and_nothing_stored(
    network, agreement, media
):
    with pytest.raises(ValidationError) as refusal:
        upload_document(
            agreement,
            kind="draft",
            file=upload("Draf.pdf", PDF_BYTES),
            by=network.kpk_staff,
            note="x" * 301,
        )

    assert refusal.value.messages == ["Note can be at most 300 characters long."]
    assert AgreementDocument.objects.count() == 0
    assert stored_files(media) == []


def test_upload_document_unknown_kind_is_refused(network, agreement, media):
    with pytest.raises(ValidationError) as refusal:
        upload_document(
            agreement, kind="invoice", file=upload("a.pdf", PDF_BYTES), by=network.kpk_staff
        )

    assert refusal.value.messages == ["Choose what kind of document this is."]
    assert stored_files(media) == []


def test_upload_document_to_an_ended_agreement_is_denied_and_nothing_stored(network, media):
    agreement = AgreementFactory(between=[network.kpk, network.city], status="terminated")

    with pytest.raises(PermissionDenied):
        upload_document(
            agreement, kind="signed", file=upload("a.pdf", PDF_BYTES), by=network.kpk_manager
        )

    assert stored_files(media) == []


def test_upload_document_ended_meanwhile_is_denied_and_nothing_stored(network, agreement, media):
    # Another request terminated it after this one loaded the agreement.
    Agreement.objects.filter(pk=agreement.pk).update(status=Agreement.Status.TERMINATED)

    with pytest.raises(PermissionDenied):
        upload_document(
            agreement, kind="signed", file=upload("a.pdf", PDF_BYTES), by=network.kpk_manager
        )

    assert AgreementDocument.objects.count() == 0
    assert stored_files(media) == []


def test_upload_document_by_partner_operator_is_denied_and_nothing_stored(
    network, agreement, media
):
    with pytest.raises(PermissionDenied):
        upload_document(
            agreement, kind="draft", file=upload("a.pdf", PDF_BYTES), by=network.partner_operator
        )

    assert AgreementDocument.objects.count() == 0
    assert AuditEntry.objects.filter(action__startswith="agreements.").count() == 0
    assert stored_files(media) == []


# The upload page


def test_upload_page_shows_the_form(network, agreement, client_as):
    response = client_as(network.partner_manager).get(_upload_url(agreement))

    assert response.status_code == 200
    assert list(response.context["form"].fields) == ["kind", "file", "note"]
    assert b'enctype="multipart/form-data"' in response.content
    assert agreement.title.encode() in response.content


def test_upload_page_stores_the_document_and_returns_to_the_agreement(
    network, agreement, media, client_as
):
    client = client_as(network.partner_manager)

    response = client.post(
        _upload_url(agreement),
        {"kind": "draft", "file": upload("Draf.docx", DOCX_BYTES), "note": "Masukan Palembang"},
    )

    assert response.status_code == 302
    assert response.url == agreement.get_absolute_url()
    document = AgreementDocument.objects.get()
    assert (document.kind, document.version, document.note) == ("draft", 1, "Masukan Palembang")
    assert document.uploaded_by == network.partner_manager
    assert messages_of(response) == ["Draft version 1 uploaded."]
    assert stored_files(media) == [media / document.file.name]


def test_upload_page_large_docx_spooled_to_disk_is_stored_intact(
    network, agreement, media, client_as, settings
):
    # Above FILE_UPLOAD_MAX_MEMORY_SIZE the upload arrives as a temporary file, not in memory.
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 256
    content = docx_bytes(parts={"word/media/image1.png": bytes(range(256)) * 64})
    assert len(content) > settings.FILE_UPLOAD_MAX_MEMORY_SIZE

    response = client_as(network.kpk_staff).post(
        _upload_url(agreement), {"kind": "attachment", "file": upload("Lampiran.docx", content)}
    )

    assert response.status_code == 302
    document = AgreementDocument.objects.get()
    assert document.content_type == DOCX
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert (media / document.file.name).read_bytes() == content


def test_upload_page_renamed_executable_shows_the_reason_and_stores_nothing(
    network, agreement, media, client_as
):
    response = client_as(network.kpk_staff).post(
        _upload_url(agreement), {"kind": "draft", "file": upload("Draf.pdf", EXECUTABLE_BYTES)}
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"file": [NOT_PDF_OR_DOCX]}
    assert NOT_PDF_OR_DOCX.encode() in response.content
    assert AgreementDocument.objects.count() == 0
    assert stored_files(media) == []


def test_upload_page_corrupt_docx_shows_the_reason_in_the_users_language(
    network, agreement, media, client_as
):
    network.kpk_staff.language = "id"
    network.kpk_staff.save(update_fields=["language"])

    response = client_as(network.kpk_staff).post(
        _upload_url(agreement),
        {"kind": "draft", "file": upload("Draf.docx", _corrupt_docx_bytes())},
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "file": ["Hanya dokumen PDF dan Word (DOCX) yang diterima, dan berkas ini bukan keduanya."]
    }
    assert AgreementDocument.objects.count() == 0
    assert stored_files(media) == []


def test_upload_page_empty_file_shows_the_reason_and_stores_nothing(
    network, agreement, media, client_as
):
    response = client_as(network.kpk_staff).post(
        _upload_url(agreement), {"kind": "draft", "file": upload("Draf.pdf", b"")}
    )

    assert response.context["form"].errors == {"file": ["The file is empty."]}
    assert stored_files(media) == []


def test_upload_page_oversized_file_shows_the_reason_and_stores_nothing(
    network, agreement, media, client_as, settings
):
    settings.AGREEMENT_DOCUMENT_MAX_MB = 1
    content = PDF_BYTES + b"0" * (1024 * 1024)

    response = client_as(network.kpk_staff).post(
        _upload_url(agreement), {"kind": "draft", "file": upload("Besar.pdf", content)}
    )

    assert response.context["form"].errors == {"file": ["The file is larger than 1 MB."]}
    assert stored_files(media) == []


def test_upload_page_by_partner_operator_is_forbidden_and_stores_nothing(
    network, agreement, media, client_as
):
    response = client_as(network.partner_operator).post(
        _upload_url(agreement), {"kind": "draft", "file": upload("Draf.pdf", PDF_BYTES)}
    )

    assert response.status_code == 403
    assert AgreementDocument.objects.count() == 0
    assert stored_files(media) == []


def test_upload_page_for_a_foreign_agreement_is_not_found(
    network, agreement, outsider, media, client_as
):
    response = client_as(outsider).post(
        _upload_url(agreement), {"kind": "draft", "file": upload("Draf.pdf", PDF_BYTES)}
    )

    assert response.status_code == 404
    assert AgreementDocument.objects.count() == 0
    assert stored_files(media) == []


def test_upload_page_anonymous_is_sent_to_sign_in(agreement, anonymous_client):
    response = anonymous_client.get(_upload_url(agreement))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


# The download


@pytest.fixture
def draft(network, agreement, media):
    return upload_document(
        agreement,
        kind="draft",
        file=upload("Draf PKS Palembang.pdf", PDF_BYTES),
        by=network.kpk_staff,
    )


def assert_served_as_attachment(response, content, *, filename, content_type):
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response.headers["Content-Type"] == content_type
    assert response.headers["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert response.headers["Content-Length"] == str(len(content))
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert response.headers["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("person", ["partner_operator", "partner_manager"])
def test_download_by_party_member_returns_the_file(network, agreement, draft, client_as, person):
    response = client_as(getattr(network, person)).get(_download_url(agreement, draft))

    assert_served_as_attachment(
        response, PDF_BYTES, filename="Draf PKS Palembang.pdf", content_type=PDF
    )


@pytest.mark.parametrize("person", ["kpk_staff", "kpk_manager", "administrator"])
def test_download_by_kpk_returns_the_file(network, agreement, draft, client_as, person):
    response = client_as(getattr(network, person)).get(_download_url(agreement, draft))

    assert_served_as_attachment(
        response, PDF_BYTES, filename="Draf PKS Palembang.pdf", content_type=PDF
    )


def test_download_docx_is_served_as_word(network, agreement, media, client_as):
    document = upload_document(
        agreement, kind="attachment", file=upload("Lampiran.docx", DOCX_BYTES), by=network.kpk_staff
    )

    response = client_as(network.partner_operator).get(_download_url(agreement, document))

    assert_served_as_attachment(response, DOCX_BYTES, filename="Lampiran.docx", content_type=DOCX)


def test_download_by_non_party_is_not_found(agreement, draft, outsider, client_as):
    response = client_as(outsider).get(_download_url(agreement, draft))

    assert response.status_code == 404
    assert PDF_BYTES not in response.content


def test_download_foreign_document_under_visible_agreement_is_not_found(
    network, agreement, foreign_agreement, media, client_as
):
    foreign = upload_document(
        foreign_agreement, kind="draft", file=upload("Medan.pdf", PDF_BYTES), by=network.kpk_staff
    )

    # KPK sees both agreements: the document must still belong to the one in the address.
    response = client_as(network.kpk_staff).get(_download_url(agreement, foreign))

    assert response.status_code == 404


def test_download_anonymous_is_sent_to_sign_in(agreement, draft, anonymous_client):
    response = anonymous_client.get(_download_url(agreement, draft))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_stored_document_has_no_public_address(network, agreement, draft, client_as):
    client = client_as(network.kpk_staff)

    for address in [f"/{draft.file.name}", f"/media/{draft.file.name}"]:
        assert client.get(address).status_code == 404
