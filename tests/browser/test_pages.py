"""Every page the other journeys do not pass through, opened as the people who use them and
checked by axe-core at desktop and phone width (no violation, no sideways scroll)."""

import pytest
from django.urls import reverse

from agreements.models import Agreement
from partnerships.demo import DISKOMINFO_SUMSEL
from partnerships.models import Channel, Organisation
from tests.browser.support import assert_accessible, journey, sign_in

pytestmark = journey

KPK_MANAGER = "kpk.manager@demo.sinergi.id"
SUMSEL_MANAGER = "sumsel.manager@demo.sinergi.id"


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
    ]


@pytest.mark.parametrize(
    ("email", "totp", "pages"),
    [(KPK_MANAGER, True, _kpk_pages), (SUMSEL_MANAGER, False, _partner_pages)],
    ids=["kpk-manager", "partner-manager"],
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
