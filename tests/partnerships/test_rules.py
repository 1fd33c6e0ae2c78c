import pytest
from django.contrib.auth.models import AnonymousUser

from partnerships import rules as access
from partnerships.models import Membership, Organisation, Role
from tests.factories import (
    ChannelFactory,
    InvitationFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    member,
)
from tests.helpers import fresh

pytestmark = pytest.mark.django_db

ROLES = [
    "kpk_manager",
    "kpk_staff",
    "province_manager",
    "partner_manager",
    "partner_operator",
    "administrator",
]


def _names(queryset):
    return sorted(obj.name for obj in queryset)


# reach


def test_reach_of_anonymous_is_empty():
    assert access.reach(AnonymousUser()) == access.Reach(
        frozenset(), frozenset(), frozenset(), frozenset()
    )


def test_reach_of_inactive_user_is_empty(network):
    network.partner_manager.is_active = False

    assert access.reach(network.partner_manager).organisation_ids == frozenset()


def test_reach_lists_organisations_managed_and_provinces_overseen(network):
    r = access.reach(network.province_manager)

    assert r == access.Reach(
        kpk_roles=frozenset(),
        organisation_ids=frozenset({network.province.pk}),
        managed_organisation_ids=frozenset({network.province.pk}),
        managed_province_ids=frozenset({"16"}),
    )


def test_reach_of_kpk_manager_holds_the_kpk_role(network):
    assert access.reach(network.kpk_manager).kpk_roles == {Role.KPK_MANAGER}


def test_reach_of_provincial_operator_oversees_no_province(network):
    operator = member(Role.PARTNER_OPERATOR, network.province)

    assert access.reach(operator).managed_province_ids == frozenset()


def test_reach_ignores_inactive_memberships(network):
    Membership.objects.filter(user=network.partner_manager).update(is_active=False)

    assert access.reach(fresh(network.partner_manager)).organisation_ids == frozenset()


def test_reach_ignores_inactive_organisations(network):
    Organisation.objects.filter(pk=network.city.pk).update(is_active=False)

    assert access.reach(fresh(network.partner_manager)).organisation_ids == frozenset()


def test_reach_is_cached_until_forgotten(network, django_assert_num_queries):
    user = network.partner_operator
    access.reach(user)
    MembershipFactory(user=user, organisation=network.neighbour)

    with django_assert_num_queries(0):
        cached = access.reach(user).organisation_ids
    access.forget_reach(user)

    assert cached == {network.city.pk}
    assert access.reach(user).organisation_ids == {network.city.pk, network.neighbour.pk}


def test_forget_reach_without_cache_does_nothing(network):
    access.forget_reach(network.partner_operator)

    assert access.reach(network.partner_operator).organisation_ids == {network.city.pk}


# Base predicates


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("kpk_manager", False),
        ("kpk_staff", False),
        ("province_manager", False),
        ("partner_manager", False),
        ("partner_operator", False),
        ("administrator", True),
    ],
)
def test_is_administrator_only_for_staff(network, role, expected):
    assert access.is_administrator(getattr(network, role)) is expected


def test_is_administrator_refuses_inactive_staff(network):
    network.administrator.is_active = False

    assert access.is_administrator(network.administrator) is False


@pytest.mark.parametrize(
    ("role", "is_kpk", "is_kpk_manager", "has_membership", "is_any_manager"),
    [
        ("kpk_manager", True, True, True, True),
        ("kpk_staff", True, False, True, False),
        ("province_manager", False, False, True, True),
        ("partner_manager", False, False, True, True),
        ("partner_operator", False, False, True, False),
        ("administrator", False, False, False, False),
    ],
)
def test_role_predicates_per_role(
    network, role, is_kpk, is_kpk_manager, has_membership, is_any_manager
):
    user = getattr(network, role)

    assert (
        access.is_kpk(user),
        access.is_kpk_manager(user),
        access.has_membership(user),
        access.is_any_manager(user),
    ) == (is_kpk, is_kpk_manager, has_membership, is_any_manager)


def test_role_predicates_refuse_anonymous():
    anonymous = AnonymousUser()

    assert [
        access.is_administrator(anonymous),
        access.is_kpk(anonymous),
        access.has_membership(anonymous),
        access.is_any_manager(anonymous),
    ] == [False, False, False, False]


def test_is_member_of_own_organisation_only(network):
    user = network.partner_operator

    assert access.is_member_of(user, network.city) is True
    assert access.is_member_of(user, network.neighbour) is False
    assert access.is_member_of(user, None) is False


def test_manages_needs_a_manager_role(network):
    assert access.manages(network.partner_manager, network.city) is True
    assert access.manages(network.partner_operator, network.city) is False
    assert access.manages(network.partner_manager, network.neighbour) is False
    assert access.manages(network.partner_manager, None) is False


