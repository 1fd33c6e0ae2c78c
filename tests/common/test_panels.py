import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from common.panels import Panel, panel, register_panel, registered_panels, unregister_panel
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HOME = reverse("home")
TEMPLATE = "tests/panel.html"


def _shown(response) -> list[str]:
    return [shown.code for shown in response.context["panels"]]


def test_registered_panel_is_shown_with_its_context(client, only_test_panels):
    register_panel(
        Panel(code="tests.hello", order=1, template=TEMPLATE, context=lambda r: {"title": "Hi"})
    )
    client.force_login(UserFactory())

    response = client.get(HOME)

    assert _shown(response) == ["tests.hello"]
    assert '<section class="card h-100" data-testid="test-panel"><h2>Hi</h2>' in (
        response.content.decode()
    )


def test_panel_returning_none_is_not_shown(client, only_test_panels):
    register_panel(Panel(code="tests.hidden", order=1, template=TEMPLATE, context=lambda r: None))
    register_panel(Panel(code="tests.empty", order=2, template=TEMPLATE, context=lambda r: {}))
    client.force_login(UserFactory())

    response = client.get(HOME)

    assert _shown(response) == ["tests.empty"]


def test_panel_context_is_asked_for_the_signed_in_user(client, only_test_panels):
    manager = UserFactory(full_name="Dewi Lestari")

    @panel(code="tests.mine", order=1, template=TEMPLATE)
    def mine(request):
        return {"title": request.user.full_name} if request.user == manager else None

    client.force_login(manager)
    as_manager = client.get(HOME)
    client.force_login(UserFactory())
    as_someone_else = client.get(HOME)

    assert _shown(as_manager) == ["tests.mine"]
    assert _shown(as_someone_else) == []


def test_panels_are_shown_by_order_then_code(client, only_test_panels):
    for code, order in [("tests.c", 20), ("tests.b", 10), ("tests.a", 20)]:
        register_panel(Panel(code=code, order=order, template=TEMPLATE, context=lambda r: {}))
    client.force_login(UserFactory())

    response = client.get(HOME)

    assert _shown(response) == ["tests.b", "tests.a", "tests.c"]
    assert [registered.code for registered in registered_panels()] == [
        "tests.b",
        "tests.a",
        "tests.c",
    ]


def test_unregistered_panel_is_no_longer_shown(client, only_test_panels):
    register_panel(Panel(code="tests.gone", order=1, template=TEMPLATE, context=lambda r: {}))
    unregister_panel("tests.gone")
    client.force_login(UserFactory())

    response = client.get(HOME)

    assert _shown(response) == []
    assert registered_panels() == []


def test_decorator_registers_the_function_and_returns_it(only_test_panels):
    def context(request):
        return {}

    decorated = panel(code="tests.decorated", order=5, template=TEMPLATE)(context)

    assert decorated is context
    assert registered_panels() == [
        Panel(code="tests.decorated", order=5, template=TEMPLATE, context=context)
    ]


def test_registering_another_panel_under_a_taken_code_is_an_error(only_test_panels):
    register_panel(Panel(code="tests.twice", order=1, template=TEMPLATE, context=lambda r: {}))

    with pytest.raises(ImproperlyConfigured):
        register_panel(Panel(code="tests.twice", order=2, template=TEMPLATE, context=lambda r: {}))


def test_registering_the_same_panel_again_changes_nothing(only_test_panels):
    same = Panel(code="tests.same", order=1, template=TEMPLATE, context=lambda r: {})

    register_panel(same)
    register_panel(same)

    assert registered_panels() == [same]


def test_the_apps_register_their_panels_when_ready():
    assert [registered.code for registered in registered_panels()] == [
        "notifications.unread",
        "partnerships.pending_invitations",
        "partnerships.members_without_two_factor",
        "content.requests_waiting",
        "content.requests_overdue",
        "events.upcoming",
        "events.nominations",
        "events.reports",
        "agreements.waiting",
        "content.submissions",
        "agreements.expiring",
        "agreements.comments",
        "content.proofs_to_verify",
        "agreements.provinces",
        "content.partners_overdue",
        "partnerships.organisations",
        "partnerships.get_started",
    ]


def test_nothing_to_show_says_so(client, only_test_panels):
    client.force_login(UserFactory(language="en"))

    response = client.get(HOME)

    assert "Nothing needs your attention right now." in response.content.decode()
