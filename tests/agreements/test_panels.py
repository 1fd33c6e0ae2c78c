from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from agreements.models import Agreement
from agreements.notification_kinds import AGREEMENT_COMMENTED
from partnerships.models import Province
from tests.factories import (
    AgreementFactory,
    NotificationFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.helpers import listed

pytestmark = pytest.mark.django_db

Status = Agreement.Status
HOME = reverse("home")
LIST = reverse("agreements:list")
INBOX = reverse("notifications:list")


def _panel(response, code):
    shown = {shown.code: shown.context for shown in response.context["panels"]}
    return shown.get(code)


def _lines(response) -> dict:
    """The waiting panel's lines as {step: (count, newest titles, list URL)}."""
    return {
        line["step"]: (
            line["count"],
            [agreement.title for agreement in line["newest"]],
            line["list_url"],
        )
        for line in _panel(response, "agreements.waiting")["lines"]
    }


@pytest.fixture
def workflow(network):
    """Agreements waiting for steps, in Palembang (reach of the city's partners) and in Medan."""
    return {
        "negotiation_city": AgreementFactory(
            title="Rundingan Palembang",
            status=Status.NEGOTIATION,
            owner=network.kpk_manager,
            between=[network.kpk, network.city],
        ),
        "negotiation_medan": AgreementFactory(
            title="Rundingan Medan",
            status=Status.NEGOTIATION,
            owner=network.kpk_staff,
            between=[network.kpk, network.foreign],
        ),
        "ready_city": AgreementFactory(
            title="Siap Palembang",
            status=Status.READY,
            owner=network.kpk_manager,
            between=[network.kpk, network.city],
        ),
        "ready_medan": AgreementFactory(
            title="Siap Medan",
            status=Status.READY,
            owner=network.kpk_staff,
            between=[network.kpk, network.foreign],
        ),
        "draft_city": AgreementFactory(
            title="Draf Palembang", owner=network.kpk_staff, between=[network.kpk, network.city]
        ),
    }


# Waiting for my step


def test_waiting_for_a_kpk_manager_counts_owned_reviews_and_every_step_to_take(
    network, client_as, workflow
):
    response = client_as(network.kpk_manager).get(HOME)

    assert _lines(response) == {
        "review": (1, ["Rundingan Palembang"], f"{LIST}?status=negotiation&owner=me"),
        "mark_ready": (2, ["Rundingan Medan", "Rundingan Palembang"], f"{LIST}?status=negotiation"),
        "sign": (2, ["Siap Medan", "Siap Palembang"], f"{LIST}?status=ready"),
    }


def test_waiting_for_kpk_staff_counts_only_what_they_own(network, client_as, workflow):
    response = client_as(network.kpk_staff).get(HOME)

    assert _lines(response) == {
        "review": (1, ["Rundingan Medan"], f"{LIST}?status=negotiation&owner=me"),
        "sign": (1, ["Siap Medan"], f"{LIST}?status=ready&owner=me"),
    }


def test_waiting_for_a_partner_manager_counts_only_their_organisations(
    network, client_as, workflow
):
    response = client_as(network.partner_manager).get(HOME)

    assert _lines(response) == {
        "review": (1, ["Rundingan Palembang"], f"{LIST}?status=negotiation"),
        "sign": (1, ["Siap Palembang"], f"{LIST}?status=ready"),
    }
    assert "Medan" not in response.content.decode()


def test_waiting_for_a_partner_operator_is_only_review(network, client_as, workflow):
    response = client_as(network.partner_operator).get(HOME)

    assert _lines(response) == {
        "review": (1, ["Rundingan Palembang"], f"{LIST}?status=negotiation"),
    }


def test_waiting_for_a_province_manager_leaves_out_the_regencies(network, client_as, workflow):
    response = client_as(network.province_manager).get(HOME)

    assert _lines(response) == {
        "review": (0, [], f"{LIST}?status=negotiation"),
        "sign": (0, [], f"{LIST}?status=ready"),
    }
    assert "Nothing waiting for you." in response.content.decode()


@pytest.mark.parametrize(
    "role", ["kpk_manager", "kpk_staff", "partner_manager", "partner_operator"]
)
def test_waiting_links_list_exactly_what_each_line_counts(network, client_as, workflow, role):
    client = client_as(getattr(network, role))

    lines = _lines(client.get(HOME))

    for count, newest, url in lines.values():
        titles = listed(client.get(url), "title")
        assert len(titles) == count
        assert titles[: len(newest)] == newest


def test_waiting_shows_only_the_newest_three(network, client_as):
    for number in range(5):
        AgreementFactory(
            title=f"Rundingan {number}", status=Status.NEGOTIATION, between=[network.kpk]
        )

    lines = _lines(client_as(network.kpk_manager).get(HOME))

    assert lines["mark_ready"][:2] == (5, ["Rundingan 4", "Rundingan 3", "Rundingan 2"])


def test_waiting_says_nothing_is_waiting_with_a_link_to_the_list(network, client_as):
    AgreementFactory(status=Status.ACTIVE, owner=network.kpk_staff, between=[network.kpk])

    response = client_as(network.kpk_staff).get(HOME)

    panel = _panel(response, "agreements.waiting")
    assert panel["total"] == 0
    content = response.content.decode()
    assert "Nothing waiting for you." in content
    assert f'href="{LIST}">See every agreement</a>' in content


def test_waiting_action_leads_to_the_first_step_with_work(network, client_as, workflow):
    response = client_as(network.kpk_staff).get(HOME)

    assert _panel(response, "agreements.waiting")["next_url"] == (
        f"{LIST}?status=negotiation&owner=me"
    )
    assert "Take the next step" in response.content.decode()


def test_agreements_panels_are_hidden_from_people_who_cannot_see_agreements(client_as, workflow):
    response = client_as(UserFactory()).get(HOME)

    codes = [shown.code for shown in response.context["panels"]]
    assert [code for code in codes if code.startswith("agreements.")] == []


# Expiring


def test_expiring_lists_the_soonest_visible_with_days_left(network, client_as):
    today = timezone.localdate()
    for title, days, parties in [
        ("Habis 60 hari", 60, [network.kpk, network.city]),
        ("Habis 10 hari", 10, [network.kpk, network.city]),
        ("Habis 200 hari", 200, [network.kpk, network.city]),
        ("Medan habis 5 hari", 5, [network.kpk, network.foreign]),
    ]:
        AgreementFactory(
            title=title, status=Status.ACTIVE, ends_on=today + timedelta(days), between=parties
        )
    client = client_as(network.partner_manager)

    response = client.get(HOME)

    panel = _panel(response, "agreements.expiring")
    assert panel["count"] == 2
    assert [agreement.title for agreement in panel["soonest"]] == ["Habis 10 hari", "Habis 60 hari"]
    assert panel["list_url"] == f"{LIST}?status=expiring"
    assert listed(client.get(panel["list_url"]), "title") == ["Habis 10 hari", "Habis 60 hari"]
    content = response.content.decode()
    assert "Expiring within 90 days" in content
    assert "10 days left" in content
    assert "Medan" not in content


def test_expiring_shows_the_soonest_five(network, client_as):
    today = timezone.localdate()
    for days in range(1, 8):
        AgreementFactory(status=Status.ACTIVE, ends_on=today + timedelta(days))

    panel = _panel(client_as(network.kpk_staff).get(HOME), "agreements.expiring")

    assert panel["count"] == 7
    assert [agreement.days_left for agreement in panel["soonest"]] == [1, 2, 3, 4, 5]


def test_expiring_follows_the_setting(network, client_as, settings):
    settings.AGREEMENT_EXPIRING_DAYS = 30
    AgreementFactory(status=Status.ACTIVE, ends_on=timezone.localdate() + timedelta(60))

    response = client_as(network.kpk_staff).get(HOME)

    assert _panel(response, "agreements.expiring")["count"] == 0
    assert "No active agreement ends within the next 30 days." in response.content.decode()


# Unread comments


def _comment(recipient, title, excerpt, **fields):
    return NotificationFactory(
        recipient=recipient,
        kind=AGREEMENT_COMMENTED.code,
        target_url=f"/agreements/{title}/",
        target_label=title,
        context={"excerpt": excerpt},
        **fields,
    )


def test_comments_counts_unread_comment_notifications_and_links_their_discussions(
    network, client_as
):
    me = network.kpk_staff
    first = _comment(me, "Rundingan A", "Pasal 3 perlu diubah.")
    _comment(me, "Rundingan B", "Setuju.")
    _comment(me, "Sudah dibaca", "Lama.", read_at=timezone.now())
    _comment(network.kpk_manager, "Orang lain", "Bukan untuk saya.")
    NotificationFactory(recipient=me, target_label="Jenis lain")
    client = client_as(me)

    response = client.get(HOME)

    panel = _panel(response, "agreements.comments")
    assert panel["count"] == 2
    assert [notification.target_label for notification in panel["newest"]] == [
        "Rundingan B",
        "Rundingan A",
    ]
    assert panel["list_url"] == f"{INBOX}?state=unread&kind=agreements.commented"
    content = response.content.decode()
    # Through the notification, so that opening the discussion marks it read.
    assert f'href="{reverse("notifications:open", args=[first.pk])}#comments"' in content
    assert "“Pasal 3 perlu diubah.”" in content
    inbox = client.get(panel["list_url"]).context["page"].object_list
    assert [notification.target_label for notification in inbox] == ["Rundingan B", "Rundingan A"]


def test_comments_shows_the_newest_three(network, client_as):
    for number in range(5):
        _comment(network.partner_manager, f"Rundingan {number}", "…")

    panel = _panel(client_as(network.partner_manager).get(HOME), "agreements.comments")

    assert panel["count"] == 5
    assert len(panel["newest"]) == 3


def test_comments_without_any_says_so(network, client_as):
    response = client_as(network.partner_operator).get(HOME)

    assert _panel(response, "agreements.comments")["count"] == 0
    assert "No unread comments on your agreements." in response.content.decode()


# Provinces


def test_provinces_counts_each_state_of_the_38_provinces(network, client_as):
    today = timezone.localdate()
    AgreementFactory(status=Status.ACTIVE, between=[network.kpk, network.province], dated=True)
    AgreementFactory(
        status=Status.ACTIVE, ends_on=today + timedelta(20), between=[network.kpk, network.foreign]
    )
    neighbour_province = Province.objects.exclude(pk__in=["12", "16"]).order_by("pk").first()
    AgreementFactory(
        status=Status.NEGOTIATION,
        between=[
            network.kpk,
            OrganisationFactory(province_diskominfo=True, province_id=neighbour_province.pk),
        ],
    )

    response = client_as(network.kpk_staff).get(HOME)

    panel = _panel(response, "agreements.provinces")
    assert panel["provinces"] == Province.objects.count() == 38
    assert [(state, total) for state, _label, total, _colour in panel["states"]] == [
        ("active", 1),
        ("expiring", 1),
        ("drafting", 1),
        ("expired", 0),
        ("none", 35),
    ]
    overview = reverse("agreements:province_overview")
    content = response.content.decode()
    # The panel's button and the navigation; each state links to the overview filtered to it.
    assert content.count(f'href="{overview}"') == 2
    for state in ("active", "expiring", "drafting", "expired", "none"):
        assert f'href="{overview}?state={state}"' in content


def test_provinces_is_for_kpk_only(network, client_as):
    assert _panel(client_as(network.partner_manager).get(HOME), "agreements.provinces") is None