def test_oversees_province_of_reaches_regencies_and_cities_of_the_province(network):
    manager = network.province_manager

    assert access.oversees_province_of(manager, network.city) is True
    assert access.oversees_province_of(manager, network.neighbour) is True


def test_oversees_province_of_does_not_cross_provinces(network):
    assert access.oversees_province_of(network.province_manager, network.foreign) is False


def test_oversees_province_of_leaves_out_bodies_without_regency(network):
    manager = network.province_manager

    assert access.oversees_province_of(manager, network.provincial_media) is False
    assert access.oversees_province_of(manager, network.province) is False


def test_oversees_province_of_trusts_the_regency_over_a_wrong_province_field(network):
    # A Medan organisation wrongly filed under Sumatera Selatan stays out of the Sumsel reach.
    Organisation.objects.filter(pk=network.foreign.pk).update(province_id="16")
    misfiled = Organisation.objects.select_related("regency").get(pk=network.foreign.pk)

    assert access.oversees_province_of(network.province_manager, misfiled) is False
    assert misfiled not in access.visible_organisations(network.province_manager)


def test_oversees_province_of_needs_the_manager_role(network):
    operator = member(Role.PARTNER_OPERATOR, network.province)

    assert access.oversees_province_of(operator, network.city) is False


def test_oversees_province_of_needs_a_provincial_diskominfo(network):
    # Managing a media outlet of the province gives no reach over its regencies.
    media_manager = member(Role.PARTNER_MANAGER, network.provincial_media)

    assert access.oversees_province_of(media_manager, network.city) is False


# visible_organisations


@pytest.mark.parametrize("role", ["kpk_manager", "kpk_staff", "administrator"])
def test_visible_organisations_are_all_for_kpk_and_administrators(network, role):
    visible = access.visible_organisations(getattr(network, role))

    assert _names(visible) == _names(network.organisations)


@pytest.mark.parametrize("role", ["partner_manager", "partner_operator"])
def test_visible_organisations_of_partner_are_their_own(network, role):
    visible = access.visible_organisations(getattr(network, role))

    assert _names(visible) == ["Diskominfo Kota Palembang"]


def test_visible_organisations_of_province_manager_cover_own_regencies_and_cities(network):
    other_regency = OrganisationFactory(name="Diskominfo Kota Binjai", regency_id="12.75")

    visible = access.visible_organisations(network.province_manager)

    assert _names(visible) == [
        "Diskominfo Kabupaten Ogan Ilir",
        "Diskominfo Kota Palembang",
        "Diskominfo Provinsi Sumatera Selatan",
    ]
    assert other_regency not in visible


def test_visible_organisations_of_other_province_manager_stay_in_their_province(network):
    sumut = OrganisationFactory(
        province_diskominfo=True, name="Diskominfo Provinsi Sumatera Utara", province_id="12"
    )
    manager = member(Role.PARTNER_MANAGER, sumut)

    visible = access.visible_organisations(manager)

    assert _names(visible) == ["Diskominfo Kota Medan", "Diskominfo Provinsi Sumatera Utara"]


def test_visible_organisations_of_member_of_two_organisations_cover_both(network):
    MembershipFactory(user=network.partner_operator, organisation=network.foreign)

    visible = access.visible_organisations(fresh(network.partner_operator))

    assert _names(visible) == ["Diskominfo Kota Medan", "Diskominfo Kota Palembang"]


def test_visible_organisations_of_user_without_membership_are_none(network):
    assert list(access.visible_organisations(UserFactory())) == []


def test_visible_organisations_of_anonymous_are_none(network):
    assert list(access.visible_organisations(AnonymousUser())) == []


def test_visible_organisations_narrow_a_given_queryset(network):
    queryset = Organisation.objects.filter(kind=Organisation.Kind.PROVINCE_DISKOMINFO)

    visible = access.visible_organisations(network.province_manager, queryset)

    assert _names(visible) == ["Diskominfo Provinsi Sumatera Selatan"]


def test_visible_organisations_match_can_view_organisation_for_every_role(network):
    # The queryset and the predicate are two forms of one rule; they must never disagree.
    organisations = Organisation.objects.select_related("regency")
    for role in ROLES:
        user = getattr(network, role)
        by_queryset = set(access.visible_organisations(user).values_list("pk", flat=True))
        by_predicate = {
            o.pk for o in organisations if user.has_perm("partnerships.view_organisation", o)
        }
        assert by_queryset == by_predicate, role


# visible_memberships, visible_channels


