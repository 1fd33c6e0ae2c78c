"""Who may see and do what with dissemination requests and proofs, for each role."""

import pytest

from content.rules import visible_requests
from partnerships.models import Role
from tests.factories import (
    OrganisationFactory,
    ProofFactory,
    RequestFactory,
    member,
)

ROLES = [
    "kpk_manager",
    "kpk_staff",
    "province_manager",
    "partner_manager",
    "partner_operator",
    "administrator",
    "outlet_manager",
]
KPK = {"kpk_manager", "kpk_staff", "administrator"}
CITY = {"partner_manager", "partner_operator"}


@pytest.fixture
def people(network):
    outlet = OrganisationFactory(media=True, name="Sumsel Pos")
    people = {role: getattr(network, role) for role in ROLES if role != "outlet_manager"}
    people["outlet_manager"] = member(Role.PARTNER_MANAGER, outlet)
    return people, outlet


@pytest.fixture
def requests(network, people):
    _people, outlet = people
    city = RequestFactory(organisation=network.city, status="accepted")
    return {
        "city": city,
        "neighbour": RequestFactory(organisation=network.neighbour),
        "province": RequestFactory(organisation=network.province),
        "forward": RequestFactory(
            dispatch=city.dispatch, item=city.item, organisation=outlet, forwarded_from=city
        ),
    }


def who_may(people, permission, obj) -> set[str]:
    return {role for role, user in people[0].items() if user.has_perm(permission, obj)}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("city", KPK | CITY),
        # A province's manager does not follow its regencies' requests.
        ("neighbour", KPK),
        ("province", KPK | {"province_manager"}),
        # The forwarder sees its forward (read only); the outlet sees what was forwarded to it.
        ("forward", KPK | CITY | {"outlet_manager"}),
    ],
)
def test_view_request_by_role(people, requests, name, expected):
    assert who_may(people, "content.view_request", requests[name]) == expected


@pytest.mark.parametrize("role", ROLES)
def test_visible_requests_agrees_with_the_permission(people, requests, role):
    user = people[0][role]

    listed = set(visible_requests(user).values_list("pk", flat=True))

    expected = {r.pk for r in requests.values() if user.has_perm("content.view_request", r)}
    assert listed == expected


@pytest.mark.parametrize(
    ("permission", "name", "expected"),
    [
        # Administrators are superusers, whom Django grants every permission.
        ("content.answer_request", "city", {"partner_manager", "administrator"}),
        ("content.answer_request", "forward", {"outlet_manager", "administrator"}),
        ("content.prove_request", "city", CITY | {"administrator"}),
        ("content.prove_request", "forward", {"outlet_manager", "administrator"}),
        ("content.forward_request", "city", {"partner_manager", "administrator"}),
        # An outlet does not forward further.
        ("content.forward_request", "forward", {"administrator"}),
        ("content.verify_proof", "city", KPK),
        ("content.send_item", "city", KPK),
    ],
)
def test_acting_on_requests_by_role(people, requests, permission, name, expected):
    assert who_may(people, permission, requests[name]) == expected


def test_a_screenshot_is_for_who_may_see_its_request(network, people, requests):
    proof = ProofFactory(request=requests["forward"])

    assert who_may(people, "content.view_proof_screenshot", proof) == KPK | CITY | {
        "outlet_manager"
    }


def test_anonymous_sees_no_request(requests):
    from django.contrib.auth.models import AnonymousUser

    assert list(visible_requests(AnonymousUser())) == []
