from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from audit.actions import register_action, unregister_action
from audit.selectors import entries_for, timeline
from audit.services import log
from tests.factories import OrganisationFactory, UserFactory


def test_entries_for_lists_one_objects_entries_newest_first(organisation, person):
    other = OrganisationFactory()
    first = log(organisation, "tests.created", by=person)
    log(other, "tests.created", by=person)
    second = log(organisation, "tests.changed", by=None)

    assert list(entries_for(organisation)) == [second, first]


def test_timeline_gives_actor_verb_and_lines(organisation, person):
    register_action("tests.changed", "changed the details")
    try:
        log(organisation, "tests.changed", by=person, changes={"phone": ["0711", "0712"]})
        log(organisation, "tests.scanned", by=None)

        page = timeline(organisation)
    finally:
        unregister_action("tests.changed")

    assert [(item.actor, item.verb, item.lines) for item in page] == [
        ("System", "tests.scanned", []),
        ("Rina Wati", "changed the details", ["Phone: 0711 → 0712"]),
    ]


def test_timeline_pages_newest_first(organisation):
    for n in range(5):
        log(organisation, f"tests.step{n}", by=None)

    page = timeline(organisation, page=2, per_page=2)

    assert [item.verb for item in page] == ["tests.step2", "tests.step1"]
    assert (page.number, page.paginator.num_pages) == (2, 3)


def test_timeline_of_an_invalid_page_gives_the_nearest(organisation):
    log(organisation, "tests.step", by=None)

    assert timeline(organisation, page="x").number == 1


def _queries(organisation):
    with CaptureQueriesContext(connection) as context:
        list(timeline(organisation))
    return len(context.captured_queries)


def test_timeline_takes_the_same_queries_for_more_entries(organisation):
    log(organisation, "tests.step", by=UserFactory())
    few = _queries(organisation)
    for _n in range(10):
        log(organisation, "tests.step", by=UserFactory())

    assert _queries(organisation) == few == 2


def test_timeline_page_links_carry_plain_page_numbers(db):
    # Page numbers are shown with a thousands separator ("1.001"); in a link they must not be.
    organisation = OrganisationFactory()
    for n in range(1002):
        log(organisation, f"tests.step{n}", by=None)

    html = render_to_string(
        "audit/timeline.html",
        {"history": timeline(organisation, page=1001, per_page=1), "history_url": "/older/"},
    )

    assert 'href="?history=1002#history" hx-get="/older/?history=1002"' in html
