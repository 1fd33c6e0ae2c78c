from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from notifications.emails import Parts
from notifications.kinds import Kind, Mode, register_kind, unregister_kind
from notifications.models import Delivery, Notification
from notifications.services import (
    MAX_ATTEMPTS,
    Link,
    notify,
    queue_message,
    republish_deliveries,
)
from notifications.tasks import send_deliveries
from tests.factories import UserFactory
from tests.notifications.smtp import Sink, SmtpServer, free_port

pytestmark = pytest.mark.django_db


def _request(recipients, **kwargs):
    """A notification that each recipient gets by email at once (the kind's default)."""
    return notify(
        "tests.request",
        recipients,
        target=Link("/content/7/", "Poster Hari Antikorupsi"),
        context={"due": "1 June"},
        **kwargs,
    )


@pytest.fixture
def translated_kind():
    # A sentence the catalogues already translate, to see the recipient's language at work.
    kind = register_kind(
        Kind(
            code="tests.translated",
            label=gettext_lazy("Organisations"),
            message=gettext_lazy("Organisations"),
            default_mode=Mode.EMAIL,
        )
    )
    yield kind
    unregister_kind(kind.code)


def test_email_links_to_the_object_and_to_the_preferences(on_commit):
    actor, recipient = UserFactory(full_name="Rina Wulandari"), UserFactory(language="en")

    with on_commit():
        _request([recipient], by=actor)

    [message] = mail.outbox
    assert message.to == [recipient.email]
    assert message.subject == (
        "[Sinergi] Rina Wulandari asks you to publish Poster Hari Antikorupsi by 1 June."
    )
    assert "http://testserver/content/7/" in message.body
    assert "http://testserver/notifications/preferences/" in message.body
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert 'href="http://testserver/content/7/"' in html
    assert 'href="http://testserver/notifications/preferences/"' in html
    delivery = Delivery.objects.get()
    assert message.extra_headers["Message-ID"] == f"<sinergi.delivery.{delivery.pk}@testserver>"


def test_email_subject_and_label_are_cut_at_a_word(on_commit):
    actor, recipient = UserFactory(full_name="Rina"), UserFactory(language="en")
    phrase = "Nota Kesepahaman tentang Diseminasi Pendidikan Antikorupsi "  # 59 characters

    with on_commit():
        notify("tests.report", [recipient], target=Link("/a/", phrase * 6))
        notify(
            "tests.request",
            [recipient],
            target=Link("/b/", phrase * 6),
            context={"due": "1 June"},
            by=actor,
        )

    labels = set(Notification.objects.values_list("target_label", flat=True))
    assert labels == {phrase * 4 + "Nota Kesepahaman…"}
    [message] = mail.outbox
    assert message.subject == "[Sinergi] Rina asks you to publish " + phrase * 2 + "Nota…"


def test_email_speaks_the_recipients_language(on_commit, translated_kind):
    indonesian, english = UserFactory(language="id"), UserFactory(language="en")

    with on_commit():
        notify(translated_kind.code, [indonesian, english], target=Link("/o/", "Org"))

    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects == {
        indonesian.email: "[Sinergi] Organisasi",
        english.email: "[Sinergi] Organisations",
    }


def test_delivery_task_run_twice_sends_one_email():
    _request([UserFactory()])  # the test's transaction never commits: nothing is queued
    delivery = Delivery.objects.get()

    send_deliveries.apply(args=[[delivery.pk]])
    send_deliveries.apply(args=[[delivery.pk]])

    assert len(mail.outbox) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.SENT, 1)


def test_a_batch_is_sent_over_one_smtp_connection(smtp, on_commit):
    recipients = UserFactory.create_batch(5)

    with on_commit():
        _request(recipients)

    assert smtp.recipients == sorted(user.email for user in recipients)
    assert smtp.connections == 1


