from datetime import timedelta
from html import escape

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory
from django.urls import reverse

from audit.models import AuditEntry
from partnerships.admin import (
    ChannelAdmin,
    InvitationAdmin,
    MembershipAdmin,
    OrganisationAdmin,
)
from partnerships.models import (
    Channel,
    Invitation,
    Membership,
    Organisation,
    Province,
    Regency,
    Role,
)
from tests.factories import ChannelFactory, InvitationFactory, UserFactory
from tests.helpers import admin_changelist, changelist_results, messages_of

MODELS = [Province, Regency, Organisation, Membership, Channel, Invitation]


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_admin_changelist_opens_for_an_administrator(network, client_as, model):
    response = client_as(network.administrator).get(admin_changelist(model))

    assert response.status_code == 200


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_admin_changelist_sends_a_non_staff_kpk_manager_to_the_admin_sign_in(
    network, client_as, model
):
    response = client_as(network.kpk_manager).get(admin_changelist(model))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_admin_organisation_search_finds_by_regency(network, client_as):
    response = client_as(network.administrator).get(admin_changelist(Organisation), {"q": "Ogan"})

    assert changelist_results(response) == [network.neighbour]


def test_admin_organisation_filters_by_type_and_province(network, client_as):
    response = client_as(network.administrator).get(
        admin_changelist(Organisation), {"kind": "media", "province__code__exact": "16"}
    )

    assert changelist_results(response) == [network.provincial_media]


def test_admin_membership_search_finds_by_email(network, client_as):
    response = client_as(network.administrator).get(
        admin_changelist(Membership), {"q": "operator@palembang"}
    )

    assert [m.user for m in changelist_results(response)] == [network.partner_operator]


def test_admin_channel_filters_by_kind(network, client_as):
    radio = ChannelFactory(organisation=network.city, kind=Channel.Kind.RADIO)
    ChannelFactory(organisation=network.city, kind=Channel.Kind.INSTAGRAM)

    response = client_as(network.administrator).get(admin_changelist(Channel), {"kind": "radio"})

    assert changelist_results(response) == [radio]


@pytest.mark.parametrize("status", Invitation.Status.values)
def test_admin_invitation_filters_by_status(network, client_as, status):
    invitations = {
        Invitation.Status.PENDING: InvitationFactory(organisation=network.city),
        Invitation.Status.ACCEPTED: InvitationFactory(organisation=network.city, accepted=True),
        Invitation.Status.REVOKED: InvitationFactory(organisation=network.city, revoked=True),
        Invitation.Status.EXPIRED: InvitationFactory(organisation=network.city, expired=True),
    }

    response = client_as(network.administrator).get(
        admin_changelist(Invitation), {"status": status}
    )

    assert changelist_results(response) == [invitations[status]]


def test_admin_invitation_cannot_be_added_there(network, client_as):
    response = client_as(network.administrator).get(reverse("admin:partnerships_invitation_add"))

    assert response.status_code == 403


def test_admin_invitation_keeps_what_the_link_promises(network, client_as):
    invitation = InvitationFactory(organisation=network.city, email="calon@palembang.go.id")

    response = client_as(network.administrator).get(
        reverse("admin:partnerships_invitation_change", args=[invitation.pk])
    )

    assert response.status_code == 200
    # Extending and withdrawing are admin actions that go through the services.
    assert set(response.context["adminform"].form.fields) == set()


