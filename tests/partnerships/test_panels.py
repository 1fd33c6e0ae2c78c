"""The partner network's panels on the home page: their numbers, links and reach."""

import pytest
from django.urls import reverse

from partnerships.models import Organisation, Role
from tests.factories import (
    InvitationFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    give_totp,
    member,
)

pytestmark = pytest.mark.django_db

HOME = reverse("home")
PENDING_INVITATIONS = f"{reverse('partnerships:invitation_list')}?status=pending"


def _panels(response) -> dict:
    return {shown.code: shown.context for shown in response.context["panels"]}


# Pending invitations


def test_pending_invitations_panel_counts_only_the_managed_organisations_pending(
    network, client_as
):
    InvitationFactory(organisation=network.city, email="satu@palembang.go.id")
    InvitationFactory(organisation=network.city, email="dua@palembang.go.id")
    InvitationFactory(organisation=network.city, accepted=True)
    InvitationFactory(organisation=network.city, expired=True)
    InvitationFactory(organisation=network.city, revoked=True)
    InvitationFactory(organisation=network.neighbour, email="calon@oganilir.go.id")
    InvitationFactory(organisation=network.foreign, email="calon@medan.go.id")
    InvitationFactory(organisation=network.kpk, email="calon@kpk.go.id")

    response = client_as(network.partner_manager).get(HOME)

    panel = _panels(response)["partnerships.pending_invitations"]
    assert panel["count"] == 2
    assert [invitation.email for invitation in panel["newest"]] == [
        "dua@palembang.go.id",
        "satu@palembang.go.id",
    ]
    assert panel["list_url"] == PENDING_INVITATIONS
    content = response.content.decode()
    assert f'href="{PENDING_INVITATIONS}"' in content
    for foreign in ("calon@oganilir.go.id", "calon@medan.go.id", "calon@kpk.go.id"):
        assert foreign not in content


def test_pending_invitations_panel_lists_the_newest_five_of_every_organisation_to_kpk(
    network, client_as
):
    for number, organisation in enumerate(network.organisations):
        InvitationFactory(organisation=organisation, email=f"calon{number}@example.go.id")

    response = client_as(network.kpk_manager).get(HOME)

    panel = _panels(response)["partnerships.pending_invitations"]
    assert panel["count"] == 6
    assert [invitation.email for invitation in panel["newest"]] == [
        "calon5@example.go.id",
        "calon4@example.go.id",
        "calon3@example.go.id",
        "calon2@example.go.id",
        "calon1@example.go.id",
    ]


def test_pending_invitations_panel_links_to_the_list_filtered_to_pending(network, client_as):
    InvitationFactory(organisation=network.city, email="menunggu@palembang.go.id")
    InvitationFactory(organisation=network.city, email="sudah@palembang.go.id", accepted=True)
    client = client_as(network.partner_manager)
    panel = _panels(client.get(HOME))["partnerships.pending_invitations"]

    response = client.get(panel["list_url"])

    assert [i.email for i in response.context["page"].object_list] == ["menunggu@palembang.go.id"]


def test_pending_invitations_panel_without_any_says_so(network, client_as):
    response = client_as(network.partner_manager).get(HOME)

    assert _panels(response)["partnerships.pending_invitations"]["count"] == 0
    assert "No invitation is waiting." in response.content.decode()


@pytest.mark.parametrize("role", ["partner_operator", "kpk_staff"])
def test_pending_invitations_panel_is_not_shown_to_non_managers(network, client_as, role):
    InvitationFactory(organisation=network.city, email="calon@palembang.go.id")

    response = client_as(getattr(network, role)).get(HOME)

    assert "partnerships.pending_invitations" not in _panels(response)
    assert "calon@palembang.go.id" not in response.content.decode()


# Members without two-factor sign-in


def _kpk_staff_without_totp(organisation, full_name):
    return MembershipFactory(
        organisation=organisation, role=Role.KPK_STAFF, user=UserFactory(full_name=full_name)
    ).user


def test_two_factor_panel_names_the_kpk_members_without_an_authenticator(network, client_as):
    _kpk_staff_without_totp(network.kpk, "Budi Santoso")
    _kpk_staff_without_totp(network.kpk, "Ani Wijaya")
    give_totp(_kpk_staff_without_totp(network.kpk, "Citra Enrolled"))
    left = _kpk_staff_without_totp(network.kpk, "Dodi Left")
    left.memberships.update(is_active=False)
    closed = _kpk_staff_without_totp(network.kpk, "Eka Closed")
    closed.is_active = False
    closed.save(update_fields=["is_active"])
    # Partner roles do not require two-factor sign-in.
    MembershipFactory(organisation=network.city, role=Role.PARTNER_OPERATOR)

    response = client_as(network.kpk_manager).get(HOME)

    panel = _panels(response)["partnerships.members_without_two_factor"]
    assert panel["count"] == 2
    assert [membership.user.full_name for membership in panel["newest"]] == [
        "Ani Wijaya",
        "Budi Santoso",
    ]
    assert panel["list_url"] == network.kpk.get_absolute_url()
    content = response.content.decode()
    assert "Budi Santoso" in content
    assert "Citra Enrolled" not in content