def test_delivery_failing_on_smtp_backs_off_then_fails_visibly_in_the_admin(
    settings, client_as, administrator
):
    nobody_listens = free_port()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": nobody_listens, "timeout": 2},
        }
    }
    recipient = UserFactory()
    _request([recipient])
    delivery = Delivery.objects.get()

    waits = []
    for _attempt in range(MAX_ATTEMPTS - 1):
        started = timezone.now()
        send_deliveries.apply(args=[[delivery.pk]])
        delivery.refresh_from_db()
        assert delivery.status == Delivery.Status.PENDING
        waits.append(round((delivery.next_attempt_at - started).total_seconds() / 60))
    send_deliveries.apply(args=[[delivery.pk]])

    assert waits == [1, 2, 4, 8, 16]  # minutes
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.FAILED, 6)
    assert delivery.last_error.startswith("ConnectionRefusedError:")
    response = client_as(administrator).get(
        reverse("admin:notifications_delivery_changelist"), {"status__exact": "failed"}
    )
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [delivery]
    assert recipient.email in response.text
    assert "ConnectionRefusedError" in response.text


def test_a_connection_failure_defers_the_whole_batch_without_trying_each(settings, on_commit):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": free_port(), "timeout": 2},
        }
    }

    with on_commit():
        _request(UserFactory.create_batch(3))

    assert list(Delivery.objects.values_list("status", "attempts")) == 3 * [
        (Delivery.Status.PENDING, 1)
    ]
    assert {row.last_error.split(":")[0] for row in Delivery.objects.all()} == {
        "ConnectionRefusedError"
    }


def test_refused_recipient_fails_at_once_and_the_batch_goes_on(smtp, on_commit):
    refused, accepted = UserFactory(), UserFactory()
    smtp.refuse[refused.email] = "550 5.1.1 No such mailbox"

    with on_commit():
        _request([refused, accepted])

    assert smtp.recipients == [accepted.email]
    assert smtp.connections == 1
    rows = {row.user_id: row for row in Delivery.objects.all()}
    assert (rows[refused.pk].status, rows[refused.pk].attempts) == (Delivery.Status.FAILED, 1)
    assert "No such mailbox" in rows[refused.pk].last_error
    assert rows[accepted.pk].status == Delivery.Status.SENT


def test_delivery_left_sending_by_a_lost_worker_is_taken_over_after_the_lease(settings):
    _request([UserFactory()])
    delivery = Delivery.objects.get()
    Delivery.objects.update(
        status=Delivery.Status.SENDING, claimed_at=timezone.now() - timedelta(minutes=2)
    )

    settings.NOTIFICATIONS_SENDING_LEASE_SECONDS = 600
    send_deliveries.apply(args=[[delivery.pk]])
    assert mail.outbox == []  # its worker may still be sending it

    settings.NOTIFICATIONS_SENDING_LEASE_SECONDS = 60
    send_deliveries.apply(args=[[delivery.pk]])
    assert len(mail.outbox) == 1
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT


def test_delivery_to_an_account_closed_since_is_skipped():
    recipient = UserFactory()
    _request([recipient])
    recipient.is_active = False
    recipient.save()

    send_deliveries.apply(args=[[Delivery.objects.get().pk]])

    assert mail.outbox == []
    assert Delivery.objects.get().status == Delivery.Status.SKIPPED


def test_stalled_deliveries_are_queued_again(on_commit):
    _request(UserFactory.create_batch(2))  # their task was lost: the commit never came
    Delivery.objects.update(next_attempt_at=timezone.now() - timedelta(minutes=20))

    with on_commit():
        requeued = republish_deliveries(now=timezone.now())

    assert requeued == 2
    assert len(mail.outbox) == 2


def test_recent_pending_deliveries_are_left_to_their_task(on_commit):
    _request([UserFactory()])

    with on_commit():
        requeued = republish_deliveries(now=timezone.now())

    assert requeued == 0
    assert mail.outbox == []


def test_admin_action_retries_failed_deliveries(client_as, administrator, on_commit):
    _request(UserFactory.create_batch(2))
    failed, sent = Delivery.objects.order_by("pk")
    Delivery.objects.filter(pk=failed.pk).update(
        status=Delivery.Status.FAILED, attempts=6, last_error="SMTPServerDisconnected: gone"
    )
    Delivery.objects.filter(pk=sent.pk).update(status=Delivery.Status.SENT, attempts=1)

    with on_commit():
        response = client_as(administrator).post(
            reverse("admin:notifications_delivery_changelist"),
            {"action": "retry", "_selected_action": [failed.pk, sent.pk]},
        )

    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [[failed.user.email]]
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (Delivery.Status.SENT, 1)


