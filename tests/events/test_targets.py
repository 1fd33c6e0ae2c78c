"""Held events count towards the agreement targets, and the figures equal the lists."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from agreements.models import Agreement, Target
from agreements.targets import Window, period_bounds
from events.models import Event, Registration
from events.selectors import (
    held_events,
    media_briefings_held,
    participants_trained,
    trainings_held,
)
from events.targets import (
    count_media_briefings_held,
    count_participants_trained,
    count_trainings_held,
)
from tests.factories import (
    AgreementFactory,
    EventFactory,
    RegistrationFactory,
    ScopeItemFactory,
    TargetFactory,
    UserFactory,
)

YEAR_2026 = (date(2026, 1, 1), date(2026, 12, 31))
YEAR_2025 = (date(2025, 1, 1), date(2025, 12, 31))
NOW = datetime(2027, 3, 1, tzinfo=UTC)


@pytest.fixture(autouse=True)
def english(english_msgids):
    """Assertions read the English msgids."""


@pytest.fixture
def agreement(network):
    return AgreementFactory(status=Agreement.Status.ACTIVE, between=[network.kpk, network.city])


def held(agreement, starts_at, *, kind=Event.Kind.TRAINING, attended=1, **fields):
    """An event of ``agreement`` starting at ``starts_at`` with ``attended`` people checked in
    and one registered who did not come."""
    event = EventFactory(
        agreement=agreement,
        kind=kind,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=3),
        **fields,
    )
    for _ in range(attended):
        RegistrationFactory(event=event, checked_in=True)
    RegistrationFactory(event=event)
    return event


def test_held_events_are_published_ended_and_attended(agreement):
    day = datetime(2026, 5, 5, 2, tzinfo=UTC)
    counted = held(agreement, day)
    briefing = held(agreement, day, kind=Event.Kind.MEDIA_BRIEFING)
    held(agreement, day, status=Event.Status.CANCELLED, cancel_reason="Banjir.")
    held(agreement, day, status=Event.Status.DRAFT)
    held(agreement, day, attended=0)  # nobody came
    held(agreement, datetime(2027, 3, 1, 1, tzinfo=UTC))  # not ended by NOW
    held(AgreementFactory(), day)  # another agreement's

    assert list(held_events(agreement.pk, *YEAR_2026, now=NOW)) == [counted, briefing]
    assert list(trainings_held(agreement.pk, *YEAR_2026, now=NOW)) == [counted]
    assert list(media_briefings_held(agreement.pk, *YEAR_2026, now=NOW)) == [briefing]


def test_held_events_are_dated_by_their_start_in_their_own_zone(agreement):
    # 23.30 WIT on 31 December 2026 is 14.30 UTC: it counts for 2026, not 2027.
    wit = held(agreement, datetime(2026, 12, 31, 14, 30, tzinfo=UTC), time_zone="Asia/Jayapura")
    # 00.30 WIB on 1 January 2026 is 17.30 UTC on 31 December 2025: it counts for 2026.
    wib = held(agreement, datetime(2025, 12, 31, 17, 30, tzinfo=UTC), time_zone="Asia/Jakarta")
    # 00.30 WITA on 1 January 2027: 2027, not 2026.
    later = held(agreement, datetime(2026, 12, 31, 16, 30, tzinfo=UTC), time_zone="Asia/Makassar")
    # 23.30 WIB on 31 December 2025: 2025.
    earlier = held(agreement, datetime(2025, 12, 31, 16, 30, tzinfo=UTC))

    assert list(trainings_held(agreement.pk, *YEAR_2026, now=NOW)) == [wib, wit]
    assert list(trainings_held(agreement.pk, date(2027, 1, 1), date(2027, 1, 1), now=NOW)) == [
        later
    ]
    assert list(trainings_held(agreement.pk, date(2025, 12, 31), date(2025, 12, 31))) == [earlier]


def test_participants_trained_are_the_check_ins_of_the_trainings_held(agreement, network):
    person = UserFactory()
    first = held(agreement, datetime(2026, 3, 3, 2, tzinfo=UTC), attended=2)
    second = held(agreement, datetime(2026, 4, 3, 2, tzinfo=UTC), attended=0)
    # The same person at two trainings counts at each; a cancelled registration never counts.
    at_first = RegistrationFactory(event=first, user=person, checked_in=True)
    at_second = RegistrationFactory(event=second, user=person, checked_in=True)
    RegistrationFactory(
        event=second,
        status=Registration.Status.CANCELLED,
        confirmed_at=None,
        cancelled_at=timezone.now(),
    )
    RegistrationFactory(event=second, waitlisted=True)
    held(agreement, datetime(2026, 3, 3, 2, tzinfo=UTC), kind=Event.Kind.MEDIA_BRIEFING)

    listed = list(participants_trained(agreement.pk, *YEAR_2026, now=NOW))

    assert len(listed) == 4
    assert {registration.event for registration in listed} == {first, second}
    assert at_first in listed and at_second in listed
    assert all(registration.attended for registration in listed)


def test_counters_equal_the_lists_for_every_window_in_one_query_each(
    agreement, django_assert_num_queries
):
    other = AgreementFactory()
    held(agreement, datetime(2025, 2, 10, 2, tzinfo=UTC), attended=3)
    held(agreement, datetime(2025, 8, 10, 2, tzinfo=UTC), attended=2)
    held(agreement, datetime(2025, 12, 31, 14, 30, tzinfo=UTC), time_zone="Asia/Jayapura")
    held(agreement, datetime(2025, 8, 11, 2, tzinfo=UTC), kind=Event.Kind.MEDIA_BRIEFING)
    held(agreement, datetime(2025, 8, 12, 2, tzinfo=UTC), attended=0)
    held(other, datetime(2025, 1, 5, 2, tzinfo=UTC), attended=4)
    held(other, datetime(2025, 1, 6, 2, tzinfo=UTC), kind=Event.Kind.MEDIA_BRIEFING)
    windows = [
        Window(agreement.pk, *YEAR_2025),
        Window(agreement.pk, date(2025, 7, 1), date(2025, 9, 30)),
        Window(agreement.pk, date(2025, 12, 31), date(2025, 12, 31)),
        Window(agreement.pk, date(2026, 1, 1), date(2026, 3, 31)),
        Window(other.pk, *YEAR_2025),
        Window(other.pk, date(2025, 4, 1), date(2025, 6, 30)),
    ]
    lists = {
        count_trainings_held: trainings_held,
        count_media_briefings_held: media_briefings_held,
        count_participants_trained: participants_trained,
    }

    for counter, listing in lists.items():
        with django_assert_num_queries(1):
            counted = counter(windows)
        for window in windows:
            listed = listing(window.agreement_id, window.start, window.end)
            assert counted.get(window, 0) == listed.count(), (counter.__name__, window)

    assert count_trainings_held(windows) == {
        windows[0]: 3,
        windows[1]: 1,
        windows[2]: 1,
        windows[4]: 1,
    }
    assert count_participants_trained(windows) == {
        windows[0]: 6,
        windows[1]: 2,
        windows[2]: 1,
        windows[4]: 4,
    }
    assert count_media_briefings_held(windows) == {windows[0]: 1, windows[1]: 1, windows[4]: 1}
    assert count_trainings_held([]) == {}


# On the agreement page


@pytest.mark.parametrize(
    ("metric", "kind", "expected"),
    [
        (Target.Metric.TRAININGS_HELD, Event.Kind.TRAINING, "2 / 4"),
        (Target.Metric.MEDIA_BRIEFINGS_HELD, Event.Kind.MEDIA_BRIEFING, "2 / 4"),
        (Target.Metric.PARTICIPANTS_TRAINED, Event.Kind.TRAINING, "4 / 4"),
    ],
)
def test_agreement_page_shows_the_events_held(network, client_as, metric, kind, expected):
    agreement = AgreementFactory(
        status=Agreement.Status.ACTIVE,
        between=[network.kpk, network.city],
        dated=True,
        effective_on=date(2025, 1, 1),
        ends_on=date(2027, 12, 31),
    )
    target = TargetFactory(
        scope_item=ScopeItemFactory(agreement=agreement),
        metric=metric,
        quantity=4,
        period=Target.Period.TERM,
    )
    # Two held in the term, one not held (nobody came).
    for day in (5, 6):
        held(agreement, datetime(2025, 6, day, 2, tzinfo=UTC), kind=kind, attended=2)
    held(agreement, datetime(2025, 6, 7, 2, tzinfo=UTC), kind=kind, attended=0)

    response = client_as(network.partner_manager).get(
        reverse("agreements:detail", args=[agreement.pk])
    )

    [line] = response.context["scope"][0][1]
    listed = {
        Target.Metric.TRAININGS_HELD: trainings_held,
        Target.Metric.MEDIA_BRIEFINGS_HELD: media_briefings_held,
        Target.Metric.PARTICIPANTS_TRAINED: participants_trained,
    }[metric](agreement.pk, *period_bounds(target, agreement, timezone.localdate()))
    assert line.progress.achieved == listed.count() == int(expected.split(" / ")[0])
    content = response.content.decode()
    assert "not measured yet" not in content
    assert expected in content
