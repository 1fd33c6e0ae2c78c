import pytest
from django.urls import reverse

from partnerships.models import Organisation, Role
from tests.factories import ChannelFactory, MembershipFactory, OrganisationFactory, UserFactory
from tests.helpers import count_queries, listed

URL = reverse("partnerships:organisation_list")


def test_directory_lists_every_organisation_for_kpk(network, client_as):
    response = client_as(network.kpk_staff).get(URL)

    assert response.status_code == 200
    assert listed(response, "name") == sorted(o.name for o in network.organisations)


def test_directory_of_partner_lists_only_their_organisation(network, client_as):
    response = client_as(network.partner_operator).get(URL)

    assert listed(response, "name") == ["Diskominfo Kota Palembang"]
    content = response.content.decode()
    for foreign in ["Ogan Ilir", "Kota Medan", "Biro Hubungan Masyarakat KPK", "Sriwijaya Pos"]:
        assert foreign not in content


def test_directory_of_province_manager_adds_the_regencies_of_the_province(network, client_as):
    response = client_as(network.province_manager).get(URL)

    assert listed(response, "name") == [
        "Diskominfo Kabupaten Ogan Ilir",
        "Diskominfo Kota Palembang",
        "Diskominfo Provinsi Sumatera Selatan",
    ]
    assert "Kota Medan" not in response.content.decode()


def test_directory_filters_by_type(network, client_as):
    response = client_as(network.kpk_manager).get(URL, {"kind": Organisation.Kind.MEDIA})

    assert listed(response, "name") == ["Harian Sriwijaya Pos"]


def test_directory_filters_by_province(network, client_as):
    response = client_as(network.kpk_manager).get(URL, {"province": "12"})

    assert listed(response, "name") == ["Diskominfo Kota Medan"]


def test_directory_searches_names_and_regions(network, client_as):
    client = client_as(network.kpk_manager)

    by_name = client.get(URL, {"q": "sriwijaya"})
    by_regency = client.get(URL, {"q": "Ogan"})
    by_province = client.get(URL, {"q": "sumatera utara"})

    assert listed(by_name, "name") == ["Harian Sriwijaya Pos"]
    assert listed(by_regency, "name") == ["Diskominfo Kabupaten Ogan Ilir"]
    assert listed(by_province, "name") == ["Diskominfo Kota Medan"]


def test_directory_filters_stay_inside_what_the_user_may_see(network, client_as):
    response = client_as(network.partner_manager).get(URL, {"province": "12", "q": "Medan"})

    assert listed(response, "name") == []
    assert "Kota Medan" not in response.content.decode()


def test_directory_ignores_an_unknown_province(network, client_as):
    response = client_as(network.partner_manager).get(URL, {"province": "99"})

    assert listed(response, "name") == ["Diskominfo Kota Palembang"]


def test_directory_counts_active_members_and_channels(network, client_as):
    ChannelFactory(organisation=network.city)
    ChannelFactory(organisation=network.city, is_active=False)
    MembershipFactory(organisation=network.city, is_active=False)

    response = client_as(network.partner_manager).get(URL)

    [city] = response.context["page"].object_list
    assert (city.member_count, city.channel_count) == (2, 1)


def test_directory_counts_members_and_channels_apart_on_every_row(network, client_as):
    # Members and channels of one organisation must not multiply each other.
    for _ in range(3):
        ChannelFactory(organisation=network.kpk)
    ChannelFactory(organisation=network.kpk, is_active=False)
    ChannelFactory(organisation=network.foreign)

    response = client_as(network.kpk_manager).get(URL)

    counts = {o.name: (o.member_count, o.channel_count) for o in response.context["page"]}
    assert counts == {
        network.kpk.name: (2, 3),
        network.province.name: (1, 0),
        network.city.name: (2, 0),
        network.neighbour.name: (0, 0),
        network.foreign.name: (0, 1),
        network.provincial_media.name: (0, 0),
    }


def test_directory_paginates_and_keeps_the_filters(network, client_as):
    for number in range(30):
        OrganisationFactory(name=f"Diskominfo Contoh {number:02}", regency_id="16.02")

    response = client_as(network.kpk_manager).get(URL, {"q": "Contoh", "page": "2"})

    assert listed(response, "name") == [f"Diskominfo Contoh {n:02}" for n in range(25, 30)]
    assert response.context["query"] == "q=Contoh"
    assert "?q=Contoh&amp;page=1" in response.content.decode()


def test_directory_refuses_a_user_without_membership(network, client_as):
    response = client_as(UserFactory(language="en")).get(URL)

    assert response.status_code == 403
    content = response.content.decode()
    for organisation in network.organisations:
        assert organisation.name not in content


def test_directory_sends_anonymous_to_sign_in(network, anonymous_client):
    response = anonymous_client.get(URL)

    assert response.status_code == 302
    assert response.url == f"/accounts/login/?next={URL}"


@pytest.mark.parametrize("role", ["kpk_manager", "partner_manager", "province_manager"])
def test_directory_queries_do_not_grow_with_rows(network, client_as, role):
    client = client_as(getattr(network, role))
    for number in range(3):
        _organisation_with_people(network, number)
    few = count_queries(lambda: client.get(URL))

    for number in range(3, 30):
        _organisation_with_people(network, number)
    many = count_queries(lambda: client.get(URL))

    assert few == many


def _organisation_with_people(network, number):
    """An organisation every role sees: the province's regencies reach the province manager."""
    organisation = OrganisationFactory(name=f"Diskominfo Contoh {number:02}", regency_id="16.02")
    MembershipFactory(organisation=organisation, role=Role.PARTNER_OPERATOR)
    ChannelFactory(organisation=organisation)
    # The partner manager sees it as a member, so the page really grows for every role.
    MembershipFactory(
        user=network.partner_manager, organisation=organisation, role=Role.PARTNER_MANAGER
    )
    return organisation
