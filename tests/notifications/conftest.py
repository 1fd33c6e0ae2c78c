import pytest
import rules

from notifications import kinds as kinds_module
from notifications.kinds import Kind, Mode, register_kind, unregister_kind
from partnerships.rules import is_any_manager

REQUEST = Kind(
    code="tests.request",
    label="Dissemination request",
    message="%(actor)s asks you to publish %(target)s by %(due)s.",
    default_mode=Mode.EMAIL,
)
REPORT = Kind(
    code="tests.report",
    label="Reach report",
    message="New reach report for %(target)s.",
    default_mode=Mode.IN_APP,
    default_modes_by_permission=[("tests.follows_reports", Mode.DIGEST)],
)


@pytest.fixture(autouse=True)
def english(english_msgids):
    """Assertions read the English msgids (tests/conftest.py); pages follow each user's language."""


@pytest.fixture(autouse=True)
def kinds():
    """Two kinds as a domain app would declare them; the role default asks the access rules."""
    # The machinery is tested with these two kinds alone; the domain apps' kinds have their tests.
    domain_kinds = dict(kinds_module._kinds)
    kinds_module._kinds.clear()
    rules.add_perm("tests.follows_reports", is_any_manager)
    register_kind(REQUEST)
    register_kind(REPORT)
    yield
    unregister_kind(REQUEST.code)
    unregister_kind(REPORT.code)
    rules.remove_perm("tests.follows_reports")
    kinds_module._kinds.update(domain_kinds)


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run what waits for the commit (the queued tasks) when the block ends."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
