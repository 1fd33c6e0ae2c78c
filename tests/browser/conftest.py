"""Real-browser journeys: Debian's headless Chromium driven by Playwright against `live_server`.

The live server runs in this process, so the tests share its database, cache and mail outbox.
Journeys need `@pytest.mark.django_db(transaction=True)`: the server thread must see committed
data. Such tests end by flushing every table, so each journey seeds what it needs itself.
"""

import pytest
from django.core.servers.basehttp import WSGIServer
from django.db import connection
from django.test.testcases import LiveServerThread

from dashboard.demo import seed_demo
from partnerships.regions import load_regions
from tests.browser.support import CHROMIUM, VIEWPORT, ConsoleLog, PageChecks

if connection.vendor == "sqlite":
    # On SQLite the live server's request threads all share the test's one in-memory connection
    # (Django's LiveServerThread); two requests at once (a lazy thumbnail while the next page
    # saves the session) then fail with "database table is locked", a 503. One request at a time
    # removes the race; Django's server closes each connection when it is not threaded, so the
    # browser's parallel requests simply queue. PostgreSQL (CI) keeps the threaded server.
    class SerialWSGIServer(WSGIServer):
        # Requests run in the server's own thread, which already uses the shared connection.
        def __init__(self, *args, connections_override=None, **kwargs):
            super().__init__(*args, **kwargs)

    LiveServerThread.server_class = SerialWSGIServer


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def base_url(live_server):
    # Replaces pytest-playwright's own fixture, a method on a plugin class that pytest warns
    # about (and warnings are errors here); page.goto("/path") goes to the live server.
    return live_server.url


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": VIEWPORT}


@pytest.fixture
def console():
    """Errors the browser reports; CSP refusals and uncaught script errors fail the test."""
    log = ConsoleLog()
    yield log
    log.check()


@pytest.fixture
def checks():
    """Every page the journey loads must be checked by ``assert_accessible`` (axe-core and a
    phone's width); one loaded and never checked fails the journey."""
    PageChecks.current = log = PageChecks()
    yield log
    PageChecks.current = None
    log.check()


@pytest.fixture
def new_context(new_context, console, checks):
    """Every browser context of a journey, the first and any fresh one, reports to ``console``
    and records the pages it loads for ``checks``."""

    def create(**kwargs):
        context = new_context(**kwargs)
        # Every page here answers in well under a second; a broken one should fail fast.
        context.set_default_timeout(10_000)
        console.watch(context)
        checks.watch(context)
        return context

    return create


@pytest.fixture
def demo(live_server):
    """The demo data, seeded for each journey (the previous journey's flush removed it)."""
    load_regions()
    return seed_demo()
