"""A pytest plugin: each xdist worker gets its own Redis database.

With ``-n 2`` on the real services, both workers would otherwise share ``REDIS_URL``'s database:
one worker's ``cache.clear()`` (before every test) empties the other's cached sessions and
counters mid-test, and a Celery worker started by one test could take another's tasks. Loaded
with ``-p tests.xdist_redis`` (pyproject's addopts) so it runs before pytest-django reads the
settings; the worker ``gwN`` uses database ``base + 1 + N``.
"""

import os
from urllib.parse import urlsplit, urlunsplit

import pytest


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config, parser, args):
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    url = os.environ.get("REDIS_URL", "")
    if not worker.startswith("gw") or not url:
        return
    parts = urlsplit(url)
    base = int(parts.path.strip("/") or 0)
    database = (base + 1 + int(worker[2:])) % 16
    os.environ["REDIS_URL"] = urlunsplit(parts._replace(path=f"/{database}"))
