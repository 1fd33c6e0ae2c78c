import pytest
from django.urls import reverse

from audit.services import log
from notifications.models import Notification
from notifications.services import notify
from partnerships import services
from partnerships.models import Role
from tests.factories import ChannelFactory, InvitationFactory, MembershipFactory, UserFactory
from tests.helpers import count_queries


def _url(organisation):
    return reverse("partnerships:organisation_detail", args=[organisation.pk])


def _links(organisation):
    return {
        "invite": reverse("partnerships:invite_member", args=[organisation.pk]),
        "channel": reverse("partnerships:channel_create", args=[organisation.pk]),
    }


def test_organisation_detail_shows_members_and_channels_to_a_member(network, client_as):
    ChannelFactory(organisation=network.city, name="@kominfopalembang", audience_size=48200)

    response = client_as(network.partner_operator).get(_url(network.city))

    assert response.status_code == 200
    content = response.content.decode()
    assert sorted(m.user.email for m in response.context["members"]) == [
        "kabid@palembang.go.id",
        "operator@palembang.go.id",
    ]
    assert "operator@palembang.go.id" in content
    assert "@kominfopalembang" in content
    assert "48,200" in content


def test_organisation_detail_hides_management_from_an_operator(network, client_as):
    InvitationFactory(organisation=network.city, email="calon@palembang.go.id")

    response = client_as(network.partner_operator).get(_url(network.city))

    content = response.content.decode()
    assert "calon@palembang.go.id" not in content
    assert _links(network.city)["invite"] not in content
    assert _links(network.city)["channel"] not in content
    assert response.context["can_manage"] is False


def test_organisation_detail_shows_pending_invitations_to_its_manager(network, client_as):
    InvitationFactory(organisation=network.city, email="calon@palembang.go.id")
    InvitationFactory(organisation=network.city, email="lama@palembang.go.id", revoked=True)

    response = client_as(network.partner_manager).get(_url(network.city))

    content = response.content.decode()
    assert [i.email for i in response.context["invitations"]] == ["calon@palembang.go.id"]
    assert "lama@palembang.go.id" not in content
    assert _links(network.city)["invite"] in content
    assert _links(network.city)["channel"] in content


def test_organisation_detail_of_a_regency_is_read_only_for_the_province_manager(network, client_as):
    neighbour_member = MembershipFactory(
        organisation=network.neighbour,
        role=Role.PARTNER_MANAGER,
        user__email="kadis@oganilir.go.id",
    )
    InvitationFactory(organisation=network.neighbour, email="calon@oganilir.go.id")

    response = client_as(network.province_manager).get(_url(network.neighbour))

    assert response.status_code == 200
    content = response.content.decode()
    assert neighbour_member.user.email in content
    assert "calon@oganilir.go.id" not in content
    assert _links(network.neighbour)["invite"] not in content
    assert _links(network.neighbour)["channel"] not in content


def test_organisation_detail_of_a_regency_without_manager_offers_the_province_to_invite_one(
    network, client_as
):
    response = client_as(network.province_manager).get(_url(network.neighbour))

    content = response.content.decode()
    assert _links(network.neighbour)["invite"] in content
    assert _links(network.neighbour)["channel"] not in content


def test_organisation_detail_of_another_province_is_not_found(network, client_as):
    MembershipFactory(organisation=network.foreign, user__email="operator@medan.go.id")

    response = client_as(network.province_manager).get(_url(network.foreign))

    assert response.status_code == 404
    content = response.content.decode()
    assert "Kota Medan" not in content
    assert "operator@medan.go.id" not in content


def test_organisation_detail_of_another_organisation_is_not_found_for_a_partner(network, client_as):
    response = client_as(network.partner_manager).get(_url(network.neighbour))

    assert response.status_code == 404
    assert "Ogan Ilir" not in response.content.decode()


def test_organisation_detail_of_a_missing_organisation_is_not_found(network, client_as):
    response = client_as(network.kpk_manager).get("/organisations/999999/")

    assert response.status_code == 404


def test_organisation_detail_lets_kpk_staff_read_without_managing(network, client_as):
    InvitationFactory(organisation=network.foreign, email="calon@medan.go.id")

    response = client_as(network.kpk_staff).get(_url(network.foreign))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Diskominfo Kota Medan" in content
    assert "calon@medan.go.id" not in content
    assert _links(network.foreign)["invite"] not in content


