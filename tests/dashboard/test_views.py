import pytest
from django.urls import reverse

from partnerships.models import Role
from tests.factories import InvitationFactory, MembershipFactory, NotificationFactory
from tests.partnerships.helpers import count_queries

pytestmark = pytest.mark.django_db

HOME = reverse("home")


def test_home_asks_to_sign_in(client):
    response = client.get(HOME)

    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next=/"


def test_home_welcomes_by_name_with_the_date(network, client_as):
    network.partner_manager.full_name = "Dewi Lestari"
    network.partner_manager.save(update_fields=["full_name"])

    response = client_as(network.partner_manager).get(HOME)

    content = response.content.decode()
    assert "Welcome, Dewi" in content
    assert '<p class="lead">' in content


@pytest.mark.parametrize(
    ("role", "panels"),
    [
        (
            "kpk_manager",
            [
                "notifications.unread",
                "partnerships.pending_invitations",
                "partnerships.members_without_two_factor",
                "partnerships.organisations",
            ],
        ),
        (
            "partner_manager",
            [
                "notifications.unread",
                "partnerships.pending_invitations",
                "partnerships.organisations",
                "partnerships.get_started",
            ],
        ),
        (
            "partner_operator",
            ["notifications.unread", "partnerships.organisations", "partnerships.get_started"],
        ),
        (
            "administrator",
            [
                "notifications.unread",
                "partnerships.pending_invitations",
                "partnerships.members_without_two_factor",
                "partnerships.organisations",
            ],
        ),
    ],
)
def test_home_shows_each_role_its_panels(network, client_as, role, panels):
    response = client_as(getattr(network, role)).get(HOME)

    assert [shown.code for shown in response.context["panels"]] == panels


def _work(network, user, *, invitations, notifications, members_without_two_factor):
    """Rows behind every panel: invitations everywhere, unread notifications, KPK staff."""
    organisations = [network.kpk, network.city, network.province]
    for number in range(invitations):
        InvitationFactory(organisation=organisations[number % len(organisations)], invited_by=user)
    NotificationFactory.create_batch(notifications, recipient=user)
    MembershipFactory.create_batch(
        members_without_two_factor, organisation=network.kpk, role=Role.KPK_STAFF
    )


@pytest.mark.parametrize("role", ["kpk_manager", "partner_manager", "partner_operator"])
def test_home_queries_do_not_grow_with_the_work_shown(network, client_as, role):
    user = getattr(network, role)
    client = client_as(user)
    _work(network, user, invitations=2, notifications=2, members_without_two_factor=1)
    few = count_queries(lambda: client.get(HOME))

    _work(network, user, invitations=28, notifications=28, members_without_two_factor=9)
    many = count_queries(lambda: client.get(HOME))

    assert few == many
