"""The agreement list as a spreadsheet: CSV and XLSX, the same rows and columns.

The rows come from the list's own filtered queryset (see ``views.agreement_export``) with the
parent and owner joined (``with_report_relations``). It is read ``CHUNK_SIZE`` agreements at a
time; each chunk's parties, scope and targets take one query each, and each target counter one
call, so memory stays that of one chunk and the queries grow by chunks, never by agreements.

The CSV is streamed: its header leaves at once and each chunk follows as it is read. The XLSX is
written row by row (openpyxl's write-only mode) into a temporary file, which the response sends
and the operating system deletes once it is closed.

The XLSX goes straight into a report: a bold header that stays in view and filters, columns wide
enough to read, and dates as real date cells shown the Indonesian way (``DATE_FORMAT``).
"""

import csv
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from itertools import batched

from django.db.models import Prefetch, QuerySet
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Agreement, AgreementParty, ScopeItem, Target
from .targets import Progress, progress_of

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Agreements read, prefetched and counted at a time: about 1 MB of rows in memory, and four or
# five queries per chunk.
CHUNK_SIZE = 500
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
    """The parent and owner the report columns name; the rest is read chunk by chunk."""
    return queryset.select_related("parent", "owner")


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


@dataclass(frozen=True)
class Words:
    """The export's words in the requester's language, translated once per export.

    A streamed export writes its rows after the view has returned, when the request's language
    may no longer be active; and translating a choice's label per cell cost half the export.
    """

    header: list[str]
    kinds: dict[str, str]
    statuses: dict[str, str]
    areas: dict[str, str]
    metrics: dict[str, str]
    periods: dict[str, str]
    expiring: str
    measured: str
    not_measured: str

    @classmethod
    def current(cls) -> "Words":
        return cls(
            header=header(),
            kinds=_labels(Agreement.Kind),
            statuses=_labels(Agreement.Status),
            areas=_labels(ScopeItem.Area),
            metrics=_labels(Target.Metric),
            periods=_labels(Target.Period),
            expiring=_("Expiring soon"),
            measured=_("%(area)s: %(achieved)s/%(quantity)s %(what)s %(period)s"),
            not_measured=_("%(area)s: %(quantity)s %(what)s %(period)s, not measured yet"),
        )


def _labels(choices) -> dict[str, str]:
    return {value: str(label) for value, label in choices.choices}


def rows(agreements: QuerySet, words: Words) -> Iterator[list]:
    """One list of cell values per agreement; dates stay dates, the writer formats them."""
    for chunk in _chunks(agreements, words):
        yield from chunk


def _chunks(agreements: QuerySet, words: Words) -> Iterator[list[list]]:
    today = timezone.localdate()
    # The list's prefetches give way to three plain reads per chunk: model instances and related
    # managers for every party, organisation and province were most of an export's time.
    for chunk in batched(agreements.prefetch_related(None).iterator(CHUNK_SIZE), CHUNK_SIZE):
        report = _Report.read(chunk, today)
        yield [_row(agreement, report, words) for agreement in chunk]


@dataclass(frozen=True)
class _Report:
    """What one chunk's rows need beyond the agreements, each read in one query."""

    parties: dict[int, list[tuple[str, str, str | None]]]
    scope: dict[int, list[tuple[int, str]]]
    targets: dict[int, list[Target]]
    measured: dict[int, Progress | None]

    @classmethod
    def read(cls, chunk, today) -> "_Report":
        by_pk = {agreement.pk: agreement for agreement in chunk}
        parties = defaultdict(list)
        for agreement_id, *party in AgreementParty.objects.filter(
            agreement_id__in=by_pk
        ).values_list(
            "agreement_id", "organisation__name", "document_number", "organisation__province__name"
        ):
            parties[agreement_id].append(tuple(party))
        scope = defaultdict(list)
        agreement_of = {}
        for pk, agreement_id, area in ScopeItem.objects.filter(agreement_id__in=by_pk).values_list(
            "pk", "agreement_id", "area"
        ):
            scope[agreement_id].append((pk, area))
            agreement_of[pk] = by_pk[agreement_id]
        targets = defaultdict(list)
        for target in Target.objects.filter(scope_item__agreement_id__in=by_pk):
            targets[target.scope_item_id].append(target)
        measured = progress_of(
            ((target, agreement_of[item]) for item, its in targets.items() for target in its),
            today,
        )
        return cls(parties, scope, targets, measured)


