"""Dashboard panels: what each app shows on the home page, registered by the app itself.

The registry lives here, below every app, so a domain app registers its panels without importing
the dashboard above it; the dashboard imports no domain app. An app declares its panels in
``<app>/panels.py`` (imported by the dashboard when the apps are ready) and keeps the panel's
template in its own templates, extending ``common/panel.html``::

    # events/panels.py
    from common.panels import panel

    from .selectors import upcoming_events


    @panel(code="events.upcoming", order=40, template="events/panels/upcoming.html")
    def upcoming(request):
        if not request.user.has_perm("events.view_event_list"):
            return None  # nothing for this person: the panel is not shown
        events = upcoming_events(request.user)  # a selector: a fixed number of queries
        return {"events": events[:5], "count": events.count()}

The decorator is shorthand for ``register_panel(Panel(code=..., order=..., template=...,
context=upcoming))``. The template renders one Bootstrap card (``h-100``, so the grid's rows stay
even) and reads the returned dict as ``panel``, beside the usual ``request``, ``user`` and
``perms``. A panel says what to do next (a sentence and an action) and links every number to
the filtered list behind it.

Contract of ``context``: it takes the request and returns a dict, or None when the panel has
nothing for this user. It must take a constant number of SQL queries whatever the data size (a
count and the newest few rows, never a loop of queries); ``tests/dashboard/test_views.py``
checks the whole page at two data sizes.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest


@dataclass(frozen=True)
class Panel:
    """One card of the home page.

    ``code`` is unique (``<app>.<name>``); ``order`` places the panel (lower first, then by code);
    ``template`` renders it; ``context(request)`` gives its data, or None to hide it.
    """

    code: str
    order: int
    template: str
    context: Callable[[HttpRequest], dict | None]


@dataclass(frozen=True)
class ShownPanel:
    """A panel with the data it shows to one user."""

    panel: Panel
    context: dict

    @property
    def code(self) -> str:
        return self.panel.code

    @property
    def template(self) -> str:
        return self.panel.template

    @property
    def html_id(self) -> str:
        """An id for the panel's heading, unique on the page ("panel-agreements-waiting")."""
        return "panel-" + self.panel.code.replace(".", "-").replace("_", "-")


_panels: dict[str, Panel] = {}


def register_panel(new: Panel) -> Panel:
    """Put ``new`` on the home page; returns it.

    Registering the same panel again changes nothing; another panel under a taken code is an error.
    """
    existing = _panels.get(new.code)
    if existing is not None and existing != new:
        raise ImproperlyConfigured(f"Dashboard panel {new.code!r} is registered twice.")
    _panels[new.code] = new
    return new


def panel(*, code: str, order: int, template: str):
    """Register the decorated function as the context of a panel; returns the function."""

    def decorate(context: Callable[[HttpRequest], dict | None]):
        register_panel(Panel(code=code, order=order, template=template, context=context))
        return context

    return decorate


def unregister_panel(code: str) -> None:
    _panels.pop(code, None)


def registered_panels() -> list[Panel]:
    """Every registered panel, in the order the home page shows them."""
    return sorted(_panels.values(), key=lambda registered: (registered.order, registered.code))


def shown_panels(request: HttpRequest) -> list[ShownPanel]:
    """The panels that have something for ``request.user``, in order, each with its data."""
    shown = []
    for registered in registered_panels():
        context = registered.context(request)
        if context is not None:
            shown.append(ShownPanel(registered, context))
    return shown
