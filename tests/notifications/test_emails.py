import copy
from dataclasses import dataclass

import pytest
from django.core import mail
from django.db import transaction

from notifications.emails import Attachment, Parts, message_email, send_email
from notifications.kinds import Kind, Mode, register_kind, unregister_kind
from notifications.models import Delivery
from notifications.services import Link, notify, queue_message
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def greeting(settings, tmp_path):
    """A subject/text/HTML triplet as an app would write it, with a translated word in each."""
    (tmp_path / "greeting_subject.txt").write_text(
        '{% load i18n %}{% autoescape off %}\n  [Sinergi] {% translate "Organisations" %}\n'
        "  & {{ name }}\n{% endautoescape %}"
    )
    (tmp_path / "greeting.txt").write_text(
        '{% load i18n %}{% autoescape off %}{% translate "Organisations" %}: {{ name }}'
        "\n{{ url }}{% endautoescape %}"
    )
    (tmp_path / "greeting.html").write_text(
        '{% load i18n %}<p>{% translate "Organisations" %}: {{ name }}</p><a href="{{ url }}">x</a>'
    )
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [tmp_path, *templates[0]["DIRS"]]
    settings.TEMPLATES = templates
    return "greeting"


def _send(prefix, language="id"):
    return send_email(
        prefix,
        {"name": "Kominfo & Persandian", "url": "http://testserver/invitation/rahasia/"},
        to="humas@palembang.go.id",
        language=language,
    )


def test_send_email_stores_the_rendered_triplet_in_a_pending_message(greeting):
    delivery = _send(greeting)

    delivery.refresh_from_db()
    assert (delivery.mode, delivery.user, delivery.notification, delivery.status) == (
        Delivery.MESSAGE,
        None,
        None,
        Delivery.Status.PENDING,
    )
    assert delivery.to_email == "humas@palembang.go.id"
    assert delivery.subject == "[Sinergi] Organisasi & Kominfo & Persandian"
    assert delivery.body_text == (
        "Organisasi: Kominfo & Persandian\nhttp://testserver/invitation/rahasia/"
    )
    assert delivery.body_html == (
        '<p>Organisasi: Kominfo &amp; Persandian</p><a href="http://testserver/invitation/rahasia/">x</a>'
    )


def test_send_email_speaks_the_language_asked_not_the_active_one(greeting):
    delivery = _send(greeting, language="en")

    assert delivery.subject == "[Sinergi] Organisations & Kominfo & Persandian"
    assert delivery.body_text.startswith("Organisations: ")


