"""Nothing a signed-in user is shown is kept by a shared cache or the browser."""

import pytest
from django.urls import reverse

from tests.factories import AgreementFactory
from tests.helpers import finish

LOGIN = reverse("account_login")
PRIVATE = "private, no-store"


@pytest.mark.parametrize(
    "name", ["agreements:list", "agreements:export_csv", "agreements:export_xlsx", "home"]
)
def test_signed_in_pages_and_exports_are_private_and_not_stored(network, client_as, name):
    AgreementFactory(between=[network.kpk, network.city])

    response = client_as(network.kpk_staff).get(reverse(name))
    finish(response)

    assert response.status_code == 200
    assert response.headers["Cache-Control"] == PRIVATE


def test_signed_in_htmx_fragment_is_private_and_not_stored(network, client_as):
    response = client_as(network.kpk_staff).get(
        reverse("agreements:list"), {"q": "x"}, headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    assert response.headers["Cache-Control"] == PRIVATE


def test_a_view_that_sets_its_own_cache_control_keeps_it(network, client_as):
    # allauth's sign-in view is never_cache; signed in, it redirects and still says so itself.
    response = client_as(network.kpk_staff).get(LOGIN)

    assert response.status_code == 302
    assert response.headers["Cache-Control"] == (
        "max-age=0, no-cache, no-store, must-revalidate, private"
    )
