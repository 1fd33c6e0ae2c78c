"""The attendance list (daftar hadir) of an event: a printable A4 PDF and an XLSX.

Both take the rows of ``attendance.attendance_rows`` (the registration and its organisation's
regency joined, so the rows cost one query however many there are) and write times in the
event's own zone (WIB, WITA or WIT), in the requester's language.

The PDF is the paper passed round the room: a header naming the event, a table with an empty
signature column, the table's header repeated on every page, and page numbers. fpdf2's core
fonts know only Latin-1; names in other scripts (or with letters such as "ễ" or "ş") print with
a Unicode font of the system when there is one (DejaVu Sans), and are transliterated to their
nearest Latin-1 letters otherwise, so no name can break the export.
"""

import tempfile
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from django.http import FileResponse, HttpResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .fonts import unicode_fonts
from .models import Event, Registration

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# "5 Januari 2026 09.30": [$-421] is Indonesian's locale id, so the month is named in Indonesian
# whatever language the reader's spreadsheet program speaks, and the cell stays a date.
DATETIME_FORMAT = "[$-421]d mmmm yyyy hh.mm"
XLSX_WIDTHS = (6, 36, 36, 28, 36, 24, 30, 22)
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

# Punctuation that word processors put in names, and its Latin-1 stand-in.
PUNCTUATION = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": ",",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2026": "...",
    }
)
# Letters that Unicode does not decompose into a Latin one, with their usual stand-in.
LETTERS = str.maketrans(
    {"\u0141": "L", "\u0142": "l", "\u0110": "D", "\u0111": "d", "\u0152": "OE", "\u0153": "oe"}
)
DASH = "\u2013"  # between the times of a range


@dataclass(frozen=True)
class Line:
    """One row of the list, as both files print it."""

    number: int
    name: str
    institution: str
    position: str
    organisation: str
    regency: str
    source: str
    checked_in_at: datetime | None  # in the event's zone, naive (spreadsheets have no zones)


def lines(event: Event, registrations: QuerySet) -> list[Line]:
    sources = {value: str(label) for value, label in Registration.Source.choices}
    zone = event.zone
    result = []
    for number, registration in enumerate(registrations.iterator(chunk_size=1000), start=1):
        organisation = registration.organisation
        checked_in_at = registration.checked_in_at
        result.append(
            Line(
                number=number,
                name=registration.name,
                institution=registration.institution,
                position=registration.position,
                organisation=organisation.name if organisation else "",
                regency=organisation.regency.name if organisation and organisation.regency else "",
                source=sources[registration.source],
                checked_in_at=(
                    timezone.localtime(checked_in_at, zone).replace(tzinfo=None)
                    if checked_in_at
                    else None
                ),
            )
        )
    return result


def _filename(event: Event, everyone: bool, extension: str) -> str:
    day = timezone.localtime(event.starts_at, event.zone).date()
    kind = "daftar-peserta" if everyone else "daftar-hadir"
    return f"{kind}-{event.pk}-{day:%Y-%m-%d}.{extension}"


def when(event: Event) -> str:
    """The event's date and time in its zone, named: "Kamis, 4 Desember 2025, 09.00-15.00 WIB"
    (with an en dash)."""
    starts = timezone.localtime(event.starts_at, event.zone)
    ends = timezone.localtime(event.ends_at, event.zone)
    zone = event.time_zone_abbreviation
    if starts.date() == ends.date():
        return (
            f"{date_format(starts, 'l, j F Y')}, "
            f"{date_format(starts, 'H.i')}{DASH}{date_format(ends, 'H.i')} {zone}"
        )
    return (
        f"{date_format(starts, 'l, j F Y, H.i')} {DASH} {date_format(ends, 'l, j F Y, H.i')} {zone}"
    )


def where(event: Event) -> str:
    if event.is_online:
        return _("Online")
    parts = [event.venue_name]
    if event.venue_regency_id:
        parts.append(event.venue_regency.name)
    return ", ".join(part for part in parts if part)


def organisers(event: Event) -> str:
    return ", ".join(organisation.name for organisation in event.organisers.all())


# The PDF ----------------------------------------------------------------------------------------


def latin1(text: str) -> str:
    """``text`` with what Latin-1 lacks replaced by its nearest letters ("Nguyễn" → "Nguyen")."""
    text = text.translate(PUNCTUATION).translate(LETTERS)
    out = []
    for character in text:
        if ord(character) < 256:
            out.append(character)
            continue
        plain = "".join(
            part
            for part in unicodedata.normalize("NFKD", character)
            if ord(part) < 256 and not unicodedata.combining(part)
        )
        out.append(plain or "?")
    return "".join(out)


