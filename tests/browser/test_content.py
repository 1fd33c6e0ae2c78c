"""KPK entrusts a public service ad ("nitip konten") to Diskominfo Sumatera Utara and Sumatera
Selatan, and the PKS with Sumut counts the post.

KPK staff makes the ILM in the library, for the PKS's dissemination target, uploads its poster
and video link, approves it and sends it to both Diskominfo. Sumut's manager accepts it, forwards
it to two press partners and assigns the operator, who schedules the post for the next morning,
publishes it on Instagram, proves it (the post's link on Sumut's account, a screenshot, the
time) and reports its reach. KPK verifies
the proof; Sumsel's manager declines with a reason and cannot open Sumut's request. The PKS's
target then shows the verified post.
"""

import io
from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from PIL import Image, ImageDraw
from playwright.sync_api import Page, expect

from agreements.models import Agreement, AgreementParty, ScopeItem, Target
from content.models import Asset, ContentItem, Proof, Request, Theme
from partnerships.demo import BIRO_HUMAS, DISKOMINFO_SUMSEL, DISKOMINFO_SUMUT
from partnerships.models import Channel, Organisation
from tests.browser.support import (
    assert_accessible,
    follow,
    html_lang,
    journey,
    path_is,
    screenshot,
    sign_in,
    translated,
)

pytestmark = journey

KPK_STAFF = "kpk.staff@demo.sinergi.id"
SUMUT_MANAGER = "sumut.manager@demo.sinergi.id"
SUMUT_OPERATOR = "sumut.operator@demo.sinergi.id"
SUMSEL_MANAGER = "sumsel.manager@demo.sinergi.id"
PRESS_PARTNERS = ("Medan Kini (demo)", "Harian Sumut Pos (demo)")

PKS_TITLE = "PKS Penitipan Konten Antikorupsi KPK di Kanal Diskominfo Sumatera Utara"
TITLE = "ILM Jujur Itu Keren: Laporkan Gratifikasi"
POSTER_NAME = "ILM Jujur Itu Keren.png"
VIDEO_LINK = "https://www.youtube.com/watch?v=demo-jujur-itu-keren"
POST_URL = "https://www.instagram.com/diskominfo.sumut.demo/p/DemoJujurItuKeren/"
REACH = {"views": 8_400, "reach": 6_900, "likes": 730, "shares": 58, "comments": 41}
DECLINE_REASON = "Kanal kami sedang dipakai untuk kampanye Pilkada hingga akhir bulan."


@pytest.fixture
def sumut_pks(demo):
    """A PKS between Biro Humas KPK and Diskominfo Sumatera Utara in force, promising 12 KPK
    posts a quarter on Sumut's channels (the demo's Sumut MoU is still being negotiated)."""
    today = timezone.localdate()
    pks = Agreement.objects.create(
        kind=Agreement.Kind.PKS,
        title=PKS_TITLE,
        status=Agreement.Status.ACTIVE,
        signing_place="Medan",
        signed_on=today - timedelta(days=30),
        effective_on=today - timedelta(days=30),
        ends_on=date(today.year + 2, 12, 31),
    )
    for position, (name, number) in enumerate(
        [(BIRO_HUMAS, "PKS-61/HM.01/50-55/2026"), (DISKOMINFO_SUMUT, "045/2210/DKI/2026")]
    ):
        AgreementParty.objects.create(
            agreement=pks,
            organisation=Organisation.objects.get(name=name),
            document_number=number,
            position=position,
        )
    scope = ScopeItem.objects.create(
        agreement=pks,
        area=ScopeItem.Area.MEDIA_SHARING,
        description="Konten KPK di media sosial Diskominfo Sumatera Utara.",
    )
    Target.objects.create(
        scope_item=scope,
        metric=Target.Metric.KPK_CONTENT_PUBLISHED,
        quantity=12,
        period=Target.Period.QUARTER,
    )
    return pks