def _row(agreement, report: _Report, words: Words) -> list:
    parties = report.parties.get(agreement.pk, [])
    scope = report.scope.get(agreement.pk, [])
    return [
        agreement.title,
        words.kinds[agreement.kind],
        words.expiring if agreement.is_expiring else words.statuses[agreement.status],
        "; ".join(f"{name} ({number or '—'})" for name, number, _province in parties),
        agreement.signed_on,
        agreement.effective_on,
        agreement.ends_on,
        "; ".join(sorted({province for _name, _number, province in parties if province})),
        agreement.parent.title if agreement.parent else "",
        str(agreement.owner) if agreement.owner else "",
        "; ".join(words.areas[area] for _item, area in scope),
        "; ".join(
            _progress_line(area, target, report.measured[target.pk], words)
            for item, area in scope
            for target in report.targets.get(item, [])
        ),
    ]


def _progress_line(area, target, measured, words: Words) -> str:
    """One target's progress in its current period, or that nothing measures it yet."""
    line = {
        "area": words.areas[area],
        "quantity": target.quantity,
        "what": target.label or words.metrics[target.metric],
        "period": words.periods[target.period],
    }
    if measured is None:
        return words.not_measured % line
    return words.measured % {**line, "achieved": measured.achieved}


def neutralise(value):
    """A text cell that a spreadsheet would run as a formula, quoted so it stays text."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _filename(extension: str) -> str:
    return f"agreements-{timezone.localdate():%Y-%m-%d}.{extension}"


class _Echo:
    """A file for ``csv.writer`` that hands each written line back instead of keeping it."""

    def write(self, line: str) -> str:
        return line


def csv_response(agreements: QuerySet) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        _csv_text(agreements, Words.current()), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename("csv")}"'
    return response


def _csv_text(agreements: QuerySet, words: Words) -> Iterator[str]:
    writer = csv.writer(_Echo())
    # The byte order mark lets spreadsheet programs read the file as UTF-8. The header goes
    # before the first query, so the download starts at once.
    yield "\ufeff" + writer.writerow(words.header)
    for chunk in _chunks(agreements, words):
        yield "".join(writer.writerow([_csv_cell(value) for value in row]) for row in chunk)


def _csv_cell(value):
    return neutralise(value.isoformat() if isinstance(value, date) else value)


def xlsx_response(agreements: QuerySet) -> FileResponse:
    # Unnamed, so nothing is left behind if the worker dies; the response closes (deletes) it,
    # which a context manager here would do before the file is sent.
    file = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115
    try:
        _write_xlsx(file, agreements, Words.current())
        file.seek(0)
    except BaseException:
        file.close()
        raise
    return FileResponse(
        file, as_attachment=True, filename=_filename("xlsx"), content_type=XLSX_CONTENT_TYPE
    )


def _write_xlsx(file, agreements: QuerySet, words: Words) -> None:
    # openpyxl is imported here, not at the top: it costs every web worker memory at start, and
    # only exports use it.
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    def cell(value, font=None):
        written = WriteOnlyCell(sheet, value=value if value is not None else "")
        if font is not None:
            written.font = font
        if isinstance(value, date):
            written.number_format = DATE_FORMAT
        elif isinstance(value, str):
            # openpyxl stores a string starting with "=" as a formula; text stays text.
            written.data_type = "s"
        return written

    # Write-only keeps memory flat however many rows; widths and the frozen header must be set
    # before the first row is written, the filter's range once the last one is.
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Agreements"))
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    sheet.append([cell(title, bold) for title in words.header])
    count = 0
    for row in rows(agreements, words):
        sheet.append([cell(value) for value in row])
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(WIDTHS))}{count + 1}"
    workbook.save(file)


# The formats the export's URLs name, and what answers each.
RESPONSES = {"csv": csv_response, "xlsx": xlsx_response}
