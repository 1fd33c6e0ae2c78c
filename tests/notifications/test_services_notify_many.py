"""notify_many: one kind, many targets, each with its recipients, in a fixed number of queries."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from notifications.kinds import Mode
from notifications.models import Delivery, Notification, Preference
from notifications.services import Link, Message, notify_many
from partnerships.models import Organisation
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_notify_many_notifies_each_targets_recipients_about_it():
    first, second = OrganisationFactory(), OrganisationFactory()
    actor, alice, bob = UserFactory(), UserFactory(), UserFactory()

    notify_many(
        "tests.request",
        [
            Message([alice], first, {"due": "1 Juni"}),
            Message([bob, alice], second, {"due": "2 Juni"}, url="/requests/2/"),
        ],
        by=actor,
    )

    rows = Notification.objects.order_by("target_id", "recipient_id")
    organisation_type = ContentType.objects.get_for_model(Organisation)
    assert [
        (row.recipient, row.target_type, row.target_id, row.target_url, row.context, row.actor)
        for row in rows
    ] == [
        (
            alice,
            organisation_type,
            str(first.pk),
            first.get_absolute_url(),
            {"due": "1 Juni"},
            actor,
        ),
        (alice, organisation_type, str(second.pk), "/requests/2/", {"due": "2 Juni"}, actor),
        (bob, organisation_type, str(second.pk), "/requests/2/", {"due": "2 Juni"}, actor),
    ]


def test_notify_many_leaves_out_the_actor_inactive_accounts_and_repeats():
    actor, active, inactive = UserFactory(), UserFactory(), UserFactory(is_active=False)

    created = notify_many(
        "tests.request",
        [
            Message([actor, active, inactive, active], Link("/x/", "X")),
            Message([actor], Link("/y/", "Y")),
        ],
        by=actor,
    )

    assert [(row.recipient, row.target_url) for row in created] == [(active, "/x/")]


def test_notify_many_follows_preferences_and_queues_email_deliveries():
    chose_in_app, by_default = UserFactory(), UserFactory()
    Preference.objects.create(user=chose_in_app, kind="tests.request", mode=Mode.IN_APP)

    notify_many("tests.request", [Message([chose_in_app, by_default], Link("/r/", "R"))])

    modes = dict(Notification.objects.values_list("recipient_id", "mode"))
    assert modes == {chose_in_app.pk: Mode.IN_APP, by_default.pk: Mode.EMAIL}
    assert list(Delivery.objects.values_list("user_id", "mode")) == [(by_default.pk, Mode.EMAIL)]


def test_notify_many_with_nobody_to_tell_writes_nothing():
    actor = UserFactory()

    assert notify_many("tests.request", [Message([actor], Link("/x/", "X"))], by=actor) == []
    assert notify_many("tests.request", []) == []
    assert not Notification.objects.exists()


def _queries(count: int) -> int:
    messages = [Message([UserFactory()], Link(f"/r/{n}/", f"R{n}")) for n in range(count)]
    with CaptureQueriesContext(connection) as context, transaction.atomic():
        notify_many("tests.request", messages)
    return len(context.captured_queries)


def test_notify_many_takes_as_many_queries_for_fifty_targets_as_for_three():
    assert _queries(50) == _queries(3)


def test_notify_many_rejects_an_unknown_kind():
    with pytest.raises(LookupError):
        notify_many("tests.nothing", [Message([UserFactory()], Link("/x/", "X"))])
