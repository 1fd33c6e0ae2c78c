import csv
import io
import subprocess
import sys
import tempfile
from datetime import date

import pytest
from django.db import connection
from django.http import FileResponse, Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from agreements import exports, views
from agreements.models import Agreement, ScopeItem, Target
from agreements.targets import register_counter, unregister_counter
from tests.factories import AgreementFactory, ScopeItemFactory, TargetFactory, UserFactory
from tests.helpers import count_queries

Status = Agreement.Status
CSV = reverse("agreements:export_csv")
XLSX = reverse("agreements:export_xlsx")
HEADER = [
    "Title",
    "Kind",
    "Status",
    "Parties (document numbers)",
    "Signed on",
    "Effective from",
    "Ends on",
    "Provinces",
    "Parent agreement",
    "KPK owner",
    "Scope",
    "Target progress",
]


@pytest.fixture
def agreements(network):
    palembang = AgreementFactory(
        title="MoU Diseminasi Palembang",
        status=Status.ACTIVE,
        signed_on=date(2026, 1, 5),
        effective_on=date(2026, 1, 10),
        ends_on=date(2029, 1, 9),
    )
    palembang.parties.create(organisation=network.kpk, document_number="12/NK/2026", position=0)
    palembang.parties.create(organisation=network.city, document_number="=1+1", position=1)
    medan = AgreementFactory(
        title="@PKS Medan", kind=Agreement.Kind.PKS, status=Status.DRAFT, parent=palembang
    )
    medan.parties.create(organisation=network.kpk, position=0)
    medan.parties.create(organisation=network.foreign, document_number="7/PKS", position=1)
    return palembang, medan


def _body(response) -> bytes:
    # Both exports stream (the CSV as it is read, the XLSX from its temporary file).
    assert response.streaming
    return b"".join(response.streaming_content)


def _csv_rows(response) -> list[list[str]]:
    text = _body(response).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def _sheet(response):
    return load_workbook(io.BytesIO(_body(response))).active


def _xlsx_rows(response) -> list[list]:
    return [[cell.value for cell in row] for row in _sheet(response).iter_rows()]


def _downloaded(client, url, data=None):
    """A request whose queries include the rows', which a streamed export reads while sent."""

    def download():
        response = client.get(url, data)
        _body(response)
        return response

    return download


