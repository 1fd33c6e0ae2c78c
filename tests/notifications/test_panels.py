"""The inbox's panel on the home page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import NotificationFactory, UserFactory

pytestmark = pytest.mark.django_db

HOME = reverse("home")
UNREAD_INBOX = f"{reverse('notifications:list')}?state=unread"


def _unread_panel(response) -> dict:
    return next(
        shown.context
        for shown in response.context["panels"]
        if shown.code == "notifications.unread"
    )


def _notes(user, count, *, read=False):
    start = timezone.now() - timedelta(hours=count)
    return [
        NotificationFactory(
            recipient=user,
            target_label=f"Note {number}",
            target_url=f"/notes/{number}/",
            created_at=start + timedelta(hours=number),
            read_at=timezone.now() if read else None,
        )
        for number in range(1, count + 1)
    ]


def test_unread_panel_shows_my_newest_five_unread_with_their_links(client_as):
    me, someone = UserFactory(language="en"), UserFactory()
    newest = _notes(me, 7)[-1]
    NotificationFactory(recipient=me, target_label="Already read", read_at=timezone.now())
    NotificationFactory(recipient=someone, target_label="Someone else's")

    response = client_as(me).get(HOME)

    panel = _unread_panel(response)
    assert panel["count"] == 7
    assert [notification.message for notification in panel["newest"]] == [
        "Note 7",
        "Note 6",
        "Note 5",
        "Note 4",
        "Note 3",
    ]
    assert panel["list_url"] == UNREAD_INBOX
    content = response.content.decode()
    assert f'<a href="{reverse("notifications:open", args=[newest.pk])}">Note 7</a>' in content
    assert f'href="{UNREAD_INBOX}"' in content
    assert "Someone else&#x27;s" not in content
    assert "Already read" not in content


def test_unread_panel_links_to_the_inbox_filtered_to_unread(client_as):
    me = UserFactory(language="en")
    _notes(me, 2)
    _notes(me, 3, read=True)
    client = client_as(me)
    panel = _unread_panel(client.get(HOME))

    response = client.get(panel["list_url"])

    assert [n.target_label for n in response.context["page"].object_list] == ["Note 2", "Note 1"]


def test_unread_panel_offers_to_mark_all_read_and_come_back(client_as):
    me = UserFactory(language="en")
    _notes(me, 2)
    client = client_as(me)

    content = client.get(HOME).content.decode()
    response = client.post(reverse("notifications:mark_all_read"), {"next": HOME})

    assert f'action="{reverse("notifications:mark_all_read")}"' in content
    assert response.status_code == 302
    assert response.url == HOME
    assert _unread_panel(client.get(HOME))["count"] == 0


def test_unread_panel_with_nothing_unread_says_so(client_as):
    me = UserFactory(language="en")
    _notes(me, 2, read=True)

    response = client_as(me).get(HOME)

    assert _unread_panel(response)["count"] == 0
    assert _unread_panel(response)["newest"] == []
    content = response.content.decode()
    assert "You have read every notification." in content
    assert 'data-testid="panel-mark-all-read"' not in content