def test_admin_organisation_change_page_shows_members_and_channels(network, client_as):
    ChannelFactory(organisation=network.city, name="@kominfopalembang")

    response = client_as(network.administrator).get(
        reverse("admin:partnerships_organisation_change", args=[network.city.pk])
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "@kominfopalembang" in content
    assert escape(network.partner_operator.full_name) in content


@pytest.mark.parametrize(
    ("model_admin", "model", "role", "expected"),
    [
        (OrganisationAdmin, Organisation, "partner_operator", ["Diskominfo Kota Palembang"]),
        (
            OrganisationAdmin,
            Organisation,
            "province_manager",
            [
                "Diskominfo Kabupaten Ogan Ilir",
                "Diskominfo Kota Palembang",
                "Diskominfo Provinsi Sumatera Selatan",
            ],
        ),
        (MembershipAdmin, Membership, "partner_operator", ["Diskominfo Kota Palembang"] * 2),
        (ChannelAdmin, Channel, "partner_operator", ["Diskominfo Kota Palembang"]),
        (InvitationAdmin, Invitation, "partner_manager", ["Diskominfo Kota Palembang"]),
        (InvitationAdmin, Invitation, "partner_operator", []),
    ],
)
def test_admin_querysets_go_through_the_access_layer(network, model_admin, model, role, expected):
    for organisation in network.organisations:
        ChannelFactory(organisation=organisation)
        InvitationFactory(organisation=organisation)
    request = RequestFactory().get("/admin/")
    request.user = getattr(network, role)

    queryset = model_admin(model, site).get_queryset(request)

    names = [obj.name if model is Organisation else obj.organisation.name for obj in queryset]
    assert sorted(names) == expected


# The admin goes through the services: its edits are audited, its refusals are form errors.


def _post_data(response) -> dict:
    """What the browser would post back from an admin change form, unchanged."""
    data = {}

    def add(form):
        for field in form:
            value = field.value()
            if isinstance(value, bool):
                if value:
                    data[field.html_name] = "on"
            else:
                data[field.html_name] = "" if value is None else value

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        add(inline.formset.management_form)
        for form in inline.formset.forms:
            add(form)
    return data


def _change_url(obj):
    return reverse(f"admin:partnerships_{obj._meta.model_name}_change", args=[obj.pk])


def _entries():
    return list(AuditEntry.objects.order_by("sequence").values_list("action", "actor", "changes"))


def test_admin_organisation_edit_is_audited(network, client_as):
    client = client_as(network.administrator)
    data = _post_data(client.get(_change_url(network.city)))
    data["phone"] = "0711 350000"

    response = client.post(_change_url(network.city), data)

    assert response.status_code == 302
    assert _entries() == [
        (
            "partnerships.organisation_changed",
            network.administrator.pk,
            {"phone": ["", "0711 350000"]},
        )
    ]


def test_admin_organisation_refuses_what_the_pages_refuse_and_changes_nothing(network, client_as):
    client = client_as(network.administrator)
    data = _post_data(client.get(_change_url(network.kpk)))
    data["province"] = "16"

    response = client.post(_change_url(network.kpk), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "province": ["A KPK unit is national: leave province and regency empty."]
    }
    assert Organisation.objects.get(pk=network.kpk.pk).province_id is None
    assert _entries() == []


def test_admin_organisation_channel_inline_saves_through_the_service(network, client_as):
    channel = ChannelFactory(organisation=network.city, name="Radio Kota", audience_size=100)
    client = client_as(network.administrator)
    data = _post_data(client.get(_change_url(network.city)))
    data["channels-0-audience_size"] = "250"

    response = client.post(_change_url(network.city), data)

    assert response.status_code == 302
    assert _entries() == [
        (
            "partnerships.channel_changed",
            network.administrator.pk,
            {"channel": channel.pk, "channel_name": "Radio Kota", "audience_size": [100, 250]},
        )
    ]


def test_admin_organisation_lists_members_read_only_with_a_link(network, client_as):
    membership = Membership.objects.get(user=network.partner_operator)

    response = client_as(network.administrator).get(_change_url(network.city))

    members = next(
        inline
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.model is Membership
    )
    assert (members.has_add_permission, members.has_change_permission) == (False, False)
    assert members.has_delete_permission is False
    assert _change_url(membership) in response.text


def _membership_add(client, **fields):
    return client.post(
        reverse("admin:partnerships_membership_add"),
        {"is_active": "on", **fields},
    )


def test_admin_membership_add_is_audited(network, client_as):
    user = UserFactory(full_name="Rina Wati")

    response = _membership_add(
        client_as(network.administrator),
        user=user.pk,
        organisation=network.city.pk,
        role=Role.PARTNER_OPERATOR,
    )

    assert response.status_code == 302
    membership = Membership.objects.get(user=user)
    assert _entries() == [
        (
            "partnerships.member_added",
            network.administrator.pk,
            {
                "membership": membership.pk,
                "member": "Rina Wati",
                "role": [None, "partner_operator"],
            },
        )
    ]


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "This role does not exist in this organisation."),
        ("id", "Peran ini tidak ada di organisasi ini."),
    ],
)
def test_admin_membership_add_refuses_a_role_of_another_kind_in_the_users_language(
    network, client_as, language, message
):
    network.administrator.language = language
    network.administrator.save()
    user = UserFactory()

    response = _membership_add(
        client_as(network.administrator),
        user=user.pk,
        organisation=network.city.pk,
        role=Role.KPK_MANAGER,
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"role": [message]}
    assert not Membership.objects.filter(user=user).exists()
    assert _entries() == []