def test_csv_export_lists_the_filtered_agreements_with_formulas_neutralised(
    network, client_as, agreements
):
    response = client_as(network.kpk_manager).get(CSV, {"q": "palembang"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="agreements-')
    assert _csv_rows(response) == [
        HEADER,
        [
            "MoU Diseminasi Palembang",
            "Memorandum of understanding (MoU)",
            "Active",
            "Biro Hubungan Masyarakat KPK (12/NK/2026); Diskominfo Kota Palembang (=1+1)",
            "2026-01-05",
            "2026-01-10",
            "2029-01-09",
            "Sumatera Selatan",
            "",
            "",
            "",
            "",
        ],
    ]


def test_csv_export_quotes_a_cell_that_starts_like_a_formula(network, client_as, agreements):
    response = client_as(network.kpk_manager).get(CSV, {"kind": "pks"})

    [_header, row] = _csv_rows(response)
    assert row[0] == "'@PKS Medan"
    assert row[1:] == [
        "Cooperation agreement (PKS)",
        "Draft",
        "Biro Hubungan Masyarakat KPK (—); Diskominfo Kota Medan (7/PKS)",
        "",
        "",
        "",
        "Sumatera Utara",
        "MoU Diseminasi Palembang",
        "",
        "",
        "",
    ]


def test_xlsx_export_opens_with_the_same_rows(network, client_as, agreements):
    response = client_as(network.kpk_manager).get(XLSX, {"status": "draft"})

    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"].endswith('.xlsx"')
    assert _xlsx_rows(response) == [
        HEADER,
        [
            "@PKS Medan",
            "Cooperation agreement (PKS)",
            "Draft",
            "Biro Hubungan Masyarakat KPK (—); Diskominfo Kota Medan (7/PKS)",
            None,
            None,
            None,
            "Sumatera Utara",
            "MoU Diseminasi Palembang",
            None,
            None,
            None,
        ],
    ]


def test_xlsx_export_keeps_text_that_looks_like_a_formula_as_text(network, client_as):
    AgreementFactory(title='=HYPERLINK("http://example.com")', between=[network.kpk])

    response = client_as(network.kpk_manager).get(XLSX)

    sheet = _sheet(response)
    assert sheet["A2"].value == '=HYPERLINK("http://example.com")'
    assert sheet["A2"].data_type == "s"


def test_xlsx_export_writes_dates_as_dates(network, client_as, agreements):
    response = client_as(network.kpk_manager).get(XLSX, {"status": "active"})

    [_header, row] = _xlsx_rows(response)
    assert [value.date() for value in row[4:7]] == [
        date(2026, 1, 5),
        date(2026, 1, 10),
        date(2029, 1, 9),
    ]


def test_export_leaves_out_what_the_user_may_not_see(network, client_as, agreements):
    client = client_as(network.partner_manager)

    csv_rows = _csv_rows(client.get(CSV))
    xlsx_rows = _xlsx_rows(client.get(XLSX))

    assert [row[0] for row in csv_rows[1:]] == ["MoU Diseminasi Palembang"]
    assert [row[0] for row in xlsx_rows[1:]] == ["MoU Diseminasi Palembang"]
    assert "Medan" not in _body(client.get(CSV)).decode()


def test_export_is_refused_without_membership(network, client_as, agreements):
    client = client_as(UserFactory(language="en"))

    assert client.get(CSV).status_code == 403
    assert client.get(XLSX).status_code == 403


def test_export_sends_anonymous_to_sign_in(anonymous_client, db):
    response = anonymous_client.get(CSV)

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


@pytest.mark.parametrize("url", [CSV, XLSX])
def test_export_queries_do_not_grow_with_rows(network, client_as, url):
    client = client_as(network.partner_manager)
    for _ in range(3):
        AgreementFactory(between=[network.kpk, network.city, network.neighbour])
    few = count_queries(_downloaded(client, url))

    for _ in range(22):
        AgreementFactory(between=[network.kpk, network.city, network.neighbour])
    many = count_queries(_downloaded(client, url))

    assert few == many


@pytest.fixture
def reported(network, agreements):
    """The Palembang MoU with an owner and a scope: one target measured by hand, one not yet."""
    palembang, _medan = agreements
    palembang.owner = network.kpk_staff
    palembang.save(update_fields=["owner"])
    dissemination = ScopeItemFactory(agreement=palembang, area=ScopeItem.Area.DISSEMINATION)
    TargetFactory(
        scope_item=dissemination,
        metric=Target.Metric.MANUAL,
        label="siaran radio",
        quantity=24,
        manual_value=12,
    )
    TargetFactory(scope_item=dissemination, quantity=10, period=Target.Period.QUARTER)
    ScopeItemFactory(agreement=palembang, area=ScopeItem.Area.EDUCATION)
    return palembang


def test_exports_report_parent_owner_scope_and_target_progress(network, client_as, reported):
    client = client_as(network.kpk_manager)
    expected = [
        "",
        str(network.kpk_staff),
        "Dissemination and publication of anti-corruption material; Education and training",
        "Dissemination and publication of anti-corruption material: 12/24 siaran radio per year; "
        "Dissemination and publication of anti-corruption material: 10 KPK content published "
        "on partner channels per quarter, not measured yet",
    ]

    [_header, csv_row] = _csv_rows(client.get(CSV, {"status": "active"}))
    [_header, xlsx_row] = _xlsx_rows(client.get(XLSX, {"status": "active"}))

    assert csv_row[8:] == expected
    # An empty cell reads back as None from the spreadsheet.
    assert xlsx_row[8:] == [None, *expected[1:]]


def test_xlsx_export_header_is_bold_frozen_and_filters_every_row(network, client_as, agreements):
    response = client_as(network.kpk_manager).get(XLSX)

    sheet = _sheet(response)
    assert [cell.font.b for cell in sheet[1]] == [True] * len(HEADER)
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:L3"
    assert not sheet["A2"].font.b


def test_xlsx_export_columns_are_wide_enough_to_read(network, client_as, agreements):
    response = client_as(network.kpk_manager).get(XLSX)

    sheet = _sheet(response)
    widths = {letter: sheet.column_dimensions[letter].width for letter in "ABDEL"}
    assert widths == {"A": 48, "B": 30, "D": 60, "E": 18, "L": 70}


def test_xlsx_export_shows_dates_the_indonesian_way(network, client_as, agreements):
    response = client_as(network.kpk_manager).get(XLSX, {"status": "active"})

    sheet = _sheet(response)
    assert [sheet.cell(2, column).number_format for column in (5, 6, 7)] == [
        "[$-421]d mmmm yyyy"
    ] * 3
    assert sheet.cell(2, 5).is_date


def test_csv_export_keeps_its_byte_order_mark_with_the_report_columns(network, client_as, reported):
    response = client_as(network.kpk_manager).get(CSV)

    assert _body(response).startswith("\ufeff".encode())
    assert _csv_rows(client_as(network.kpk_manager).get(CSV))[0][-4:] == [
        "Parent agreement",
        "KPK owner",
        "Scope",
        "Target progress",
    ]


@pytest.mark.parametrize("url", [CSV, XLSX])
def test_export_queries_do_not_grow_with_parents_owners_scope_and_targets(network, client_as, url):
    client = client_as(network.kpk_manager)
    parent = AgreementFactory(between=[network.kpk, network.city])

    def grow(count):
        for _ in range(count):
            agreement = AgreementFactory(
                kind=Agreement.Kind.PKS,
                parent=parent,
                owner=network.kpk_staff,
                between=[network.kpk, network.city],
            )
            TargetFactory(scope_item=ScopeItemFactory(agreement=agreement))
            TargetFactory(
                scope_item=ScopeItemFactory(agreement=agreement),
                metric=Target.Metric.MANUAL,
                manual_value=3,
            )

    grow(3)
    few = count_queries(_downloaded(client, url))
    grow(22)
    many = count_queries(_downloaded(client, url))

    assert few == many


def test_csv_export_streams_its_header_before_reading_any_agreement(network, client_as, agreements):
    response = client_as(network.kpk_manager).get(CSV)
    chunks = iter(response.streaming_content)

    with CaptureQueriesContext(connection) as queries:
        first = next(chunks)

    assert first == ("\ufeff" + ",".join(HEADER) + "\r\n").encode()
    assert len(queries) == 0
    assert [row[0] for row in csv.reader(io.StringIO(b"".join(chunks).decode()))] == [
        "'@PKS Medan",
        "MoU Diseminasi Palembang",
    ]


@pytest.mark.parametrize("url", [CSV, XLSX])
def test_export_reads_in_chunks_without_losing_or_repeating_a_row(
    network, client_as, monkeypatch, url
):
    monkeypatch.setattr(exports, "CHUNK_SIZE", 2)
    for number in range(5):
        agreement = AgreementFactory(title=f"Perjanjian {number}")
        agreement.parties.create(organisation=network.kpk, document_number=f"{number}/NK")
        agreement.parties.create(organisation=network.city, document_number=f"{number}/PKS")
    client = client_as(network.partner_manager)

    response = client.get(url)
    written = _csv_rows(response) if url == CSV else _xlsx_rows(response)

    assert [row[:4:3] for row in written[1:]] == [
        [
            f"Perjanjian {n}",
            f"Biro Hubungan Masyarakat KPK ({n}/NK); Diskominfo Kota Palembang ({n}/PKS)",
        ]
        for n in (4, 3, 2, 1, 0)
    ]


def test_xlsx_export_is_sent_from_a_temporary_file_closed_once_sent(
    network, client_as, agreements, monkeypatch
):
    opened = []
    temporary_file = tempfile.TemporaryFile

    def spied(**options):
        opened.append(temporary_file(**options))
        return opened[-1]

    monkeypatch.setattr(tempfile, "TemporaryFile", spied)
    response = client_as(network.kpk_manager).get(XLSX)
    [file] = opened
    assert not file.closed

    body = _body(response)

    assert isinstance(response, FileResponse)
    assert int(response["Content-Length"]) == len(body)
    assert file.closed


def test_streamed_export_speaks_the_requesters_language(network, client_as, agreements):
    # The rows are written after the view returns; this test reads them in English (conftest).
    network.kpk_manager.language = "id"
    network.kpk_manager.save(update_fields=["language"])

    [header, row] = _csv_rows(client_as(network.kpk_manager).get(CSV, {"status": "active"}))

    assert header[:3] == ["Judul", "Jenis", "Status"]
    assert row[1:3] == ["Nota Kesepahaman (MoU)", "Berlaku"]


def test_export_of_an_unknown_format_is_not_found(network, client_as, rf):
    assert client_as(network.kpk_manager).get(CSV.replace(".csv", ".pdf")).status_code == 404

    request = rf.get(CSV)
    request.user = network.kpk_manager
    with pytest.raises(Http404):
        views.agreement_export(request, "pdf")


@pytest.fixture
def counted(db):
    """A counter of KPK content that asks the database once per call, as content's will."""
    calls = []

    def count(windows):
        calls.append(set(windows))
        existing = set(
            Agreement.objects.filter(pk__in={w.agreement_id for w in windows}).values_list(
                "pk", flat=True
            )
        )
        return {window: 6 for window in windows if window.agreement_id in existing}

    register_counter(Target.Metric.KPK_CONTENT_PUBLISHED)(count)
    yield calls
    unregister_counter(Target.Metric.KPK_CONTENT_PUBLISHED)


@pytest.mark.parametrize("url", [CSV, XLSX])
def test_export_queries_stay_constant_with_counted_targets(network, client_as, counted, url):
    client = client_as(network.partner_manager)

    def grow(count):
        for _ in range(count):
            agreement = AgreementFactory(between=[network.kpk, network.city])
            TargetFactory(scope_item=ScopeItemFactory(agreement=agreement), quantity=24)
            TargetFactory(
                scope_item=ScopeItemFactory(agreement=agreement),
                period=Target.Period.QUARTER,
                quantity=10,
            )

    grow(3)
    few = count_queries(_downloaded(client, url))
    grow(27)
    many = count_queries(_downloaded(client, url))

    assert few == many
    # Each export asked the counter once, with every agreement's windows.
    assert [len(windows) for windows in counted] == [6, 6, 60, 60]


def test_export_reports_what_a_counter_counted(network, client_as, counted, reported):
    [_header, row] = _csv_rows(client_as(network.kpk_manager).get(CSV, {"status": "active"}))

    assert row[-1] == (
        "Dissemination and publication of anti-corruption material: 12/24 siaran radio per year; "
        "Dissemination and publication of anti-corruption material: 6/10 KPK content published "
        "on partner channels per quarter"
    )


def test_openpyxl_is_loaded_only_by_an_xlsx_export():
    # Every web worker imports the views at start; openpyxl would cost each of them memory.
    code = (
        "import sys, django; django.setup(); import agreements.views, agreements.urls; "
        "print('openpyxl' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )

    assert result.stdout.strip() == "False"
