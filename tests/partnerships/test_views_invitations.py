from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from notifications.models import Delivery
from notifications.services import republish_deliveries
from partnerships.models import Invitation, Membership, Role
from tests.factories import (
    InvitationFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.helpers import count_queries, messages_of
from tests.notifications.smtp import Sink, SmtpServer, free_port

LIST_URL = reverse("partnerships:invitation_list")
PASSWORD = "Kerja-sama-antikorupsi-2026"


def _invite_url(organisation):
    return reverse("partnerships:invite_member", args=[organisation.pk])


def _revoke_url(invitation):
    return reverse("partnerships:invitation_revoke", args=[invitation.pk])


def _accept_url(token):
    return reverse("partnerships:invitation_accept", args=[token])


def _invitation_rows():
    return sorted(Invitation.objects.values_list("organisation_id", "email", "role", "revoked_at"))


# Inviting


def test_invite_form_offers_the_roles_of_the_organisation(network, client_as):
    response = client_as(network.partner_manager).get(_invite_url(network.city))

    assert response.status_code == 200
    assert [value for value, _label in response.context["form"].fields["role"].choices] == [
        Role.PARTNER_MANAGER,
        Role.PARTNER_OPERATOR,
    ]


def test_invite_form_into_a_kpk_unit_offers_kpk_roles(network, client_as):
    response = client_as(network.kpk_manager).get(_invite_url(network.kpk))

    assert [value for value, _label in response.context["form"].fields["role"].choices] == [
        Role.KPK_MANAGER,
        Role.KPK_STAFF,
    ]


def test_invite_sends_the_invitation_and_returns_to_the_organisation(
    network, client_as, django_capture_on_commit_callbacks, mailoutbox
):
    client = client_as(network.partner_manager)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _invite_url(network.city),
            {"email": "rina@palembang.go.id", "full_name": "Rina", "role": Role.PARTNER_OPERATOR},
        )

    assert response.status_code == 302
    assert response.url == network.city.get_absolute_url()
    assert messages_of(response) == [
        "Invitation sent to rina@palembang.go.id. The link is valid for 7 days."
    ]
    invitation = Invitation.objects.get()
    assert (invitation.organisation, invitation.email, invitation.role, invitation.invited_by) == (
        network.city,
        "rina@palembang.go.id",
        Role.PARTNER_OPERATOR,
        network.partner_manager,
    )
    assert [message.to for message in mailoutbox] == [["rina@palembang.go.id"]]


def test_invite_with_the_mail_server_down_saves_the_invitation_and_sends_it_later(
    network, client_as, django_capture_on_commit_callbacks, settings
):
    port = free_port()  # nothing listens there yet: the connection is refused
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        }
    }
    client = client_as(network.partner_manager)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _invite_url(network.city),
            {"email": "rina@palembang.go.id", "full_name": "Rina", "role": Role.PARTNER_OPERATOR},
        )

    assert response.status_code == 302
    assert messages_of(response) == [
        "Invitation sent to rina@palembang.go.id. The link is valid for 7 days."
    ]
    invitation = Invitation.objects.get()
    assert invitation.email == "rina@palembang.go.id"
    delivery = Delivery.objects.get()
    assert (delivery.mode, delivery.to_email, delivery.status, delivery.attempts) == (
        Delivery.MESSAGE,
        "rina@palembang.go.id",
        Delivery.Status.PENDING,
        1,
    )
    assert delivery.last_error.startswith("ConnectionRefusedError: ")
    assert delivery.next_attempt_at > timezone.now()

    # The server is back; the stalled-deliveries scan resends (a worker's retry would too).
    with SmtpServer(Sink(), port=port) as server, django_capture_on_commit_callbacks(execute=True):
        republish_deliveries(now=delivery.next_attempt_at + timedelta(minutes=2))
        republish_deliveries(now=delivery.next_attempt_at + timedelta(minutes=3))

    [message] = server.sink.messages
    assert message["To"] == "rina@palembang.go.id"
    assert message["Message-ID"] == f"<sinergi.delivery.{delivery.pk}@testserver>"
    text = message.get_body(preferencelist=("plain",)).get_content()
    [link] = [line for line in text.splitlines() if line.startswith("http://testserver/")]
    accepted = Client().post(
        link.removeprefix("http://testserver"),
        {"full_name": "Rina Marlina", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert accepted.status_code == 302
    assert list(
        User.objects.get(email="rina@palembang.go.id").memberships.values_list("organisation")
    ) == [(network.city.pk,)]
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.body_text, delivery.body_html) == (
        Delivery.Status.SENT,
        2,
        "",
        "",
    )


def test_invite_shows_why_an_existing_member_cannot_be_invited(
    network, client_as, django_capture_on_commit_callbacks, mailoutbox
):
    client = client_as(network.partner_manager)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _invite_url(network.city),
            {"email": network.partner_operator.email, "role": Role.PARTNER_OPERATOR},
        )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "email": ["This person is already a member of the organisation."]
    }
    assert Invitation.objects.count() == 0
    assert mailoutbox == []


