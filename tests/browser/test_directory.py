"""The organisation directory: filtering, searching, opening an organisation, and its limits."""

from django.urls import reverse
from playwright.sync_api import expect

from accounts.models import User
from partnerships.models import Organisation
from partnerships.rules import visible_organisations
from tests.browser.support import assert_accessible, follow, journey, path_is, screenshot, sign_in

pytestmark = journey

SUMSEL = "Diskominfo Provinsi Sumatera Selatan"


def submit_filters(page):
    follow(page, page.locator('form[role="search"] [type=submit]'))


def test_partner_manager_finds_a_regency_diskominfo_and_opens_it(page, demo, console):
    sign_in(page, "sumsel.manager@demo.sinergi.id")
    page.goto(reverse("partnerships:organisation_list"))
    assert_accessible(page)

    page.select_option('select[name="province"]', "16")
    submit_filters(page)

    # A provincial manager follows the province's regencies and cities: their Diskominfo and
    # the media based there, exactly what the access rules grant.
    rows = page.locator("main table tbody tr")
    expect(rows.first).to_be_visible()
    manager = User.objects.get(email="sumsel.manager@demo.sinergi.id")
    granted = visible_organisations(manager).filter(province_id="16")
    assert sorted(rows.locator("td:first-child a").all_inner_texts()) == sorted(
        granted.values_list("name", flat=True)
    )
    expect(rows).to_have_count(21)
    screenshot(page, "organisations")

    page.fill('input[name="q"]', "Palembang")
    submit_filters(page)
    # The city's Diskominfo and the media based in the city.
    expect(rows).to_have_count(4)
    page.select_option('select[name="kind"]', Organisation.Kind.REGENCY_DISKOMINFO)
    submit_filters(page)

    expect(rows).to_have_count(1)
    expect(page.locator('select[name="province"]')).to_have_value("16")
    expect(page.locator('input[name="q"]')).to_have_value("Palembang")
    follow(page, rows.get_by_role("link", name="Diskominfo Kota Palembang"))
    palembang = Organisation.objects.get(name="Diskominfo Kota Palembang")
    expect(page).to_have_url(path_is(palembang.get_absolute_url()))
    assert_accessible(page)
    main = page.locator("main")
    expect(main.locator("h1")).to_have_text("Diskominfo Kota Palembang")
    expect(main).to_contain_text("Fajar Hidayat")
    expect(main).to_contain_text("@kotapalembang.demo")

    page.goto(reverse("partnerships:organisation_list") + "?q=Diskominfo+Sumsel")
    assert_accessible(page)
    follow(page, rows.get_by_role("link", name=SUMSEL))
    expect(main.locator("h1")).to_have_text(SUMSEL)
    for person in ["Sari Wulandari", "Andi Saputra"]:
        expect(main).to_contain_text(person)
    for channel in ["@diskominfo.sumsel.demo", "Videotron Simpang Lima DPRD", "48.200"]:
        expect(main).to_contain_text(channel)
    screenshot(page, "organisation")


def test_partner_from_another_province_cannot_open_a_sumsel_organisation(page, demo, console):
    sumsel = Organisation.objects.get(name=SUMSEL)
    sign_in(page, "sumut.manager@demo.sinergi.id")

    console.expect_error_status(sumsel.get_absolute_url())
    # Chromium asks for /favicon.ico when an error page names no icon.
    console.expect_error_status("/favicon.ico")
    response = page.goto(sumsel.get_absolute_url())
    assert_accessible(page)

    # Not "forbidden": a foreign organisation is not even confirmed to exist.
    assert response.status == 404
    expect(page.locator("body")).not_to_contain_text(SUMSEL)
    screenshot(page, "not-found")
    page.goto(reverse("partnerships:organisation_list") + "?q=Sumatera+Selatan")
    assert_accessible(page)
    expect(page.locator("main table tbody tr")).to_have_count(0)
    page.goto(reverse("partnerships:organisation_list"))
    assert_accessible(page)
    rows = page.locator("main table tbody tr")
    # Its own organisation, and the press outlets of Medan (a regency of its province).
    expect(rows).to_have_count(3)
    visible = rows.locator("td:first-child a").all_inner_texts()
    assert sorted(visible) == [
        "Diskominfo Provinsi Sumatera Utara",
        "Harian Sumut Pos (demo)",
        "Medan Kini (demo)",
    ]
