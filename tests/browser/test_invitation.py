"""A partner manager invites an operator; the operator accepts by the emailed link."""

import re
from urllib.parse import urlparse

from django.urls import reverse
from playwright.sync_api import expect

from partnerships.models import Invitation, Membership, Organisation, Role
from tests.browser.support import (
    assert_accessible,
    html_lang,
    journey,
    path_is,
    screenshot,
    sign_in,
    translated,
)

pytestmark = journey

INVITEE = "operator.baru@sumselprov.example"
INVITEE_PASSWORD = "Antikorupsi-Palembang-77"


def test_partner_manager_invites_an_operator_who_joins_by_the_emailed_link(
    page, new_context, demo, console, mailoutbox, settings, live_server
):
    # The emailed link must lead to the server the browser talks to.
    settings.SITE_URL = live_server.url
    sumsel = Organisation.objects.get(name="Diskominfo Provinsi Sumatera Selatan")
    sign_in(page, "sumsel.manager@demo.sinergi.id")
    page.locator("main").get_by_role("link", name=sumsel.name).click()
    expect(page).to_have_url(path_is(sumsel.get_absolute_url()))
    assert_accessible(page)

    invite_url = reverse("partnerships:invite_member", args=[sumsel.pk])
    page.locator(f'main a[href="{invite_url}"]').click()
    expect(page).to_have_url(path_is(invite_url))
    assert_accessible(page)
    page.fill('input[name="email"]', INVITEE)
    page.fill('input[name="full_name"]', "Rizky Ramadhan")
    page.select_option('select[name="role"]', Role.PARTNER_OPERATOR)
    screenshot(page, "invite")
    page.locator("main form [type=submit]").click()

    # Back on the organisation page, the invitation waits among the pending ones.
    expect(page).to_have_url(path_is(sumsel.get_absolute_url()))
    assert_accessible(page)
    expect(page.locator("main")).to_contain_text(INVITEE)
    assert len(mailoutbox) == 1
    (message,) = mailoutbox
    assert message.to == [INVITEE]
    assert sumsel.name in message.subject
    (link,) = re.findall(r"https?://\S+/invitation/\S+/", message.body)
    assert link.startswith(live_server.url)

    # The invitee has no account and opens the link in their own browser.
    invitee = new_context().new_page()
    invitee.goto(link)
    assert_accessible(invitee)
    expect(invitee.locator("main")).to_contain_text(sumsel.name)
    expect(invitee.locator("main")).to_contain_text(INVITEE)
    invitee.fill('input[name="full_name"]', "Rizky Ramadhan")
    screenshot(invitee, "accept-invitation")
    invitee.fill('input[name="password1"]', INVITEE_PASSWORD)
    invitee.fill('input[name="password2"]', INVITEE_PASSWORD)
    invitee.locator("main form [type=submit]").click()

    expect(invitee).to_have_url(path_is(reverse("home")))
    assert_accessible(invitee)
    expect(invitee.get_by_test_id("user-menu")).to_contain_text("Rizky")
    expect(invitee.locator("main")).to_contain_text(sumsel.name)
    membership = Membership.objects.get(user__email=INVITEE)
    assert (membership.organisation, membership.role) == (sumsel, Role.PARTNER_OPERATOR)
    assert Invitation.objects.get(email=INVITEE).accepted_by == membership.user

    # The link works once: opening it again says so, in the page's language.
    console.expect_error_status(urlparse(link).path)
    response = invitee.goto(link)
    assert_accessible(invitee)
    assert response.status == 410
    already_used = translated(
        "This invitation has already been used: each link works once.", html_lang(invitee)
    )
    expect(invitee.locator(".invitation-reason")).to_have_text(already_used)
    screenshot(invitee, "invitation-used")
    assert Membership.objects.filter(user__email=INVITEE).count() == 1
