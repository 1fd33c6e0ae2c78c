import pytest
from celery.signals import task_prerun
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import IntegrityError, models, transaction

from notifications.kinds import Kind, Mode
from notifications.models import Delivery, Notification, Preference
from notifications.services import Link, notify
from partnerships.models import Organisation, Role
from tests.factories import OrganisationFactory, UserFactory, member

pytestmark = pytest.mark.django_db


def test_notify_records_one_notification_per_recipient_about_the_target():
    organisation = OrganisationFactory()
    actor, first, second = UserFactory(), UserFactory(), UserFactory()

    notify("tests.report", [first, second], target=organisation, context={"x": 1}, by=actor)

    rows = Notification.objects.order_by("recipient_id")
    assert [row.recipient for row in rows] == [first, second]
    assert [
        (
            row.kind,
            row.actor_id,
            row.target_type,
            row.target_id,
            row.target_url,
            row.target_label,
            row.context,
            row.read_at,
        )
        for row in rows
    ] == 2 * [
        (
            "tests.report",
            actor.pk,
            ContentType.objects.get_for_model(Organisation),
            str(organisation.pk),
            organisation.get_absolute_url(),
            organisation.name,
            {"x": 1},
            None,
        )
    ]


def test_notify_leaves_out_the_actor_and_inactive_accounts():
    actor, active, inactive = UserFactory(), UserFactory(), UserFactory(is_active=False)

    created = notify(
        "tests.report", [actor, active, inactive, active], target=Link("/x/", "X"), by=actor
    )

    assert [row.recipient for row in created] == [active]


def test_notify_follows_the_recipients_choice_then_the_default_for_their_role():
    chose_email = member(Role.PARTNER_OPERATOR)
    manager = member(Role.PARTNER_MANAGER)
    operator = member(Role.PARTNER_OPERATOR)
    Preference.objects.create(user=chose_email, kind="tests.report", mode=Mode.EMAIL)

    notify("tests.report", [chose_email, manager, operator], target=Link("/r/", "Report"))

    modes = dict(Notification.objects.values_list("recipient_id", "mode"))
    assert modes == {
        chose_email.pk: Mode.EMAIL,
        manager.pk: Mode.DIGEST,  # the kind's default for people the rules say manage
        operator.pk: Mode.IN_APP,
    }
    assert list(Delivery.objects.values_list("user_id", "mode")) == [(chose_email.pk, Mode.EMAIL)]


def test_notify_sends_the_email_only_after_the_transaction_commits(on_commit):
    recipient = UserFactory()

    with on_commit(), transaction.atomic():
        notify("tests.request", [recipient], target=Link("/c/1/", "Poster"), context={"due": "x"})
        assert mail.outbox == []

    assert [message.to for message in mail.outbox] == [[recipient.email]]
    assert Delivery.objects.get().status == Delivery.Status.SENT


def test_notification_in_a_transaction_that_rolls_back_sends_nothing(on_commit):
    recipient = UserFactory()

    with on_commit(), pytest.raises(RuntimeError), transaction.atomic():
        notify(
            "tests.request",
            [recipient],
            target=Link("/c/1/", "Poster"),
            context={"due": "1 June"},
        )
        raise RuntimeError("the calling service failed")

    assert mail.outbox == []
    assert Notification.objects.count() == 0
    assert Delivery.objects.count() == 0


def test_notify_queues_the_emails_in_batches(on_commit, settings):
    settings.NOTIFICATIONS_BATCH_SIZE = 2
    recipients = UserFactory.create_batch(5)
    batches = []

    def record(sender, args, **kwargs):
        batches.append(len(args[0]))

    task_prerun.connect(record, weak=False)
    try:
        with on_commit():
            notify("tests.request", recipients, target=Link("/c/", "C"), context={"due": "x"})
    finally:
        task_prerun.disconnect(record)

    assert batches == [2, 2, 1]
    assert len(mail.outbox) == 5


def test_notify_refuses_an_unknown_kind():
    with pytest.raises(LookupError):
        notify("tests.nothing", [UserFactory()], target=None)


def test_notify_refuses_a_link_that_is_not_a_web_address():
    with pytest.raises(ValueError):
        notify("tests.report", [UserFactory()], target=Link("javascript:alert(1)", "Click"))


def test_notify_with_an_event_key_notifies_each_person_once_however_often_it_runs(on_commit):
    first, second, newcomer = UserFactory(), UserFactory(), UserFactory()
    target = Link("/agreements/7/", "MoU Sumsel")

    with on_commit():
        notify("tests.request", [first, second], target=target, key="ending:7:90")
        again = notify("tests.request", [first, second], target=target, key="ending:7:90")
        later = notify("tests.request", [first, newcomer], target=target, key="ending:7:90")
        next_event = notify("tests.request", [first], target=target, key="ending:7:30")

    assert again == []
    assert [row.recipient for row in later] == [newcomer]
    assert [row.recipient for row in next_event] == [first]
    assert Notification.objects.filter(key="ending:7:90").count() == 3
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [first.email, first.email, second.email, newcomer.email]
    )


def test_notify_without_a_key_records_every_call():
    person = UserFactory()

    notify("tests.report", [person], target=Link("/x/", "X"))
    notify("tests.report", [person], target=Link("/x/", "X"))

    assert Notification.objects.filter(recipient=person).count() == 2


def test_the_event_key_is_unique_per_person_in_the_database():
    person = UserFactory()
    notify("tests.report", [person], target=Link("/x/", "X"), key="scan:1")

    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(
            recipient=person, kind="tests.report", mode=Mode.IN_APP, key="scan:1"
        )


def test_kind_shows_a_stored_code_by_its_label_in_the_readers_language(db):
    class Colour(models.TextChoices):
        RED = "red", "Merah"

    kind = Kind(
        code="tests.coloured",
        label="Coloured",
        message="%(target)s is %(colour)s.",
        choices={"colour": Colour},
    )
    notification = Notification(
        kind="tests.coloured", target_label="Spanduk", context={"colour": "red"}
    )
    unknown = Notification(kind="tests.coloured", target_label="Baliho", context={"colour": "blue"})

    assert kind.render(notification) == "Spanduk is Merah."
    assert kind.render(unknown) == "Baliho is blue."
