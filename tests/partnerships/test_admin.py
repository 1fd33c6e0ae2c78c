from html import escape

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory
from django.urls import reverse

from partnerships.admin import (
    ChannelAdmin,
    InvitationAdmin,
    MembershipAdmin,
    OrganisationAdmin,
)
from partnerships.models import Channel, Invitation, Membership, Organisation, Province, Regency
from tests.factories import ChannelFactory, InvitationFactory

MODELS = [Province, Regency, Organisation, Membership, Channel, Invitation]


def _changelist(model):
    return reverse(f"admin:partnerships_{model._meta.model_name}_changelist")


def _listed(response):
    return list(response.context["cl"].result_list)


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_admin_changelist_opens_for_an_administrator(network, client_as, model):
    response = client_as(network.administrator).get(_changelist(model))

    assert response.status_code == 200


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_admin_changelist_sends_a_non_staff_kpk_manager_to_the_admin_sign_in(
    network, client_as, model
):
    response = client_as(network.kpk_manager).get(_changelist(model))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_admin_organisation_search_finds_by_regency(network, client_as):
    response = client_as(network.administrator).get(_changelist(Organisation), {"q": "Ogan"})

    assert _listed(response) == [network.neighbour]


def test_admin_organisation_filters_by_type_and_province(network, client_as):
    response = client_as(network.administrator).get(
        _changelist(Organisation), {"kind": "media", "province__code__exact": "16"}
    )

    assert _listed(response) == [network.provincial_media]


def test_admin_membership_search_finds_by_email(network, client_as):
    response = client_as(network.administrator).get(
        _changelist(Membership), {"q": "operator@palembang"}
    )

    assert [m.user for m in _listed(response)] == [network.partner_operator]


def test_admin_channel_filters_by_kind(network, client_as):
    radio = ChannelFactory(organisation=network.city, kind=Channel.Kind.RADIO)
    ChannelFactory(organisation=network.city, kind=Channel.Kind.INSTAGRAM)

    response = client_as(network.administrator).get(_changelist(Channel), {"kind": "radio"})

    assert _listed(response) == [radio]


@pytest.mark.parametrize("status", Invitation.Status.values)
def test_admin_invitation_filters_by_status(network, client_as, status):
    invitations = {
        Invitation.Status.PENDING: InvitationFactory(organisation=network.city),
        Invitation.Status.ACCEPTED: InvitationFactory(organisation=network.city, accepted=True),
        Invitation.Status.REVOKED: InvitationFactory(organisation=network.city, revoked=True),
        Invitation.Status.EXPIRED: InvitationFactory(organisation=network.city, expired=True),
    }

    response = client_as(network.administrator).get(_changelist(Invitation), {"status": status})

    assert _listed(response) == [invitations[status]]


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
