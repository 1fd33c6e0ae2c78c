"""Managing an organisation's members from its page: changing a role, removing a member."""

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AuditEntry
from partnerships.models import Membership, Role
from tests.factories import MembershipFactory
from tests.helpers import messages_of


def _role_url(membership):
    return reverse(
        "partnerships:membership_change_role",
        args=[membership.organisation_id, membership.pk],
    )


def _remove_url(membership):
    return reverse(
        "partnerships:membership_remove", args=[membership.organisation_id, membership.pk]
    )


def _membership(user):
    return Membership.objects.select_related("organisation").get(user=user)


def _entries():
    return list(AuditEntry.objects.values_list("action", flat=True))


def test_organisation_page_offers_member_management_to_its_manager(network, client_as):
    operator = _membership(network.partner_operator)

    content = client_as(network.partner_manager).get(network.city.get_absolute_url()).content
    page = content.decode()

    assert _role_url(operator) in page
    assert _remove_url(operator) in page
    assert '<option value="partner_operator" selected>' in page


def test_organisation_page_hides_member_management_from_an_operator(network, client_as):
    operator = _membership(network.partner_operator)

    page = client_as(network.partner_operator).get(network.city.get_absolute_url()).content

    assert _role_url(operator) not in page.decode()
    assert _remove_url(operator) not in page.decode()


def test_change_role_makes_the_operator_a_manager_and_audits_it(network, client_as):
    operator = _membership(network.partner_operator)

    response = client_as(network.partner_manager).post(
        _role_url(operator), {"role": Role.PARTNER_MANAGER}
    )

    assert response.status_code == 302
    assert response.url == f"{network.city.get_absolute_url()}#members"
    assert Membership.objects.get(pk=operator.pk).role == Role.PARTNER_MANAGER
    assert messages_of(response) == [f"{network.partner_operator} is now Partner manager."]
    assert _entries() == ["partnerships.member_role_changed"]


def test_change_role_refuses_to_demote_the_last_manager(network, client_as):
    manager = _membership(network.partner_manager)

    response = client_as(network.partner_manager).post(
        _role_url(manager), {"role": Role.PARTNER_OPERATOR}
    )

    assert response.status_code == 302
    assert Membership.objects.get(pk=manager.pk).role == Role.PARTNER_MANAGER
    assert messages_of(response) == [
        "This is the organisation's last active manager. Make another member a manager first."
    ]
    assert _entries() == []


def test_change_role_demotes_a_manager_who_is_not_the_last(network, client_as):
    manager = _membership(network.partner_manager)
    MembershipFactory(organisation=network.city, role=Role.PARTNER_MANAGER)

    client_as(network.partner_manager).post(_role_url(manager), {"role": Role.PARTNER_OPERATOR})

    assert Membership.objects.get(pk=manager.pk).role == Role.PARTNER_OPERATOR


def test_change_role_refuses_a_role_of_another_kind(network, client_as):
    operator = _membership(network.partner_operator)

    response = client_as(network.partner_manager).post(
        _role_url(operator), {"role": Role.KPK_MANAGER}
    )

    assert Membership.objects.get(pk=operator.pk).role == Role.PARTNER_OPERATOR
    assert messages_of(response) == ["This role does not exist in this organisation."]
    assert _entries() == []


def test_change_role_is_forbidden_to_an_operator(network, client_as):
    manager = _membership(network.partner_manager)

    response = client_as(network.partner_operator).post(
        _role_url(manager), {"role": Role.PARTNER_OPERATOR}
    )

    assert response.status_code == 403
    assert Membership.objects.get(pk=manager.pk).role == Role.PARTNER_MANAGER


def test_change_role_is_forbidden_to_the_province_manager_in_a_regency(network, client_as):
    member = MembershipFactory(organisation=network.neighbour, role=Role.PARTNER_OPERATOR)

    response = client_as(network.province_manager).post(
        _role_url(member), {"role": Role.PARTNER_MANAGER}
    )

    assert response.status_code == 403
    assert Membership.objects.get(pk=member.pk).role == Role.PARTNER_OPERATOR


