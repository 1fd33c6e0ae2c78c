"""The navigation marks the section a page belongs to: the library, or the requests."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def active_links(html: str) -> list[str]:
    return re.findall(r'class="nav-link active"[^>]*data-testid="(nav-[\w-]+)"', html)


@pytest.mark.parametrize(
    ("role", "page", "active"),
    [
        ("kpk_manager", "content:library", "nav-content"),
        ("kpk_manager", "content:tracker", "nav-tracker"),
        ("kpk_manager", "content:calendar", "nav-tracker"),
        ("partner_manager", "content:inbox", "nav-inbox"),
        ("partner_manager", "content:library", "nav-content"),
    ],
)
def test_navigation_marks_one_section(network, client_as, role, page, active):
    response = client_as(getattr(network, role)).get(reverse(page))

    assert active_links(response.content.decode()) == [active]
