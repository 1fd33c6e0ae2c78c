"""The province overview's order, filter and coverage, and each province's own page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from agreements.models import Agreement
from partnerships.models import Role
from tests.factories import AgreementFactory, MembershipFactory, OrganisationFactory
from tests.helpers import count_queries

Status = Agreement.Status
OVERVIEW = reverse("agreements:province_overview")
SUMSEL = reverse("agreements:province_detail", args=["16"])
SUMUT = reverse("agreements:province_detail", args=["12"])


@pytest.fixture
def sumsel(network):
    """Sumatera Selatan: Palembang and Ogan Ilir partnered, Lahat's only agreement has ended."""
    lahat = OrganisationFactory(name="Diskominfo Kabupaten Lahat", regency_id="16.04")
    palembang_radio = OrganisationFactory(media=True, name="Radio Palembang", regency_id="16.71")
    closed = OrganisationFactory(
        name="Diskominfo Kota Prabumulih", regency_id="16.74", is_active=False
    )
    AgreementFactory(
        title="MoU Palembang", status=Status.ACTIVE, between=[network.kpk, network.city]
    )
    AgreementFactory(
        title="MoU Radio", status=Status.ACTIVE, between=[network.kpk, palembang_radio]
    )
    AgreementFactory(
        title="PKS Ogan Ilir", status=Status.NEGOTIATION, between=[network.kpk, network.neighbour]
    )
    AgreementFactory(title="MoU Lahat", status=Status.EXPIRED, between=[network.kpk, lahat])
    AgreementFactory(title="MoU Prabumulih", status=Status.ACTIVE, between=[network.kpk, closed])
    # The provincial Diskominfo is tied to no regency: it covers none.
    AgreementFactory(title="MoU Provinsi", status=Status.ACTIVE, between=[network.province])
    # Sumatera Utara: expiring; Aceh: drafting.
    AgreementFactory(
        status=Status.ACTIVE,
        ends_on=timezone.localdate() + timedelta(days=10),
        between=[network.foreign],
    )
    aceh = OrganisationFactory(name="Diskominfo Kota Banda Aceh", regency_id="11.71")
    AgreementFactory(status=Status.DRAFT, between=[aceh])


def _shown(response) -> list[tuple[str, str]]:
    return [(s.province.name, s.state) for s in response.context["provinces"]]


# The overview


def test_overview_shows_each_provinces_coverage_of_its_regencies_and_cities(
    network, client_as, sumsel
):
    response = client_as(network.kpk_staff).get(OVERVIEW)

    coverage = {s.province.name: (s.covered, s.regencies) for s in response.context["provinces"]}
    assert coverage["Sumatera Selatan"] == (2, 17)
    assert coverage["Sumatera Utara"] == (1, 33)
    assert coverage["Jawa Barat"] == (0, 27)
    assert "2 of 17 regencies and cities have a partnership" in response.content.decode()


def test_overview_puts_the_most_relevant_state_first_then_the_name(network, client_as, sumsel):
    response = client_as(network.kpk_staff).get(OVERVIEW)

    shown = _shown(response)
    assert shown[:3] == [
        ("Sumatera Selatan", "active"),
        ("Sumatera Utara", "expiring"),
        ("Aceh", "drafting"),
    ]
    assert shown[3:5] == [("Bali", "none"), ("Banten", "none")]
    assert len(shown) == 38


def test_overview_sorts_by_name_on_request(network, client_as, sumsel):
    response = client_as(network.kpk_staff).get(OVERVIEW, {"sort": "name"})

    names = [name for name, _state in _shown(response)]
    assert names == sorted(names)
    assert names[0] == "Aceh"


def test_overview_state_chips_filter_the_provinces(network, client_as, sumsel):
    client = client_as(network.kpk_staff)

    response = client.get(OVERVIEW, {"state": "expiring"})

    assert _shown(response) == [("Sumatera Utara", "expiring")]
    content = response.content.decode()
    assert 'href="?state=expiring&amp;sort=state"' in content
    assert 'aria-current="true" data-state="expiring"' in content
    # The totals still count every province.
    totals = {key: total for key, _label, total, _colour in response.context["totals"]}
    assert totals == {"none": 35, "drafting": 1, "active": 1, "expiring": 1, "expired": 0}


def test_overview_ignores_an_unknown_state(network, client_as, sumsel):
    response = client_as(network.kpk_staff).get(OVERVIEW, {"state": "nonsense"})

    assert len(_shown(response)) == 38


def test_overview_filtered_to_an_empty_state_says_so(network, client_as, sumsel):
    response = client_as(network.kpk_staff).get(OVERVIEW, {"state": "expired"})

    assert _shown(response) == []
    assert "No province is in this state." in response.content.decode()