def test_change_role_in_another_organisation_is_not_found(network, client_as):
    member = MembershipFactory(organisation=network.foreign, role=Role.PARTNER_OPERATOR)

    response = client_as(network.partner_manager).post(
        _role_url(member), {"role": Role.PARTNER_MANAGER}
    )

    assert response.status_code == 404
    assert "Kota Medan" not in response.content.decode()


def test_change_role_of_a_member_of_another_organisation_through_mine_is_not_found(
    network, client_as
):
    member = MembershipFactory(organisation=network.foreign, role=Role.PARTNER_OPERATOR)
    url = reverse("partnerships:membership_change_role", args=[network.city.pk, member.pk])

    response = client_as(network.partner_manager).post(url, {"role": Role.PARTNER_MANAGER})

    assert response.status_code == 404
    assert Membership.objects.get(pk=member.pk).role == Role.PARTNER_OPERATOR


def test_change_role_refuses_a_get(network, client_as):
    response = client_as(network.partner_manager).get(
        _role_url(_membership(network.partner_operator))
    )

    assert response.status_code == 405


def test_remove_ends_the_members_access_at_their_next_request(network, client_as):
    removed = Client()
    removed.force_login(network.partner_operator)
    assert removed.get(network.city.get_absolute_url()).status_code == 200
    operator = _membership(network.partner_operator)

    response = client_as(network.partner_manager).post(_remove_url(operator))

    assert response.status_code == 302
    assert Membership.objects.get(pk=operator.pk).is_active is False
    assert messages_of(response) == [
        f"{network.partner_operator} was removed from the organisation and no longer has "
        "access to it."
    ]
    assert _entries() == ["partnerships.member_deactivated"]
    # Their session still signs them in, but it carries no access.
    assert removed.get(network.city.get_absolute_url()).status_code == 404
    assert removed.get(reverse("agreements:list")).status_code == 403


def test_remove_refuses_the_last_manager(network, client_as):
    manager = _membership(network.partner_manager)

    response = client_as(network.kpk_manager).post(_remove_url(manager))

    assert Membership.objects.get(pk=manager.pk).is_active is True
    assert messages_of(response) == [
        "This is the organisation's last active manager. Make another member a manager first."
    ]
    assert _entries() == []


def test_remove_counts_only_active_managers(network, client_as):
    manager = _membership(network.partner_manager)
    MembershipFactory(organisation=network.city, role=Role.PARTNER_MANAGER, is_active=False)
    MembershipFactory(organisation=network.city, role=Role.PARTNER_MANAGER, user__is_active=False)

    client_as(network.kpk_manager).post(_remove_url(manager))

    assert Membership.objects.get(pk=manager.pk).is_active is True


def test_remove_oneself_when_another_manager_remains_goes_home(network, client_as):
    manager = _membership(network.partner_manager)
    MembershipFactory(organisation=network.city, role=Role.PARTNER_MANAGER)

    response = client_as(network.partner_manager).post(_remove_url(manager))

    assert response.url == reverse("home")
    assert Membership.objects.get(pk=manager.pk).is_active is False


def test_remove_an_already_removed_member_is_not_found(network, client_as):
    operator = _membership(network.partner_operator)
    Membership.objects.filter(pk=operator.pk).update(is_active=False)

    response = client_as(network.partner_manager).post(_remove_url(operator))

    assert response.status_code == 404


@pytest.mark.parametrize("role", ["partner_operator", "kpk_staff", "province_manager"])
def test_remove_is_forbidden_to_who_does_not_manage(network, client_as, role):
    operator = _membership(network.partner_operator)

    response = client_as(getattr(network, role)).post(_remove_url(operator))

    # Province managers see Palembang, KPK staff everything: both are refused, not hidden.
    assert response.status_code == 403
    assert Membership.objects.get(pk=operator.pk).is_active is True


def test_member_controls_name_their_member_without_a_thousands_separator(network, client_as):
    # Numbers are shown with a thousands separator; the label must point at the select's id.
    membership = MembershipFactory(pk=12345, organisation=network.city, role=Role.PARTNER_OPERATOR)

    content = client_as(network.partner_manager).get(network.city.get_absolute_url()).text

    assert f'id="role-{membership.pk}"' in content
    assert f'for="role-{membership.pk}"' in content