def test_invite_refuses_a_role_the_manager_may_not_give(network, client_as):
    response = client_as(network.partner_manager).post(
        _invite_url(network.city), {"email": "rina@palembang.go.id", "role": Role.KPK_MANAGER}
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["role"]
    assert Invitation.objects.count() == 0


def test_invite_an_empty_post_shows_the_required_fields(network, client_as):
    response = client_as(network.partner_manager).post(_invite_url(network.city), {})

    assert response.status_code == 200
    assert sorted(response.context["form"].errors) == ["email", "role"]


@pytest.mark.parametrize("role", ["partner_operator", "kpk_staff"])
def test_invite_is_forbidden_to_who_sees_but_does_not_manage(
    network, client_as, django_capture_on_commit_callbacks, mailoutbox, role
):
    organisation = network.kpk if role == "kpk_staff" else network.city
    client = client_as(getattr(network, role))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _invite_url(organisation),
            {"email": "rina@example.go.id", "role": Role.PARTNER_OPERATOR},
        )

    assert response.status_code == 403
    assert Invitation.objects.count() == 0
    assert mailoutbox == []


def test_invite_into_a_regency_with_a_manager_is_forbidden_to_the_province_manager(
    network, client_as
):
    MembershipFactory(organisation=network.neighbour, role=Role.PARTNER_MANAGER)

    response = client_as(network.province_manager).post(
        _invite_url(network.neighbour),
        {"email": "rina@oganilir.go.id", "role": Role.PARTNER_MANAGER},
    )

    assert response.status_code == 403
    assert Invitation.objects.count() == 0


def test_province_manager_invites_the_first_manager_of_a_regency_in_their_province(
    network, client_as
):
    client = client_as(network.province_manager)

    form = client.get(_invite_url(network.neighbour)).context["form"]
    response = client.post(
        _invite_url(network.neighbour),
        {"email": "kadis@oganilir.go.id", "full_name": "Budi", "role": Role.PARTNER_MANAGER},
    )

    assert [value for value, _label in form.fields["role"].choices] == [Role.PARTNER_MANAGER]
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.organisation, invitation.role, invitation.invited_by) == (
        network.neighbour,
        Role.PARTNER_MANAGER,
        network.province_manager,
    )


def test_province_manager_may_not_invite_an_operator_into_a_regency(network, client_as):
    response = client_as(network.province_manager).post(
        _invite_url(network.neighbour),
        {"email": "op@oganilir.go.id", "role": Role.PARTNER_OPERATOR},
    )

    assert response.status_code == 200
    assert Invitation.objects.count() == 0


def test_province_manager_may_not_onboard_a_regency_of_another_province(network, client_as):
    response = client_as(network.province_manager).post(
        _invite_url(network.foreign),
        {"email": "kadis@medan.go.id", "role": Role.PARTNER_MANAGER},
    )

    assert response.status_code == 404
    assert Invitation.objects.count() == 0


def test_province_manager_may_not_onboard_a_media_outlet_of_a_regency(network, client_as):
    outlet = OrganisationFactory(media=True, name="Radio Ogan Ilir", regency_id="16.10")

    response = client_as(network.province_manager).get(_invite_url(outlet))

    assert response.status_code == 403