def test_overview_queries_do_not_grow_with_partnered_regencies(network, client_as):
    client = client_as(network.kpk_manager)
    codes = ["16.01", "16.02", "16.03", "16.04", "16.05", "12.01", "12.02", "11.01"]
    for code in codes[:2]:
        AgreementFactory(between=[OrganisationFactory(regency_id=code)])
    few = count_queries(lambda: client.get(OVERVIEW))

    for code in codes[2:]:
        AgreementFactory(between=[OrganisationFactory(regency_id=code)])
    many = count_queries(lambda: client.get(OVERVIEW))

    assert few == many


def test_overview_of_a_province_manager_is_their_provinces_page(network, client_as):
    response = client_as(network.province_manager).get(OVERVIEW)

    assert response.status_code == 302
    assert response.url == SUMSEL


def test_overview_of_a_manager_of_two_provinces_shows_only_theirs(network, client_as):
    north = OrganisationFactory(province_diskominfo=True, name="Diskominfo Sumut", province_id="12")
    MembershipFactory(user=network.province_manager, organisation=north, role=Role.PARTNER_MANAGER)

    response = client_as(network.province_manager).get(OVERVIEW)

    assert response.status_code == 200
    assert sorted(name for name, _state in _shown(response)) == [
        "Sumatera Selatan",
        "Sumatera Utara",
    ]


# The province page


def test_province_page_lists_regencies_with_partners_and_agreements_for_kpk(
    network, client_as, sumsel
):
    response = client_as(network.kpk_staff).get(SUMSEL)

    assert response.status_code == 200
    rows = {row.regency.name: row for row in response.context["coverage"]}
    assert len(rows) == 17
    assert response.context["covered"] == 2
    palembang = rows["Kota Palembang"]
    assert [o.name for o in palembang.partners] == ["Diskominfo Kota Palembang", "Radio Palembang"]
    assert [a.title for a in palembang.agreements] == ["MoU Palembang", "MoU Radio"]
    assert [a.title for a in rows["Kabupaten Ogan Ilir"].agreements] == ["PKS Ogan Ilir"]
    assert (rows["Kabupaten Lahat"].covered, rows["Kabupaten Lahat"].agreements) == (False, [])
    assert rows["Kota Prabumulih"].covered is False
    content = response.content.decode()
    assert "2 of 17 regencies and cities have a partnership" in content
    assert network.city.get_absolute_url() in content


def test_province_page_shows_its_manager_the_coverage_but_only_the_agreements_they_see(
    network, client_as, sumsel
):
    response = client_as(network.province_manager).get(SUMSEL)

    assert response.status_code == 200
    rows = {row.regency.name: row for row in response.context["coverage"]}
    assert rows["Kota Palembang"].covered is True
    assert [o.name for o in rows["Kota Palembang"].partners] == [
        "Diskominfo Kota Palembang",
        "Radio Palembang",
    ]
    assert rows["Kota Palembang"].agreements == []
    content = response.content.decode()
    assert "MoU Palembang" not in content
    assert "PKS Ogan Ilir" not in content


def test_province_page_of_another_province_is_forbidden_to_a_province_manager(
    network, client_as, sumsel
):
    response = client_as(network.province_manager).get(SUMUT)

    assert response.status_code == 403
    assert "Kota Medan" not in response.content.decode()


@pytest.mark.parametrize("role", ["partner_manager", "partner_operator"])
def test_province_page_is_forbidden_to_partners(network, client_as, sumsel, role):
    response = client_as(getattr(network, role)).get(SUMSEL)

    assert response.status_code == 403
    assert "Radio Palembang" not in response.content.decode()


def test_province_page_of_an_unknown_province_is_not_found(network, client_as):
    response = client_as(network.kpk_staff).get(reverse("agreements:province_detail", args=["99"]))

    assert response.status_code == 404


def test_province_page_sends_anonymous_to_sign_in(anonymous_client, db):
    response = anonymous_client.get(SUMSEL)

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_province_page_queries_do_not_grow_with_partners(network, client_as):
    client = client_as(network.kpk_manager)
    codes = ["16.01", "16.02", "16.03", "16.04", "16.05", "16.06", "16.07", "16.72"]
    for code in codes[:2]:
        AgreementFactory(between=[network.kpk, OrganisationFactory(regency_id=code)])
    few = count_queries(lambda: client.get(SUMSEL))

    for code in codes[2:]:
        AgreementFactory(between=[network.kpk, OrganisationFactory(regency_id=code)])
    many = count_queries(lambda: client.get(SUMSEL))

    assert few == many


# The navigation


@pytest.mark.parametrize(
    ("role", "shown"),
    [
        ("kpk_staff", True),
        ("administrator", True),
        ("province_manager", True),
        ("partner_manager", False),
        ("partner_operator", False),
    ],
)
def test_navigation_links_the_province_overview_for_who_may_see_it(network, client_as, role, shown):
    content = client_as(getattr(network, role)).get(reverse("home")).content.decode()

    assert ('data-testid="nav-provinces"' in content) is shown
