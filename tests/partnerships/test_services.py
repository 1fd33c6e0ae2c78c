from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.test import Client
from django.utils import timezone

from accounts.models import User
from audit.models import AuditEntry
from notifications.models import Delivery, Notification
from partnerships import services
from partnerships.models import Channel, Invitation, Membership, Organisation, Role, hash_token
from partnerships.rules import reach
from tests.factories import ChannelFactory, InvitationFactory, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Kerja-sama-antikorupsi-2026"


def db_state():
    """Everything an invitation can change, to prove a refused one changed nothing."""
    return {
        "users": sorted(User.objects.values_list("email", "full_name", "password")),
        "memberships": sorted(
            Membership.objects.values_list("user_id", "organisation_id", "role", "is_active")
        ),
        "invitations": sorted(
            Invitation.objects.values_list(
                "pk", "email", "role", "token_hash", "accepted_at", "accepted_by", "revoked_at"
            )
        ),
        "addresses": sorted(EmailAddress.objects.values_list("user_id", "email", "verified")),
        "channels": sorted(Channel.objects.values_list("pk", "name", "audience_size")),
    }


def _invite(network, django_capture_on_commit_callbacks, **overrides):
    arguments = {
        "email": "Humas@Palembang.go.id",
        "role": Role.PARTNER_OPERATOR,
        "full_name": "Rina Marlina",
        "by": network.partner_manager,
    }
    arguments.update(overrides)
    organisation = arguments.pop("organisation", network.city)
    with django_capture_on_commit_callbacks(execute=True):
        return services.invite_member(organisation, **arguments)


# invite_member


def test_invite_member_stores_only_the_hash_of_the_token(
    network, django_capture_on_commit_callbacks
):
    invitation, token = _invite(network, django_capture_on_commit_callbacks)

    invitation.refresh_from_db()
    assert invitation.token_hash == hash_token(token)
    assert token not in invitation.token_hash
    assert (invitation.organisation, invitation.email, invitation.role, invitation.full_name) == (
        network.city,
        "humas@palembang.go.id",
        Role.PARTNER_OPERATOR,
        "Rina Marlina",
    )
    assert invitation.invited_by == network.partner_manager
    assert invitation.status == Invitation.Status.PENDING


def test_invite_member_link_expires_after_the_configured_days(
    network, django_capture_on_commit_callbacks, settings
):
    settings.INVITATION_VALID_DAYS = 3
    before = timezone.now()

    invitation, _token = _invite(network, django_capture_on_commit_callbacks)

    assert before + timedelta(days=3) <= invitation.expires_at
    assert invitation.expires_at <= timezone.now() + timedelta(days=3)