def test_invite_form_defaults_to_the_operator_role(network, client_as):
    partner = client_as(network.partner_manager).get(_invite_url(network.city))
    kpk = client_as(network.kpk_manager).get(_invite_url(network.kpk))

    assert partner.context["form"]["role"].value() == Role.PARTNER_OPERATOR
    assert kpk.context["form"]["role"].value() == Role.KPK_STAFF
    assert '<option value="partner_operator" selected>' in partner.content.decode()


def test_invite_into_another_organisation_is_not_found(network, client_as):
    response = client_as(network.partner_manager).post(
        _invite_url(network.foreign),
        {"email": "rina@medan.go.id", "role": Role.PARTNER_OPERATOR},
    )

    assert response.status_code == 404
    assert "Kota Medan" not in response.content.decode()
    assert Invitation.objects.count() == 0


# The invitation list


def test_invitation_list_shows_the_invitations_of_the_managed_organisation(network, client_as):
    InvitationFactory(organisation=network.city, email="calon@palembang.go.id")
    InvitationFactory(organisation=network.neighbour, email="calon@oganilir.go.id")
    InvitationFactory(organisation=network.foreign, email="calon@medan.go.id")

    response = client_as(network.partner_manager).get(LIST_URL)

    assert response.status_code == 200
    assert [i.email for i in response.context["page"].object_list] == ["calon@palembang.go.id"]
    content = response.content.decode()
    assert "calon@oganilir.go.id" not in content
    assert "calon@medan.go.id" not in content


def test_invitation_list_shows_every_invitation_to_a_kpk_manager(network, client_as):
    for organisation in network.organisations:
        InvitationFactory(organisation=organisation)

    response = client_as(network.kpk_manager).get(LIST_URL)

    assert len(response.context["page"].object_list) == len(network.organisations)


def test_invitation_list_offers_withdrawal_of_pending_invitations_only(network, client_as):
    pending = InvitationFactory(organisation=network.city)
    accepted = InvitationFactory(organisation=network.city, accepted=True)
    expired = InvitationFactory(organisation=network.city, expired=True)

    response = client_as(network.partner_manager).get(LIST_URL)

    content = response.content.decode()
    assert _revoke_url(pending) in content
    assert _revoke_url(accepted) not in content
    assert _revoke_url(expired) not in content


@pytest.mark.parametrize(
    ("status", "emails"),
    [
        ("pending", ["pending@palembang.go.id"]),
        ("accepted", ["accepted@palembang.go.id"]),
        ("expired", ["expired@palembang.go.id"]),
        ("revoked", ["revoked@palembang.go.id"]),
    ],
)
def test_invitation_list_filters_by_status(network, client_as, status, emails):
    InvitationFactory(organisation=network.city, email="pending@palembang.go.id")
    InvitationFactory(organisation=network.city, email="accepted@palembang.go.id", accepted=True)
    InvitationFactory(organisation=network.city, email="expired@palembang.go.id", expired=True)
    InvitationFactory(organisation=network.city, email="revoked@palembang.go.id", revoked=True)
    InvitationFactory(organisation=network.foreign, email="pending@medan.go.id")

    response = client_as(network.partner_manager).get(LIST_URL, {"status": status})

    assert [i.email for i in response.context["page"].object_list] == emails


def test_invitation_list_filtered_to_nothing_offers_to_clear_the_filter(network, client_as):
    InvitationFactory(organisation=network.city, accepted=True)

    response = client_as(network.partner_manager).get(LIST_URL, {"status": "pending"})

    content = response.content.decode()
    assert "No invitation matches these filters." in content
    assert f'href="{LIST_URL}"' in content


@pytest.mark.parametrize("role", ["partner_operator", "kpk_staff"])
def test_invitation_list_is_forbidden_to_non_managers(network, client_as, role):
    InvitationFactory(organisation=network.city, email="calon@palembang.go.id")

    response = client_as(getattr(network, role)).get(LIST_URL)

    assert response.status_code == 403
    assert "calon@palembang.go.id" not in response.content.decode()


def test_invitation_list_queries_do_not_grow_with_rows(network, client_as):
    client = client_as(network.kpk_manager)
    organisations = network.organisations
    for number in range(3):
        InvitationFactory(organisation=organisations[number], invited_by=network.kpk_manager)
    few = count_queries(lambda: client.get(LIST_URL))

    for number in range(3, 30):
        InvitationFactory(
            organisation=organisations[number % len(organisations)],
            invited_by=UserFactory(),
            accepted=number % 3 == 0,
        )
    many = count_queries(lambda: client.get(LIST_URL))

    assert few == many


