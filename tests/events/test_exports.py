"""The attendance list (daftar hadir) as PDF and XLSX (events/exports.py)."""

import re
from datetime import UTC, datetime
from io import BytesIO

import pytest
from django.utils import translation
from openpyxl import load_workbook

from events import attendance, exports
from events.models import Registration
from tests.factories import EventFactory, OrganisationFactory, RegistrationFactory


@pytest.fixture(autouse=True)
def english(english_msgids):
    """Assertions read the English msgids."""


@pytest.fixture
def event(db):
    # 09.00 to 15.00 WITA in Makassar (UTC+8).
    return EventFactory(
        title="Media Briefing Makassar",
        kind="media_briefing",
        time_zone="Asia/Makassar",
        venue_name="Hotel Claro Makassar",
        venue_regency_id="73.71",
        starts_at=datetime(2026, 12, 3, 1, 0, tzinfo=UTC),
        ends_at=datetime(2026, 12, 3, 7, 0, tzinfo=UTC),
        organisers=[OrganisationFactory(kpk=True, name="Biro Humas KPK")],
    )


def pdf(event, *, everyone=False) -> bytes:
    rows = exports.lines(event, attendance.attendance_rows(event, everyone=everyone))
    return exports.attendance_pdf(event, rows, everyone=everyone, compress=False)


def core_font_text(data: bytes) -> str:
    """The text an uncompressed PDF written with a core font shows (its literal strings)."""
    strings = re.findall(rb"\(((?:\\.|[^\\)])*)\) Tj", data)
    text = " ".join(re.sub(rb"\\(.)", rb"\1", s).decode("latin-1") for s in strings)
    # Pieces (such as the page count fpdf2 fills in last) are positioned, not spaced.
    return re.sub(r" {2,}", " ", text)


def test_pdf_lists_the_checked_in_with_the_event_in_its_zone(event, monkeypatch):
    monkeypatch.setattr(exports, "unicode_fonts", lambda: None)
    RegistrationFactory(
        event=event,
        name="Andi Wahyudi",
        institution="Tribun Timur",
        checked_in_at=datetime(2026, 12, 3, 0, 45, tzinfo=UTC),
    )
    RegistrationFactory(event=event, name="Absent Person")

    data = pdf(event)
    text = core_font_text(data)

    assert data.startswith(b"%PDF")
    assert "Attendance list: Media Briefing Makassar" in text
    assert "Media briefing" in text
    assert "Thursday, 3 December 2026, 09.00-15.00 WITA" in text
    assert "Venue: Hotel Claro Makassar, Kota Makassar" in text
    assert "Organised by: Biro Humas KPK" in text
    assert "Andi Wahyudi" in text
    assert "Tribun Timur" in text
    assert "08.45" in text  # checked in at 08.45 WITA
    assert "Signature" in text
    assert "Page 1 of 1" in text
    assert "Absent Person" not in text


def test_pdf_of_everyone_lists_every_confirmed_registration(event, monkeypatch):
    monkeypatch.setattr(exports, "unicode_fonts", lambda: None)
    RegistrationFactory(event=event, name="Absent Person")
    RegistrationFactory(event=event, name="Waiting Person", waitlisted=True)

    text = core_font_text(pdf(event, everyone=True))

    assert "Participant list: Media Briefing Makassar" in text
    assert "Absent Person" in text
    assert "Waiting Person" not in text


def test_pdf_repeats_the_header_on_every_page(event, monkeypatch):
    monkeypatch.setattr(exports, "unicode_fonts", lambda: None)
    RegistrationFactory.create_batch(40, event=event, checked_in=True)

    text = core_font_text(pdf(event))

    assert "Page 1 of 2" in text
    assert "Page 2 of 2" in text
    assert text.count("Attendance list: Media Briefing Makassar") == 2
    assert text.count("Signature") == 2


def test_pdf_in_indonesian_speaks_indonesian(event, monkeypatch):
    monkeypatch.setattr(exports, "unicode_fonts", lambda: None)
    RegistrationFactory(event=event, name="Andi", checked_in=True)

    with translation.override("id"):
        text = core_font_text(pdf(event))

    assert "Daftar hadir: Media Briefing Makassar" in text
    assert "Kamis, 3 Desember 2026, 09.00-15.00 WITA" in text
    assert "Tanda tangan" in text
    assert "Halaman 1 dari 1" in text


def test_pdf_without_a_unicode_font_transliterates_names_outside_latin_1(event, monkeypatch):
    monkeypatch.setattr(exports, "unicode_fonts", lambda: None)
    RegistrationFactory(event=event, name="Nguyễn Thị Ánh “Ánh”", checked_in=True)
    RegistrationFactory(event=event, name="Łukasz Ŝević 王", checked_in=True)

    text = core_font_text(pdf(event))

    assert 'Nguyen Thi Ánh "Ánh"' in text
    assert "Lukasz Sevic ?" in text


@pytest.mark.skipif(exports.unicode_fonts() is None, reason="no DejaVu font on this system")
def test_pdf_with_the_system_unicode_font_prints_names_outside_latin_1(event):
    RegistrationFactory(event=event, name="Nguyễn Thị Ánh", checked_in=True)

    data = pdf(event)

    assert data.startswith(b"%PDF")
    assert b"DejaVuSans" in data
    # The letter is in the embedded font's map of what it prints (ễ is U+1EC5).
    assert re.search(rb"<[0-9A-F]{4}> <1EC5>", data)


def test_latin1_keeps_latin_1_and_replaces_the_rest():
    assert exports.latin1("José Ñúñez") == "José Ñúñez"
    # An en dash and curly quotes, as word processors write them.
    assert exports.latin1("Şükrü \u2013 \u2018Ali\u2019") == "Sükrü - 'Ali'"
    assert exports.latin1("ĳ 中") == "ij ?"


def test_xlsx_has_a_bold_header_and_real_times_in_the_event_zone(event):
    organisation = OrganisationFactory(name="Diskominfo Kota Makassar", regency_id="73.71")
    RegistrationFactory(
        event=event,
        name="Andi Wahyudi",
        institution="Diskominfo Kota Makassar",
        position="Pranata Humas",
        organisation=organisation,
        source=Registration.Source.NOMINATED,
        checked_in_at=datetime(2026, 12, 3, 0, 45, tzinfo=UTC),
    )
    RegistrationFactory(event=event, name="=HYPERLINK(1)", checked_in=True)
    file = BytesIO()

    exports.write_xlsx(file, event, exports.lines(event, attendance.attendance_rows(event)))

    sheet = load_workbook(BytesIO(file.getvalue())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "No",
        "Name",
        "Institution",
        "Position",
        "Organisation",
        "Regency or city",
        "Source",
        "Checked in (WITA)",
    )
    assert sheet["A1"].font.b is True
    assert rows[1][1] == "'=HYPERLINK(1)"
    assert rows[2] == (
        2,
        "Andi Wahyudi",
        "Diskominfo Kota Makassar",
        "Pranata Humas",
        "Diskominfo Kota Makassar",
        "Kota Makassar",
        "Nominated by their organisation",
        datetime(2026, 12, 3, 8, 45),
    )
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["B"].width == 36
