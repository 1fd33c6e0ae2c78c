import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from notifications.kinds import Mode
from notifications.models import Notification, Preference
from notifications.services import Link, notify
from partnerships.models import Role
from tests.factories import UserFactory, member

pytestmark = pytest.mark.django_db

LIST = reverse("notifications:list")
PREFERENCES = reverse("notifications:preferences")
READ_ALL = reverse("notifications:mark_all_read")


def _reports(user, count, *, by=None):
    for number in range(1, count + 1):
        notify(
            "tests.report",
            [user],
            target=Link(f"/reports/{number}/", f"Report {number}"),
            by=by,
        )
    return list(Notification.objects.filter(recipient=user).order_by("pk"))


def _query_count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("url", "method"),
    [
        (LIST, "get"),
        (PREFERENCES, "get"),
        (READ_ALL, "post"),
        (reverse("notifications:mark_read", args=[1]), "post"),
        (reverse("notifications:open", args=[1]), "get"),
    ],
)
def test_every_page_asks_to_sign_in(client, url, method):
    response = getattr(client, method)(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_list_shows_only_my_notifications_linking_to_their_object(client_as):
    me, someone = UserFactory(language="en"), UserFactory()
    actor = UserFactory(full_name="Dewi Lestari")
    _first, second = _reports(me, 2, by=actor)
    _reports(someone, 3)

    response = client_as(me).get(LIST)

    assert [n.target_label for n in response.context["page"].object_list] == [
        "Report 2",
        "Report 1",
    ]
    # The link opens the notification, which marks it read and goes on to /reports/2/.
    opens = reverse("notifications:open", args=[second.pk])
    assert f'<a href="{opens}">New reach report for Report 2.</a>' in response.text
    assert "Dewi Lestari" in response.text
    assert "Report 3" not in response.text


def test_list_filters_by_read_state_and_kind(client_as):
    me = UserFactory(language="en")
    first, _second = _reports(me, 2)
    first.read_at = timezone.now()
    first.save()
    notify("tests.request", [me], target=Link("/c/", "Poster"), context={"due": "1 June"})
    client = client_as(me)

    def labels(**query):
        page = client.get(LIST, query).context["page"]
        return [notification.target_label for notification in page.object_list]

    assert labels(state="unread") == ["Poster", "Report 2"]
    assert labels(state="read") == ["Report 1"]
    assert labels(kind="tests.report") == ["Report 2", "Report 1"]
    assert labels(kind="tests.report", state="unread") == ["Report 2"]


def test_list_makes_as_many_queries_for_thirty_notifications_as_for_three(client_as):
    few, many = UserFactory(), UserFactory()
    actor = UserFactory()
    _reports(few, 3, by=actor)
    _reports(many, 30, by=actor)

    assert _query_count(client_as(few), LIST) == _query_count(client_as(many), LIST)


def test_bell_shows_my_unread_count_on_every_page(client_as):
    me = UserFactory()
    first, *_rest = _reports(me, 3)
    first.read_at = timezone.now()
    first.save()
    client = client_as(me)

    for url in [reverse("home"), PREFERENCES]:
        response = client.get(url)
        assert 'data-testid="notification-count">2</span>' in response.text, url


def test_bell_is_one_query_however_many_are_unread(client_as):
    quiet, busy = UserFactory(), UserFactory()
    _reports(busy, 150)

    assert _query_count(client_as(quiet), PREFERENCES) == _query_count(client_as(busy), PREFERENCES)
    response = client_as(busy).get(PREFERENCES)
    assert 'data-testid="notification-count">99+</span>' in response.text


def test_mark_read_marks_my_notification_and_returns(client_as):
    me = UserFactory()
    [notification] = _reports(me, 1)

    response = client_as(me).post(
        reverse("notifications:mark_read", args=[notification.pk]), {"next": f"{LIST}?page=1"}
    )

    assert response.status_code == 302
    assert response.url == f"{LIST}?page=1"
    notification.refresh_from_db()
    assert notification.is_read


def test_mark_read_of_someone_elses_notification_is_not_found(client_as):
    me, someone = UserFactory(), UserFactory()
    [theirs] = _reports(someone, 1)

    response = client_as(me).post(reverse("notifications:mark_read", args=[theirs.pk]))

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert not theirs.is_read


def test_administrator_cannot_mark_someone_elses_notification_either(client_as, administrator):
    [theirs] = _reports(UserFactory(), 1)

    response = client_as(administrator).post(reverse("notifications:mark_read", args=[theirs.pk]))

    assert response.status_code == 404


def test_mark_read_refuses_get(client_as):
    me = UserFactory()
    [notification] = _reports(me, 1)

    response = client_as(me).get(reverse("notifications:mark_read", args=[notification.pk]))

    assert response.status_code == 405
    notification.refresh_from_db()
    assert not notification.is_read


def test_mark_read_does_not_return_to_another_site(client_as):
    me = UserFactory()
    [notification] = _reports(me, 1)

    response = client_as(me).post(
        reverse("notifications:mark_read", args=[notification.pk]),
        {"next": "https://evil.example/"},
    )

    assert response.url == LIST


def test_mark_all_read_marks_only_mine(client_as):
    me, someone = UserFactory(language="en"), UserFactory()
    _reports(me, 2)
    _reports(someone, 1)

    response = client_as(me).post(READ_ALL, follow=True)

    assert Notification.objects.filter(recipient=me, read_at=None).count() == 0
    assert Notification.objects.filter(recipient=someone, read_at=None).count() == 1
    assert [str(message) for message in response.context["messages"]] == [
        "2 notifications marked as read."
    ]


def test_preferences_show_my_choices_and_my_roles_defaults(client_as):
    manager = member(Role.PARTNER_MANAGER, language="en")

    response = client_as(manager).get(PREFERENCES)

    form = response.context["form"]
    assert {name: field.initial for name, field in form.fields.items()} == {
        "tests.report": Mode.DIGEST,
        "tests.request": Mode.EMAIL,
    }
    assert "Reach report" in response.text


def test_preferences_save_the_choices_i_changed(client_as):
    me = member(Role.PARTNER_OPERATOR, language="en")

    response = client_as(me).post(
        PREFERENCES, {"tests.report": Mode.IN_APP, "tests.request": Mode.DIGEST}, follow=True
    )

    assert response.redirect_chain == [(PREFERENCES, 302)]
    # The report choice is the operator's default: left unsaved, it follows future defaults.
    assert list(Preference.objects.filter(user=me).values_list("kind", "mode")) == [
        ("tests.request", Mode.DIGEST)
    ]
    assert [str(message) for message in response.context["messages"]] == [
        "Your notification preferences have been saved."
    ]


def test_preferences_refuse_an_unknown_mode(client_as):
    me = UserFactory(language="en")

    response = client_as(me).post(PREFERENCES, {"tests.report": "fax", "tests.request": "email"})

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "tests.report": ["Select a valid choice. fax is not one of the available choices."]
    }
    assert Preference.objects.count() == 0


