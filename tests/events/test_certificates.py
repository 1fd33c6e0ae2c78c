"""The certificate of attendance as a PDF (events/certificates.py)."""

import re

import pytest
from fpdf import FPDF

from events import certificates, followup
from events.models import Certificate
from tests.events.followup_data import past_event
from tests.factories import RegistrationFactory

pytestmark = pytest.mark.usefixtures("english_msgids")


@pytest.fixture
def certificate(network, settings):
    settings.SITE_URL = "https://sinergi.kpk.go.id"
    event = past_event(organisers=[network.kpk], title="Pelatihan Jurnalisme Data")
    RegistrationFactory(
        event=event,
        name="Dewi Lestari",
        institution="Diskominfo Kota Palembang",
        position="Pranata Humas Ahli Muda",
        phone="0812-7788-9900",
        checked_in=True,
    )
    (made,) = followup.issue_certificates(event, by=network.kpk_staff)
    return made


def test_certificate_pdf_prints_what_the_certificate_says(certificate):
    content = certificates.certificate_pdf(certificate, compress=False, fonts=None)

    assert content.startswith(b"%PDF-")
    assert content.rstrip().endswith(b"%%EOF")
    # A4 landscape: 297 by 210 mm in points.
    assert b"/MediaBox [0 0 841.89 595.28]" in content
    for text in [
        "SERTIFIKAT KEHADIRAN",
        "Dewi Lestari",
        "Diskominfo Kota Palembang",
        "telah mengikuti pelatihan / has attended the training",
        "Pelatihan Jurnalisme Data",
        certificate.event_dates.replace("\u2013", "-"),
        "Biro Hubungan Masyarakat KPK",
        certificate.code,
        f"https://sinergi.kpk.go.id/events/certificates/{certificate.code}/",
    ]:
        assert text.encode("latin-1") in content.replace(b"\x96", b"-"), text
    # The QR code of the verification address is drawn as an image.
    assert b"/Subtype /Image" in content


def test_certificate_pdf_does_not_print_contact_details(certificate):
    registration = certificate.registration

    content = certificates.certificate_pdf(certificate, compress=False, fonts=None)

    assert registration.email.encode() not in content
    assert registration.position.encode() not in content
    assert registration.phone.encode() not in content


def test_certificate_pdf_with_the_system_font_prints_names_in_any_script(certificate):
    if certificates.unicode_fonts() is None:
        pytest.skip("No DejaVu Sans on this system")
    certificate.name = "Nguyễn Thị Ánh 王"

    content = certificates.certificate_pdf(certificate, compress=False)

    assert content.startswith(b"%PDF-")
    assert b"DejaVuSans" in content
    # The font's character map holds "ễ" (U+1EC5): it is printed, not dropped.
    assert b"<1EC5>" in content


def test_certificate_pdf_without_a_unicode_font_transliterates(certificate):
    certificate.name = "Nguyễn Thị Ánh 王"

    content = certificates.certificate_pdf(certificate, compress=False, fonts=None)

    assert b"Nguyen Thi \xc1nh Wang" in content


def test_writer_keeps_what_the_font_has_and_transliterates_the_rest():
    fonts = certificates.unicode_fonts()
    if fonts is None:
        pytest.skip("No DejaVu Sans on this system")
    writer = certificates._Writer(FPDF(), fonts)

    assert writer.text("Nguyễn 王") == "Nguyễn Wang "


def test_certificate_filename_names_the_code(certificate):
    assert re.fullmatch(
        r"sertifikat-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}\.pdf", certificates.filename(certificate)
    )
    assert Certificate.objects.count() == 1