# Withdrawing


def test_revoke_withdraws_the_invitation_and_returns_to_the_list(network, client_as):
    invitation = InvitationFactory(organisation=network.city, email="calon@palembang.go.id")

    response = client_as(network.partner_manager).post(_revoke_url(invitation))

    assert response.status_code == 302
    assert response.url == LIST_URL
    assert messages_of(response) == ["The invitation to calon@palembang.go.id was withdrawn."]
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.REVOKED


def test_revoke_returns_to_the_page_it_came_from(network, client_as):
    invitation = InvitationFactory(organisation=network.city)
    detail = network.city.get_absolute_url()

    response = client_as(network.partner_manager).post(_revoke_url(invitation), {"next": detail})

    assert response.url == detail


def test_revoke_never_redirects_off_the_site(network, client_as):
    invitation = InvitationFactory(organisation=network.city)

    response = client_as(network.partner_manager).post(
        _revoke_url(invitation), {"next": "https://phishing.example/login"}
    )

    assert response.url == LIST_URL


def test_revoke_explains_an_invitation_already_accepted(network, client_as):
    invitation = InvitationFactory(organisation=network.city, accepted=True)
    before = _invitation_rows()

    response = client_as(network.partner_manager).post(_revoke_url(invitation))

    assert response.status_code == 302
    assert messages_of(response) == ["Only a pending invitation can be withdrawn."]
    assert _invitation_rows() == before


@pytest.mark.parametrize(
    ("role", "organisation"),
    [
        ("partner_manager", "foreign"),
        ("partner_manager", "neighbour"),
        ("province_manager", "city"),
        ("partner_operator", "city"),
        ("kpk_staff", "kpk"),
    ],
)
def test_revoke_an_invitation_out_of_reach_is_not_found(network, client_as, role, organisation):
    invitation = InvitationFactory(organisation=getattr(network, organisation))
    before = _invitation_rows()

    response = client_as(getattr(network, role)).post(_revoke_url(invitation))

    assert response.status_code == 404
    assert invitation.email not in response.content.decode()
    assert _invitation_rows() == before


def test_revoke_refuses_a_get(network, client_as):
    invitation = InvitationFactory(organisation=network.city)

    response = client_as(network.partner_manager).get(_revoke_url(invitation))

    assert response.status_code == 405
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.PENDING


# Accepting, without an account


def test_accept_page_introduces_the_invitation(network, anonymous_client):
    InvitationFactory(
        organisation=network.city,
        email="rina@palembang.go.id",
        role=Role.PARTNER_MANAGER,
        token="rahasia",
    )

    response = anonymous_client.get(_accept_url("rahasia"))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Join Diskominfo Kota Palembang on Sinergi" in content
    assert "<strong>Partner manager</strong>" in content
    assert "rina@palembang.go.id" in content
    assert response.context["form"] is not None


def test_accept_page_carries_the_name_the_inviter_typed(network, anonymous_client):
    InvitationFactory(organisation=network.city, full_name="Rina Marlina", token="rahasia")

    response = anonymous_client.get(_accept_url("rahasia"))

    assert response.context["form"]["full_name"].value() == "Rina Marlina"
    assert 'value="Rina Marlina"' in response.content.decode()


def test_accept_creates_the_account_and_signs_in(network, anonymous_client):
    invitation = InvitationFactory(
        organisation=network.city, email="rina@palembang.go.id", token="rahasia"
    )

    response = anonymous_client.post(
        _accept_url("rahasia"),
        {"full_name": "Rina Marlina", "password1": PASSWORD, "password2": PASSWORD},
    )

    assert response.status_code == 302
    assert response.url == reverse("home")
    user = User.objects.get(email="rina@palembang.go.id")
    assert anonymous_client.session["_auth_user_id"] == str(user.pk)
    assert messages_of(response) == [
        "Welcome to Sinergi. You are now a member of Diskominfo Kota Palembang."
    ]
    assert list(user.memberships.values_list("organisation", "role")) == [
        (network.city.pk, Role.PARTNER_OPERATOR)
    ]
    invitation.refresh_from_db()
    assert invitation.accepted_by == user


