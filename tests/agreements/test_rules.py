"""Who sees and does what with an agreement between KPK and Diskominfo Kota Palembang.

The cast is tests.factories.Network. Kota Palembang is a regency-level organisation of
Sumatera Selatan: the province's Diskominfo manager follows it in the directory, but does not
see its agreements (documents are for the parties and KPK only).
"""

import pytest
from django.contrib.auth.models import AnonymousUser

from agreements import rules as access
from agreements.models import Agreement
from partnerships.models import Province, Role
from tests.factories import AgreementFactory, MembershipFactory, member
from tests.helpers import fresh

Status = Agreement.Status

ROLES = [
    "kpk_manager",
    "kpk_staff",
    "partner_manager",
    "partner_operator",
    "outsider_manager",
    "province_manager",
    "administrator",
]


@pytest.fixture
def people(network):
    """The network's people, plus the manager of an organisation that is not a party."""
    people = {role: getattr(network, role) for role in ROLES if hasattr(network, role)}
    people["outsider_manager"] = member(Role.PARTNER_MANAGER, network.neighbour)
    return people


def _agreement(network, status=Status.DRAFT):
    return AgreementFactory(status=status, between=[network.kpk, network.city])


# visible_agreements


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("kpk_manager", {"city", "foreign"}),
        ("kpk_staff", {"city", "foreign"}),
        ("partner_manager", {"city"}),
        ("partner_operator", {"city"}),
        ("outsider_manager", set()),
        ("province_manager", set()),
        ("administrator", {"city", "foreign"}),
    ],
)
def test_visible_agreements_by_role(network, people, role, sees):
    agreements = {
        "city": _agreement(network),
        "foreign": AgreementFactory(between=[network.kpk, network.foreign]),
    }

    visible = set(access.visible_agreements(people[role]))

    assert visible == {agreements[name] for name in sees}


def test_visible_agreements_of_anonymous_is_empty(network):
    _agreement(network)

    assert list(access.visible_agreements(AnonymousUser())) == []


def test_visible_agreements_narrows_a_given_queryset(network):
    draft = _agreement(network)
    _agreement(network, Status.ACTIVE)

    visible = access.visible_agreements(
        network.partner_manager, Agreement.objects.filter(status=Status.DRAFT)
    )

    assert list(visible) == [draft]


def test_visible_agreements_lists_each_agreement_once(network):
    agreement = AgreementFactory(between=[network.kpk, network.city, network.province])
    MembershipFactory(user=network.partner_operator, organisation=network.province)

    assert list(access.visible_agreements(fresh(network.partner_operator))) == [agreement]


def test_an_inactive_membership_gives_no_sight(network):
    agreement = _agreement(network)
    network.partner_operator.memberships.update(is_active=False)

    assert agreement not in access.visible_agreements(fresh(network.partner_operator))


# Permissions: the matrix


def _matrix(people, permission, obj):
    return {role: fresh(user).has_perm(permission, obj) for role, user in people.items()}


def _only(*roles):
    return {role: role in roles for role in ROLES}


KPK = ("kpk_manager", "kpk_staff", "administrator")
PARTY = ("partner_manager", "partner_operator")


