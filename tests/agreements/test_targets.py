from datetime import date

import pytest

from agreements import targets
from agreements.models import Target
from agreements.targets import Progress, Window, progress_of, register_counter, unregister_counter
from tests.factories import AgreementFactory, ScopeItemFactory, TargetFactory

TODAY = date(2026, 5, 20)


@pytest.fixture
def asked():
    """A counter that remembers what it was asked and counts 5 only in the whole term."""
    calls = []

    def count(windows):
        calls.append(set(windows))
        return {window: 5 for window in windows if window.start == date(2026, 1, 10)}

    register_counter(Target.Metric.TRAININGS_HELD)(count)
    yield calls
    unregister_counter(Target.Metric.TRAININGS_HELD)


def test_progress_of_asks_a_counter_once_for_every_target_window(db, asked):
    agreement = AgreementFactory(effective_on=date(2026, 1, 10), ends_on=date(2029, 1, 9))
    item = ScopeItemFactory(agreement=agreement)
    term, quarter = (
        TargetFactory(
            scope_item=item, metric=Target.Metric.TRAININGS_HELD, period=period, quantity=20
        )
        for period in (Target.Period.TERM, Target.Period.QUARTER)
    )

    measured = progress_of([(term, agreement), (quarter, agreement)], TODAY)

    assert asked == [
        {
            Window(agreement.pk, date(2026, 1, 10), date(2029, 1, 9)),
            Window(agreement.pk, date(2026, 4, 1), date(2026, 6, 30)),
        }
    ]
    # The quarter's window was left out of the counter's answer: zero, not "not measured".
    assert measured == {term.pk: Progress(5, 20), quarter.pk: Progress(0, 20)}


def test_progress_of_without_a_counter_is_not_measured_and_manual_reads_the_figure(db, monkeypatch):
    # Whatever the apps count today, this metric has no counter here.
    monkeypatch.delitem(targets._counters, Target.Metric.JOINT_PRODUCTIONS, raising=False)
    item = ScopeItemFactory()
    uncounted = TargetFactory(scope_item=item, metric=Target.Metric.JOINT_PRODUCTIONS)
    manual = TargetFactory(
        scope_item=item, metric=Target.Metric.MANUAL, manual_value=7, quantity=10
    )
    unfilled = TargetFactory(scope_item=item, metric=Target.Metric.MANUAL, quantity=10)

    measured = progress_of([(t, item.agreement) for t in (uncounted, manual, unfilled)], TODAY)

    assert measured == {uncounted.pk: None, manual.pk: Progress(7, 10), unfilled.pk: None}
