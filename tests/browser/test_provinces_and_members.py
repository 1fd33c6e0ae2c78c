"""The province pages and an organisation's members, as KPK and a province's manager use them.

KPK follows the provinces from the navigation, filters the overview by state and opens
Sumatera Selatan's page; the province's own manager lands on their province. A manager changes
a member's role and removes a member. Every page is checked by axe-core at desktop and phone
width (``follow`` and ``assert_accessible``).
"""

from django.urls import reverse
from playwright.sync_api import expect

from partnerships.demo import DISKOMINFO_SUMSEL
from partnerships.models import Membership, Organisation, Role
from tests.browser.support import assert_accessible, follow, journey, path_is, sign_in
from tests.factories import MembershipFactory, UserFactory

pytestmark = journey

KPK_MANAGER = "kpk.manager@demo.sinergi.id"
SUMSEL_MANAGER = "sumsel.manager@demo.sinergi.id"


def test_kpk_follows_the_provinces_from_the_navigation_to_a_province(page, demo, console):
    sign_in(page, KPK_MANAGER, totp=True)

    follow(page, page.get_by_test_id("nav-provinces"))
    expect(page).to_have_url(path_is(reverse("agreements:province_overview")))
    provinces = page.get_by_test_id("province")
    expect(provinces).to_have_count(38)

    follow(page, page.locator('[data-testid="state-filter"][data-state="active"]'))
    expect(provinces.first).to_be_visible()
    states = {provinces.nth(i).get_attribute("data-state") for i in range(provinces.count())}
    assert states == {"active"}

    page.goto(reverse("agreements:province_overview"))
    assert_accessible(page)
    follow(page, page.locator('[data-testid="province"][data-province="16"]'))
    expect(page).to_have_url(path_is(reverse("agreements:province_detail", args=["16"])))
    expect(page.locator("main h1")).to_contain_text("Sumatera Selatan")


def test_a_province_manager_lands_on_their_own_province(page, demo, console):
    sign_in(page, SUMSEL_MANAGER)

    page.goto(reverse("agreements:province_overview"))

    expect(page).to_have_url(path_is(reverse("agreements:province_detail", args=["16"])))
    assert_accessible(page)
    expect(page.locator("main h1")).to_contain_text("Sumatera Selatan")


def test_a_manager_changes_a_role_and_removes_a_member(page, demo, console):
    sumsel = Organisation.objects.get(name=DISKOMINFO_SUMSEL)
    newcomer = MembershipFactory(
        organisation=sumsel,
        role=Role.PARTNER_OPERATOR,
        user=UserFactory(full_name="Rudi Hartono", email="rudi@sumsel.demo.sinergi.id"),
    )
    sign_in(page, SUMSEL_MANAGER)
    page.goto(sumsel.get_absolute_url())
    assert_accessible(page)

    page.select_option(f"#role-{newcomer.pk}", Role.PARTNER_MANAGER)
    follow(page, page.locator(f'form:has(#role-{newcomer.pk}) button[type="submit"]'))
    newcomer.refresh_from_db()
    assert newcomer.role == Role.PARTNER_MANAGER

    remove = page.locator(
        f'form[action="{reverse("partnerships:membership_remove", args=[sumsel.pk, newcomer.pk])}"]'
        " button"
    )
    follow(page, remove)

    assert not Membership.objects.get(pk=newcomer.pk).is_active
    expect(page.locator("#members")).not_to_contain_text("Rudi Hartono")