def test_invite_member_emails_a_working_link_on_commit(
    network, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks() as callbacks:
        _invitation, token = services.invite_member(
            network.city,
            email="humas@palembang.go.id",
            role=Role.PARTNER_OPERATOR,
            by=network.partner_manager,
        )
        assert mailoutbox == []

    for callback in callbacks:
        callback()

    [message] = mailoutbox
    link = f"http://testserver/invitation/{token}/"
    assert message.to == ["humas@palembang.go.id"]
    assert link in message.body
    assert f'href="{link}"' in message.alternatives[0].content
    assert message.alternatives[0].mimetype == "text/html"
    response = Client().get(link.removeprefix("http://testserver"))
    assert response.status_code == 200
    assert response.context["invitation"].email == "humas@palembang.go.id"


def test_invite_member_queues_its_email_in_the_outbox_in_the_same_transaction(network):
    with pytest.raises(RuntimeError), transaction.atomic():
        services.invite_member(
            network.city,
            email="humas@palembang.go.id",
            role=Role.PARTNER_OPERATOR,
            by=network.partner_manager,
        )
        assert Delivery.objects.count() == 1
        raise RuntimeError("a later write of the same request failed")

    assert (Invitation.objects.count(), Delivery.objects.count()) == (0, 0)


def test_invite_member_email_is_sent_by_the_outbox_which_forgets_the_link(
    network, django_capture_on_commit_callbacks, mailoutbox
):
    _invitation, token = _invite(network, django_capture_on_commit_callbacks)

    [message] = mailoutbox
    delivery = Delivery.objects.get()
    assert message.extra_headers["Message-ID"] == f"<sinergi.delivery.{delivery.pk}@testserver>"
    assert token in message.body
    assert (delivery.mode, delivery.to_email, delivery.status, delivery.subject) == (
        Delivery.MESSAGE,
        "humas@palembang.go.id",
        Delivery.Status.SENT,
        "[Sinergi] Undangan bergabung dengan Diskominfo Kota Palembang",
    )
    assert (delivery.body_text, delivery.body_html) == ("", "")


def test_invite_member_sends_no_email_before_the_commit(
    network, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks() as callbacks:
        services.invite_member(
            network.city,
            email="humas@palembang.go.id",
            role=Role.PARTNER_OPERATOR,
            by=network.partner_manager,
        )

    # Nothing ran the callbacks: the email leaves only once the invitation is committed.
    assert len(callbacks) == 1
    assert mailoutbox == []


def test_invite_member_email_speaks_indonesian_whatever_the_inviter_reads(
    network, django_capture_on_commit_callbacks, mailoutbox
):
    _invite(network, django_capture_on_commit_callbacks)

    assert mailoutbox[0].subject == "[Sinergi] Undangan bergabung dengan Diskominfo Kota Palembang"


def test_invite_member_email_text_is_not_html_escaped(
    network, django_capture_on_commit_callbacks, mailoutbox
):
    network.city.name = "Dinas Kominfo & Persandian Kota Palembang"
    network.city.save()

    _invite(network, django_capture_on_commit_callbacks)

    [message] = mailoutbox
    assert "Dinas Kominfo & Persandian Kota Palembang" in message.subject
    assert "Dinas Kominfo & Persandian Kota Palembang" in message.body
    assert "&amp;" not in message.body
    assert "Dinas Kominfo &amp; Persandian" in message.alternatives[0].content


def test_invite_member_replaces_the_pending_invitation_to_the_same_address(
    network, django_capture_on_commit_callbacks
):
    first, first_token = _invite(network, django_capture_on_commit_callbacks)

    second, second_token = _invite(
        network, django_capture_on_commit_callbacks, email="humas@palembang.go.id"
    )

    first.refresh_from_db()
    assert first.status == Invitation.Status.REVOKED
    assert second.status == Invitation.Status.PENDING
    assert services.find_invitation(second_token) == second
    with pytest.raises(services.InvitationError):
        services.find_invitation(first_token)


def test_invite_member_keeps_invitations_into_other_organisations(
    network, django_capture_on_commit_callbacks
):
    elsewhere = InvitationFactory(organisation=network.neighbour, email="humas@palembang.go.id")

    _invite(network, django_capture_on_commit_callbacks)

    elsewhere.refresh_from_db()
    assert elsewhere.status == Invitation.Status.PENDING


def test_invite_member_refuses_an_active_member_and_changes_nothing(
    network, django_capture_on_commit_callbacks, mailoutbox
):
    before = db_state()

    with pytest.raises(ValidationError) as error:
        _invite(network, django_capture_on_commit_callbacks, email="OPERATOR@palembang.go.id")

    assert error.value.message_dict == {
        "email": ["This person is already a member of the organisation."]
    }
    assert db_state() == before
    assert mailoutbox == []


def test_invite_member_refuses_a_name_longer_than_its_field_and_changes_nothing(
    network, django_capture_on_commit_callbacks, mailoutbox
):
    before = db_state()

    with pytest.raises(ValidationError) as error:
        _invite(network, django_capture_on_commit_callbacks, full_name="R" * 151)

    assert error.value.message_dict == {"full_name": ["A name can be at most 150 characters long."]}
    assert db_state() == before
    assert mailoutbox == []


def test_invite_member_invites_a_former_member_back(network, django_capture_on_commit_callbacks):
    Membership.objects.filter(user=network.partner_operator).update(is_active=False)

    invitation, _token = _invite(
        network, django_capture_on_commit_callbacks, email=network.partner_operator.email
    )

    assert invitation.status == Invitation.Status.PENDING


def test_invite_member_refuses_a_role_the_inviter_may_not_give_and_changes_nothing(
    network, django_capture_on_commit_callbacks, mailoutbox
):
    before = db_state()

    with pytest.raises(ValidationError) as error:
        _invite(network, django_capture_on_commit_callbacks, role=Role.KPK_MANAGER)

    assert error.value.message_dict == {
        "role": ["You may not invite people into this organisation with that role."]
    }
    assert db_state() == before
    assert mailoutbox == []


def test_invite_member_refuses_an_inviter_without_the_right_and_changes_nothing(
    network, django_capture_on_commit_callbacks, mailoutbox
):
    before = db_state()

    with pytest.raises(PermissionDenied) as error:
        _invite(network, django_capture_on_commit_callbacks, by=network.partner_operator)

    assert str(error.value) == "You may not invite people into this organisation."
    assert db_state() == before
    assert mailoutbox == []


def test_invite_member_lets_kpk_manager_invite_into_any_partner(
    network, django_capture_on_commit_callbacks
):
    invitation, _token = _invite(
        network,
        django_capture_on_commit_callbacks,
        organisation=network.foreign,
        role=Role.PARTNER_MANAGER,
        by=network.kpk_manager,
    )

    assert (invitation.organisation, invitation.role) == (network.foreign, Role.PARTNER_MANAGER)


def test_invite_member_refuses_partner_manager_in_a_neighbour(
    network, django_capture_on_commit_callbacks
):
    before = db_state()

    with pytest.raises(PermissionDenied):
        _invite(network, django_capture_on_commit_callbacks, organisation=network.neighbour)

    assert db_state() == before


# find_invitation


def test_find_invitation_returns_the_pending_invitation_of_the_token(network):
    invitation = InvitationFactory(organisation=network.city, token="rahasia")

    assert services.find_invitation("rahasia") == invitation


@pytest.mark.parametrize(
    ("traits", "message"),
    [
        ({"accepted": True}, "This invitation has already been used: each link works once."),
        ({"revoked": True}, "This invitation has been withdrawn. Ask your manager for a new one."),
        ({"expired": True}, "This invitation has expired. Ask your manager for a new one."),
    ],
)
def test_find_invitation_explains_an_unusable_invitation(network, traits, message):
    InvitationFactory(organisation=network.city, token="rahasia", **traits)

    with pytest.raises(services.InvitationError) as error:
        services.find_invitation("rahasia")

    assert error.value.message == message


def test_find_invitation_refuses_an_unknown_token(network):
    InvitationFactory(organisation=network.city, token="rahasia")

    with pytest.raises(services.InvitationError) as error:
        services.find_invitation("tebakan")

    assert error.value.message == "This invitation link is not valid."


# accept_invitation


def test_accept_invitation_creates_the_account_and_the_membership(network):
    invitation = InvitationFactory(
        organisation=network.city, email="rina@palembang.go.id", role=Role.PARTNER_MANAGER
    )

    user = services.accept_invitation(invitation, full_name="Rina Marlina", password=NEW_PASSWORD)

    user.refresh_from_db()
    invitation.refresh_from_db()
    assert (user.email, user.full_name) == ("rina@palembang.go.id", "Rina Marlina")
    assert user.check_password(NEW_PASSWORD)
    assert list(user.memberships.values_list("organisation", "role", "is_active")) == [
        (network.city.pk, Role.PARTNER_MANAGER, True)
    ]
    assert list(
        EmailAddress.objects.filter(user=user).values_list("email", "verified", "primary")
    ) == [("rina@palembang.go.id", True, True)]
    assert (invitation.status, invitation.accepted_by) == (Invitation.Status.ACCEPTED, user)


def test_accept_invitation_tells_the_inviter(network):
    invitation = InvitationFactory(
        organisation=network.city, email="rina@palembang.go.id", invited_by=network.partner_manager
    )

    user = services.accept_invitation(invitation, full_name="Rina Marlina", password=NEW_PASSWORD)

    notification = Notification.objects.get(kind="partnerships.invitation_accepted")
    assert (notification.recipient, notification.actor, notification.target_url) == (
        network.partner_manager,
        user,
        network.city.get_absolute_url(),
    )
    assert notification.message == (
        "Rina Marlina accepted your invitation to join Diskominfo Kota Palembang."
    )


def test_accept_invitation_without_an_inviter_notifies_nobody(network):
    invitation = InvitationFactory(organisation=network.city, email="rina@palembang.go.id")

    services.accept_invitation(invitation, full_name="Rina Marlina", password=NEW_PASSWORD)

    assert not Notification.objects.exists()


def test_accept_invitation_adds_a_membership_to_the_signed_in_user(network):
    invitation = InvitationFactory(
        organisation=network.neighbour, email=network.partner_operator.email
    )
    users_before = User.objects.count()

    user = services.accept_invitation(invitation, user=network.partner_operator)

    assert user == network.partner_operator
    assert User.objects.count() == users_before
    assert sorted(user.memberships.values_list("organisation__name", flat=True)) == [
        "Diskominfo Kabupaten Ogan Ilir",
        "Diskominfo Kota Palembang",
    ]
    # The person's reach includes the new organisation at once.
    assert network.neighbour.pk in reach(user).organisation_ids


def test_accept_invitation_keeps_the_primary_address_of_an_existing_user(network):
    user = network.partner_operator
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    invitation = InvitationFactory(organisation=network.neighbour, email=user.email.upper())

    services.accept_invitation(invitation, user=user)

    assert list(
        EmailAddress.objects.filter(user=user).values_list("email", "verified", "primary")
    ) == [(user.email, True, True)]


def test_accept_invitation_reactivates_a_former_membership_with_the_new_role(network):
    Membership.objects.filter(user=network.partner_operator).update(is_active=False)
    invitation = InvitationFactory(
        organisation=network.city, email=network.partner_operator.email, role=Role.PARTNER_MANAGER
    )

    services.accept_invitation(invitation, user=network.partner_operator)

    assert list(
        network.partner_operator.memberships.values_list("organisation", "role", "is_active")
    ) == [(network.city.pk, Role.PARTNER_MANAGER, True)]


@pytest.mark.parametrize(
    ("traits", "message"),
    [
        ({"accepted": True}, "This invitation has already been used: each link works once."),
        ({"revoked": True}, "This invitation has been withdrawn. Ask your manager for a new one."),
        ({"expired": True}, "This invitation has expired. Ask your manager for a new one."),
    ],
)
def test_accept_invitation_refuses_an_unusable_invitation_and_changes_nothing(
    network, traits, message
):
    invitation = InvitationFactory(
        organisation=network.city, email="rina@palembang.go.id", **traits
    )
    before = db_state()

    with pytest.raises(services.InvitationError) as error:
        services.accept_invitation(invitation, full_name="Rina", password=NEW_PASSWORD)

    assert error.value.message == message
    assert db_state() == before


def test_accept_invitation_twice_fails_the_second_time_and_changes_nothing(network):
    invitation = InvitationFactory(organisation=network.city, email="rina@palembang.go.id")
    services.accept_invitation(invitation, full_name="Rina", password=NEW_PASSWORD)
    before = db_state()

    with pytest.raises(services.InvitationError) as error:
        # The same stale object, as a second click on the link would hold it.
        services.accept_invitation(invitation, full_name="Rina", password=NEW_PASSWORD)

    assert error.value.message == "This invitation has already been used: each link works once."
    assert db_state() == before


def test_accept_invitation_withdrawn_after_loading_is_refused(network):
    invitation = InvitationFactory(organisation=network.city, email="rina@palembang.go.id")
    services.revoke_invitation(invitation, by=network.partner_manager)
    before = db_state()

    with pytest.raises(services.InvitationError) as error:
        services.accept_invitation(invitation, full_name="Rina", password=NEW_PASSWORD)

    assert error.value.message == (
        "This invitation has been withdrawn. Ask your manager for a new one."
    )
    assert db_state() == before


def test_accept_invitation_by_another_signed_in_user_is_refused_and_changes_nothing(network):
    invitation = InvitationFactory(organisation=network.neighbour, email="rina@ogan-ilir.go.id")
    before = db_state()

    with pytest.raises(services.InvitationError) as error:
        services.accept_invitation(invitation, user=network.partner_operator)

    assert error.value.message == (
        "This invitation was sent to rina@ogan-ilir.go.id, but you are signed in with another "
        "address. Sign out and open the link again."
    )
    assert db_state() == before


def test_accept_invitation_for_an_existing_account_asks_to_sign_in_and_changes_nothing(network):
    invitation = InvitationFactory(
        organisation=network.neighbour, email=network.partner_operator.email.upper()
    )
    before = db_state()

    with pytest.raises(services.InvitationError) as error:
        services.accept_invitation(invitation, full_name="Someone", password=NEW_PASSWORD)

    assert error.value.message == (
        "An account with this email address exists. Sign in to accept the invitation."
    )
    assert db_state() == before


def test_accept_invitation_for_a_verified_secondary_address_asks_to_sign_in(network):
    EmailAddress.objects.create(
        user=network.partner_operator, email="pribadi@example.id", verified=True, primary=False
    )
    invitation = InvitationFactory(organisation=network.neighbour, email="pribadi@example.id")
    before = db_state()

    with pytest.raises(services.InvitationError):
        services.accept_invitation(invitation, full_name="Someone", password=NEW_PASSWORD)

    assert db_state() == before


def test_has_account_knows_accounts_and_verified_addresses(network):
    EmailAddress.objects.create(
        user=network.partner_operator, email="pribadi@example.id", verified=True
    )
    EmailAddress.objects.create(
        user=network.partner_operator, email="belum@example.id", verified=False
    )

    assert services.has_account(network.partner_operator.email.upper()) is True
    assert services.has_account("pribadi@example.id") is True
    assert services.has_account("belum@example.id") is False
    assert services.has_account("baru@example.id") is False


# revoke_invitation


def test_revoke_invitation_withdraws_a_pending_invitation(network):
    invitation = InvitationFactory(organisation=network.city)

    services.revoke_invitation(invitation, by=network.partner_manager)

    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.REVOKED


@pytest.mark.parametrize("traits", [{"accepted": True}, {"revoked": True}, {"expired": True}])
def test_revoke_invitation_refuses_one_no_longer_pending_and_changes_nothing(network, traits):
    invitation = InvitationFactory(organisation=network.city, **traits)
    before = db_state()

    with pytest.raises(services.InvitationError) as error:
        services.revoke_invitation(invitation, by=network.partner_manager)

    assert error.value.message == "Only a pending invitation can be withdrawn."
    assert db_state() == before


@pytest.mark.parametrize("role", ["partner_operator", "province_manager", "kpk_staff"])
def test_revoke_invitation_refuses_who_does_not_manage_it_and_changes_nothing(network, role):
    invitation = InvitationFactory(organisation=network.city)
    before = db_state()

    with pytest.raises(PermissionDenied):
        services.revoke_invitation(invitation, by=getattr(network, role))

    assert db_state() == before


# save_channel


def test_save_channel_adds_a_channel_for_its_manager(network):
    channel = ChannelFactory.build(organisation=network.city, name="@kominfopalembang")

    services.save_channel(channel, by=network.partner_manager)

    assert list(network.city.channels.values_list("name", flat=True)) == ["@kominfopalembang"]


def test_save_channel_updates_a_channel_for_a_kpk_manager(network):
    channel = ChannelFactory(organisation=network.foreign, audience_size=100)
    channel.audience_size = 250

    services.save_channel(channel, by=network.kpk_manager)

    channel.refresh_from_db()
    assert channel.audience_size == 250


@pytest.mark.parametrize("role", ["partner_operator", "province_manager", "kpk_staff"])
def test_save_channel_refuses_who_does_not_manage_the_organisation(network, role):
    channel = ChannelFactory.build(organisation=network.city)

    with pytest.raises(PermissionDenied):
        services.save_channel(channel, by=getattr(network, role))

    assert Channel.objects.count() == 0


def test_accepted_account_signs_in_with_the_chosen_password(network):
    invitation = InvitationFactory(organisation=network.city, email="rina@palembang.go.id")
    services.accept_invitation(invitation, full_name="Rina", password=NEW_PASSWORD)
    client = Client()

    response = client.post(
        "/accounts/login/", {"login": "rina@palembang.go.id", "password": NEW_PASSWORD}
    )

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(User.objects.get(email="rina@palembang.go.id").pk)


# The audit trail: every service writes one entry on the organisation.


def _audited():
    """The newest audit entry as (action, actor, target, changes)."""
    entry = AuditEntry.objects.select_related("target_type").first()
    target = entry.target_type.get_object_for_this_type(pk=entry.target_id)
    return entry.action, entry.actor, target, entry.changes


def test_invite_member_is_audited(network):
    invitation, _token = services.invite_member(
        network.city,
        email="Rina@Palembang.go.id",
        role=Role.PARTNER_OPERATOR,
        by=network.partner_manager,
    )

    assert _audited() == (
        "partnerships.member_invited",
        network.partner_manager,
        network.city,
        {"invitation": invitation.pk, "email": "rina@palembang.go.id", "role": "partner_operator"},
    )


def test_accept_invitation_is_audited_as_the_accepting_user(network):
    invitation = InvitationFactory(
        organisation=network.city, email="rina@palembang.go.id", role=Role.PARTNER_MANAGER
    )

    user = services.accept_invitation(invitation, full_name="Rina", password=NEW_PASSWORD)

    assert _audited() == (
        "partnerships.invitation_accepted",
        user,
        network.city,
        {"invitation": invitation.pk, "email": "rina@palembang.go.id", "role": "partner_manager"},
    )


def test_revoke_invitation_is_audited(network):
    invitation = InvitationFactory(organisation=network.city, role=Role.PARTNER_OPERATOR)

    services.revoke_invitation(invitation, by=network.partner_manager)

    assert _audited() == (
        "partnerships.invitation_withdrawn",
        network.partner_manager,
        network.city,
        {"invitation": invitation.pk, "email": invitation.email, "role": "partner_operator"},
    )


def test_revoke_invitation_refused_writes_no_entry(network):
    invitation = InvitationFactory(organisation=network.city, accepted=True)

    with pytest.raises(ValidationError):
        services.revoke_invitation(invitation, by=network.partner_manager)

    assert AuditEntry.objects.count() == 0


def test_extend_invitation_moves_the_expiry_and_is_audited(network):
    invitation = InvitationFactory(organisation=network.city, role=Role.PARTNER_OPERATOR)
    was = invitation.expires_at.replace(microsecond=0)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=was)
    invitation.refresh_from_db()
    until = was + timedelta(days=7)

    services.extend_invitation(invitation, until=until, by=network.partner_manager)

    invitation.refresh_from_db()
    assert invitation.expires_at == until
    action, actor, target, changes = _audited()
    assert (action, actor, target) == (
        "partnerships.invitation_extended",
        network.partner_manager,
        network.city,
    )
    assert changes == {
        "invitation": invitation.pk,
        "email": invitation.email,
        "role": "partner_operator",
        "expires_at": [iso(was), iso(until)],
    }


def iso(moment):
    return moment.isoformat().replace("+00:00", "Z")


@pytest.mark.parametrize("traits", [{"accepted": True}, {"revoked": True}, {"expired": True}])
def test_extend_invitation_refuses_one_no_longer_pending_and_changes_nothing(network, traits):
    invitation = InvitationFactory(organisation=network.city, **traits)
    was = invitation.expires_at

    with pytest.raises(ValidationError, match="Only a pending invitation can be extended"):
        services.extend_invitation(
            invitation, until=timezone.now() + timedelta(days=30), by=network.partner_manager
        )

    invitation.refresh_from_db()
    assert invitation.expires_at == was
    assert AuditEntry.objects.count() == 0


def test_extend_invitation_refuses_who_does_not_manage_it(network):
    invitation = InvitationFactory(organisation=network.city)

    with pytest.raises(PermissionDenied):
        services.extend_invitation(
            invitation,
            until=invitation.expires_at + timedelta(days=1),
            by=network.partner_operator,
        )

    assert AuditEntry.objects.count() == 0


def test_save_organisation_creates_and_records_what_was_filled_in(network):
    organisation = Organisation(
        name="Radio Sriwijaya FM", kind=Organisation.Kind.MEDIA, province_id="16", phone="0711"
    )

    services.save_organisation(organisation, by=network.administrator)

    assert _audited() == (
        "partnerships.organisation_created",
        network.administrator,
        organisation,
        {
            "name": [None, "Radio Sriwijaya FM"],
            "kind": [None, "media"],
            "province": [None, "Sumatera Selatan"],
            "phone": [None, "0711"],
            "press_verified": [None, False],
            "is_active": [None, True],
        },
    )


def test_save_organisation_refuses_text_longer_than_its_fields(network):
    organisation = Organisation.objects.get(pk=network.city.pk)
    organisation.description = "x" * 1_000_000
    organisation.address = "Jl. " * 200

    with pytest.raises(ValidationError) as error:
        services.save_organisation(organisation, by=network.administrator)

    assert error.value.message_dict == {
        "description": ["Ensure this value has at most 5000 characters (it has 1000000)."],
        "address": ["Ensure this value has at most 500 characters (it has 800)."],
    }
    assert Organisation.objects.get(pk=network.city.pk).description == ""


def test_save_organisation_records_the_changed_fields_old_and_new(network):
    organisation = Organisation.objects.get(pk=network.city.pk)
    organisation.phone = "0711 350000"
    organisation.short_name = "Kominfo Palembang"

    services.save_organisation(organisation, by=network.partner_manager)

    assert _audited() == (
        "partnerships.organisation_changed",
        network.partner_manager,
        network.city,
        {"short_name": ["", "Kominfo Palembang"], "phone": ["", "0711 350000"]},
    )


def test_save_organisation_without_changes_writes_no_entry(network):
    services.save_organisation(Organisation.objects.get(pk=network.city.pk), by=network.kpk_manager)

    assert AuditEntry.objects.count() == 0


def test_save_organisation_refuses_who_does_not_manage_it_and_changes_nothing(network):
    organisation = Organisation.objects.get(pk=network.city.pk)
    organisation.name = "Forged"

    with pytest.raises(PermissionDenied):
        services.save_organisation(organisation, by=network.partner_operator)

    assert Organisation.objects.get(pk=network.city.pk).name == "Diskominfo Kota Palembang"
    assert AuditEntry.objects.count() == 0


def test_save_organisation_refuses_an_invalid_one(network):
    organisation = Organisation.objects.get(pk=network.kpk.pk)
    organisation.province_id = "16"

    with pytest.raises(ValidationError):
        services.save_organisation(organisation, by=network.administrator)

    assert Organisation.objects.get(pk=network.kpk.pk).province_id is None
    assert AuditEntry.objects.count() == 0


def test_add_member_creates_the_membership_and_is_audited(network):
    user = UserFactory(full_name="Rina Wati")

    membership = services.add_member(
        network.city, user=user, role=Role.PARTNER_OPERATOR, by=network.administrator
    )

    assert (membership.user, membership.role, membership.is_active) == (
        user,
        "partner_operator",
        True,
    )
    assert _audited() == (
        "partnerships.member_added",
        network.administrator,
        network.city,
        {"membership": membership.pk, "member": "Rina Wati", "role": [None, "partner_operator"]},
    )


def test_add_member_refuses_a_role_of_another_kind_and_changes_nothing(network):
    user = UserFactory()

    with pytest.raises(ValidationError) as refused:
        services.add_member(network.city, user=user, role=Role.KPK_STAFF, by=network.administrator)

    assert refused.value.message_dict == {
        "role": ["This role does not exist in this organisation."]
    }
    assert not Membership.objects.filter(user=user).exists()
    assert AuditEntry.objects.count() == 0


def test_add_member_refuses_an_existing_member(network):
    with pytest.raises(ValidationError):
        services.add_member(
            network.city,
            user=network.partner_operator,
            role=Role.PARTNER_MANAGER,
            by=network.administrator,
        )

    assert AuditEntry.objects.count() == 0


def test_add_member_refuses_who_does_not_manage_the_organisation(network):
    with pytest.raises(PermissionDenied):
        services.add_member(
            network.city, user=UserFactory(), role=Role.PARTNER_MANAGER, by=network.partner_operator
        )

    assert AuditEntry.objects.count() == 0


def test_change_membership_role_is_audited(network):
    membership = Membership.objects.get(user=network.partner_operator)

    services.change_membership(membership, role=Role.PARTNER_MANAGER, by=network.partner_manager)

    assert Membership.objects.get(pk=membership.pk).role == "partner_manager"
    assert _audited() == (
        "partnerships.member_role_changed",
        network.partner_manager,
        network.city,
        {
            "membership": membership.pk,
            "member": str(network.partner_operator),
            "role": ["partner_operator", "partner_manager"],
        },
    )


def test_change_membership_deactivates_and_reactivates_with_the_reach_forgotten(network):
    user = network.partner_operator
    membership = Membership.objects.select_related("user").get(user=user)
    assert network.city.pk in reach(membership.user).organisation_ids

    services.change_membership(membership, is_active=False, by=network.kpk_manager)
    deactivated = _audited()
    reached = network.city.pk in reach(membership.user).organisation_ids
    services.change_membership(membership, is_active=True, by=network.kpk_manager)
    reactivated = _audited()

    assert reached is False
    assert (deactivated[0], deactivated[3]["is_active"]) == (
        "partnerships.member_deactivated",
        [True, False],
    )
    assert (reactivated[0], reactivated[3]["is_active"]) == (
        "partnerships.member_reactivated",
        [False, True],
    )


def test_change_membership_without_a_change_writes_no_entry(network):
    membership = Membership.objects.get(user=network.partner_operator)

    services.change_membership(
        membership, role=Role.PARTNER_OPERATOR, is_active=True, by=network.kpk_manager
    )

    assert AuditEntry.objects.count() == 0


def test_change_membership_refuses_a_role_of_another_kind_and_changes_nothing(network):
    membership = Membership.objects.get(user=network.partner_operator)

    with pytest.raises(ValidationError):
        services.change_membership(membership, role=Role.KPK_MANAGER, by=network.administrator)

    assert Membership.objects.get(pk=membership.pk).role == "partner_operator"
    assert AuditEntry.objects.count() == 0


def test_change_membership_refuses_who_does_not_manage_the_organisation(network):
    membership = Membership.objects.get(user=network.partner_manager)

    with pytest.raises(PermissionDenied):
        services.change_membership(membership, is_active=False, by=network.partner_operator)

    assert Membership.objects.get(pk=membership.pk).is_active is True
    assert AuditEntry.objects.count() == 0


def test_save_channel_added_is_audited(network):
    channel = ChannelFactory.build(
        organisation=network.city,
        name="@kominfopalembang",
        kind=Channel.Kind.INSTAGRAM,
        handle="",
        audience_size=1200,
        audience_updated_on=None,
    )

    services.save_channel(channel, by=network.partner_manager)

    assert _audited() == (
        "partnerships.channel_added",
        network.partner_manager,
        network.city,
        {
            "channel": channel.pk,
            "channel_name": "@kominfopalembang",
            "kind": [None, "instagram"],
            "name": [None, "@kominfopalembang"],
            "audience_size": [None, 1200],
            "is_active": [None, True],
        },
    )


def test_save_channel_changed_records_old_and_new(network):
    channel = ChannelFactory(organisation=network.city, name="Radio Kota", audience_size=100)
    channel.audience_size = 250

    services.save_channel(channel, by=network.kpk_manager)

    assert _audited() == (
        "partnerships.channel_changed",
        network.kpk_manager,
        network.city,
        {"channel": channel.pk, "channel_name": "Radio Kota", "audience_size": [100, 250]},
    )


def test_save_channel_refused_writes_no_entry(network):
    with pytest.raises(PermissionDenied):
        services.save_channel(
            ChannelFactory.build(organisation=network.city), by=network.partner_operator
        )

    assert AuditEntry.objects.count() == 0