# Opening a notification


def test_open_marks_the_notification_read_and_follows_its_link(client_as):
    me = UserFactory()
    first, second = _reports(me, 2)

    response = client_as(me).get(reverse("notifications:open", args=[first.pk]))

    assert (response.status_code, response.url) == (302, "/reports/1/")
    assert list(Notification.objects.filter(read_at=None)) == [second]


def test_open_of_a_notification_without_a_link_goes_to_the_inbox(client_as):
    me = UserFactory()
    notify("tests.report", [me], target=Link("", "Rekap"))
    notification = Notification.objects.get()

    response = client_as(me).get(reverse("notifications:open", args=[notification.pk]))

    assert (response.status_code, response.url) == (302, LIST)
    assert Notification.objects.get().is_read


def test_open_of_someone_elses_notification_is_not_found(client_as):
    me, someone = UserFactory(), UserFactory()
    [theirs] = _reports(someone, 1)

    response = client_as(me).get(reverse("notifications:open", args=[theirs.pk]))

    assert response.status_code == 404
    assert not Notification.objects.get().is_read


def test_list_labels_each_filter_once(client_as):
    me = UserFactory(language="en")

    html = client_as(me).get(LIST).content.decode()

    # The filter bar's crispy fields carry their labels; a second label read "Status Status".
    assert (html.count('for="id_state"'), html.count('for="id_kind"')) == (1, 1)
