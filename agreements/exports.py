"""The agreement list as a spreadsheet: CSV and XLSX, the same rows and columns.

The rows come from the list's own filtered queryset (see ``views.agreement_export``);
``with_export_relations`` loads what every row needs in a fixed number of queries.
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

from .models import AgreementParty

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A spreadsheet reads a cell starting with one of these as a formula (OWASP "CSV injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def with_export_relations(queryset: QuerySet) -> QuerySet:
    return queryset.prefetch_related(
        Prefetch(
            "parties",
            queryset=AgreementParty.objects.select_related("organisation__province"),
        )
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
    ]


def rows(agreements: Iterable) -> Iterator[list]:
    """One list of cell values per agreement; dates stay dates, the writer formats them."""
    for agreement in agreements:
        parties = list(agreement.parties.all())
        provinces = sorted(
            {party.organisation.province.name for party in parties if party.organisation.province}
        )
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
        ]


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
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Agreements"))
    sheet.append(header())
    for row in rows(agreements):
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename("xlsx")}"'
    return response


def _xlsx_cell(sheet, value):
    cell = WriteOnlyCell(sheet, value=value if value is not None else "")
    if isinstance(value, date):
        cell.number_format = "yyyy-mm-dd"
    elif isinstance(value, str):
        # openpyxl stores a string starting with "=" as a formula; text stays text.
        cell.data_type = "s"
    return cell