def test_two_factor_panel_counts_a_person_in_two_units_once(network, client_as):
    other_unit = OrganisationFactory(kpk=True, name="Direktorat Jejaring Pendidikan")
    person = _kpk_staff_without_totp(network.kpk, "Budi Santoso")
    MembershipFactory(organisation=other_unit, role=Role.KPK_STAFF, user=person)

    response = client_as(network.administrator).get(HOME)

    panel = _panels(response)["partnerships.members_without_two_factor"]
    assert panel["count"] == 1
    # Members of several units: the number leads to the directory's KPK units.
    assert panel["list_url"] == (
        f"{reverse('partnerships:organisation_list')}?kind={Organisation.Kind.KPK_UNIT}"
    )


def test_two_factor_panel_when_everyone_is_enrolled_says_so(network, client_as):
    response = client_as(network.kpk_manager).get(HOME)

    assert _panels(response)["partnerships.members_without_two_factor"]["count"] == 0
    assert "Every member whose role requires it signs in with two factors." in (
        response.content.decode()
    )


@pytest.mark.parametrize("role", ["partner_manager", "province_manager", "kpk_staff"])
def test_two_factor_panel_is_not_shown_to_those_who_manage_no_kpk_unit(network, client_as, role):
    _kpk_staff_without_totp(network.kpk, "Budi Santoso")

    response = client_as(getattr(network, role)).get(HOME)

    assert "partnerships.members_without_two_factor" not in _panels(response)
    assert "Budi Santoso" not in response.content.decode()


# Your organisations, get started


def test_organisations_panel_lists_my_active_memberships_with_their_roles(network, client_as):
    former = OrganisationFactory(name="Diskominfo Kabupaten Lama")
    MembershipFactory(user=network.partner_manager, organisation=former, is_active=False)

    response = client_as(network.partner_manager).get(HOME)

    memberships = _panels(response)["partnerships.organisations"]["memberships"]
    assert [(m.organisation.name, m.role) for m in memberships] == [
        ("Diskominfo Kota Palembang", Role.PARTNER_MANAGER)
    ]
    content = response.content.decode()
    assert f'href="{network.city.get_absolute_url()}"' in content
    assert "Diskominfo Kabupaten Lama" not in content


def test_organisations_panel_lists_my_organisations_by_name(network, client_as):
    MembershipFactory(user=network.partner_operator, organisation=network.neighbour)

    response = client_as(network.partner_operator).get(HOME)

    memberships = _panels(response)["partnerships.organisations"]["memberships"]
    assert [m.organisation.name for m in memberships] == [
        "Diskominfo Kabupaten Ogan Ilir",
        "Diskominfo Kota Palembang",
    ]


def test_home_shows_a_partner_no_other_organisation(network, client_as):
    response = client_as(network.partner_operator).get(HOME)

    content = response.content.decode()
    assert "Kota Medan" not in content
    assert "Ogan Ilir" not in content


@pytest.mark.parametrize(
    ("role", "shows_invitations"),
    [("partner_manager", True), ("partner_operator", False), ("kpk_staff", False)],
)
def test_home_links_the_invitations_page_only_to_managers(
    network, client_as, role, shows_invitations
):
    response = client_as(getattr(network, role)).get(HOME)

    assert (
        reverse("partnerships:invitation_list") in response.content.decode()
    ) is shows_invitations


def test_organisations_panel_without_membership_says_whom_to_ask(client_as, db):
    response = client_as(UserFactory(language="en")).get(HOME)

    assert _panels(response)["partnerships.organisations"]["memberships"] == []
    assert "You are not a member of any organisation yet." in response.content.decode()


def test_get_started_panel_offers_two_factor_until_it_is_set_up(network, client_as):
    operator = member(Role.PARTNER_OPERATOR, network.city)
    client = client_as(operator)

    before = client.get(HOME)
    give_totp(operator)
    after = client.get(HOME)

    assert "partnerships.get_started" in _panels(before)
    assert f'href="{reverse("mfa_index")}"' in before.content.decode()
    assert "partnerships.get_started" not in _panels(after)
