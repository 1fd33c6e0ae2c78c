"""What the registration part's tests share.

``event_page``: the event page (``events:detail``) is the schedule part's, built beside this
one. Until both are merged, the registration's tests route ``events:detail`` to a stand-in;
once the real page exists, this fixture changes nothing.
"""

import sys
import types
from contextlib import contextmanager

import pytest
from django.http import HttpResponse
from django.urls import NoReverseMatch, clear_url_caches, include, path, reverse

from tests.factories import UserFactory

_URLCONF = "tests.events._registration_urls"


def _stand_in(request, pk):
    return HttpResponse(f"event {pk}")


def _urlconf():
    from config import urls as project
    from events import urls as events_urls

    module = types.ModuleType(_URLCONF)
    events = [*events_urls.urlpatterns, path("<int:pk>/", _stand_in, name="detail")]
    module.urlpatterns = [
        path("events/", include((events, "events"))),
        *[p for p in project.urlpatterns if "events" not in str(p.pattern)],
    ]
    for name in ("handler500",):
        setattr(module, name, getattr(project, name))
    return module


@contextmanager
def stand_in_event_page(settings):
    """Route ``events:detail`` to a stand-in while the real page is missing."""
    try:
        reverse("events:detail", args=[1])
    except NoReverseMatch:
        sys.modules[_URLCONF] = _urlconf()
        settings.ROOT_URLCONF = _URLCONF
        clear_url_caches()
        yield
        clear_url_caches()
        return
    yield


@pytest.fixture
def event_page(settings):
    with stand_in_event_page(settings):
        yield


def member_of(organisation, role="partner_operator", **fields):
    from tests.factories import MembershipFactory

    user = UserFactory(**fields)
    MembershipFactory(user=user, organisation=organisation, role=role)
    return user
