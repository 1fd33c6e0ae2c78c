"""A Diskominfo's press partners: who records them, what may be one, and the organisation page."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from audit.models import AuditEntry
from partnerships import services
from partnerships.models import PressPartner
from tests.factories import OrganisationFactory, PressPartnerFactory
from tests.helpers import messages_of


@pytest.fixture
def outlet(db):
    return OrganisationFactory(media=True, name="Palembang Ekspres", province_id="16")


ROLES = ["kpk_manager", "kpk_staff", "partner_manager", "partner_operator", "province_manager"]


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("kpk_manager", True),
        ("kpk_staff", True),
        ("partner_manager", True),
        ("partner_operator", False),
        ("province_manager", False),
        ("administrator", True),
    ],
)
def test_who_records_the_press_partners_of_palembang(network, role, allowed):
    assert (
        getattr(network, role).has_perm("partnerships.manage_press_partners", network.city)
        is allowed
    )


def test_only_a_diskominfo_records_press_partners(network):
    assert not network.kpk_manager.has_perm(
        "partnerships.manage_press_partners", network.provincial_media
    )
    assert not network.kpk_manager.has_perm("partnerships.manage_press_partners", network.kpk)


def test_add_press_partner_records_and_logs_it_on_the_diskominfo(network, outlet):
    partner = services.add_press_partner(network.city, outlet=outlet, by=network.partner_manager)

    assert (partner.organisation, partner.outlet) == (network.city, outlet)
    entry = AuditEntry.objects.get(action="partnerships.press_partner_added")
    assert (entry.target_id, entry.changes) == (
        str(network.city.pk),
        {"outlet": "Palembang Ekspres"},
    )


def test_add_press_partner_refuses_what_is_not_an_active_outlet_and_repeats(network, outlet):
    inactive = OrganisationFactory(media=True, is_active=False)
    services.add_press_partner(network.city, outlet=outlet, by=network.partner_manager)

    for candidate, message in [
        (network.neighbour, "A press partner is an active media outlet."),
        (inactive, "A press partner is an active media outlet."),
        (outlet, "Palembang Ekspres is already a press partner."),
    ]:
        with pytest.raises(ValidationError) as refused:
            services.add_press_partner(network.city, outlet=candidate, by=network.partner_manager)
        assert refused.value.messages == [message]
    assert PressPartner.objects.count() == 1


def test_add_and_remove_are_refused_to_operators_and_other_diskominfo(network, outlet):
    with pytest.raises(PermissionDenied):
        services.add_press_partner(network.city, outlet=outlet, by=network.partner_operator)
    with pytest.raises(PermissionDenied):
        services.add_press_partner(network.neighbour, outlet=outlet, by=network.partner_manager)
    partner = PressPartnerFactory(organisation=network.city, outlet=outlet)
    with pytest.raises(PermissionDenied):
        services.remove_press_partner(partner, by=network.province_manager)
    assert PressPartner.objects.count() == 1


def test_remove_press_partner_deletes_and_logs(network, outlet):
    partner = PressPartnerFactory(organisation=network.city, outlet=outlet)

    services.remove_press_partner(partner, by=network.kpk_staff)

    assert not PressPartner.objects.exists()
    entry = AuditEntry.objects.get(action="partnerships.press_partner_removed")
    assert entry.changes == {"outlet": "Palembang Ekspres"}


def test_the_organisation_page_lists_press_partners_and_offers_outlets_to_its_manager(
    client_as, network, outlet
):
    PressPartnerFactory(
        organisation=network.city, outlet=OrganisationFactory(media=True, name="Sriwijaya TV")
    )

    page = client_as(network.partner_manager).get(network.city.get_absolute_url())

    html = page.content.decode()
    assert [p.outlet.name for p in page.context["press_partners"]] == ["Sriwijaya TV"]
    assert list(page.context["press_partner_form"].fields["outlet"].queryset) == [
        network.provincial_media,
        outlet,
    ]
    assert 'data-testid="press-partner-add"' in html


def test_the_organisation_page_shows_press_partners_read_only_to_operators(client_as, network):
    PressPartnerFactory(organisation=network.city)

    page = client_as(network.partner_operator).get(network.city.get_absolute_url())

    assert len(page.context["press_partners"]) == 1
    assert page.context["press_partner_form"] is None
    assert 'data-testid="press-partner-add"' not in page.content.decode()


def test_a_media_outlets_page_has_no_press_partners_part(client_as, network):
    page = client_as(network.kpk_staff).get(network.provincial_media.get_absolute_url())

    assert "press_partners" not in page.context
    assert 'data-testid="press-partners"' not in page.content.decode()


def test_add_through_the_page(client_as, network, outlet):
    client = client_as(network.partner_manager)

    response = client.post(
        reverse("partnerships:press_partner_add", args=[network.city.pk]), {"outlet": outlet.pk}
    )

    assert response.url == f"{network.city.get_absolute_url()}#press-partners"
    assert messages_of(response) == ["Palembang Ekspres is now a press partner."]
    assert PressPartner.objects.filter(organisation=network.city, outlet=outlet).exists()


def test_add_through_the_page_refuses_an_outlet_not_offered(client_as, network):
    response = client_as(network.partner_manager).post(
        reverse("partnerships:press_partner_add", args=[network.city.pk]),
        {"outlet": network.neighbour.pk},
    )

    assert messages_of(response) == ["Choose one of the media outlets offered."]
    assert not PressPartner.objects.exists()


def test_remove_through_the_page_and_others_get_404(client_as, network, outlet):
    partner = PressPartnerFactory(organisation=network.city, outlet=outlet)
    path = reverse("partnerships:press_partner_remove", args=[network.city.pk, partner.pk])
    foreign = PressPartnerFactory(organisation=network.foreign)
    foreign_path = reverse(
        "partnerships:press_partner_remove", args=[network.foreign.pk, foreign.pk]
    )
    client = client_as(network.partner_manager)

    assert client.post(foreign_path).status_code == 404
    response = client.post(path)

    assert messages_of(response) == ["Palembang Ekspres is no longer a press partner."]
    assert list(PressPartner.objects.all()) == [foreign]