def attendance_pdf(event: Event, rows: list[Line], *, everyone: bool, compress=True) -> bytes:
    """The daftar hadir as A4 PDF bytes (``compress=False`` leaves the text readable, for tests)."""
    from fpdf import FPDF  # imported here: only the export needs it

    fonts = unicode_fonts()
    text = (lambda value: value) if fonts else latin1
    title = _("Participant list") if everyone else _("Attendance list")
    columns = (
        # (heading, width in mm, alignment)
        # A4's 210 mm less 12 mm margins: 186 mm.
        (pgettext("attendance list", "No"), 9, "R"),
        (_("Name"), 46, "L"),
        (_("Institution"), 42, "L"),
        (_("Position"), 32, "L"),
        (_("Checked in"), 20, "C"),
        (_("Signature"), 37, "L"),
    )
    header_lines = [
        f"{event.get_kind_display()} · {when(event)}",
        _("Venue: %(venue)s") % {"venue": where(event)},
        _("Organised by: %(organisers)s") % {"organisers": organisers(event)},
    ]
    # The time of day is enough for a one-day event; a longer one also needs the day.
    one_day = (
        timezone.localtime(event.starts_at, event.zone).date()
        == timezone.localtime(event.ends_at, event.zone).date()
    )
    time_format = "H.i" if one_day else "d/m H.i"
    page_label = _("Page %(page)s of %(pages)s")

    class Sheet(FPDF):
        def header(self):
            self.set_font(family, "B", 13)
            self.multi_cell(0, 6, text(f"{title}: {event.title}"), new_x="LMARGIN", new_y="NEXT")
            self.set_font(family, "", 9)
            for line in header_lines:
                self.multi_cell(0, 4.5, text(line), new_x="LMARGIN", new_y="NEXT")
            self.ln(2)
            self.set_font(family, "B", 9)
            self.set_fill_color(230, 233, 240)
            for heading, width, _align in columns:
                self.cell(width, 7, text(heading), border=1, align="C", fill=True)
            self.ln()

        def footer(self):
            self.set_y(-12)
            self.set_font(family, "", 8)
            self.cell(
                0,
                6,
                text(page_label % {"page": self.page_no(), "pages": "{nb}"}),
                align="C",
            )

    pdf = Sheet(format="A4", unit="mm")
    pdf.set_compression(compress)
    pdf.set_title(text(f"{title}: {event.title}"))
    pdf.set_creator("Sinergi")
    if fonts:
        family = "DejaVu"
        for style, path in fonts.items():
            pdf.add_font(family, style, str(path))
    else:
        family = "Helvetica"
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.set_margins(12, 12, 12)
    pdf.add_page()
    pdf.set_font(family, "", 9)
    # A row tall enough for a signature; long names and institutions shrink to fit the cell.
    height = 10
    for row in rows:
        if pdf.will_page_break(height):
            pdf.add_page()
            pdf.set_font(family, "", 9)
        values = (
            str(row.number),
            row.name,
            row.institution,
            row.position,
            date_format(row.checked_in_at, time_format) if row.checked_in_at else "",
            "",
        )
        for (_heading, width, align), value in zip(columns, values, strict=True):
            pdf.cell(width, height, _fit(pdf, text(value), width), border=1, align=align)
        pdf.ln()
    if not rows:
        pdf.cell(0, height, text(_("Nobody is on this list yet.")), border=1, align="C")
    return bytes(pdf.output())


def _fit(pdf, value: str, width: float) -> str:
    """``value`` cut with an ellipsis where it would overflow its cell (2 mm of padding)."""
    room = width - 2
    if pdf.get_string_width(value) <= room:
        return value
    while value and pdf.get_string_width(value + "...") > room:
        value = value[:-1]
    return value.rstrip() + "..."


def pdf_response(event: Event, registrations: QuerySet, *, everyone: bool) -> HttpResponse:
    data = attendance_pdf(event, lines(event, registrations), everyone=everyone)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(event, everyone, "pdf")}"'
    return response


# The XLSX ---------------------------------------------------------------------------------------


def _neutralise(value):
    """A text cell that a spreadsheet would run as a formula, quoted so it stays text."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def xlsx_response(event: Event, registrations: QuerySet, *, everyone: bool) -> FileResponse:
    # Unnamed, so nothing is left behind if the worker dies; the response closes (deletes) it.
    file = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115
    try:
        write_xlsx(file, event, lines(event, registrations))
        file.seek(0)
    except BaseException:
        file.close()
        raise
    return FileResponse(
        file,
        as_attachment=True,
        filename=_filename(event, everyone, "xlsx"),
        content_type=XLSX_CONTENT_TYPE,
    )


def write_xlsx(file, event: Event, rows: list[Line]) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    def cell(value, font=None):
        written = WriteOnlyCell(sheet, value=_neutralise(value) if value is not None else "")
        if font is not None:
            written.font = font
        if isinstance(value, datetime):
            written.number_format = DATETIME_FORMAT
        elif isinstance(value, str):
            written.data_type = "s"  # text stays text, never a formula
        return written

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Attendance"))
    for index, width in enumerate(XLSX_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = [
        pgettext("attendance list", "No"),
        _("Name"),
        _("Institution"),
        _("Position"),
        _("Organisation"),
        _("Regency or city"),
        _("Source"),
        # The column names the zone, since a spreadsheet's times carry none.
        _("Checked in (%(zone)s)") % {"zone": event.time_zone_abbreviation},
    ]
    sheet.append([cell(title, bold) for title in header])
    for row in rows:
        sheet.append(
            [
                cell(row.number),
                cell(row.name),
                cell(row.institution),
                cell(row.position),
                cell(row.organisation),
                cell(row.regency),
                cell(row.source),
                cell(row.checked_in_at),
            ]
        )
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(rows) + 1}"
    workbook.save(file)
