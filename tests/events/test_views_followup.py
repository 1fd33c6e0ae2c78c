"""After the event's pages: files, downloads, the report, feedback, certificates, verification."""

from datetime import timedelta

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from events import followup
from events.models import Certificate, EventFile, Feedback, Report
from notifications.models import Delivery
from tests.events.followup_data import (
    HTML_BYTES,
    PDF_BYTES,
    image_bytes,
    past_event,
    upload,
)
from tests.events.test_followup import member_registration
from tests.factories import EventFactory, EventInvitationFactory, RegistrationFactory
from tests.helpers import count_queries, messages_of, stored_files

pytestmark = pytest.mark.usefixtures("english_msgids")


def add(event, by, content=PDF_BYTES, name="materi.pdf", kind="material", **fields):
    return followup.add_file(event, by=by, kind=kind, file=upload(content, name), **fields)


# Files: upload, list, visibility, removal


def test_file_add_stores_the_file_and_returns_to_the_list(client_as, network, media):
    event = past_event(organisers=[network.kpk])
    client = client_as(network.kpk_staff)

    response = client.post(
        reverse("events:file_add", args=[event.pk]),
        {"kind": "material", "file": upload(PDF_BYTES, "Materi Sesi 1.pdf"), "title": ""},
    )

    assert response.status_code == 302
    assert response.url == reverse("events:files", args=[event.pk])
    assert messages_of(response) == ["Materi Sesi 1.pdf added."]
    assert EventFile.objects.get().original_name == "Materi Sesi 1.pdf"


def test_file_add_bad_file_is_answered_clearly_with_nothing_stored(client_as, network, media):
    event = past_event(organisers=[network.kpk])
    client = client_as(network.kpk_staff)

    response = client.post(
        reverse("events:file_add", args=[event.pk]),
        {"kind": "material", "file": upload(HTML_BYTES, "materi.pdf")},
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "file": [
            "Only PDF, Word (DOCX), PowerPoint (PPTX) and Excel (XLSX) documents and JPEG, "
            "PNG, WebP and GIF images are accepted, and this file is none of them."
        ]
    }
    assert EventFile.objects.count() == 0
    assert stored_files(media) == []


def test_files_page_lists_what_the_visitor_may_open(client_as, network, media):
    event = past_event(organisers=[network.kpk])
    add(event, network.kpk_staff, name="rahasia.pdf", title="Materi internal")
    add(event, network.kpk_staff, name="umum.pdf", title="Materi umum", is_public=True)
    EventInvitationFactory(event=event, organisation=network.city)

    response = client_as(network.partner_manager).get(reverse("events:files", args=[event.pk]))

    assert [str(file) for file in response.context["materials"]] == ["Materi umum"]
    assert "Materi internal" not in response.content.decode()
    assert response.context["may_manage"] is False


def test_files_page_queries_stay_constant(client_as, network, media):
    event = past_event(organisers=[network.kpk])
    client = client_as(network.kpk_staff)
    url = reverse("events:files", args=[event.pk])
    add(event, network.kpk_staff)
    few = count_queries(lambda: client.get(url))
    for index in range(5):
        add(event, network.kpk_staff, content=image_bytes(), name=f"f{index}.jpg", kind="photo")

    assert count_queries(lambda: client.get(url)) == few


def test_file_visibility_makes_a_file_public(client_as, network, media):
    event = past_event(organisers=[network.kpk])
    added = add(event, network.kpk_staff, title="Materi")

    response = client_as(network.kpk_manager).post(
        reverse("events:file_visibility", args=[event.pk, added.pk]), {"is_public": "1"}
    )

    assert response.status_code == 302
    assert messages_of(response) == ["Materi is now public."]
    assert EventFile.objects.get().is_public is True


def test_file_remove_removes_it(client_as, network, media, django_capture_on_commit_callbacks):
    event = past_event(organisers=[network.kpk])
    added = add(event, network.kpk_staff, title="Materi")

    with django_capture_on_commit_callbacks(execute=True):
        response = client_as(network.kpk_manager).post(
            reverse("events:file_remove", args=[event.pk, added.pk])
        )

    assert messages_of(response) == ["Materi removed."]
    assert EventFile.objects.count() == 0
    assert stored_files(media) == []


# Downloads


