import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from agreements.models import Agreement
from agreements.notification_kinds import AGREEMENT_COMMENTED
from partnerships.models import Role
from tests.factories import (
    AgreementFactory,
    InvitationFactory,
    MembershipFactory,
    NotificationFactory,
)
from tests.helpers import count_queries

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


AGREEMENTS = ["agreements.waiting", "agreements.expiring", "agreements.comments"]
# Tracking (branch `tracking`): a partner's requests waiting and overdue.
CONTENT_PARTNER = ["content.requests_waiting", "content.requests_overdue"]
# Events (branch `ev-plumbing`): upcoming events, nominations waiting, reports to write.
EVENTS_KPK = ["events.upcoming", "events.reports"]
EVENTS_PARTNER_MANAGER = ["events.upcoming", "events.nominations", "events.reports"]


@pytest.mark.parametrize(
    ("role", "panels"),
    [
        (
            "kpk_manager",
            [
                "notifications.unread",
                "partnerships.pending_invitations",
                "partnerships.members_without_two_factor",
                *EVENTS_KPK,
                "agreements.waiting",
                "content.submissions",
                "agreements.expiring",
                "agreements.comments",
                "content.proofs_to_verify",
                "agreements.provinces",
                "content.partners_overdue",
                "partnerships.organisations",
            ],
        ),
        (
            "partner_manager",
            [
                "notifications.unread",
                "partnerships.pending_invitations",
                *CONTENT_PARTNER,
                *EVENTS_PARTNER_MANAGER,
                *AGREEMENTS,
                "partnerships.organisations",
                "partnerships.get_started",
            ],
        ),
        (
            "partner_operator",
            [
                "notifications.unread",
                *CONTENT_PARTNER,
                "events.upcoming",
                *AGREEMENTS,
                "partnerships.organisations",
                "partnerships.get_started",
            ],
        ),
        (
            "administrator",
            [
                "notifications.unread",
                "partnerships.pending_invitations",
                "partnerships.members_without_two_factor",
                "events.reports",
                "agreements.waiting",
                "content.submissions",
                "agreements.expiring",
                "agreements.comments",
                "content.proofs_to_verify",
                "agreements.provinces",
                "content.partners_overdue",
                "partnerships.organisations",
            ],
        ),
    ],
)
def test_home_shows_each_role_its_panels(network, client_as, role, panels):
    response = client_as(getattr(network, role)).get(HOME)

    assert [shown.code for shown in response.context["panels"]] == panels


def _work(network, user, *, rows, members_without_two_factor):
    """Rows behind every panel: invitations everywhere, unread notifications (some of them
    comments), KPK staff, and agreements in every state, half of them the user's, in reach of
    the city's partners and out of it."""
    organisations = [network.kpk, network.city, network.province]
    for number in range(rows):
        InvitationFactory(organisation=organisations[number % len(organisations)], invited_by=user)
    NotificationFactory.create_batch(rows, recipient=user)
    NotificationFactory.create_batch(
        rows, recipient=user, kind=AGREEMENT_COMMENTED.code, context={"excerpt": "Setuju."}
    )
    MembershipFactory.create_batch(
        members_without_two_factor, organisation=network.kpk, role=Role.KPK_STAFF
    )
    ends_on = timezone.localdate() + timedelta(days=30)
    for status in Agreement.Status.values:
        for number in range(rows):
            AgreementFactory(
                status=status,
                owner=user if number % 2 else network.kpk_staff,
                ends_on=ends_on,
                between=[network.kpk, network.city if number % 3 else network.foreign],
            )


@pytest.mark.parametrize(
    "role", ["kpk_manager", "kpk_staff", "partner_manager", "partner_operator"]
)
def test_home_queries_do_not_grow_with_the_work_shown(network, client_as, role):
    user = getattr(network, role)
    client = client_as(user)
    _work(network, user, rows=2, members_without_two_factor=1)
    few = count_queries(lambda: client.get(HOME))

    _work(network, user, rows=18, members_without_two_factor=9)
    many = count_queries(lambda: client.get(HOME))

    assert few == many


def test_home_panel_headings_label_their_cards_with_unique_ids(network, client_as):
    page = client_as(network.kpk_manager).get(HOME).content.decode()

    labelled_by = re.findall(r'<section class="card h-100" aria-labelledby="([^"]+)"', page)
    heading_ids = re.findall(r'<h2 class="panel-title" id="([^"]+)"', page)
    assert labelled_by == heading_ids
    assert len(set(heading_ids)) == len(heading_ids) > 1
    assert "panel-agreements-waiting-title" in heading_ids
