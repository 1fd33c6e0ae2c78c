"""A PKS with Diskominfo Sumatera Utara from its first draft to the signed scan.

KPK staff drafts it under the MoU already in force and uploads a draft; a KPK manager marks it
ready to sign; once the scan, the date of signing and every party's number are in, it takes
effect. Diskominfo Sumatera Utara's manager then finds it and downloads the scan; Diskominfo
Sumatera Selatan's manager can neither find nor open it.
"""

from datetime import date, timedelta
from urllib.parse import urlparse

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from playwright.sync_api import Page, expect

from agreements.audit_actions import Action
from agreements.demo import demo_pdf
from agreements.models import Agreement, AgreementDocument, AgreementParty, ScopeItem, Target
from audit.selectors import entries_for
from audit.services import log
from partnerships.demo import BIRO_HUMAS, DEMO_NOTE, DISKOMINFO_SUMSEL, DISKOMINFO_SUMUT
from partnerships.models import Organisation
from tests.browser.support import (
    PHONE,
    assert_accessible,
    follow,
    html_lang,
    journey,
    page_width,
    path_is,
    screenshot,
    sign_in,
    translated,
)

pytestmark = journey

KPK_STAFF = "kpk.staff@demo.sinergi.id"
KPK_MANAGER = "kpk.manager@demo.sinergi.id"
SUMUT_MANAGER = "sumut.manager@demo.sinergi.id"
SUMSEL_MANAGER = "sumsel.manager@demo.sinergi.id"

MOU_TITLE = (
    "Nota Kesepahaman KPK dan Pemerintah Provinsi Sumatera Utara tentang Diseminasi Antikorupsi"
)
PKS_TITLE = "PKS Berbagi Media Komunikasi dan Produksi ILM Antikorupsi di Sumatera Utara"
DRAFT = demo_pdf("Draf PKS KPK - Diskominfo Sumut", DEMO_NOTE)
SCAN = demo_pdf("PKS KPK - Diskominfo Sumut (ditandatangani)", DEMO_NOTE)
SCAN_NAME = "PKS KPK - Diskominfo Sumut (ditandatangani).pdf"


@pytest.fixture
def sumut_mou(demo):
    """The MoU between KPK and Diskominfo Sumatera Utara, signed in Medan and in force."""
    today = timezone.localdate()
    mou = Agreement.objects.create(
        kind=Agreement.Kind.MOU,
        title=MOU_TITLE,
        status=Agreement.Status.ACTIVE,
        signing_place="Medan",
        signed_on=today - timedelta(days=60),
        effective_on=today - timedelta(days=60),
        ends_on=date(today.year + 5, 12, 31),
    )
    for position, (name, number) in enumerate(
        [(BIRO_HUMAS, "NK-03/HM.01/50-55/2026"), (DISKOMINFO_SUMUT, "045/777/DKI/2026")]
    ):
        AgreementParty.objects.create(
            agreement=mou,
            organisation=Organisation.objects.get(name=name),
            document_number=number,
            position=position,
        )
    log(mou, Action.STATUS_CHANGED, by=None, changes={"from": "ready", "to": "active"})
    return mou


def t(page: Page, message: str) -> str:
    """``message`` as the page shows it, in the page's language."""
    return translated(message, html_lang(page))


def shown(page: Page, status: Agreement.Status) -> str:
    """How the page names ``status``, in the page's language."""
    with translation.override(html_lang(page)):
        return str(status.label)


def choose_organisation(page: Page, field: str, name: str) -> None:
    """Pick ``name`` in the organisation picker ``field`` by typing it, as a person would."""
    page.fill(f'input[name="{field}_search"]', name)
    picker = page.locator(f'select[name="{field}"]')
    expect(picker.locator("option", has_text=name)).to_have_count(1)
    picker.select_option(label=name)


def move(page: Page, to: str) -> None:
    """Press the detail page's button for the move to ``to``."""
    follow(page, page.get_by_test_id(f"transition-{to}"))