def test_visible_memberships_follow_visible_organisations(network):
    visible = access.visible_memberships(network.province_manager)

    assert sorted(m.user.email for m in visible) == [
        "kabid@palembang.go.id",
        "kadis@sumselprov.go.id",
        "operator@palembang.go.id",
    ]


def test_visible_memberships_of_kpk_are_all(network):
    assert access.visible_memberships(network.kpk_staff).count() == Membership.objects.count()


def test_visible_memberships_of_anonymous_are_none(network):
    assert list(access.visible_memberships(AnonymousUser())) == []


def test_visible_channels_follow_visible_organisations(network):
    own = ChannelFactory(organisation=network.city)
    ChannelFactory(organisation=network.foreign)
    ChannelFactory(organisation=network.neighbour)

    assert list(access.visible_channels(network.partner_operator)) == [own]


def test_visible_channels_of_administrator_are_all(network):
    channels = [ChannelFactory(organisation=o) for o in network.organisations]

    assert set(access.visible_channels(network.administrator)) == set(channels)


def test_visible_channels_of_anonymous_are_none(network):
    ChannelFactory(organisation=network.city)

    assert list(access.visible_channels(AnonymousUser())) == []


# Invitations


def _invitations_per_organisation(network):
    return {o.pk: InvitationFactory(organisation=o) for o in network.organisations}


@pytest.mark.parametrize("role", ["kpk_manager", "administrator"])
def test_visible_invitations_are_all_for_kpk_managers_and_administrators(network, role):
    invitations = _invitations_per_organisation(network)

    visible = access.visible_invitations(getattr(network, role))

    assert set(visible) == set(invitations.values())


def test_visible_invitations_of_partner_manager_are_their_organisations(network):
    invitations = _invitations_per_organisation(network)

    visible = access.visible_invitations(network.partner_manager)

    assert list(visible) == [invitations[network.city.pk]]


def test_visible_invitations_of_province_manager_stop_at_their_own_organisation(network):
    invitations = _invitations_per_organisation(network)

    visible = access.visible_invitations(network.province_manager)

    assert list(visible) == [invitations[network.province.pk]]


@pytest.mark.parametrize("role", ["kpk_staff", "partner_operator"])
def test_visible_invitations_of_non_managers_are_none(network, role):
    _invitations_per_organisation(network)

    assert list(access.visible_invitations(getattr(network, role))) == []


def test_visible_invitations_of_anonymous_are_none(network):
    _invitations_per_organisation(network)

    assert list(access.visible_invitations(AnonymousUser())) == []


def test_visible_invitations_never_show_kpk_units_to_partner_managers(network):
    # Only clean() keeps partner roles out of KPK units; the access layer must hold regardless.
    MembershipFactory(
        user=network.partner_manager, organisation=network.kpk, role=Role.PARTNER_MANAGER
    )
    InvitationFactory(organisation=network.kpk, role=Role.KPK_STAFF)

    visible = access.visible_invitations(fresh(network.partner_manager))

    assert list(visible) == []


def test_manages_invitations_of_per_role(network):
    assert access.manages_invitations_of(network.partner_manager, network.city) is True
    assert access.manages_invitations_of(network.partner_operator, network.city) is False
    assert access.manages_invitations_of(network.province_manager, network.city) is False
    assert access.manages_invitations_of(network.kpk_manager, network.foreign) is True
    assert access.manages_invitations_of(network.kpk_staff, network.kpk) is False
    assert access.manages_invitations_of(network.administrator, network.kpk) is True
    assert access.manages_invitations_of(network.administrator, None) is False


def test_can_invite_into_refuses_inactive_organisation(network):
    network.city.is_active = False

    assert access.can_invite_into(network.kpk_manager, network.city) is False


def test_can_invite_into_own_organisation_as_its_manager(network):
    assert access.can_invite_into(network.partner_manager, network.city) is True
    assert access.can_invite_into(network.partner_manager, network.neighbour) is False
    # The province onboards a regency without a manager (see the onboarding tests below).
    assert access.can_invite_into(network.province_manager, network.foreign) is False


def test_can_invite_into_refuses_none(network):
    assert access.can_invite_into(network.administrator, None) is False


@pytest.mark.parametrize(
    ("role", "organisation", "roles"),
    [
        ("kpk_manager", "kpk", [Role.KPK_MANAGER, Role.KPK_STAFF]),
        ("kpk_manager", "foreign", [Role.PARTNER_MANAGER, Role.PARTNER_OPERATOR]),
        ("administrator", "kpk", [Role.KPK_MANAGER, Role.KPK_STAFF]),
        ("partner_manager", "city", [Role.PARTNER_MANAGER, Role.PARTNER_OPERATOR]),
        ("province_manager", "province", [Role.PARTNER_MANAGER, Role.PARTNER_OPERATOR]),
        ("province_manager", "city", []),
        ("partner_operator", "city", []),
        ("kpk_staff", "kpk", []),
    ],
)
def test_invitable_roles_per_inviter_and_organisation(network, role, organisation, roles):
    assert access.invitable_roles(getattr(network, role), getattr(network, organisation)) == roles