def poster_png(headline: str, size=(1080, 1080), colour="#1f3160", ink="white") -> bytes:
    """A real PNG, as a designer (or a phone's screenshot) would make it."""
    image = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 20, size[0] - 20, size[1] - 20), outline=ink, width=8)
    draw.text((size[0] // 2, size[1] // 2), headline, fill=ink, anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def t(page: Page, message: str) -> str:
    """``message`` as the page shows it, in the page's language."""
    return translated(message, html_lang(page))


def tn(page: Page, singular: str, plural: str, count: int) -> str:
    with translation.override(html_lang(page)):
        return translation.ngettext(singular, plural, count) % {"count": count}


def label(page: Page, choice) -> str:
    """How the page names a choice (a status, a kind), in the page's language."""
    with translation.override(html_lang(page)):
        return str(choice.label)


def expect_message(page: Page, text: str) -> None:
    expect(page.locator(".messages .alert")).to_contain_text(text)


def expect_request_status(page: Page, status: Request.Status) -> None:
    expect(page.locator(".page-header .lead [data-status]")).to_have_attribute(
        "data-status", status
    )
    expect(page.locator(".page-header .lead")).to_contain_text(label(page, status))


def choose_organisations(page: Page, field: str, names: list[str]) -> None:
    """Find each organisation by typing its name in the picker and add it to the choice (what
    is chosen stays offered while the next one is searched)."""
    picker = page.locator(f'select[name="{field}"]')
    for count, name in enumerate(names, start=1):
        page.fill(f'input[name="{field}_search"]', name)
        expect(picker.locator("option", has_text=name)).to_have_count(1)
        picker.select_option(label=names[:count])
    expect(picker.locator("option:checked")).to_have_count(len(names))


def test_kpk_entrusts_an_ilm_to_sumut_and_sumsel_and_the_pks_counts_the_verified_post(
    page, new_context, sumut_pks, console
):
    item_count = ContentItem.objects.count()
    scope = sumut_pks.scope_items.get()

    # KPK staff makes the ILM in the library, for the PKS's dissemination target.
    sign_in(page, KPK_STAFF, totp=True)
    follow(page, page.get_by_test_id("nav-content"))
    follow(page, page.get_by_test_id("new-content"))
    expect(page).to_have_url(path_is(reverse("content:item_create")))
    page.fill('input[name="title"]', TITLE)
    page.select_option('select[name="kind"]', ContentItem.Kind.PUBLIC_SERVICE_AD)
    page.fill(
        'textarea[name="description"]',
        "ILM 30 detik: seorang ASN menolak parsel dari rekanan dan melaporkannya ke KPK.",
    )
    page.get_by_label(Theme.objects.get(slug="gratifikasi").name, exact=True).check()
    page.fill('input[name="hashtags"]', "#JujurItuKeren #TolakGratifikasi")
    expect(page.locator('select[name="origin"]')).to_have_value(ContentItem.Origin.KPK)
    page.check('input[name="is_public"]')
    # The agreement is searched as one types; its scope items then fill the select beside it.
    page.fill('input[name="agreement_search"]', "penitipan sumatera utara")
    agreements = page.locator('select[name="agreement"]')
    expect(agreements.locator("option", has_text=PKS_TITLE)).to_have_count(1)
    agreements.select_option(label=PKS_TITLE)
    expect(page.locator(f'select[name="scope_item"] option[value="{scope.pk}"]')).to_have_count(1)
    page.select_option('select[name="scope_item"]', str(scope.pk))
    page.fill(
        'textarea[name="caption_instagram"]',
        "Jujur itu keren. Tolak gratifikasi, laporkan ke KPK. #JujurItuKeren",
    )
    follow(page, page.get_by_role("button", name=t(page, "Save content")))
    item = ContentItem.objects.get(title=TITLE)
    assert ContentItem.objects.count() == item_count + 1
    assert (item.owner.name, item.origin, item.agreement, item.scope_item) == (
        BIRO_HUMAS,
        ContentItem.Origin.KPK,
        sumut_pks,
        scope,
    )
    detail = reverse("content:item_detail", args=[item.pk])
    expect(page).to_have_url(path_is(detail))
    expect_message(page, t(page, "Content saved."))
    expect(page.get_by_test_id("review-status")).to_have_attribute("data-status", "draft")
    expect(page.get_by_test_id("agreement-link")).to_have_text(PKS_TITLE)

    # ... uploads the poster (a real PNG), then the video's link.
    follow(page, page.get_by_test_id("add-asset"))
    page.set_input_files(
        'input[name="file"]',
        {"name": POSTER_NAME, "mimeType": "image/png", "buffer": poster_png("JUJUR ITU KEREN")},
    )
    follow(page, page.get_by_role("button", name=t(page, "Upload")))
    expect(page).to_have_url(path_is(detail))
    expect_message(page, t(page, "%(name)s added.") % {"name": POSTER_NAME})
    poster = page.get_by_test_id("asset").filter(has_text=POSTER_NAME)
    expect(poster).to_contain_text("1080\u00d71080")
    # The platforms' sizes are made after the upload (at once here: tasks run eagerly).
    expect(poster.get_by_test_id("rendition-download")).to_have_count(4)
    follow(page, page.get_by_test_id("add-asset"))
    page.fill('input[name="external_url"]', VIDEO_LINK)
    follow(page, page.get_by_role("button", name=t(page, "Upload")))
    expect_message(page, t(page, "%(name)s added.") % {"name": t(page, "Video link")})
    expect(page.get_by_test_id("asset")).to_have_count(2)
    assert [a.kind for a in item.assets.order_by("pk")] == [Asset.Kind.IMAGE, Asset.Kind.VIDEO]

    # KPK's own item is approved from its page, without a review; then it may be sent.
    expect(page.get_by_test_id("send")).to_have_count(0)
    follow(page, page.get_by_test_id("move-approved"))
    approved = label(page, ContentItem.Status.APPROVED)
    expect_message(page, t(page, "The item is now: %(status)s.") % {"status": approved})
    expect(page.get_by_test_id("review-status")).to_have_attribute("data-status", "approved")
    expect(page.get_by_test_id("review-version")).to_have_count(1)

    # ... and sends it to both provincial Diskominfo, found by name in the picker.
    follow(page, page.get_by_test_id("send"))
    expect(page).to_have_url(path_is(reverse("content:send", args=[item.pk])))
    choose_organisations(page, "organisations", [DISKOMINFO_SUMUT, DISKOMINFO_SUMSEL])
    due = timezone.localdate() + timedelta(days=7)
    page.fill('input[name="due_on"]', due.isoformat())
    page.check(f'input[name="platforms"][value="{Channel.Kind.INSTAGRAM}"]')
    page.fill('textarea[name="message"]', "Mohon ditayangkan pekan ini untuk kampanye gratifikasi.")
    follow(page, page.get_by_test_id("send-form").locator("[type=submit]"))
    expect(page).to_have_url(path_is(detail))
    expect_message(
        page, tn(page, "Sent to %(count)s organisation.", "Sent to %(count)s organisations.", 2)
    )
    sent = page.get_by_test_id("item-request")
    expect(sent).to_have_count(2)
    expect(sent.locator('[data-status="requested"]')).to_have_count(2)
    sumut_request = Request.objects.get(item=item, organisation__name=DISKOMINFO_SUMUT)
    sumsel_request = Request.objects.get(item=item, organisation__name=DISKOMINFO_SUMSEL)
    assert (sumut_request.due_on, sumut_request.dispatch.platforms) == (due, ["instagram"])
    sumut_page = reverse("content:request_detail", args=[sumut_request.pk])
    screenshot(page, "content-item")

    # Sumut's manager finds it among the new requests, accepts it and forwards it to two press
    # partners, then assigns the operator.
    manager = new_context().new_page()
    sign_in(manager, SUMUT_MANAGER)
    follow(manager, manager.get_by_test_id("nav-inbox"))
    expect(manager.get_by_test_id("inbox-tab-new").locator(".badge")).to_have_text("1")
    row = manager.get_by_test_id("request-row").filter(has_text=TITLE)
    expect(row.locator('[data-status="requested"]')).to_have_count(1)
    screenshot(manager, "content-inbox")
    follow(manager, row.get_by_role("link", name=TITLE))
    expect(manager).to_have_url(path_is(sumut_page))
    expect_request_status(manager, Request.Status.REQUESTED)
    follow(manager, manager.get_by_test_id("accept-form").locator("[type=submit]"))
    expect_message(manager, t(manager, "The request is accepted."))
    expect_request_status(manager, Request.Status.ACCEPTED)
    expect(manager.get_by_test_id("assignee")).to_have_text(t(manager, "nobody yet"))
    forward = manager.get_by_test_id("forward-form")
    for outlet in PRESS_PARTNERS:
        forward.get_by_label(outlet, exact=True).check()
    follow(manager, forward.locator("[type=submit]"))
    expect_message(
        manager,
        tn(
            manager,
            "Forwarded to %(count)s press partner.",
            "Forwarded to %(count)s press partners.",
            2,
        ),
    )
    forwards = manager.get_by_test_id("forward")
    expect(forwards).to_have_count(2)
    for outlet in PRESS_PARTNERS:
        expect(forwards.filter(has_text=outlet).locator('[data-status="requested"]')).to_have_count(
            1
        )
    operator = get_user_model().objects.get(email=SUMUT_OPERATOR)
    assign = manager.get_by_test_id("assign-form")
    assign.locator('select[name="assignee"]').select_option(label=str(operator))
    follow(manager, assign.locator("[type=submit]"))
    expect_message(manager, t(manager, "%(person)s publishes it.") % {"person": operator})
    expect(manager.get_by_test_id("assignee")).to_have_text(str(operator))

    # The operator plans the post for tomorrow at nine, Jakarta time: the page and the badge say
    # when. Then it is published on Sumut's Instagram and proved: first with a post of another
    # account, which is refused, then with Sumut's own.
    publisher = new_context().new_page()
    sign_in(publisher, SUMUT_OPERATOR)
    follow(publisher, publisher.get_by_test_id("nav-inbox"))
    follow(publisher, publisher.get_by_test_id("inbox-tab-mine"))
    follow(publisher, publisher.get_by_role("link", name=TITLE))
    expect(publisher).to_have_url(path_is(sumut_page))
    planned = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)
    planned += timedelta(days=1)
    schedule = publisher.get_by_test_id("schedule-form")
    schedule.locator('input[name="scheduled_for"]').fill(planned.strftime("%Y-%m-%dT%H:%M"))
    follow(publisher, schedule.locator("[type=submit]"))
    with translation.override(html_lang(publisher)):
        when = date_format(planned, "SHORT_DATETIME_FORMAT")
    expect_message(
        publisher, t(publisher, "The publication is scheduled for %(time)s.") % {"time": when}
    )
    expect_request_status(publisher, Request.Status.SCHEDULED)
    expect(publisher.locator(".page-header .lead [data-testid=scheduled-for]")).to_have_text(when)
    expect(publisher.get_by_test_id("unschedule-form")).to_be_visible()
    assert Request.objects.get(pk=sumut_request.pk).scheduled_for == planned
    follow(publisher, publisher.get_by_test_id("add-proof"))
    instagram = Channel.objects.get(
        organisation__name=DISKOMINFO_SUMUT, kind=Channel.Kind.INSTAGRAM
    )
    published = timezone.localtime() - timedelta(hours=1)
    publisher.select_option('select[name="channel"]', str(instagram.pk))
    publisher.fill('input[name="url"]', "https://www.instagram.com/sumutpos.demo/p/Lain/")
    publisher.fill('input[name="published_at"]', published.strftime("%Y-%m-%dT%H:%M"))
    follow(publisher, publisher.get_by_test_id("proof-form").locator("[type=submit]"))
    expect(publisher.get_by_test_id("proof-form").get_by_role("alert")).to_contain_text(
        "sumutpos.demo"
    )
    assert not Proof.objects.filter(request=sumut_request).exists()
    publisher.fill('input[name="url"]', POST_URL)
    publisher.set_input_files(
        'input[name="screenshot"]',
        {
            "name": "tangkapan-layar.png",
            "mimeType": "image/png",
            "buffer": poster_png(
                "@diskominfo.sumut.demo", size=(390, 844), colour="#ffffff", ink="#c13584"
            ),
        },
    )
    publisher.fill('input[name="published_at"]', published.strftime("%Y-%m-%dT%H:%M"))
    follow(publisher, publisher.get_by_test_id("proof-form").locator("[type=submit]"))
    expect(publisher).to_have_url(path_is(sumut_page))
    expect_message(publisher, t(publisher, "The proof is recorded; KPK will verify it."))
    expect_request_status(publisher, Request.Status.PUBLISHED)
    proof = publisher.get_by_test_id("proof")
    expect(proof).to_have_count(1)
    expect(proof.locator('[data-status="submitted"]')).to_have_count(1)
    expect(proof.get_by_role("link", name=POST_URL)).to_be_visible()
    expect(proof.locator("img.proof-screenshot")).to_be_visible()
    # ... and, the next day, the reach figures from Instagram's insights.
    proof.get_by_text(t(publisher, "Report reach")).click()
    reach_form = proof.get_by_test_id("reach-form")
    for name, value in REACH.items():
        reach_form.locator(f'input[name="{name}"]').fill(str(value))
    follow(publisher, reach_form.locator("[type=submit]"))
    expect_message(publisher, t(publisher, "The reach figures are recorded."))
    expect(publisher.get_by_test_id("reach-history").locator("tbody tr")).to_have_count(1)
    expect(publisher.get_by_test_id("request-reach")).to_contain_text("8.400")

    # KPK finds the published request in the tracker and verifies the proof.
    follow(page, page.get_by_test_id("nav-tracker"))
    page.fill('input[name="q"]', TITLE)
    follow(page, page.locator('form[role="search"] [type=submit]'))
    rows = page.get_by_test_id("request-row")
    # Both requests and the two forwards, each with its status.
    expect(rows).to_have_count(4)
    published_row = rows.filter(has=page.locator('[data-status="published"]'))
    expect(published_row).to_have_count(1)
    expect(published_row).to_contain_text("6.900")
    screenshot(page, "content-tracker")
    follow(page, published_row.get_by_role("link", name=TITLE))
    expect(page).to_have_url(path_is(sumut_page))
    expect(page.get_by_test_id("chain").get_by_test_id("forward")).to_have_count(2)
    follow(page, page.get_by_test_id("verify-form").locator("[type=submit]"))
    expect_message(page, t(page, "The proof is verified."))
    expect_request_status(page, Request.Status.VERIFIED)
    expect(page.get_by_test_id("proof").locator('[data-status="verified"]')).to_have_count(1)
    screenshot(page, "content-request")

    # Sumsel's manager declines, saying why; Sumut's request stays out of reach.
    sumsel = new_context().new_page()
    sign_in(sumsel, SUMSEL_MANAGER)
    follow(sumsel, sumsel.get_by_test_id("nav-inbox"))
    follow(sumsel, sumsel.get_by_test_id("request-row").get_by_role("link", name=TITLE))
    expect(sumsel).to_have_url(path_is(reverse("content:request_detail", args=[sumsel_request.pk])))
    sumsel.get_by_test_id("answer").locator("summary").click()
    sumsel.fill("#decline-reason", DECLINE_REASON)
    follow(sumsel, sumsel.get_by_test_id("decline-form").locator("[type=submit]"))
    expect_message(sumsel, t(sumsel, "The request is declined; KPK has been told why."))
    expect_request_status(sumsel, Request.Status.DECLINED)
    expect(sumsel.get_by_test_id("decline-reason")).to_have_text(DECLINE_REASON)
    expect(sumsel.locator("main")).not_to_contain_text(DISKOMINFO_SUMUT)
    console.expect_error_status(sumut_page)
    assert sumsel.goto(sumut_page).status == 404
    assert_accessible(sumsel)

    # KPK sees the whole dissemination on the item's page, and the PKS counts the post.
    page.goto(detail)
    assert_accessible(page)
    requests = page.get_by_test_id("item-request")
    expect(requests).to_have_count(4)
    for status, count in (
        (Request.Status.VERIFIED, 1),
        (Request.Status.DECLINED, 1),
        (Request.Status.REQUESTED, 2),
    ):
        expect(requests.locator(f'[data-status="{status}"]')).to_have_count(count)
    expect(page.get_by_test_id("total-reach")).to_contain_text("8.400")
    follow(page, page.get_by_test_id("agreement-link"))
    expect(page).to_have_url(path_is(sumut_pks.get_absolute_url()))
    target = page.get_by_test_id("target").filter(
        has_text=label(page, Target.Metric.KPK_CONTENT_PUBLISHED)
    )
    expect(target).to_contain_text("1 / 12")
    expect(target.locator("progress")).to_have_attribute("value", "1")
    assert Proof.objects.get(request=sumut_request).status == Proof.Status.VERIFIED