def expect_status(page: Page, status: Agreement.Status) -> None:
    expect(page.locator(".page-header .lead")).to_contain_text(shown(page, status))


def upload(page: Page, kind: str, name: str, content: bytes, note: str = "") -> None:
    follow(page, page.get_by_role("link", name=t(page, "Upload"), exact=True))
    page.select_option('select[name="kind"]', kind)
    page.set_input_files(
        'input[name="file"]', {"name": name, "mimeType": "application/pdf", "buffer": content}
    )
    if note:
        page.fill('input[name="note"]', note)
    follow(page, page.locator("main form [type=submit]"))


def test_a_pks_with_sumut_goes_from_draft_to_signed_and_only_its_parties_see_it(
    page, new_context, sumut_mou, console
):
    # KPK staff drafts the PKS under the MoU, with its parties and scope.
    sign_in(page, KPK_STAFF, totp=True)
    follow(page, page.get_by_test_id("nav-agreements"))
    follow(page, page.get_by_role("link", name=t(page, "New agreement")).first)
    expect(page).to_have_url(path_is(reverse("agreements:create")))
    page.select_option('select[name="kind"]', Agreement.Kind.PKS)
    page.select_option('select[name="parent"]', label=MOU_TITLE)
    page.fill('input[name="title"]', PKS_TITLE)
    page.fill(
        'textarea[name="summary"]',
        "KPK menitipkan kontennya di kanal Diskominfo Sumatera Utara; keduanya memproduksi "
        "iklan layanan masyarakat bersama.",
    )
    page.fill('input[name="signing_place"]', "Medan")
    starts = sumut_mou.effective_on + timedelta(days=90)
    ends = date(starts.year + 2, starts.month, 1)
    page.fill('input[name="effective_on"]', starts.isoformat())
    page.fill('input[name="ends_on"]', ends.isoformat())
    # The pickers list no organisation until one is searched for.
    expect(page.locator('select[name="parties-0-organisation"] option')).to_have_count(1)
    choose_organisation(page, "parties-0-organisation", BIRO_HUMAS)
    choose_organisation(page, "parties-1-organisation", DISKOMINFO_SUMUT)
    page.select_option('select[name="scope-0-area"]', "media_sharing")
    page.fill('input[name="scope-0-description"]', "Konten KPK di media sosial Diskominfo Sumut.")
    page.select_option('select[name="scope-0-metric"]', "kpk_content_published")
    page.fill('input[name="scope-0-quantity"]', "12")
    page.select_option('select[name="scope-0-period"]', "quarter")
    page.select_option('select[name="scope-1-area"]', "joint_production")
    page.fill('input[name="scope-1-description"]', "Iklan layanan masyarakat antikorupsi.")
    page.select_option('select[name="scope-1-metric"]', "joint_productions")
    page.fill('input[name="scope-1-quantity"]', "2")
    page.select_option('select[name="scope-1-period"]', "year")
    follow(page, page.get_by_role("button", name=t(page, "Save agreement")))

    pks = Agreement.objects.get(title=PKS_TITLE)
    detail = pks.get_absolute_url()
    expect(page).to_have_url(path_is(detail))
    expect_status(page, Agreement.Status.DRAFT)
    assert (pks.kind, pks.parent, pks.owner.email) == ("pks", sumut_mou, KPK_STAFF)
    expect(page.get_by_test_id("party")).to_have_count(2)
    expect(page.get_by_test_id("target")).to_have_count(2)
    # The content library counts KPK content and joint productions: none under it yet.
    expect(page.get_by_test_id("target").first).to_contain_text("0 / 12")
    expect(page.get_by_test_id("target").last).to_contain_text("0 / 2")

    # ... uploads the draft and opens the negotiation; marking it ready is not theirs to do.
    upload(page, "draft", "Draf PKS Sumut.pdf", DRAFT)
    expect(page).to_have_url(path_is(detail))
    expect(page.get_by_test_id("document")).to_contain_text("Draf PKS Sumut.pdf")
    move(page, "negotiation")
    expect_status(page, Agreement.Status.NEGOTIATION)
    expect(page.get_by_test_id("transition-ready")).to_have_count(0)

    # A KPK manager marks it ready to sign.
    manager = new_context().new_page()
    sign_in(manager, KPK_MANAGER, totp=True)
    manager.goto(detail)
    assert_accessible(manager)
    move(manager, "ready")
    expect_status(manager, Agreement.Status.READY)

    # Signing: recording it before the scan is in is refused; each reason links to its fix.
    move(manager, "active")
    missing = manager.get_by_test_id("signing-problems")
    scan_link = missing.get_by_role("link", name=t(manager, "Upload the signed scan first."))
    expect(scan_link).to_have_attribute(
        "href", reverse("agreements:document_upload", args=[pks.pk]) + "?kind=signed"
    )
    expect_status(manager, Agreement.Status.READY)
    upload(manager, "signed", SCAN_NAME, SCAN, note="Ditandatangani di Medan.")
    follow(manager, manager.get_by_role("link", name=t(manager, "Edit")))
    manager.fill('input[name="signed_on"]', timezone.localdate().isoformat())
    manager.fill('input[name="parties-0-document_number"]', "PKS-52/HM.01/50-55/2026")
    manager.fill('input[name="parties-1-document_number"]', "045/1893/DKI/2026")
    follow(manager, manager.get_by_role("button", name=t(manager, "Save agreement")))
    expect(manager).to_have_url(path_is(detail))
    # Saving the details leaves the scope as it was: no blank row becomes a scope item.
    assert pks.scope_items.count() == 2
    scope_changes = entries_for(pks).filter(action=Action.SCOPE_CHANGED)
    assert not scope_changes.filter(actor__email=KPK_MANAGER).exists()
    # It takes effect in a month: recording the signing makes it signed, not yet in force.
    move(manager, "active")
    expect_status(manager, Agreement.Status.SIGNED)
    pks.refresh_from_db()
    assert pks.status == Agreement.Status.SIGNED
    assert pks.signed_on == timezone.localdate()

    # The timeline tells the whole story: who did what, from the draft to the signature.
    history = manager.get_by_test_id("event")
    expect(history).to_have_count(entries_for(pks).count())
    expect(history.first).to_contain_text("Ratna Kusumawati")
    expect(history.last).to_contain_text("Dimas Prasetyo")
    expect(history.first).to_contain_text(shown(manager, Agreement.Status.SIGNED))
    screenshot(manager, "agreement")

    follow(manager, manager.get_by_test_id("nav-agreements"))
    expect(manager.get_by_test_id("agreement-row").first).to_contain_text(PKS_TITLE)
    # The party filter finds Diskominfo Sumatera Utara as one types; the list shows its own.
    party = manager.locator('select[name="party"]')
    expect(party.locator("option")).to_have_count(1)
    choose_organisation(manager, "party", DISKOMINFO_SUMUT)
    expect(manager.get_by_role("status")).to_contain_text(t(manager, "Organisations found:"))
    follow(manager, manager.locator('form[role="search"] [type=submit]'))
    sumut_rows = manager.get_by_test_id("agreement-row")
    expect(sumut_rows).to_have_count(
        Agreement.objects.filter(parties__organisation__name=DISKOMINFO_SUMUT).count()
    )
    expect(sumut_rows.filter(has_text=PKS_TITLE)).to_have_count(1)
    expect(manager.locator('select[name="party"]')).to_have_value(
        str(Organisation.objects.get(name=DISKOMINFO_SUMUT).pk)
    )
    follow(manager, manager.get_by_test_id("nav-agreements"))
    # On a phone each agreement is a card that still shows its status and term.
    manager.set_viewport_size(PHONE)
    row = manager.get_by_test_id("agreement-row").first
    expect(row.locator(f'[data-label="{t(manager, "Status")}"]')).to_be_visible()
    expect(row.locator(f'[data-label="{t(manager, "Term")}"]')).to_be_visible()
    assert page_width(manager) <= PHONE["width"]
    manager.set_viewport_size({"width": 1280, "height": 800})
    screenshot(manager, "agreements")
    follow(manager, manager.get_by_role("link", name=t(manager, "Province overview")))
    expect(manager).to_have_url(path_is(reverse("agreements:province_overview")))
    screenshot(manager, "province-overview")

    # Diskominfo Sumatera Utara's manager finds it and downloads the signed scan.
    sumut = new_context().new_page()
    sign_in(sumut, SUMUT_MANAGER)
    follow(sumut, sumut.get_by_test_id("nav-agreements"))
    follow(sumut, sumut.get_by_role("link", name=PKS_TITLE))
    expect(sumut).to_have_url(path_is(detail))
    expect_status(sumut, Agreement.Status.SIGNED)
    with sumut.expect_download() as download_info:
        sumut.get_by_role("link", name=SCAN_NAME).click()
    download = download_info.value
    assert download.suggested_filename == SCAN_NAME
    assert download.path().read_bytes() == SCAN

    # Diskominfo Sumatera Selatan's manager cannot find it, nor open it by its address.
    sumsel = new_context().new_page()
    sign_in(sumsel, SUMSEL_MANAGER)
    follow(sumsel, sumsel.get_by_test_id("nav-agreements"))
    expect(sumsel.get_by_test_id("agreement-row").first).to_be_visible()
    expect(sumsel.locator("main")).not_to_contain_text(PKS_TITLE)
    sumsel.fill('input[name="q"]', "Sumatera Utara")
    follow(sumsel, sumsel.locator('form[role="search"] [type=submit]'))
    expect(sumsel.get_by_test_id("agreement-row")).to_have_count(0)
    scan = AgreementDocument.objects.get(agreement=pks, kind="signed")
    for path in (detail, urlparse(scan.get_absolute_url()).path):
        console.expect_error_status(path)
        assert sumsel.goto(path).status == 404
        assert_accessible(sumsel)


