import pytest


@pytest.fixture(autouse=True)
def english(english_msgids):
    """Assertions read the English msgids (tests/conftest.py); pages follow each user's language."""


@pytest.fixture(autouse=True)
def _no_registered_counters():
    """The agreements' own tests see no other app's target counters, and get them back after.

    Content registers the KPK-content counter when the apps are ready; these tests check the
    registry and the pages with counters they register themselves (or none: "not measured yet").
    """
    from agreements import targets

    registered = dict(targets._counters)
    targets._counters.clear()
    yield
    targets._counters.clear()
    targets._counters.update(registered)