def test_admin_membership_change_of_role_is_audited(network, client_as):
    membership = Membership.objects.get(user=network.partner_operator)

    response = client_as(network.administrator).post(
        _change_url(membership), {"role": Role.PARTNER_MANAGER, "is_active": "on"}
    )

    assert response.status_code == 302
    assert Membership.objects.get(pk=membership.pk).role == Role.PARTNER_MANAGER
    assert [action for action, _actor, _changes in _entries()] == [
        "partnerships.member_role_changed"
    ]


def test_admin_membership_deactivation_is_audited(network, client_as):
    membership = Membership.objects.get(user=network.partner_operator)

    response = client_as(network.administrator).post(
        _change_url(membership), {"role": Role.PARTNER_OPERATOR}
    )

    assert response.status_code == 302
    assert Membership.objects.get(pk=membership.pk).is_active is False
    assert _entries() == [
        (
            "partnerships.member_deactivated",
            network.administrator.pk,
            {
                "membership": membership.pk,
                "member": str(network.partner_operator),
                "is_active": [True, False],
            },
        )
    ]


def test_admin_membership_change_refuses_a_role_of_another_kind(network, client_as):
    membership = Membership.objects.get(user=network.partner_operator)

    response = client_as(network.administrator).post(
        _change_url(membership), {"role": Role.KPK_STAFF, "is_active": "on"}
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "role": ["This role does not exist in this organisation."]
    }
    assert Membership.objects.get(pk=membership.pk).role == Role.PARTNER_OPERATOR
    assert _entries() == []


def _invitation_action(client, action, invitations):
    return client.post(
        admin_changelist(Invitation),
        {"action": action, "_selected_action": [invitation.pk for invitation in invitations]},
        follow=True,
    )


def test_admin_withdraws_the_selected_pending_invitations_and_reports_the_rest(network, client_as):
    pending = [InvitationFactory(organisation=network.city) for _ in range(2)]
    accepted = InvitationFactory(organisation=network.city, accepted=True)

    response = _invitation_action(
        client_as(network.administrator), "withdraw", [*pending, accepted]
    )

    assert messages_of(response) == [
        "1 invitation was not pending and was left as it was.",
        "2 invitations withdrawn.",
    ]
    assert [Invitation.objects.get(pk=i.pk).status for i in [*pending, accepted]] == [
        "revoked",
        "revoked",
        "accepted",
    ]
    assert [action for action, _actor, _changes in _entries()] == [
        "partnerships.invitation_withdrawn"
    ] * 2


def test_admin_extends_the_selected_invitations_by_the_valid_days(network, client_as, settings):
    invitation = InvitationFactory(organisation=network.city)
    was = invitation.expires_at

    response = _invitation_action(client_as(network.administrator), "extend", [invitation])

    assert messages_of(response) == ["1 invitation extended."]
    invitation.refresh_from_db()
    assert invitation.expires_at == was + timedelta(days=settings.INVITATION_VALID_DAYS)
    assert [action for action, _actor, _changes in _entries()] == [
        "partnerships.invitation_extended"
    ]


def test_admin_invitation_cannot_be_deleted(network, client_as):
    invitation = InvitationFactory(organisation=network.city)

    response = client_as(network.administrator).post(
        reverse("admin:partnerships_invitation_delete", args=[invitation.pk]), {"post": "yes"}
    )

    assert response.status_code == 403
    assert Invitation.objects.filter(pk=invitation.pk).exists()


def test_admin_membership_add_refuses_an_existing_member_as_a_form_error(network, client_as):
    response = _membership_add(
        client_as(network.administrator),
        user=network.partner_operator.pk,
        organisation=network.city.pk,
        role=Role.PARTNER_MANAGER,
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "user": ["This person is already a member of the organisation."]
    }
    assert _entries() == []
