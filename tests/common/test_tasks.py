"""Queueing on commit: queued after the transaction; a broker fault is told, not raised."""

import pytest

from common.tasks import queue_on_commit


class Task:
    """A task whose broker accepts ``accepts`` messages, then cannot be reached."""

    def __init__(self, accepts: int):
        self.accepts = accepts
        self.queued = []

    def apply_async(self, args):
        if len(self.queued) == self.accepts:
            raise ConnectionError("broker unreachable")
        self.queued.append(args)


@pytest.mark.django_db
def test_queue_on_commit_queues_each_call_once_the_transaction_commits(
    django_capture_on_commit_callbacks,
):
    task = Task(accepts=10)

    with django_capture_on_commit_callbacks() as callbacks:
        queue_on_commit(task, [(1,), (2, "b")], unqueued=pytest.fail)
        queued_before_commit = list(task.queued)
    for callback in callbacks:
        callback()

    assert queued_before_commit == []
    assert task.queued == [[1], [2, "b"]]


@pytest.mark.django_db
def test_queue_on_commit_stops_at_an_unreachable_broker_and_says_what_was_left(
    django_capture_on_commit_callbacks,
):
    task = Task(accepts=1)
    told = []

    with django_capture_on_commit_callbacks(execute=True):
        queue_on_commit(
            task, [(1,), (2,), (3,)], unqueued=lambda index, error: told.append((index, error))
        )

    [(index, error)] = told
    assert (task.queued, index, str(error)) == ([[1]], 1, "broker unreachable")


@pytest.mark.django_db
def test_queue_on_commit_with_nothing_to_queue_registers_nothing(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks() as callbacks:
        queue_on_commit(Task(accepts=0), [], unqueued=pytest.fail)

    assert callbacks == []