def test_organisation_detail_lets_kpk_manager_manage_any_partner(network, client_as):
    InvitationFactory(organisation=network.foreign, email="calon@medan.go.id")

    response = client_as(network.kpk_manager).get(_url(network.foreign))

    content = response.content.decode()
    assert "calon@medan.go.id" in content
    assert _links(network.foreign)["invite"] in content
    assert _links(network.foreign)["channel"] in content


def test_organisation_detail_sends_anonymous_to_sign_in(network, anonymous_client):
    response = anonymous_client.get(_url(network.city))

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_organisation_detail_queries_do_not_grow_with_members_channels_invitations(
    network, client_as
):
    client = client_as(network.partner_manager)

    def grow(count):
        for _ in range(count):
            MembershipFactory(organisation=network.city, role=Role.PARTNER_OPERATOR)
            ChannelFactory(organisation=network.city)
            InvitationFactory(organisation=network.city, invited_by=network.partner_manager)

    grow(3)
    few = count_queries(lambda: client.get(_url(network.city)))
    grow(27)
    many = count_queries(lambda: client.get(_url(network.city)))

    assert few == many


# history


def test_organisation_detail_shows_the_history_to_those_who_manage_it(network, client_as):
    services.save_channel(
        ChannelFactory.build(organisation=network.city, name="Radio Kota"),
        by=network.partner_manager,
    )

    response = client_as(network.partner_manager).get(_url(network.city))

    assert [(item.actor, item.verb, item.lines[0]) for item in response.context["history"]] == [
        (str(network.partner_manager), "added a channel", "Radio Kota")
    ]
    assert response.text.count('data-testid="event"') == 1


@pytest.mark.parametrize("role", ["partner_operator", "province_manager", "kpk_staff"])
def test_organisation_detail_hides_the_history_from_who_does_not_manage_it(
    network, client_as, role
):
    services.save_channel(
        ChannelFactory.build(organisation=network.city, name="Radio Kota"),
        by=network.partner_manager,
    )

    response = client_as(getattr(network, role)).get(_url(network.city))

    assert response.status_code == 200
    assert response.context["history"] is None
    assert 'data-testid="event"' not in response.text


def test_organisation_detail_pages_the_history(network, client_as):
    for n in range(30):
        log(network.city, f"tests.step{n}", by=network.kpk_manager)

    response = client_as(network.kpk_manager).get(_url(network.city), {"history": 2})

    assert [item.verb for item in response.context["history"]] == [
        "tests.step4",
        "tests.step3",
        "tests.step2",
        "tests.step1",
        "tests.step0",
    ]
    assert 'href="?history=1#history"' in response.text


def test_organisation_detail_history_queries_do_not_grow_with_entries(network, client_as):
    client = client_as(network.partner_manager)

    def grow(count):
        for n in range(count):
            log(
                network.city,
                "partnerships.organisation_changed",
                by=UserFactory(),
                changes={"phone": [str(n), str(n + 1)]},
            )
            log(
                network.city,
                "partnerships.member_invited",
                by=None,
                changes={"invitation": n, "email": f"{n}@example.id", "role": "partner_operator"},
            )

    grow(2)
    few = count_queries(lambda: client.get(_url(network.city)))
    grow(12)
    many = count_queries(lambda: client.get(_url(network.city)))

    assert few == many


def test_organisation_detail_marks_my_notifications_about_it_read(network, client_as):
    about_city = notify(
        "partnerships.invitation_accepted", [network.partner_manager], target=network.city
    )
    about_neighbour = notify(
        "partnerships.invitation_accepted", [network.partner_manager], target=network.neighbour
    )
    someone_elses = notify(
        "partnerships.invitation_accepted", [network.partner_operator], target=network.city
    )

    client_as(network.partner_manager).get(_url(network.city))

    unread = Notification.objects.filter(read_at=None)
    assert sorted(unread.values_list("pk", flat=True)) == sorted(
        [about_neighbour[0].pk, someone_elses[0].pk]
    )
    assert about_city[0].pk not in unread.values_list("pk", flat=True)
