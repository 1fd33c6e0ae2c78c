"""Who signs in, and which database permissions count: administrators' only."""

from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.backends import AccountBackend, uses_authenticator_app
from accounts.models import User
from tests.factories import UserFactory
from tests.helpers import enrol_totp


def _grant(user, codename):
    group = Group.objects.create(name=f"can {codename}")
    group.permissions.add(Permission.objects.get(codename=codename))
    user.groups.add(group)


def test_rule_refusing_an_ordinary_user_asks_the_database_nothing(partner_operator):
    user = User.objects.get(pk=partner_operator.pk)

    with CaptureQueriesContext(connection) as queries:
        refused = user.has_perm("accounts.use_admin_site")
        refused_model_perm = user.has_perm("accounts.view_user")

    assert (refused, refused_model_perm) == (False, False)
    assert queries.captured_queries == []


def test_database_permissions_of_an_ordinary_user_are_ignored(partner_operator):
    # Granted by mistake in the admin to someone without access to it: it opens nothing.
    _grant(partner_operator, "view_user")
    user = User.objects.get(pk=partner_operator.pk)

    assert not user.has_perm("accounts.view_user")
    assert user.get_all_permissions() == set()


def test_administrator_keeps_the_admin_permissions_of_their_groups(client, db):
    staff = UserFactory(is_staff=True, is_superuser=False)
    enrol_totp(staff)
    _grant(staff, "view_user")
    client.force_login(staff)

    users = client.get(reverse("admin:accounts_user_changelist"))
    groups = client.get(reverse("admin:auth_group_changelist"))

    assert User.objects.get(pk=staff.pk).has_perm("accounts.view_user")
    assert users.status_code == 200
    assert groups.status_code == 403


def test_session_user_is_loaded_with_their_authenticator_app_in_one_query(partner_operator):
    Authenticator.objects.create(
        user=partner_operator, type=Authenticator.Type.TOTP, data={"secret": "x"}
    )

    with CaptureQueriesContext(connection) as queries:
        user = AccountBackend().get_user(partner_operator.pk)
        enrolled = uses_authenticator_app(user)

    assert enrolled is True
    assert len(queries.captured_queries) == 1


def test_session_user_without_an_authenticator_app_reads_as_not_enrolled(partner_operator):
    Authenticator.objects.create(
        user=partner_operator, type=Authenticator.Type.RECOVERY_CODES, data={}
    )

    assert uses_authenticator_app(AccountBackend().get_user(partner_operator.pk)) is False


def test_deactivated_user_is_not_loaded_for_a_session(partner_operator):
    User.objects.filter(pk=partner_operator.pk).update(is_active=False)

    assert AccountBackend().get_user(partner_operator.pk) is None
    assert AccountBackend().get_user(10**9) is None


def test_user_loaded_otherwise_is_asked_of_the_database(partner_operator):
    enrol_totp(partner_operator)

    assert uses_authenticator_app(User.objects.get(pk=partner_operator.pk)) is True