def test_send_email_sends_nothing_before_the_commit(greeting, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        _send(greeting)

    assert len(callbacks) == 1
    assert mail.outbox == []


def test_send_email_rolls_back_with_the_callers_transaction(
    greeting, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _send(greeting)
        raise RuntimeError("the caller's write failed")

    assert callbacks == []
    assert Delivery.objects.count() == 0
    assert mail.outbox == []


def test_send_email_sends_the_stored_parts_on_commit(greeting, on_commit):
    with on_commit():
        delivery = _send(greeting)

    [message] = mail.outbox
    assert message.to == ["humas@palembang.go.id"]
    assert message.subject == "[Sinergi] Organisasi & Kominfo & Persandian"
    assert message.body == "Organisasi: Kominfo & Persandian\nhttp://testserver/invitation/rahasia/"
    [(html, mimetype)] = message.alternatives
    assert (html.startswith("<p>Organisasi: Kominfo &amp; Persandian</p>"), mimetype) == (
        True,
        "text/html",
    )
    assert message.extra_headers == {
        "Message-ID": f"<sinergi.delivery.{delivery.pk}@testserver>",
        "Auto-Submitted": "auto-generated",
        "X-Auto-Response-Suppress": "All",
    }


def test_message_email_has_the_same_id_each_time_it_is_composed():
    delivery = queue_message(Parts(subject="Hello", text="Text"), to="rina@palembang.go.id")

    first, second = message_email(delivery), message_email(delivery)

    assert first.extra_headers["Message-ID"] == f"<sinergi.delivery.{delivery.pk}@testserver>"
    assert second.extra_headers["Message-ID"] == first.extra_headers["Message-ID"]


def test_message_email_without_html_is_plain_text():
    delivery = queue_message(Parts(subject="Hello", text="Text"), to="rina@palembang.go.id")

    message = message_email(delivery)

    assert (message.body, message.alternatives, message.content_subtype) == ("Text", [], "plain")


def test_message_email_with_html_alone_is_html():
    delivery = queue_message(Parts(subject="Hello", text="", html="<p>Hi</p>"), to="a@b.go.id")

    message = message_email(delivery)

    assert (message.body, message.alternatives, message.content_subtype) == (
        "<p>Hi</p>",
        [],
        "html",
    )


def test_queue_message_refuses_a_message_without_an_address():
    with pytest.raises(ValueError, match=r"^A message needs an address and a subject\.$"):
        queue_message(Parts(subject="Hello", text="Text"), to="")

    assert Delivery.objects.count() == 0


# Attachments: a message stores its files until it is sent; a kind makes its own when composed.

CALENDAR = Attachment("acara.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")
PICTURE = Attachment("qr.png", b"\x89PNG\r\n\x1a\n\x00\xff", "image/png")


def test_queue_message_stores_the_attachments_until_it_is_sent(on_commit):
    with on_commit():
        delivery = queue_message(
            Parts(subject="Tiket", text="Tiket Anda"),
            to="jurnalis@example.id",
            attachments=[CALENDAR, PICTURE],
        )
        stored = Delivery.objects.get(pk=delivery.pk).attachments

    [message] = mail.outbox
    assert [Attachment.from_stored(data) for data in stored] == [CALENDAR, PICTURE]
    assert [(a.filename, a.content, a.mimetype) for a in message.attachments] == [
        ("acara.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar"),
        ("qr.png", b"\x89PNG\r\n\x1a\n\x00\xff", "image/png"),
    ]
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attachments, delivery.body_text) == (
        Delivery.Status.SENT,
        [],
        "",
    )


def test_send_email_passes_the_attachments_on(greeting, on_commit):
    with on_commit():
        send_email(
            greeting,
            {"name": "Kominfo", "url": "http://testserver/"},
            to="humas@palembang.go.id",
            language="id",
            attachments=[PICTURE],
        )

    [message] = mail.outbox
    assert [a.filename for a in message.attachments] == ["qr.png"]


def test_a_message_without_attachments_carries_none():
    delivery = queue_message(Parts(subject="Hello", text="Text"), to="rina@palembang.go.id")

    assert (delivery.attachments, message_email(delivery).attachments) == ([], [])


@dataclass(frozen=True)
class TicketKind(Kind):
    def attachments(self, notification):
        return [Attachment(f"{notification.target_label}.ics", b"BEGIN:VCALENDAR", "text/calendar")]


@pytest.fixture
def ticket_kind():
    kind = register_kind(
        TicketKind(
            code="tests.ticket", label="Ticket", message="%(target)s", default_mode=Mode.EMAIL
        )
    )
    yield kind
    unregister_kind(kind.code)


def test_a_kind_attaches_its_files_to_the_notification_email(ticket_kind, on_commit):
    recipient = UserFactory()

    with on_commit():
        notify("tests.ticket", [recipient], target=Link("/events/1/", "pelatihan"))

    [message] = mail.outbox
    assert [(a.filename, a.content, a.mimetype) for a in message.attachments] == [
        ("pelatihan.ics", "BEGIN:VCALENDAR", "text/calendar")
    ]


def test_a_kind_without_the_hook_attaches_nothing(on_commit):
    with on_commit():
        notify("tests.request", [UserFactory()], target=Link("/content/7/", "Poster"))

    [message] = mail.outbox
    assert message.attachments == []
