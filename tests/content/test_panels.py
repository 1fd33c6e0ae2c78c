"""Content's dashboard panels: requests waiting and overdue for partners, proofs to verify and
partners with overdue requests for KPK."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from content.models import Proof, Request
from tests.factories import OrganisationFactory, ProofFactory, RequestFactory, UserFactory
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db

Status = Request.Status
HOME = reverse("home")
PARTNER_PANELS = ("content.requests_waiting", "content.requests_overdue")
KPK_PANELS = ("content.proofs_to_verify", "content.partners_overdue")


def _days(days):
    return timezone.localdate() + timedelta(days=days)


def _panels(response) -> dict:
    return {shown.code: shown.context for shown in response.context["panels"]}


@pytest.mark.parametrize(
    ("role", "shown", "hidden"),
    [
        ("partner_manager", PARTNER_PANELS, KPK_PANELS),
        ("partner_operator", PARTNER_PANELS, KPK_PANELS),
        ("province_manager", PARTNER_PANELS, KPK_PANELS),
        ("kpk_staff", KPK_PANELS, PARTNER_PANELS),
        ("administrator", KPK_PANELS, PARTNER_PANELS),
    ],
)
def test_each_role_gets_its_content_panels(network, client_as, role, shown, hidden):
    panels = _panels(client_as(getattr(network, role)).get(HOME))

    assert [code for code in shown if code in panels] == list(shown)
    assert [code for code in hidden if code in panels] == []


def test_waiting_counts_new_requests_of_my_organisation_and_open_ones_assigned_to_me(
    network, client_as
):
    user = network.partner_operator
    new = RequestFactory(organisation=network.city, due_on=_days(5), dispatch__item__title="Baru")
    assigned = RequestFactory(
        organisation=network.city,
        status=Status.ACCEPTED,
        assignee=user,
        due_on=_days(2),
        dispatch__item__title="Tugasku",
    )
    # Not waiting: accepted for someone else, published by me, another partner's new request.
    RequestFactory(organisation=network.city, status=Status.ACCEPTED, assignee=UserFactory())
    RequestFactory(organisation=network.city, status=Status.PUBLISHED, assignee=user)
    RequestFactory(organisation=network.foreign, dispatch__item__title="Medan")

    panel = _panels(client_as(user).get(HOME))["content.requests_waiting"]

    assert panel["count"] == 2
    assert [row.pk for row in panel["soonest"]] == [assigned.pk, new.pk]
    assert panel["list_url"] == f"{reverse('content:inbox')}?tab=new"


def test_overdue_panel_counts_my_organisations_overdue_requests_oldest_first(network, client_as):
    older = RequestFactory(organisation=network.city, status=Status.ACCEPTED, due_on=_days(-9))
    newer = RequestFactory(organisation=network.city, status=Status.REQUESTED, due_on=_days(-1))
    RequestFactory(organisation=network.city, status=Status.ACCEPTED, due_on=_days(0))
    RequestFactory(organisation=network.city, status=Status.VERIFIED, due_on=_days(-5))
    RequestFactory(organisation=network.foreign, status=Status.ACCEPTED, due_on=_days(-5))

    response = client_as(network.partner_manager).get(HOME)

    panel = _panels(response)["content.requests_overdue"]
    assert panel["count"] == 2
    assert [row.pk for row in panel["oldest"]] == [older.pk, newer.pk]
    assert 'data-testid="overdue-requests-count"' in response.content.decode()


def test_proofs_to_verify_lists_submitted_proofs_oldest_first(network, client_as):
    first = ProofFactory()
    second = ProofFactory()
    Proof.objects.filter(pk=first.pk).update(submitted_at=timezone.now() - timedelta(days=3))
    verified = ProofFactory()
    Proof.objects.filter(pk=verified.pk).update(status=Proof.Status.VERIFIED)

    panel = _panels(client_as(network.kpk_manager).get(HOME))["content.proofs_to_verify"]

    assert panel["count"] == 2
    assert [proof.pk for proof in panel["oldest"]] == [first.pk, second.pk]


def test_partners_with_overdue_requests_are_the_top_ten_by_count(network, client_as):
    organisations = [OrganisationFactory(name=f"Diskominfo Uji {n:02}") for n in range(12)]
    for number, organisation in enumerate(organisations):
        for _ in range(number + 1):
            RequestFactory(organisation=organisation, status=Status.ACCEPTED, due_on=_days(-2))
    RequestFactory(organisation=network.city, status=Status.ACCEPTED, due_on=_days(2))

    panel = _panels(client_as(network.kpk_staff).get(HOME))["content.partners_overdue"]

    assert [(row["name"], row["overdue"]) for row in panel["partners"]] == [
        (f"Diskominfo Uji {n:02}", n + 1) for n in range(11, 1, -1)
    ]
    assert panel["partners"][0]["url"] == (
        f"{reverse('content:tracker')}?organisation={organisations[11].pk}&overdue=on"
    )


def _work(network, user, rows):
    for number in range(rows):
        RequestFactory(
            organisation=network.city if number % 2 else OrganisationFactory(),
            status=Status.ACCEPTED if number % 3 else Status.REQUESTED,
            assignee=user if number % 2 else None,
            due_on=_days(number % 5 - 2),
        )
        ProofFactory(request__organisation=network.city)


@pytest.mark.parametrize("role", ["partner_manager", "kpk_manager"])
def test_content_panels_take_the_same_queries_whatever_the_requests(network, client_as, role):
    user = getattr(network, role)
    client = client_as(user)
    _work(network, user, 3)
    few = count_queries(lambda: client.get(HOME))

    _work(network, user, 30)
    many = count_queries(lambda: client.get(HOME))

    assert few == many