def test_accept_with_mismatched_passwords_creates_nothing(network, anonymous_client):
    InvitationFactory(organisation=network.city, email="rina@palembang.go.id", token="rahasia")

    response = anonymous_client.post(
        _accept_url("rahasia"),
        {"full_name": "Rina", "password1": PASSWORD, "password2": PASSWORD + "x"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"password2": ["The two passwords do not match."]}
    assert not User.objects.filter(email="rina@palembang.go.id").exists()
    assert "_auth_user_id" not in anonymous_client.session


@pytest.mark.parametrize(
    ("traits", "reason"),
    [
        ({"accepted": True}, "This invitation has already been used: each link works once."),
        ({"revoked": True}, "This invitation has been withdrawn. Ask your manager for a new one."),
        ({"expired": True}, "This invitation has expired. Ask your manager for a new one."),
    ],
)
def test_accept_an_unusable_invitation_is_gone(network, anonymous_client, traits, reason):
    InvitationFactory(
        organisation=network.city, email="rina@palembang.go.id", token="rahasia", **traits
    )
    users_before = User.objects.count()

    response = anonymous_client.post(
        _accept_url("rahasia"),
        {"full_name": "Rina", "password1": PASSWORD, "password2": PASSWORD},
    )

    assert response.status_code == 410
    assert response.context["reason"] == reason
    assert reason in response.content.decode()
    assert User.objects.count() == users_before


def test_accept_an_unknown_link_is_gone(network, anonymous_client):
    response = anonymous_client.get(_accept_url("tebakan"))

    assert response.status_code == 410
    assert response.context["reason"] == "This invitation link is not valid."


def test_accept_for_an_existing_account_asks_to_sign_in_first(network, anonymous_client):
    InvitationFactory(
        organisation=network.neighbour, email=network.partner_operator.email, token="rahasia"
    )

    page = anonymous_client.get(_accept_url("rahasia"))
    post = anonymous_client.post(
        _accept_url("rahasia"),
        {"full_name": "Penyusup", "password1": PASSWORD, "password2": PASSWORD},
    )

    assert page.status_code == 200
    assert page.context["form"] is None
    assert 'href="/accounts/login/?next=/invitation/rahasia/"' in page.content.decode()
    assert post.status_code == 200
    assert User.objects.get(email=network.partner_operator.email).full_name != "Penyusup"
    assert not Membership.objects.filter(organisation=network.neighbour).exists()


# Accepting, signed in


def test_accept_signed_in_adds_the_membership(network, client_as):
    InvitationFactory(
        organisation=network.neighbour, email=network.partner_operator.email, token="rahasia"
    )
    client = client_as(network.partner_operator)

    page = client.get(_accept_url("rahasia"))
    response = client.post(_accept_url("rahasia"))

    assert page.status_code == 200
    assert response.status_code == 302
    assert response.url == network.neighbour.get_absolute_url()
    assert messages_of(response) == ["You are now a member of Diskominfo Kabupaten Ogan Ilir."]
    assert client.get(response.url).status_code == 200


def test_accept_signed_in_with_another_address_is_forbidden(network, client_as):
    invitation = InvitationFactory(
        organisation=network.neighbour, email="rina@oganilir.go.id", token="rahasia"
    )
    client = client_as(network.partner_operator)

    page = client.get(_accept_url("rahasia"))
    post = client.post(_accept_url("rahasia"))

    assert (page.status_code, post.status_code) == (403, 403)
    assert post.context["reason"] == (
        "This invitation was sent to rina@oganilir.go.id, but you are signed in with another "
        "address. Sign out and open the link again."
    )
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.PENDING
    assert not Membership.objects.filter(organisation=network.neighbour).exists()


def test_accept_signed_in_a_used_link_is_gone(network, client_as):
    InvitationFactory(
        organisation=network.neighbour,
        email=network.partner_operator.email,
        token="rahasia",
        accepted=True,
    )

    response = client_as(network.partner_operator).post(_accept_url("rahasia"))

    assert response.status_code == 410
    assert not Membership.objects.filter(organisation=network.neighbour).exists()
