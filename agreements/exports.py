"""The agreement list as a spreadsheet: CSV and XLSX, the same rows and columns.

The rows come from the list's own filtered queryset (see ``views.agreement_export``);
``with_export_relations`` (the parties, which the list shows too) and ``with_report_relations``
(parent, owner, scope and targets) load what every row needs in a fixed number of queries.

The XLSX goes straight into a report: a bold header that stays in view and filters, columns wide
enough to read, and dates as real date cells shown the Indonesian way (``DATE_FORMAT``).
"""

import csv
from collections.abc import Iterable, Iterator
from datetime import date
from io import BytesIO

from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .models import AgreementParty, ScopeItem
from .targets import progress

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A spreadsheet reads a cell starting with one of these as a formula (OWASP "CSV injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# "5 Januari 2026": [$-421] is Indonesian's locale id, so Excel and LibreOffice write the month's
# Indonesian name whatever language the reader's spreadsheet program speaks, and the cell stays
# a date (it sorts and filters as one). A plain "d mmmm yyyy" would follow the reader's locale.
DATE_FORMAT = "[$-421]d mmmm yyyy"
# Column widths in characters, in the order of ``header()``.
WIDTHS = (48, 30, 16, 60, 18, 18, 18, 22, 40, 24, 48, 70)


def with_export_relations(queryset: QuerySet) -> QuerySet:
    return queryset.prefetch_related(
        Prefetch(
            "parties",
            queryset=AgreementParty.objects.select_related("organisation__province"),
        )
    )


def with_report_relations(queryset: QuerySet) -> QuerySet:
    """What the export's report columns need beyond the list's: parent, owner, scope, targets."""
    return queryset.select_related("parent", "owner").prefetch_related(
        Prefetch("scope_items", queryset=ScopeItem.objects.prefetch_related("targets"))
    )


def header() -> list[str]:
    return [
        _("Title"),
        _("Kind"),
        _("Status"),
        _("Parties (document numbers)"),
        _("Signed on"),
        _("Effective from"),
        _("Ends on"),
        _("Provinces"),
        _("Parent agreement"),
        _("KPK owner"),
        _("Scope"),
        _("Target progress"),
    ]


def rows(agreements: Iterable) -> Iterator[list]:
    """One list of cell values per agreement; dates stay dates, the writer formats them."""
    today = timezone.localdate()
    for agreement in agreements:
        parties = list(agreement.parties.all())
        provinces = sorted(
            {party.organisation.province.name for party in parties if party.organisation.province}
        )
        scope = list(agreement.scope_items.all())
        yield [
            agreement.title,
            agreement.get_kind_display(),
            _("Expiring soon") if agreement.is_expiring else agreement.get_status_display(),
            "; ".join(
                f"{party.organisation.name} ({party.document_number or '—'})" for party in parties
            ),
            agreement.signed_on,
            agreement.effective_on,
            agreement.ends_on,
            "; ".join(provinces),
            agreement.parent.title if agreement.parent else "",
            str(agreement.owner) if agreement.owner else "",
            "; ".join(item.get_area_display() for item in scope),
            "; ".join(
                _progress_line(item, target, agreement, today)
                for item in scope
                for target in item.targets.all()
            ),
        ]


def _progress_line(item, target, agreement, today) -> str:
    """One target's progress in its current period, or that nothing measures it yet."""
    measured = progress(target, agreement, today)
    what = target.label or target.get_metric_display()
    if measured is None:
        return _("%(area)s: %(quantity)s %(what)s %(period)s, not measured yet") % {
            "area": item.get_area_display(),
            "quantity": target.quantity,
            "what": what,
            "period": target.get_period_display(),
        }
    return _("%(area)s: %(achieved)s/%(quantity)s %(what)s %(period)s") % {
        "area": item.get_area_display(),
        "achieved": measured.achieved,
        "quantity": target.quantity,
        "what": what,
        "period": target.get_period_display(),
    }


def neutralise(value):
    """A text cell that a spreadsheet would run as a formula, quoted so it stays text."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _filename(extension: str) -> str:
    return f"agreements-{timezone.localdate():%Y-%m-%d}.{extension}"


def csv_response(agreements: Iterable) -> HttpResponse:
    # The byte order mark lets spreadsheet programs read the file as UTF-8.
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename("csv")}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(header())
    for row in rows(agreements):
        writer.writerow(
            [neutralise(value.isoformat() if isinstance(value, date) else value) for value in row]
        )
    return response


def xlsx_response(agreements: Iterable) -> HttpResponse:
    # Write-only keeps memory flat however many rows; widths and the frozen header must be set
    # before the first row is written, the filter's range once the last one is.
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Agreements"))
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    sheet.append([_header_cell(sheet, title, bold) for title in header()])
    count = 0
    for row in rows(agreements):
        sheet.append([_xlsx_cell(sheet, value) for value in row])
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(WIDTHS))}{count + 1}"
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename("xlsx")}"'
    return response


def _header_cell(sheet, title, font):
    cell = WriteOnlyCell(sheet, value=title)
    cell.font = font
    cell.data_type = "s"
    return cell


def _xlsx_cell(sheet, value):
    cell = WriteOnlyCell(sheet, value=value if value is not None else "")
    if isinstance(value, date):
        cell.number_format = DATE_FORMAT
    elif isinstance(value, str):
        # openpyxl stores a string starting with "=" as a formula; text stays text.
        cell.data_type = "s"
    return cell