@pytest.mark.parametrize(
    ("permission", "status", "allowed"),
    [
        ("agreements.view_agreement", Status.DRAFT, _only(*KPK, *PARTY)),
        ("agreements.view_agreement", Status.TERMINATED, _only(*KPK, *PARTY)),
        ("agreements.download_agreement_document", Status.ACTIVE, _only(*KPK, *PARTY)),
        ("agreements.change_agreement", Status.DRAFT, _only(*KPK)),
        ("agreements.change_agreement", Status.READY, _only(*KPK)),
        ("agreements.change_agreement", Status.ACTIVE, _only("administrator")),
        ("agreements.comment_agreement", Status.NEGOTIATION, _only(*KPK, *PARTY)),
        # The discussion stays open while the agreement is signed and in force; it closes at the
        # end.
        ("agreements.comment_agreement", Status.SIGNED, _only(*KPK, *PARTY)),
        ("agreements.comment_agreement", Status.ACTIVE, _only(*KPK, *PARTY)),
        ("agreements.comment_agreement", Status.EXPIRED, _only("administrator")),
        ("agreements.comment_agreement", Status.TERMINATED, _only("administrator")),
        ("agreements.change_agreement", Status.SIGNED, _only("administrator")),
        (
            "agreements.withdraw_agreement_document",
            Status.ACTIVE,
            _only(*KPK, "partner_manager"),
        ),
        ("agreements.withdraw_agreement_document", Status.EXPIRED, _only("administrator")),
        ("agreements.set_party_number", Status.NEGOTIATION, _only(*KPK, "partner_manager")),
        ("agreements.set_party_number", Status.SIGNED, _only(*KPK, "partner_manager")),
        ("agreements.set_party_number", Status.ACTIVE, _only("administrator")),
        (
            "agreements.upload_agreement_document",
            Status.READY,
            _only(*KPK, "partner_manager"),
        ),
        (
            "agreements.upload_agreement_document",
            Status.ACTIVE,
            _only(*KPK, "partner_manager"),
        ),
        ("agreements.upload_agreement_document", Status.EXPIRED, _only("administrator")),
        ("agreements.transition_agreement", Status.DRAFT, _only(*KPK)),
        (
            "agreements.mark_ready_agreement",
            Status.NEGOTIATION,
            _only("kpk_manager", "administrator"),
        ),
        ("agreements.terminate_agreement", Status.ACTIVE, _only("kpk_manager", "administrator")),
        ("agreements.renew_agreement", Status.ACTIVE, _only(*KPK)),
        (
            "agreements.report_agreement_progress",
            Status.ACTIVE,
            _only(*KPK, "partner_manager"),
        ),
        ("agreements.report_agreement_progress", Status.DRAFT, _only("administrator")),
    ],
)
def test_agreement_permission_matrix(network, people, permission, status, allowed):
    agreement = _agreement(network, status)

    assert _matrix(people, permission, agreement) == allowed


def test_kpk_and_administrators_create_agreements(network, people):
    assert _matrix(people, "agreements.add_agreement", None) == _only(*KPK)


def test_kpk_administrators_and_province_managers_see_the_province_overview(network, people):
    assert _matrix(people, "agreements.view_province_overview", None) == _only(
        *KPK, "province_manager"
    )


@pytest.mark.parametrize(
    ("code", "allowed"),
    [("16", (*KPK, "province_manager")), ("12", KPK)],
)
def test_a_province_page_is_for_kpk_and_the_provinces_own_manager(network, people, code, allowed):
    province = Province.objects.get(pk=code)

    assert _matrix(people, "agreements.view_province", province) == _only(*allowed)


def test_a_province_manager_cannot_download_a_regencys_agreement(network, people):
    agreement = _agreement(network, Status.ACTIVE)

    assert not fresh(network.province_manager).has_perm(
        "agreements.download_agreement_document", agreement
    )
    # ... though the province's manager follows the regency's organisation itself.
    assert fresh(network.province_manager).has_perm("partnerships.view_organisation", network.city)


def test_a_province_manager_sees_the_agreements_of_their_own_organisation(network):
    agreement = AgreementFactory(between=[network.kpk, network.province])

    assert list(access.visible_agreements(fresh(network.province_manager))) == [agreement]
    assert fresh(network.province_manager).has_perm("agreements.view_agreement", agreement)


def test_party_ids_use_the_prefetched_parties(network, django_assert_num_queries):
    _agreement(network)
    agreement = Agreement.objects.prefetch_related("parties").get()

    with django_assert_num_queries(0):
        assert access.party_ids(agreement) == frozenset({network.kpk.pk, network.city.pk})
