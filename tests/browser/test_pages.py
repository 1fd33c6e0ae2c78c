"""Every page the other journeys do not pass through, opened as the people who use them and
checked by axe-core at desktop and phone width (no violation, no sideways scroll)."""

import pytest
from django.urls import reverse

from agreements.models import Agreement
from content import demo as content_demo
from content.models import ContentItem, NoticeConfirmation, Request, Theme
from partnerships.demo import DISKOMINFO_SUMSEL, DISKOMINFO_SUMUT
from partnerships.models import Channel, Organisation
from tests.browser.support import assert_accessible, journey, sign_in

pytestmark = journey

KPK_MANAGER = "kpk.manager@demo.sinergi.id"
SUMSEL_MANAGER = "sumsel.manager@demo.sinergi.id"
SUMUT_MANAGER = "sumut.manager@demo.sinergi.id"


def _item(title: str) -> int:
    return ContentItem.objects.get(title=title).pk


def _sumut() -> Organisation:
    return Organisation.objects.get(name=DISKOMINFO_SUMUT)


def _kpk_pages():
    mou = Agreement.objects.filter(kind=Agreement.Kind.MOU, status="active").first()
    draft = Agreement.objects.filter(status__in=["draft", "negotiation"]).first()
    return [
        reverse("notifications:list"),
        reverse("notifications:preferences"),
        reverse("accounts:profile"),
        reverse("account_change_password"),
        reverse("mfa_index"),
        reverse("partnerships:invitation_list"),
        reverse("agreements:list") + "?status=expiring",
        reverse("agreements:create"),
        reverse("agreements:update", args=[draft.pk]),
        reverse("agreements:document_upload", args=[draft.pk]),
        reverse("agreements:detail", args=[mou.pk]),
        reverse("agreements:create") + f"?kind=pks&parent={mou.pk}",
        # Content (issue 10): what the content journey does not pass through, with demo data.
        reverse("content:library")
        + "?kind=public_service_ad&origin=kpk&status=approved"
        + f"&theme={Theme.objects.get(slug='gratifikasi').pk}",
        # Review with two versions, requests with their reach, a correction being confirmed.
        reverse("content:item_detail", args=[_item(content_demo.PRESS_RELEASE)]),
        # A partner's submission waiting for KPK's decision (moves with a reason box).
        reverse("content:item_detail", args=[_item(content_demo.PALEMBANG_VIDEO)]),
        reverse("content:item_update", args=[_item(content_demo.KPK_DRAFT)]),
        reverse("content:versions", args=[_item(content_demo.PRESS_RELEASE)]) + "?a=1&b=2",
        reverse("content:tracker")
        + f"?province={Organisation.objects.get(name=DISKOMINFO_SUMSEL).province_id}&overdue=true",
        reverse("content:tracker") + f"?item={_item(content_demo.ILM)}&sort=newest",
        reverse("content:calendar"),
        reverse("content:inbox") + "?tab=all",
        reverse("content:notice_create", args=[_item(content_demo.ILM)]),
        # Diskominfo Sumut's page: its press partners and its public feeds.
        reverse("partnerships:organisation_detail", args=[_sumut().pk]),
    ]


def _partner_pages():
    sumsel = Organisation.objects.get(name=DISKOMINFO_SUMSEL)
    channel = Channel.objects.filter(organisation=sumsel).first()
    return [
        reverse("partnerships:invite_member", args=[sumsel.pk]),
        reverse("partnerships:channel_create", args=[sumsel.pk]),
        reverse("partnerships:channel_update", args=[sumsel.pk, channel.pk]),
        reverse("partnerships:invitation_list") + "?status=pending",
        reverse("agreements:list"),
        # Content (issue 10): the library, the inbox's other tabs, the calendar, an open
        # correction to confirm, and an item with this partner's own requests and proofs.
        reverse("content:library"),
        *(reverse("content:inbox") + f"?tab={tab}" for tab in ("due_soon", "overdue", "all")),
        reverse("content:calendar"),
        reverse(
            "content:notice_confirm",
            args=[
                NoticeConfirmation.objects.get(
                    request__organisation=sumsel, confirmed_at__isnull=True
                ).pk
            ],
        ),
        reverse("content:item_detail", args=[_item(content_demo.ILM)]),
        reverse(
            "content:request_detail",
            args=[Request.objects.get(item__title=content_demo.ILM, organisation=sumsel).pk],
        ),
    ]


def _press_partner_pages():
    """Diskominfo Sumut's manager: its press partners kept on its page, a joint production it
    makes with KPK, its own poster sent back for changes, and the page that proves a post."""
    scheduled = Request.objects.get(
        item__title=content_demo.INFOGRAPHIC, organisation__name=DISKOMINFO_SUMUT
    )
    return [
        reverse("partnerships:organisation_detail", args=[_sumut().pk]),
        reverse("content:item_detail", args=[_item(content_demo.JOINT_ILM)]),
        reverse("content:item_detail", args=[_item(content_demo.SUMUT_POSTER)]),
        reverse("content:item_update", args=[_item(content_demo.SUMUT_POSTER)]),
        reverse("content:versions", args=[_item(content_demo.SUMUT_POSTER)]),
        reverse("content:proof_add", args=[scheduled.pk]),
        reverse("content:inbox") + "?tab=mine",
    ]


@pytest.mark.parametrize(
    ("email", "totp", "pages"),
    [
        (KPK_MANAGER, True, _kpk_pages),
        (SUMSEL_MANAGER, False, _partner_pages),
        (SUMUT_MANAGER, False, _press_partner_pages),
    ],
    ids=["kpk-manager", "partner-manager", "sumut-manager"],
)
def test_every_page_passes_axe_at_desktop_and_phone_width(page, demo, console, email, totp, pages):
    sign_in(page, email, totp=totp)

    for path in pages():
        response = page.goto(path)
        assert response.status == 200, path
        assert_accessible(page)


def test_signed_out_pages_pass_axe(page, demo, console):
    for path in (reverse("account_login"), reverse("account_reset_password")):
        page.goto(path)
        assert_accessible(page)
