import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from partnerships.models import Role
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

PROFILE = reverse("accounts:profile")


def _form(**changes):
    return {
        "full_name": "Dewi Lestari",
        "position": "Pranata Humas Ahli Muda",
        "phone": "+62 811 1234 5678",
        "language": "id",
        **changes,
    }


def test_profile_saves_name_position_phone_and_language(client, partner_operator):
    client.force_login(partner_operator)

    response = client.post(PROFILE, _form(language="en"))

    assert response.url == PROFILE
    person = User.objects.get(pk=partner_operator.pk)
    assert (person.full_name, person.position, person.phone, person.language) == (
        "Dewi Lestari",
        "Pranata Humas Ahli Muda",
        "+62 811 1234 5678",
        "en",
    )
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert client.get(PROFILE).headers["Content-Language"] == "en"


def test_profile_without_a_full_name_is_refused_and_changes_nothing(client, partner_operator):
    client.force_login(partner_operator)
    before = User.objects.get(pk=partner_operator.pk)

    response = client.post(PROFILE, _form(full_name="  ", position="Changed"))

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["full_name"]
    assert 'class="invalid-feedback"' in response.content.decode() or "is-invalid" in (
        response.content.decode()
    )
    after = User.objects.get(pk=partner_operator.pk)
    assert (after.full_name, after.position) == (before.full_name, before.position)
    # The page around the refused form still shows the saved name.
    assert response.context["user"].position == before.position


def test_profile_refuses_a_phone_that_is_not_a_number(client, partner_operator):
    client.force_login(partner_operator)

    response = client.post(PROFILE, _form(phone="call me"))

    assert list(response.context["form"].errors) == ["phone"]
    assert User.objects.get(pk=partner_operator.pk).phone == ""


def test_profile_refuses_an_unsupported_language(client, partner_operator):
    client.force_login(partner_operator)

    response = client.post(PROFILE, _form(language="fr"))

    assert list(response.context["form"].errors) == ["language"]
    assert User.objects.get(pk=partner_operator.pk).language == "id"


def test_profile_shows_the_users_active_memberships_only(client, db):
    user = UserFactory()
    city = OrganisationFactory(name="Diskominfo Kota Palembang")
    former = OrganisationFactory(name="Diskominfo Kabupaten Lama")
    MembershipFactory(user=user, organisation=city, role=Role.PARTNER_MANAGER)
    MembershipFactory(user=user, organisation=former, role=Role.PARTNER_OPERATOR, is_active=False)
    MembershipFactory(organisation=OrganisationFactory(name="Diskominfo Orang Lain"))
    client.force_login(user)

    response = client.get(PROFILE)

    assert [m.organisation.name for m in response.context["memberships"]] == [
        "Diskominfo Kota Palembang"
    ]
    content = response.content.decode()
    assert "Diskominfo Kabupaten Lama" not in content
    assert "Diskominfo Orang Lain" not in content


def test_profile_requires_sign_in(client, db):
    response = client.get(PROFILE)

    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next={PROFILE}"


@pytest.mark.parametrize("who", ["kpk_manager", "partner_operator"])
def test_profile_asks_no_session_two_factor_or_permission_query(client, network, who):
    """What the lightest signed-in page costs: its user, their reach, the bell, the page."""
    client.force_login(getattr(network, who))
    client.get(PROFILE)  # the session's first-visit writes

    with CaptureQueriesContext(connection) as context:
        response = client.get(PROFILE)

    assert response.status_code == 200
    # The session's user (with whether they have an authenticator app), their reach (the rules
    # and the navigation bar share it), the bell's unread count, the page's memberships.
    sqls = [query["sql"] for query in context.captured_queries]
    assert len(sqls) == 4
    assert sqls[0].startswith('SELECT "accounts_user"."id"')
    assert [sql for sql in sqls if "mfa_authenticator" in sql] == [sqls[0]]
    assert [sql for sql in sqls if "django_session" in sql or "auth_permission" in sql] == []