def test_a_pks_is_drafted_from_its_mou_with_rows_added_removed_and_searched(
    page, sumut_mou, console
):
    item = ScopeItem.objects.create(
        agreement=sumut_mou, area=ScopeItem.Area.DISSEMINATION, description="Konten KPK"
    )
    for metric, quantity in (("kpk_content_published", 24), ("trainings_held", 2)):
        Target.objects.create(scope_item=item, metric=metric, quantity=quantity, period="year")

    # From the MoU's page, KPK staff starts a PKS under it: parties and scope are there already.
    sign_in(page, KPK_STAFF, totp=True)
    page.goto(sumut_mou.get_absolute_url())
    assert_accessible(page)
    follow(page, page.get_by_test_id("draft-pks"))
    expect(page).to_have_url(path_is(reverse("agreements:create")))
    expect(page.locator('select[name="kind"]')).to_have_value(Agreement.Kind.PKS)
    expect(page.locator('select[name="parent"]')).to_have_value(str(sumut_mou.pk))
    organisation = Organisation.objects.get
    expect(page.locator('select[name="parties-0-organisation"]')).to_have_value(
        str(organisation(name=BIRO_HUMAS).pk)
    )
    expect(page.locator('select[name="parties-1-organisation"]')).to_have_value(
        str(organisation(name=DISKOMINFO_SUMUT).pk)
    )
    expect(page.locator('select[name="scope-0-area"]')).to_have_value("dissemination")
    expect(page.locator('select[name="scope-1-area"]')).to_have_value("same")

    # An MoU falls under nothing: choosing that kind takes the MoU out of the parent picker.
    page.select_option('select[name="kind"]', Agreement.Kind.MOU)
    expect(page.locator('select[name="parent"]')).to_have_value("")
    expect(page.locator(f'select[name="parent"] option[value="{sumut_mou.pk}"]')).to_be_disabled()
    page.select_option('select[name="kind"]', Agreement.Kind.PKS)
    page.select_option('select[name="parent"]', str(sumut_mou.pk))

    # A third target under the same item: a new row, focused, "same item as above".
    rows = page.locator('table[data-formset="scope"] tbody tr:visible')
    before = rows.count()
    page.get_by_test_id("add-scope").click()
    expect(rows).to_have_count(before + 1)
    new_area = page.locator(f'select[name="scope-{before}-area"]')
    expect(new_area).to_be_focused()
    new_area.select_option("same")
    page.select_option(f'select[name="scope-{before}-metric"]', "joint_productions")
    page.fill(f'input[name="scope-{before}-quantity"]', "1")
    page.select_option(f'select[name="scope-{before}-period"]', "year")
    # A row typed by mistake is removed; what was typed elsewhere stays.
    page.get_by_test_id("add-scope").click()
    page.fill(f'input[name="scope-{before + 1}-description"]', "Salah ketik")
    rows.last.locator("[data-remove-row]").click()
    expect(rows).to_have_count(before + 1)
    expect(page.get_by_test_id("add-scope")).to_be_focused()
    expect(page.locator(f'input[name="scope-{before}-quantity"]')).to_have_value("1")

    # A party found by typing part of its province: the new row's search box has the focus.
    new_party = page.locator('input[name="parties-TOTAL_FORMS"]').input_value()
    page.get_by_test_id("add-parties").click()
    search = page.locator("table[data-formset=parties] [data-search-url]").last
    expect(search).to_be_focused()
    search.fill("provinsi sumatera selatan")
    picker = page.locator(f'select[name="parties-{new_party}-organisation"]')
    expect(picker.locator("option:not([value=''])")).to_have_text([DISKOMINFO_SUMSEL])
    expect(picker).to_have_value(str(organisation(name=DISKOMINFO_SUMSEL).pk))
    page.locator('table[data-formset="parties"] tbody tr').last.locator("[data-remove-row]").click()

    # On a phone the rows stack into labelled fields.
    page.set_viewport_size(PHONE)
    expect(page.locator('label[for="id_scope-0-metric"]')).to_be_visible()
    assert page_width(page) <= PHONE["width"]
    screenshot(page, "agreement-form-phone")
    page.set_viewport_size({"width": 1280, "height": 800})

    page.fill('input[name="title"]', PKS_TITLE)
    follow(page, page.get_by_role("button", name=t(page, "Save agreement")))
    pks = Agreement.objects.get(title=PKS_TITLE)
    expect(page).to_have_url(path_is(pks.get_absolute_url()))
    assert [p.organisation.name for p in pks.parties.all()] == [BIRO_HUMAS, DISKOMINFO_SUMUT]
    [item] = pks.scope_items.all()
    assert [(t.metric, t.quantity) for t in item.targets.all()] == [
        ("kpk_content_published", 24),
        ("trainings_held", 2),
        ("joint_productions", 1),
    ]
    # The history says it was created, in one entry that does not recite the scope.
    expect(page.get_by_test_id("event")).to_have_count(1)
    expect(page.get_by_test_id("event")).not_to_contain_text("Konten KPK")


def test_older_history_is_appended_in_place_and_takes_the_focus(page, sumut_mou, console):
    for number in range(30):
        log(sumut_mou, Action.DETAILS_CHANGED, by=None, changes={"n": [0, number]})
    total = entries_for(sumut_mou).count()

    sign_in(page, SUMUT_MANAGER)
    page.goto(sumut_mou.get_absolute_url())
    assert_accessible(page)
    events = page.get_by_test_id("event")
    expect(events).to_have_count(25)

    # htmx appends the next page without leaving the page; reading goes on where it starts.
    page.get_by_role("link", name=t(page, "Show older entries")).click()
    expect(events).to_have_count(total)
    expect(events.nth(25)).to_be_focused()
    expect(page).to_have_url(path_is(sumut_mou.get_absolute_url()))
    expect(page.get_by_test_id("older-history")).to_have_count(0)
    assert_accessible(page)