def test_file_download_pdf_is_an_attachment_that_cannot_be_sniffed_or_run(
    client_as, network, media
):
    event = past_event(organisers=[network.kpk])
    added = add(event, network.kpk_staff, name="Materi Sesi 1.pdf")

    response = client_as(network.kpk_staff).get(
        reverse("events:file_download", args=[event.pk, added.pk])
    )

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Materi Sesi 1.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert "sandbox" in response["Content-Security-Policy"]


def test_file_download_photo_is_shown_inline(client_as, network, media):
    event = past_event(organisers=[network.kpk])
    added = add(event, network.kpk_staff, content=image_bytes(), name="foto.jpg", kind="photo")

    response = client_as(network.kpk_staff).get(
        reverse("events:file_download", args=[event.pk, added.pk])
    )
    b"".join(response.streaming_content)

    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"] == 'inline; filename="foto.jpg"'
    assert "sandbox" in response["Content-Security-Policy"]


def test_public_file_is_downloaded_by_anyone(anonymous_client, network, media):
    event = past_event(organisers=[network.kpk])
    added = add(event, network.kpk_staff, is_public=True)

    response = anonymous_client.get(reverse("events:file_download", args=[event.pk, added.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_private_file_asks_an_anonymous_visitor_to_sign_in(anonymous_client, network, media):
    event = past_event(organisers=[network.kpk])
    added = add(event, network.kpk_staff)
    url = reverse("events:file_download", args=[event.pk, added.pk])

    response = anonymous_client.get(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert (
        "Content-Security-Policy" not in response
        or "sandbox" not in response["Content-Security-Policy"]
    )


@pytest.mark.parametrize(
    ("role", "registered", "expected"),
    [
        ("kpk_staff", False, 200),
        ("administrator", False, 200),
        ("partner_operator", True, 200),
        ("partner_operator", False, 404),
        ("partner_manager", False, 404),
        ("province_manager", False, 404),
    ],
)
def test_private_file_only_for_participants_and_organisers(
    client_as, network, media, role, registered, expected
):
    event = past_event(organisers=[network.kpk])
    added = add(event, network.kpk_staff, content=image_bytes(), name="f.jpg", kind="photo")
    if registered:
        member_registration(event, network.partner_operator, network.city)

    client = client_as(getattr(network, role))
    download = client.get(reverse("events:file_download", args=[event.pk, added.pk]))
    thumbnail = client.get(reverse("events:file_thumbnail", args=[event.pk, added.pk]))

    assert (download.status_code, thumbnail.status_code) == (expected, expected)
    for response in (download, thumbnail):
        if response.streaming:
            b"".join(response.streaming_content)


def test_private_file_for_members_of_an_organising_partner(client_as, network, media):
    event = past_event(organisers=[network.city])
    added = add(event, network.partner_manager)

    response = client_as(network.partner_operator).get(
        reverse("events:file_download", args=[event.pk, added.pk])
    )

    assert response.status_code == 200
    b"".join(response.streaming_content)


def test_file_of_another_event_is_not_found(client_as, network, media):
    event = past_event(organisers=[network.kpk])
    other = past_event(organisers=[network.kpk])
    added = add(event, network.kpk_staff, is_public=True)

    response = client_as(network.kpk_staff).get(
        reverse("events:file_download", args=[other.pk, added.pk])
    )

    assert response.status_code == 404


# The report


def test_report_shows_the_figures_counted_from_the_check_ins(client_as, network):
    event = past_event(organisers=[network.kpk])
    member_registration(event, network.partner_operator, network.city, checked_in=True)
    RegistrationFactory(event=event, institution="Detik Sumbagsel", checked_in=True)
    RegistrationFactory(event=event)
    followup.write_report(event, by=network.kpk_staff, summary="Lancar & tertib.")

    response = client_as(network.kpk_manager).get(reverse("events:report", args=[event.pk]))

    figures = response.context["figures"]
    assert (figures.registered, figures.attended) == (3, 2)
    assert figures.by_regency == [("Kota Palembang", 1), ("Not tied to a regency or city", 1)]
    page = response.content.decode()
    assert "Lancar &amp; tertib." in page
    assert "WIB" in page


def test_report_queries_stay_constant(client_as, network):
    event = past_event(organisers=[network.kpk])
    client = client_as(network.kpk_staff)
    url = reverse("events:report", args=[event.pk])
    RegistrationFactory(event=event, checked_in=True)
    few = count_queries(lambda: client.get(url))
    for index in range(10):
        RegistrationFactory(event=event, institution=f"Media {index}", checked_in=True)

    assert count_queries(lambda: client.get(url)) == few


def test_report_edit_saves_the_report(client_as, network):
    event = past_event(organisers=[network.kpk])

    response = client_as(network.kpk_staff).post(
        reverse("events:report_edit", args=[event.pk]),
        {"summary": "Pelatihan diikuti 17 Diskominfo.", "follow_ups": "", "outputs": "12 berita"},
    )

    assert response.status_code == 302
    assert messages_of(response) == ["The report is saved."]
    assert (Report.objects.get().summary, Report.objects.get().outputs) == (
        "Pelatihan diikuti 17 Diskominfo.",
        "12 berita",
    )


def test_report_edit_without_summary_is_answered_clearly(client_as, network):
    event = past_event(organisers=[network.kpk])

    response = client_as(network.kpk_staff).post(
        reverse("events:report_edit", args=[event.pk]), {"summary": ""}
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"summary": ["This field is required."]}
    assert Report.objects.count() == 0


def test_report_edit_before_the_start_says_when(client_as, network):
    event = EventFactory(organisers=[network.kpk])

    response = client_as(network.kpk_staff).get(reverse("events:report_edit", args=[event.pk]))

    assert response.status_code == 302
    assert messages_of(response) == ["The report can be written once the event has started."]


# Feedback


ANSWERS = {"overall": "5", "content": "4", "speakers": "4", "organisation": "3", "comments": ""}


def test_feedback_form_by_the_ticket_token_records_one_answer(db, client):
    registration = RegistrationFactory(event=past_event(), checked_in=True)
    url = reverse("events:feedback", args=[registration.token])

    shown = client.get(url)
    response = client.post(url, ANSWERS)
    again = client.post(url, {**ANSWERS, "overall": "1"})

    assert shown.context["state"] == "form"
    assert response.status_code == 302
    assert again.status_code == 200
    assert again.context["state"] == "done"
    assert Feedback.objects.get().overall == 5


def test_feedback_form_bad_rating_is_answered_with_nothing_stored(db, client):
    registration = RegistrationFactory(event=past_event(), checked_in=True)

    response = client.post(
        reverse("events:feedback", args=[registration.token]), {**ANSWERS, "overall": "9"}
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["overall"]
    assert Feedback.objects.count() == 0


def test_feedback_form_for_someone_not_checked_in_is_refused(db, anonymous_client):
    registration = RegistrationFactory(event=past_event())
    url = reverse("events:feedback", args=[registration.token])

    response = anonymous_client.post(url, ANSWERS)

    assert response.status_code == 403
    assert "Only those who attended the event are asked for feedback" in (response.content.decode())
    assert Feedback.objects.count() == 0


def test_feedback_form_unknown_token_is_not_found(db, client):
    assert client.get(reverse("events:feedback", args=["nope"])).status_code == 404


def test_feedback_request_and_summary(client_as, network):
    event = past_event(organisers=[network.kpk])
    RegistrationFactory(event=event, checked_in=True)
    answered = RegistrationFactory(event=event, checked_in=True)
    followup.submit_feedback(
        answered, overall=4, content=4, speakers=5, organisation=3, comments="Perlu lebih lama."
    )
    client = client_as(network.kpk_staff)

    asked = client.post(reverse("events:feedback_request", args=[event.pk]))
    summary = client.get(reverse("events:feedback_summary", args=[event.pk]))

    assert messages_of(asked) == ["Feedback asked of 1 attendees."]
    assert summary.context["summary"]["responses"] == 1
    assert "Perlu lebih lama." in summary.content.decode()


def test_feedback_summary_queries_stay_constant(client_as, network):
    event = past_event(organisers=[network.kpk])
    client = client_as(network.kpk_staff)
    url = reverse("events:feedback_summary", args=[event.pk])

    def answer():
        registration = RegistrationFactory(event=event, checked_in=True)
        followup.submit_feedback(
            registration, overall=4, content=4, speakers=5, organisation=3, comments="Ok"
        )

    answer()
    few = count_queries(lambda: client.get(url))
    for _ in range(8):
        answer()

    assert count_queries(lambda: client.get(url)) == few


# Certificates


def test_certificates_issue_list_and_download(client_as, network):
    event = past_event(organisers=[network.kpk])
    RegistrationFactory(event=event, name="Dewi Lestari", checked_in=True)
    client = client_as(network.kpk_staff)

    issued = client.post(reverse("events:certificate_issue", args=[event.pk]))
    listed = client.get(reverse("events:certificates", args=[event.pk]))
    certificate = Certificate.objects.get()
    download = client.get(reverse("events:certificate_download", args=[event.pk, certificate.pk]))

    assert messages_of(issued) == ["1 certificates issued."]
    assert [c.name for c in listed.context["certificates"]] == ["Dewi Lestari"]
    assert download["Content-Type"] == "application/pdf"
    assert download.content.startswith(b"%PDF-")
    assert download["Content-Disposition"] == (
        f'attachment; filename="sertifikat-{certificate.code}.pdf"'
    )
    assert download["X-Content-Type-Options"] == "nosniff"


def test_certificate_issue_for_a_media_briefing_says_why(client_as, network):
    event = past_event(organisers=[network.kpk], kind="media_briefing")
    RegistrationFactory(event=event, checked_in=True)

    response = client_as(network.kpk_staff).post(
        reverse("events:certificate_issue", args=[event.pk])
    )

    assert messages_of(response) == ["Certificates of attendance are issued for trainings only."]
    assert Certificate.objects.count() == 0


def test_certificates_list_queries_stay_constant(client_as, network):
    event = past_event(organisers=[network.kpk])
    client = client_as(network.kpk_staff)
    url = reverse("events:certificates", args=[event.pk])
    RegistrationFactory(event=event, checked_in=True)
    followup.issue_certificates(event, by=network.kpk_staff)
    few = count_queries(lambda: client.get(url))
    for _ in range(6):
        RegistrationFactory(event=event, checked_in=True)
    followup.issue_certificates(event, by=network.kpk_staff)

    assert count_queries(lambda: client.get(url)) == few


def test_certificate_pdf_by_the_ticket_token(client, network):
    event = past_event(organisers=[network.kpk])
    registration = RegistrationFactory(event=event, checked_in=True)
    followup.issue_certificates(event, by=network.kpk_staff)

    response = client.get(reverse("events:certificate_pdf", args=[registration.token]))

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")


def test_certificate_pdf_without_a_certificate_is_not_found(client, network):
    registration = RegistrationFactory(event=past_event(), checked_in=True)

    response = client.get(reverse("events:certificate_pdf", args=[registration.token]))

    assert response.status_code == 404


# The public verification


@pytest.fixture
def issued(network):
    event = past_event(organisers=[network.kpk], title="Pelatihan Jurnalisme Data")
    RegistrationFactory(
        event=event,
        name="Dewi Lestari",
        institution="Diskominfo Kota Palembang",
        position="Pranata Humas Ahli Muda",
        email="dewi.lestari@palembang.go.id",
        phone="0812-7788-9900",
        checked_in=True,
    )
    (certificate,) = followup.issue_certificates(event, by=network.kpk_staff)
    return certificate


def test_certificate_verify_confirms_and_shows_only_what_it_prints(anonymous_client, issued):
    response = anonymous_client.get(reverse("events:certificate_verify", args=[issued.code]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "This certificate is genuine" in page
    for shown in ["Dewi Lestari", "Diskominfo Kota Palembang", "Pelatihan Jurnalisme Data"]:
        assert shown in page
    for private in ["dewi.lestari@palembang.go.id", "0812-7788-9900", "Pranata Humas", "Peserta"]:
        assert private not in page
    assert issued.registration.token not in page


def test_certificate_verify_reads_a_lowercase_code(anonymous_client, issued):
    response = anonymous_client.get(
        reverse("events:certificate_verify", args=[issued.code.lower()])
    )

    assert response.status_code == 200


def test_certificate_verify_unknown_code_is_a_clear_404(anonymous_client, issued):
    response = anonymous_client.get(reverse("events:certificate_verify", args=["AAAA-BBBB-CCCC"]))

    assert response.status_code == 404
    assert "Certificate not found or revoked" in response.content.decode()
    assert "Dewi Lestari" not in response.content.decode()


def test_certificate_verify_revoked_code_is_a_404_saying_so(anonymous_client, issued, network):
    followup.revoke_certificate(issued, by=network.kpk_staff, reason="Nama salah ketik")

    response = anonymous_client.get(reverse("events:certificate_verify", args=[issued.code]))

    page = response.content.decode()
    assert response.status_code == 404
    assert 'data-testid="certificate-revoked">' in page
    assert f"The certificate with the code {issued.code} is not valid" in page
    assert "Dewi Lestari" not in page
    assert "Nama salah ketik" not in page
    pdf = anonymous_client.get(reverse("events:certificate_pdf", args=[issued.registration.token]))
    assert pdf.status_code == 404


def test_certificate_verify_is_rate_limited_per_address(anonymous_client, issued, settings):
    settings.EVENT_CERTIFICATE_LOOKUPS = 3
    for index in range(3):
        guess = anonymous_client.get(
            reverse("events:certificate_verify", args=[f"AAAA-BBBB-CCC{index}"])
        )
        assert guess.status_code == 404

    response = anonymous_client.get(reverse("events:certificate_verify", args=[issued.code]))
    other_address = anonymous_client.get(
        reverse("events:certificate_verify", args=[issued.code]), REMOTE_ADDR="10.0.0.9"
    )

    assert response.status_code == 429
    assert "Dewi Lestari" not in response.content.decode()
    assert other_address.status_code == 200


def test_certificate_lookup_leads_to_the_code_page(db, anonymous_client):
    form = anonymous_client.get(reverse("events:certificate_lookup"))
    response = anonymous_client.get(
        reverse("events:certificate_lookup"), {"code": " abcd-efgh-jk23 "}
    )

    assert form.status_code == 200
    assert response.status_code == 302
    assert response.url == reverse("events:certificate_verify", args=["ABCD-EFGH-JK23"])


# The event page's box and the ticket's part


def render_include(name: str, **context) -> str:
    request = RequestFactory().get("/")
    request.user = context.get("user")
    return Template(f'{{% include "{name}" %}}').render(Context({"request": request, **context}))


def test_detail_box_offers_the_organiser_the_report_to_write(network, media):
    event = past_event(organisers=[network.kpk])
    add(event, network.kpk_staff, title="Materi")

    page = render_include(
        "events/includes/detail_followup.html", event=event, user=network.kpk_staff
    )

    assert reverse("events:report_edit", args=[event.pk]) in page
    assert reverse("events:certificates", args=[event.pk]) in page
    assert "Materi" in page


def test_detail_box_shows_a_participant_only_the_files(network, media):
    event = past_event(organisers=[network.kpk])
    add(event, network.kpk_staff, title="Materi")
    member_registration(event, network.partner_operator, network.city, checked_in=True)

    page = render_include(
        "events/includes/detail_followup.html", event=event, user=network.partner_operator
    )

    assert "Materi" in page
    assert reverse("events:report", args=[event.pk]) not in page
    assert reverse("events:certificates", args=[event.pk]) not in page


def test_detail_box_is_empty_for_someone_with_nothing_to_see(network):
    event = past_event(organisers=[network.kpk])

    page = render_include(
        "events/includes/detail_followup.html", event=event, user=network.partner_manager
    )

    assert page.strip() == ""


def test_ticket_part_offers_feedback_then_the_certificate(network):
    event = past_event(organisers=[network.kpk])
    registration = RegistrationFactory(event=event, checked_in=True)
    before = render_include("events/includes/ticket_followup.html", registration=registration)
    followup.submit_feedback(registration, overall=5, content=5, speakers=5, organisation=5)
    followup.issue_certificates(event, by=network.kpk_staff)

    after = render_include("events/includes/ticket_followup.html", registration=registration)

    assert reverse("events:feedback", args=[registration.token]) in before
    assert reverse("events:certificate_pdf", args=[registration.token]) not in before
    assert reverse("events:feedback", args=[registration.token]) not in after
    assert reverse("events:certificate_pdf", args=[registration.token]) in after


def test_ticket_part_is_empty_for_someone_who_did_not_attend(network):
    registration = RegistrationFactory(event=past_event())

    page = render_include("events/includes/ticket_followup.html", registration=registration)

    assert page.strip() == ""


def test_feedback_email_link_works(client, network, settings):
    settings.SITE_URL = "https://sinergi.example"
    event = past_event(organisers=[network.kpk])
    RegistrationFactory(event=event, email="jurnalis@example.id", checked_in=True)
    followup.request_feedback(event, by=network.kpk_staff)
    body = Delivery.objects.get(to_email="jurnalis@example.id").body_text
    path = body.split("https://sinergi.example", 1)[1].split()[0]

    assert client.get(path).status_code == 200
    assert event.starts_at < timezone.now() - timedelta(days=1)
