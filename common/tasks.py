"""Queueing background work once the caller's transaction has committed."""

from collections.abc import Callable, Sequence

from django.db import transaction


def queue_on_commit(
    task, calls: Sequence[Sequence], *, unqueued: Callable[[int, Exception], None]
) -> None:
    """Queue ``task`` once for each argument list in ``calls`` when the transaction commits.

    The rows that ask for the work are committed by then, and a task message only rings the bell,
    so a broker that cannot be reached is never raised: Django would skip the transaction's other
    on-commit callbacks, and a request whose work was saved would answer with an error. Queueing
    stops at the first failure (the rest would fail alike) and ``unqueued(index, error)`` says
    so, ``calls[index:]`` being what was not queued.
    """
    calls = [list(arguments) for arguments in calls]
    if not calls:
        return

    def publish():
        for index, arguments in enumerate(calls):
            try:
                task.apply_async(args=arguments)
            except Exception as error:
                unqueued(index, error)
                return

    transaction.on_commit(publish)
