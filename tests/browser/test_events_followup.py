"""After the event's pages (files, report, feedback, certificates, the public check), opened as
an organising partner's manager and as a guest, checked by axe-core at desktop and phone width."""

from allauth.account.models import EmailAddress
from django.urls import reverse

from events import followup
from partnerships.models import Role
from tests.browser.support import assert_accessible, fill_sign_in, journey
from tests.events.followup_data import PDF_BYTES, image_bytes, past_event, upload
from tests.factories import DEFAULT_PASSWORD, OrganisationFactory, RegistrationFactory, member

pytestmark = journey


def test_followup_pages_are_accessible_at_any_width(page, checks, console):
    organisation = OrganisationFactory(name="Diskominfo Kota Palembang", regency_id="16.71")
    manager = member(Role.PARTNER_MANAGER, organisation, email="m@palembang.go.id")
    EmailAddress.objects.create(user=manager, email=manager.email, verified=True, primary=True)
    event = past_event(organisers=[organisation])
    attendee = RegistrationFactory(event=event, checked_in=True)
    followup.add_file(event, by=manager, kind="material", file=upload(PDF_BYTES, "materi.pdf"))
    followup.add_file(
        event,
        by=manager,
        kind="photo",
        file=upload(image_bytes((800, 600)), "f.jpg"),
        is_public=True,
    )
    followup.write_report(event, by=manager, summary="Lancar.", follow_ups="Lanjut.")
    followup.submit_feedback(
        attendee, overall=4, content=5, speakers=3, organisation=4, comments="Bagus"
    )
    (certificate,) = followup.issue_certificates(event, by=manager)
    other = RegistrationFactory(event=event, checked_in=True)
    public_pages = [
        reverse("events:feedback", args=[other.token]),
        reverse("events:certificate_lookup"),
        reverse("events:certificate_verify", args=[certificate.code]),
    ]
    for path in public_pages:
        page.goto(path)
        assert_accessible(page)
    console.expect_error_status(reverse("events:certificate_verify", args=["XXXX-XXXX-XXXX"]))
    page.goto(reverse("events:certificate_verify", args=["XXXX-XXXX-XXXX"]))
    assert_accessible(page)
    page.goto(reverse("account_login"))
    assert_accessible(page)
    fill_sign_in(page, manager.email, DEFAULT_PASSWORD)
    page.wait_for_url("**/")
    assert_accessible(page)
    for path in [
        reverse("events:files", args=[event.pk]),
        reverse("events:file_add", args=[event.pk]),
        reverse("events:report", args=[event.pk]),
        reverse("events:report_edit", args=[event.pk]),
        reverse("events:feedback_summary", args=[event.pk]),
        reverse("events:certificates", args=[event.pk]),
    ]:
        page.goto(path)
        assert_accessible(page)
