import pytest
from django.urls import reverse
from django.utils import timezone

from partnerships.models import Channel
from tests.factories import ChannelFactory
from tests.helpers import messages_of


def _create_url(organisation):
    return reverse("partnerships:channel_create", args=[organisation.pk])


def _update_url(organisation, channel):
    return reverse("partnerships:channel_update", args=[organisation.pk, channel.pk])


def _data(**overrides):
    data = {
        "kind": Channel.Kind.INSTAGRAM,
        "name": "@kominfopalembang",
        "handle": "https://instagram.com/kominfopalembang",
        "audience_size": "48200",
        "audience_updated_on": timezone.localdate().isoformat(),
        "is_active": "on",
    }
    data.update(overrides)
    return data


def _channel_rows():
    return sorted(Channel.objects.values_list("organisation_id", "name", "audience_size"))


def test_channel_create_page_shows_the_form(network, client_as):
    response = client_as(network.partner_manager).get(_create_url(network.city))

    assert response.status_code == 200
    assert response.context["organisation"] == network.city
    assert "Add a channel" in response.content.decode()


def test_channel_create_adds_the_channel_to_the_organisation(network, client_as):
    response = client_as(network.partner_manager).post(_create_url(network.city), _data())

    assert response.status_code == 302
    assert response.url == network.city.get_absolute_url()
    assert messages_of(response) == ["Channel saved."]
    assert _channel_rows() == [(network.city.pk, "@kominfopalembang", 48200)]


def test_channel_create_ignores_an_organisation_in_the_post(network, client_as):
    client_as(network.partner_manager).post(
        _create_url(network.city), _data(organisation=network.foreign.pk)
    )

    assert _channel_rows() == [(network.city.pk, "@kominfopalembang", 48200)]


def test_channel_create_shows_errors_and_saves_nothing(network, client_as):
    response = client_as(network.partner_manager).post(
        _create_url(network.city), _data(audience_size="-3")
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["audience_size"]
    assert _channel_rows() == []


@pytest.mark.parametrize(
    ("role", "organisation"),
    [("partner_operator", "city"), ("kpk_staff", "city"), ("province_manager", "neighbour")],
)
def test_channel_create_is_forbidden_to_who_sees_but_does_not_manage(
    network, client_as, role, organisation
):
    response = client_as(getattr(network, role)).post(
        _create_url(getattr(network, organisation)), _data()
    )

    assert response.status_code == 403
    assert _channel_rows() == []


def test_channel_create_in_another_organisation_is_not_found(network, client_as):
    response = client_as(network.partner_manager).post(_create_url(network.foreign), _data())

    assert response.status_code == 404
    assert "Kota Medan" not in response.content.decode()
    assert _channel_rows() == []


def test_channel_create_by_kpk_manager_in_any_partner(network, client_as):
    response = client_as(network.kpk_manager).post(_create_url(network.foreign), _data())

    assert response.status_code == 302
    assert _channel_rows() == [(network.foreign.pk, "@kominfopalembang", 48200)]


def test_channel_update_page_shows_the_current_values(network, client_as):
    channel = ChannelFactory(organisation=network.city, name="@kominfopalembang")

    response = client_as(network.partner_manager).get(_update_url(network.city, channel))

    assert response.status_code == 200
    assert response.context["form"].initial["name"] == "@kominfopalembang"
    assert "Edit channel" in response.content.decode()


def test_channel_update_records_the_new_audience(network, client_as):
    channel = ChannelFactory(organisation=network.city, name="@kominfopalembang", audience_size=10)

    response = client_as(network.partner_manager).post(
        _update_url(network.city, channel), _data(audience_size="52000")
    )

    assert response.status_code == 302
    assert _channel_rows() == [(network.city.pk, "@kominfopalembang", 52000)]


def test_channel_update_of_a_channel_of_another_organisation_is_not_found(network, client_as):
    # The manager's own organisation in the URL, another organisation's channel after it.
    foreign_channel = ChannelFactory(organisation=network.foreign, name="@kominfomedan")
    before = _channel_rows()

    response = client_as(network.partner_manager).post(
        _update_url(network.city, foreign_channel), _data(name="@dibajak")
    )

    assert response.status_code == 404
    assert "@kominfomedan" not in response.content.decode()
    assert _channel_rows() == before


def test_channel_update_in_another_organisation_is_not_found(network, client_as):
    channel = ChannelFactory(organisation=network.foreign, name="@kominfomedan")
    before = _channel_rows()

    response = client_as(network.partner_manager).get(_update_url(network.foreign, channel))

    assert response.status_code == 404
    assert "@kominfomedan" not in response.content.decode()
    assert _channel_rows() == before


def test_channel_update_is_forbidden_to_an_operator(network, client_as):
    channel = ChannelFactory(organisation=network.city, audience_size=10)
    before = _channel_rows()

    response = client_as(network.partner_operator).post(
        _update_url(network.city, channel), _data(audience_size="1")
    )

    assert response.status_code == 403
    assert _channel_rows() == before


def test_channel_pages_send_anonymous_to_sign_in(network, anonymous_client):
    channel = ChannelFactory(organisation=network.city)

    create = anonymous_client.post(_create_url(network.city), _data())
    update = anonymous_client.post(_update_url(network.city, channel), _data())

    assert (create.status_code, update.status_code) == (302, 302)
    assert create.url.startswith("/accounts/login/")
    assert update.url.startswith("/accounts/login/")
    assert Channel.objects.count() == 1