# Messages: emails that are not notifications (invitations, allauth's).


def _message(to="humas@palembang.go.id"):
    return queue_message(
        Parts(
            subject="[Sinergi] Undangan",
            text="Buka http://testserver/invitation/rahasia/",
            html='<a href="http://testserver/invitation/rahasia/">Buka</a>',
        ),
        to=to,
    )


def test_message_is_sent_once_then_keeps_only_its_subject_and_address(smtp, on_commit):
    with on_commit():
        delivery = _message()
    send_deliveries.apply(args=[[delivery.pk]])  # the task delivered twice

    [message] = smtp.messages
    assert message["To"] == "humas@palembang.go.id"
    assert message["Subject"] == "[Sinergi] Undangan"
    assert message["Message-ID"] == f"<sinergi.delivery.{delivery.pk}@testserver>"
    assert message.get_body(preferencelist=("plain",)).get_content() == (
        "Buka http://testserver/invitation/rahasia/\r\n"
    )
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.to_email, delivery.subject) == (
        Delivery.Status.SENT,
        1,
        "humas@palembang.go.id",
        "[Sinergi] Undangan",
    )
    assert (delivery.body_text, delivery.body_html) == ("", "")


def test_message_failing_keeps_its_bodies_and_its_message_id_for_the_retry(settings, on_commit):
    port = free_port()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 2},
        }
    }
    with on_commit():
        delivery = _message()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.PENDING, 1)
    assert delivery.body_text == "Buka http://testserver/invitation/rahasia/"

    with SmtpServer(Sink(), port=port) as server:
        send_deliveries.apply(args=[[delivery.pk]])

    assert server.sink.message_ids == [f"<sinergi.delivery.{delivery.pk}@testserver>"]
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.body_text) == (
        Delivery.Status.SENT,
        2,
        "",
    )


def test_stalled_messages_are_queued_again(on_commit):
    _message()  # its task was lost: the commit never came
    Delivery.objects.update(next_attempt_at=timezone.now() - timedelta(minutes=20))

    with on_commit():
        requeued = republish_deliveries(now=timezone.now())

    assert requeued == 1
    assert [message.to for message in mail.outbox] == [["humas@palembang.go.id"]]


def test_admin_lists_messages_by_address_and_subject_without_their_bodies(client_as, administrator):
    delivery = _message()
    client = client_as(administrator)

    changelist = client.get(
        reverse("admin:notifications_delivery_changelist"), {"q": "humas@palembang"}
    )
    change = client.get(reverse("admin:notifications_delivery_change", args=[delivery.pk]))

    assert list(changelist.context["cl"].result_list) == [delivery]
    assert "humas@palembang.go.id" in changelist.text
    assert "[Sinergi] Undangan" in changelist.text
    assert change.status_code == 200
    assert "[Sinergi] Undangan" in change.text
    assert "rahasia" not in change.text
    assert list(change.context["adminform"].form.fields) == []


def test_admin_action_retries_a_failed_message(client_as, administrator, on_commit):
    delivery = _message()
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.FAILED, attempts=6, last_error="SMTPServerDisconnected: gone"
    )

    with on_commit():
        response = client_as(administrator).post(
            reverse("admin:notifications_delivery_changelist"),
            {"action": "retry", "_selected_action": [delivery.pk]},
        )

    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [["humas@palembang.go.id"]]
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.body_text) == (
        Delivery.Status.SENT,
        1,
        "",
    )


@pytest.mark.parametrize(
    "fields",
    [
        {"mode": Delivery.MESSAGE, "to_email": "", "subject": "Hello"},
        {"mode": Delivery.MESSAGE, "to_email": "a@b.go.id", "subject": ""},
        {
            "mode": Delivery.MESSAGE,
            "to_email": "a@b.go.id",
            "subject": "Hello",
            "digest_date": "2026-06-01",
        },
        {"mode": Mode.DIGEST, "digest_date": "2026-06-01"},  # a digest is for a user
    ],
)
def test_delivery_of_the_wrong_shape_is_refused_by_the_database(fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        Delivery.objects.create(**fields)
