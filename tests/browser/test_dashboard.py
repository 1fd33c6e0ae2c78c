"""The dashboard: each person's panels, a number leading to its filtered list, on desktop and
phone, with no accessibility violation."""

from django.urls import reverse
from playwright.sync_api import expect

from agreements.demo import KPK_MANAGER, SUMSEL_MANAGER
from agreements.models import Agreement
from partnerships.models import Organisation, Role
from tests.browser.support import (
    PHONE,
    assert_accessible,
    journey,
    page_width,
    path_is,
    screenshot,
    sign_in,
)
from tests.factories import InvitationFactory, MembershipFactory, UserFactory

pytestmark = journey


def _kpk_unit():
    return Organisation.objects.get(name="Biro Hubungan Masyarakat KPK")


def _sumsel():
    return Organisation.objects.get(name="Diskominfo Provinsi Sumatera Selatan")


def test_kpk_manager_sees_members_without_two_factor_and_opens_their_unit(page, demo, console):
    unit = _kpk_unit()
    MembershipFactory(
        organisation=unit, role=Role.KPK_STAFF, user=UserFactory(full_name="Budi Santoso")
    )
    sign_in(page, KPK_MANAGER, totp=True)

    panel = page.get_by_test_id("panel-members-without-two-factor")
    expect(panel).to_contain_text("Budi Santoso")
    expect(page.get_by_test_id("panel-unread")).to_be_visible()
    expect(page.get_by_test_id("panel-pending-invitations")).to_be_visible()
    expect(page.get_by_test_id("panel-organisations")).to_contain_text(unit.name)
    assert_accessible(page)
    screenshot(page, "dashboard")

    panel.get_by_test_id("members-without-two-factor-count").click()

    expect(page).to_have_url(path_is(unit.get_absolute_url()))
    assert_accessible(page)
    expect(page.locator("main")).to_contain_text("Budi Santoso")


def test_partner_manager_follows_pending_invitations_to_the_filtered_list(page, demo, console):
    sumsel = _sumsel()
    InvitationFactory(organisation=sumsel, email="humas.baru@sumselprov.go.id")
    InvitationFactory(organisation=sumsel, email="sudah.gabung@sumselprov.go.id", accepted=True)
    sign_in(page, SUMSEL_MANAGER)

    panel = page.get_by_test_id("panel-pending-invitations")
    expect(panel).to_contain_text("humas.baru@sumselprov.go.id")
    expect(page.get_by_test_id("panel-members-without-two-factor")).to_have_count(0)
    assert_accessible(page)

    panel.get_by_test_id("pending-invitations-count").click()

    expect(page).to_have_url(f"{reverse('partnerships:invitation_list')}?status=pending")
    assert_accessible(page)
    rows = page.locator("main tbody tr")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("humas.baru@sumselprov.go.id")


def test_dashboard_fits_a_phone_without_sideways_scroll(page, demo, console):
    InvitationFactory(organisation=_sumsel(), email="humas.baru@sumselprov.go.id")
    page.set_viewport_size(PHONE)
    sign_in(page, SUMSEL_MANAGER)

    expect(page.get_by_test_id("panel-pending-invitations")).to_be_visible()
    assert page_width(page) <= PHONE["width"]
    assert_accessible(page)
    screenshot(page, "dashboard-phone")


def test_kpk_dashboard_fits_a_phone_without_sideways_scroll(page, demo, console):
    page.set_viewport_size(PHONE)
    sign_in(page, KPK_MANAGER, totp=True)

    expect(page.get_by_test_id("panel-members-without-two-factor")).to_be_visible()
    assert page_width(page) <= PHONE["width"]
    assert_accessible(page)


def test_kpk_manager_follows_agreements_to_mark_ready_to_exactly_those(page, demo, console):
    negotiation = list(
        Agreement.objects.filter(status=Agreement.Status.NEGOTIATION)
        .order_by("-updated_at", "-pk")
        .values_list("title", flat=True)
    )
    ready = Agreement.objects.filter(status=Agreement.Status.READY).count()
    expiring = Agreement.objects.expiring().count()
    assert negotiation and ready and expiring  # the demo has agreements in every state
    sign_in(page, KPK_MANAGER, totp=True)

    waiting = page.get_by_test_id("panel-agreements-waiting")
    expect(waiting.get_by_test_id("waiting-mark_ready-count")).to_contain_text(
        str(len(negotiation))
    )
    expect(waiting.get_by_test_id("waiting-sign-count")).to_contain_text(str(ready))
    expect(page.get_by_test_id("expiring-count")).to_contain_text(str(expiring))
    expect(page.get_by_test_id("panel-agreements-comments")).to_be_visible()
    expect(page.get_by_test_id("panel-agreements-provinces")).to_be_visible()
    assert_accessible(page)

    waiting.get_by_test_id("waiting-mark_ready-count").click()

    expect(page).to_have_url(f"{reverse('agreements:list')}?status=negotiation")
    assert_accessible(page)
    rows = page.get_by_test_id("agreement-row")
    expect(rows).to_have_count(len(negotiation))
    for title in negotiation:
        expect(page.locator("main")).to_contain_text(title)


def test_kpk_agreements_panels_fit_a_phone_without_sideways_scroll(page, demo, console):
    page.set_viewport_size(PHONE)
    sign_in(page, KPK_MANAGER, totp=True)

    expect(page.get_by_test_id("panel-agreements-waiting")).to_be_visible()
    page.get_by_test_id("panel-agreements-provinces").scroll_into_view_if_needed()
    assert page_width(page) <= PHONE["width"]
    assert_accessible(page)
    screenshot(page, "dashboard-agreements-phone")
