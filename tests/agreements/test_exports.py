import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from agreements.models import Agreement
from tests.factories import AgreementFactory, UserFactory
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


def _csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def _xlsx_rows(response) -> list[list]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


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
        ],
    ]


def test_xlsx_export_keeps_text_that_looks_like_a_formula_as_text(network, client_as):
    AgreementFactory(title='=HYPERLINK("http://example.com")', between=[network.kpk])

    response = client_as(network.kpk_manager).get(XLSX)

    sheet = load_workbook(io.BytesIO(response.content)).active
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
    assert "Medan" not in client.get(CSV).content.decode()


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
    few = count_queries(lambda: client.get(url))

    for _ in range(22):
        AgreementFactory(between=[network.kpk, network.city, network.neighbour])
    many = count_queries(lambda: client.get(url))

    assert few == many