def test_can_manage_invitation_follows_its_organisation(network):
    own = InvitationFactory(organisation=network.city)
    foreign = InvitationFactory(organisation=network.foreign)

    assert access.can_manage_invitation(network.partner_manager, own) is True
    assert access.can_manage_invitation(network.partner_manager, foreign) is False
    assert access.can_manage_invitation(network.partner_manager, None) is False


# Permissions as views ask them


PERMISSIONS = {
    # permission: {role: (own organisation, neighbour in Sumatera Selatan, foreign)}
    "partnerships.view_organisation": {
        "kpk_manager": (True, True, True),
        "kpk_staff": (True, True, True),
        "province_manager": (True, True, False),
        "partner_manager": (True, False, False),
        "partner_operator": (True, False, False),
        "administrator": (True, True, True),
    },
    "partnerships.change_organisation": {
        "kpk_manager": (True, True, True),
        "kpk_staff": (False, False, False),
        "province_manager": (True, False, False),
        "partner_manager": (True, False, False),
        "partner_operator": (False, False, False),
        "administrator": (True, True, True),
    },
    "partnerships.invite_member": {
        "kpk_manager": (True, True, True),
        "kpk_staff": (False, False, False),
        # Ogan Ilir has no manager yet: the province onboards it.
        "province_manager": (True, True, False),
        "partner_manager": (True, False, False),
        "partner_operator": (False, False, False),
        "administrator": (True, True, True),
    },
    "partnerships.view_invitations": {
        "kpk_manager": (True, True, True),
        "kpk_staff": (False, False, False),
        "province_manager": (True, False, False),
        "partner_manager": (True, False, False),
        "partner_operator": (False, False, False),
        "administrator": (True, True, True),
    },
}
OWN = {
    "kpk_manager": "kpk",
    "kpk_staff": "kpk",
    "province_manager": "province",
    "partner_manager": "city",
    "partner_operator": "city",
    "administrator": "city",
}


@pytest.mark.parametrize("permission", sorted(PERMISSIONS))
@pytest.mark.parametrize("role", ROLES)
def test_object_permission_per_role_and_reach(network, permission, role):
    user = getattr(network, role)
    targets = [getattr(network, OWN[role]), network.neighbour, network.foreign]

    granted = tuple(user.has_perm(permission, target) for target in targets)

    assert granted == PERMISSIONS[permission][role]


@pytest.mark.parametrize("permission", sorted(PERMISSIONS))
def test_object_permission_of_staff_comes_from_the_rules_not_superuser(network, permission):
    staff = UserFactory(is_staff=True, is_superuser=False)
    targets = [network.city, network.neighbour, network.foreign]

    granted = tuple(staff.has_perm(permission, target) for target in targets)

    assert granted == (True, True, True)


@pytest.mark.parametrize("permission", sorted(PERMISSIONS))
def test_object_permission_refuses_anonymous(network, permission):
    assert AnonymousUser().has_perm(permission, network.city) is False


@pytest.mark.parametrize(
    ("role", "view_directory", "view_invitation_list", "require_mfa"),
    [
        ("kpk_manager", True, True, True),
        ("kpk_staff", True, False, True),
        ("province_manager", True, True, False),
        ("partner_manager", True, True, False),
        ("partner_operator", True, False, False),
        ("administrator", True, True, True),
    ],
)
def test_global_permissions_per_role(
    network, role, view_directory, view_invitation_list, require_mfa
):
    user = getattr(network, role)

    assert (
        user.has_perm("partnerships.view_directory"),
        user.has_perm("partnerships.view_invitation_list"),
        user.has_perm("accounts.require_mfa"),
    ) == (view_directory, view_invitation_list, require_mfa)


def test_global_permissions_refuse_user_without_membership(db):
    user = UserFactory()

    assert user.has_perm("partnerships.view_directory") is False
    assert user.has_perm("partnerships.view_invitation_list") is False
    assert user.has_perm("accounts.require_mfa") is False


def test_revoke_invitation_permission_per_role(network):
    invitation = InvitationFactory(organisation=network.city)

    granted = {
        role: getattr(network, role).has_perm("partnerships.revoke_invitation", invitation)
        for role in ROLES
    }

    assert granted == {
        "kpk_manager": True,
        "kpk_staff": False,
        "province_manager": False,
        "partner_manager": True,
        "partner_operator": False,
        "administrator": True,
    }
