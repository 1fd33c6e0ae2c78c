"""After the event's services: files, the report, feedback and certificates (events/followup.py)."""

import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from PIL import Image

from audit.models import AuditEntry
from events import followup
from events.models import Certificate, Event, EventFile, Feedback, Registration, Report
from events.selectors import NOT_TIED, attendance_figures, feedback_summary, files_for
from notifications.models import Delivery, Notification
from partnerships.models import Role
from tests.events.followup_data import (
    DOCX,
    HTML_BYTES,
    PDF_BYTES,
    PPTX,
    SVG_BYTES,
    XLSX,
    image_bytes,
    office_bytes,
    past_event,
    plain_zip,
    png_claiming,
    running_event,
    truncated_jpeg,
    upload,
)
from tests.factories import EventFactory, RegistrationFactory, member
from tests.helpers import stored_files

pytestmark = pytest.mark.usefixtures("english_msgids")


def member_registration(event, user, organisation, **fields):
    return RegistrationFactory(
        event=event,
        user=user,
        organisation=organisation,
        name=user.get_full_name() or user.email,
        institution=organisation.name,
        email=user.email,
        source=Registration.Source.SELF,
        **fields,
    )


def actions(event) -> list[str]:
    return list(
        AuditEntry.objects.filter(target_id=str(event.pk))
        .order_by("sequence")
        .values_list("action", flat=True)
    )


# Materials and photos: what is accepted


def test_add_file_photo_is_kept_reencoded_with_a_thumbnail(network, media):
    event = past_event(organisers=[network.kpk])

    added = followup.add_file(
        event,
        by=network.kpk_staff,
        kind=EventFile.Kind.PHOTO,
        file=upload(image_bytes((900, 600)), "foto acara.png", "image/png"),
        title="Pembukaan",
    )

    assert (added.kind, added.content_type, added.original_name, added.title) == (
        "photo",
        "image/jpeg",
        "foto acara.png",
        "Pembukaan",
    )
    assert added.file.name.endswith(".jpg") and added.file.name.startswith(f"events/{event.pk}/")
    with added.thumbnail.open("rb") as stored, Image.open(stored) as thumbnail:
        assert thumbnail.size == (480, 320)
    assert added.is_public is False
    assert len(stored_files(media)) == 2
    assert actions(event) == ["events.file_added"]


@pytest.mark.parametrize(
    ("content", "name", "content_type", "extension"),
    [
        (PDF_BYTES, "materi.bin", "application/pdf", ".pdf"),
        (office_bytes("word/document.xml"), "notulen.pdf", DOCX, ".docx"),
        (office_bytes("ppt/presentation.xml"), "slides.pptx", PPTX, ".pptx"),
        (office_bytes("xl/workbook.xml"), "daftar.xlsx", XLSX, ".xlsx"),
        (image_bytes(format_name="PNG"), "bagan.png", "image/png", ".png"),
    ],
    ids=["pdf", "docx", "pptx", "xlsx", "image"],
)
def test_add_file_material_is_recognised_by_content(
    network, media, content, name, content_type, extension
):
    event = past_event(organisers=[network.kpk])

    added = followup.add_file(
        event, by=network.kpk_staff, kind=EventFile.Kind.MATERIAL, file=upload(content, name)
    )

    assert added.content_type == content_type
    assert added.file.name.endswith(extension)
    assert bool(added.thumbnail) == (extension == ".png")


# Materials and photos: what is refused, with nothing stored


@pytest.mark.parametrize(
    ("kind", "content", "name", "code"),
    [
        ("material", HTML_BYTES, "materi.pdf", "type"),
        ("material", SVG_BYTES, "logo.svg", "type"),
        ("photo", SVG_BYTES, "logo.png", "type"),
        ("photo", PDF_BYTES, "foto.jpg", "type"),
        ("photo", png_claiming(50_000, 50_000), "bom.png", "too_many_pixels"),
        ("material", png_claiming(50_000, 50_000), "bom.png", "too_many_pixels"),
        ("photo", truncated_jpeg(), "foto.jpg", "corrupt"),
        ("material", plain_zip(), "slides.pptx", "type"),
        ("material", office_bytes("word/document.xml", macros=True), "notulen.docx", "macros"),
        ("material", b"", "kosong.pdf", "empty"),
    ],
    ids=[
        "html-renamed-pdf",
        "svg",
        "svg-as-photo",
        "pdf-as-photo",
        "bomb-photo",
        "bomb-material",
        "truncated-image",
        "zip-not-office",
        "macros",
        "empty",
    ],
)
def test_add_file_bad_input_is_refused_and_nothing_is_stored(
    network, media, kind, content, name, code
):
    event = past_event(organisers=[network.kpk])

    with pytest.raises(ValidationError) as refusal:
        followup.add_file(event, by=network.kpk_staff, kind=kind, file=upload(content, name))

    assert refusal.value.code == code
    assert EventFile.objects.count() == 0
    assert stored_files(media) == []
    assert actions(event) == []


def test_add_file_html_renamed_pdf_says_what_is_accepted(network, media):
    event = past_event(organisers=[network.kpk])

    with pytest.raises(ValidationError) as refusal:
        followup.add_file(
            event, by=network.kpk_staff, kind="material", file=upload(HTML_BYTES, "materi.pdf")
        )

    assert refusal.value.messages == [
        "Only PDF, Word (DOCX), PowerPoint (PPTX) and Excel (XLSX) documents and JPEG, PNG, "
        "WebP and GIF images are accepted, and this file is none of them."
    ]


def test_add_file_over_the_size_limit_is_refused(network, media, settings):
    settings.EVENT_FILE_MAX_MB = 1
    event = past_event(organisers=[network.kpk])
    content = PDF_BYTES + b"\0" * (1024 * 1024)

    with pytest.raises(ValidationError) as refusal:
        followup.add_file(
            event, by=network.kpk_staff, kind="material", file=upload(content, "besar.pdf")
        )

    assert refusal.value.messages == ["The file is larger than 1 MB."]
    assert EventFile.objects.count() == 0
    assert stored_files(media) == []


def test_add_file_at_the_size_limit_is_accepted(network, media, settings):
    settings.EVENT_FILE_MAX_MB = 1
    event = past_event(organisers=[network.kpk])
    content = PDF_BYTES + b"\0" * (1024 * 1024 - len(PDF_BYTES))

    added = followup.add_file(
        event, by=network.kpk_staff, kind="material", file=upload(content, "pas.pdf")
    )

    assert added.size == 1024 * 1024


@pytest.mark.parametrize("role", ["partner_operator", "partner_manager", "province_manager"])
def test_add_file_by_someone_who_does_not_organise_is_refused(network, media, role):
    event = past_event(organisers=[network.kpk])

    with pytest.raises(PermissionDenied):
        followup.add_file(
            event, by=getattr(network, role), kind="material", file=upload(PDF_BYTES, "a.pdf")
        )

    assert EventFile.objects.count() == 0


def test_add_file_partner_manager_organising_may_add(network, media):
    event = past_event(organisers=[network.city])

    added = followup.add_file(
        event, by=network.partner_manager, kind="material", file=upload(PDF_BYTES, "a.pdf")
    )

    assert added.uploaded_by == network.partner_manager


def test_remove_file_deletes_its_files_once_committed(
    network, media, django_capture_on_commit_callbacks
):
    event = past_event(organisers=[network.kpk])
    added = followup.add_file(
        event, by=network.kpk_staff, kind="photo", file=upload(image_bytes(), "f.jpg")
    )

    with django_capture_on_commit_callbacks(execute=True):
        followup.remove_file(added, by=network.kpk_manager)

    assert EventFile.objects.count() == 0
    assert stored_files(media) == []
    assert actions(event) == ["events.file_added", "events.file_removed"]


def test_remove_file_by_a_participant_is_refused(network, media):
    event = past_event(organisers=[network.kpk])
    added = followup.add_file(
        event, by=network.kpk_staff, kind="material", file=upload(PDF_BYTES, "a.pdf")
    )
    member_registration(event, network.partner_operator, network.city, checked_in=True)

    with pytest.raises(PermissionDenied):
        followup.remove_file(added, by=network.partner_operator)

    assert EventFile.objects.count() == 1


def test_set_file_visibility_changes_it_once(network, media):
    event = past_event(organisers=[network.kpk])
    added = followup.add_file(
        event, by=network.kpk_staff, kind="material", file=upload(PDF_BYTES, "a.pdf")
    )

    first = followup.set_file_visibility(added, is_public=True, by=network.kpk_staff)
    again = followup.set_file_visibility(added, is_public=True, by=network.kpk_staff)

    assert (first, again) == (True, False)
    assert EventFile.objects.get().is_public is True
    assert actions(event) == ["events.file_added", "events.file_visibility_changed"]


def test_files_for_private_files_only_for_participants_and_organisers(network, media):
    event = past_event(organisers=[network.kpk])
    private = followup.add_file(
        event, by=network.kpk_staff, kind="material", file=upload(PDF_BYTES, "a.pdf")
    )
    public = followup.add_file(
        event,
        by=network.kpk_staff,
        kind="material",
        file=upload(PDF_BYTES, "b.pdf"),
        is_public=True,
    )
    member_registration(event, network.partner_operator, network.city)

    assert files_for(network.kpk_staff, event) == [private, public]
    assert files_for(network.partner_operator, event) == [private, public]
    assert files_for(network.partner_manager, event) == [public]


# The outcome report


def test_write_report_writes_then_rewrites_and_logs_both(network):
    event = past_event(organisers=[network.kpk])

    followup.write_report(event, by=network.kpk_staff, summary="Berjalan lancar.")
    report = followup.write_report(
        event, by=network.kpk_manager, summary="Berjalan lancar.", follow_ups="Pelatihan lanjutan."
    )

    assert Report.objects.count() == 1
    assert (report.summary, report.follow_ups, report.outputs) == (
        "Berjalan lancar.",
        "Pelatihan lanjutan.",
        "",
    )
    assert report.written_by == network.kpk_staff
    assert actions(event) == ["events.report_written", "events.report_changed"]
    changed = AuditEntry.objects.get(action="events.report_changed")
    assert changed.changes == {"follow_ups": ["", "Pelatihan lanjutan."]}


def test_write_report_before_the_event_starts_is_refused(network):
    event = EventFactory(organisers=[network.kpk])

    with pytest.raises(ValidationError) as refusal:
        followup.write_report(event, by=network.kpk_staff, summary="Terlalu cepat.")

    assert refusal.value.messages == ["The report can be written once the event has started."]
    assert Report.objects.count() == 0


def test_write_report_without_a_summary_is_refused(network):
    event = past_event(organisers=[network.kpk])

    with pytest.raises(ValidationError) as refusal:
        followup.write_report(event, by=network.kpk_staff, summary="  ")

    assert refusal.value.message_dict == {"summary": ["Write a summary of the event."]}
    assert Report.objects.count() == 0


def test_write_report_by_an_invited_member_is_refused(network):
    event = past_event(organisers=[network.kpk])

    with pytest.raises(PermissionDenied):
        followup.write_report(event, by=network.partner_manager, summary="Bukan milik saya.")


def test_attendance_figures_equal_the_lists(network):
    event = past_event(organisers=[network.kpk])
    city_people = [member(Role.PARTNER_OPERATOR, network.city) for _ in range(3)]
    neighbour = member(Role.PARTNER_OPERATOR, network.neighbour)
    member_registration(event, city_people[0], network.city, checked_in=True)
    member_registration(event, city_people[1], network.city, checked_in=True)
    member_registration(event, city_people[2], network.city)  # registered, did not come
    member_registration(event, neighbour, network.neighbour, checked_in=True)
    member_registration(event, network.kpk_staff, network.kpk, checked_in=True)
    RegistrationFactory(event=event, institution="Detik Sumbagsel", checked_in=True)
    RegistrationFactory(event=event, institution="Detik Sumbagsel", checked_in=True)
    RegistrationFactory(event=event, institution="Sumatera Ekspres", checked_in=True)
    RegistrationFactory(event=event, waitlisted=True)
    RegistrationFactory(event=event, status=Registration.Status.CANCELLED, confirmed_at=None)
    RegistrationFactory(checked_in=True)  # another event's

    figures = attendance_figures(event)

    seated = Registration.objects.filter(event=event, status="confirmed")
    came = [registration for registration in seated if registration.checked_in_at]
    assert (figures.registered, figures.attended) == (seated.count(), len(came)) == (8, 7)
    assert figures.by_institution == [
        ("Detik Sumbagsel", 2),
        ("Diskominfo Kota Palembang", 2),
        ("Biro Hubungan Masyarakat KPK", 1),
        ("Diskominfo Kabupaten Ogan Ilir", 1),
        ("Sumatera Ekspres", 1),
    ]
    assert figures.by_regency == [
        ("Kota Palembang", 2),
        ("Kabupaten Ogan Ilir", 1),
        (NOT_TIED, 4),
    ]
    assert sum(count for _name, count in figures.by_institution) == len(came)
    assert sum(count for _name, count in figures.by_regency) == len(came)


def test_attendance_figures_take_three_queries_whatever_the_size(
    network, django_assert_num_queries
):
    event = past_event(organisers=[network.kpk])
    for _ in range(30):
        RegistrationFactory(event=event, checked_in=True)

    with django_assert_num_queries(3):
        attendance_figures(event)


# Feedback


def test_request_feedback_asks_attendees_only(network, django_capture_on_commit_callbacks):
    event = past_event(organisers=[network.kpk])
    member_registration(event, network.partner_operator, network.city, checked_in=True)
    member_registration(event, network.partner_manager, network.city)  # did not come
    guest = RegistrationFactory(event=event, email="jurnalis@example.id", checked_in=True)
    RegistrationFactory(event=event, email="absen@example.id")

    asked = followup.request_feedback(event, by=network.kpk_staff)

    assert asked == 2
    notified = Notification.objects.get(kind="events.feedback_requested")
    assert notified.recipient == network.partner_operator
    assert notified.target_url.startswith("/events/tickets/")
    emails = Delivery.objects.filter(to_email__isnull=False).exclude(to_email="")
    assert list(emails.values_list("to_email", flat=True)) == ["jurnalis@example.id"]
    body = emails.get().body_text
    assert f"/events/tickets/{guest.token}/feedback/" in body
    assert f"/events/tickets/{guest.token}/\n" in body
    assert actions(event) == ["events.feedback_requested"]


def test_request_feedback_again_asks_only_who_has_not_answered(network):
    event = past_event(organisers=[network.kpk])
    answered = RegistrationFactory(event=event, checked_in=True)
    RegistrationFactory(event=event, checked_in=True)
    Feedback.objects.create(registration=answered, overall=5, content=5, speakers=5, organisation=5)

    assert followup.request_feedback(event, by=network.kpk_staff) == 1


def test_request_feedback_twice_emails_each_guest_once(network):
    event = past_event(organisers=[network.kpk])
    RegistrationFactory(event=event, email="jurnalis@example.id", checked_in=True)
    followup.request_feedback(event, by=network.kpk_staff)

    with pytest.raises(ValidationError) as refusal:
        followup.request_feedback(event, by=network.kpk_manager)

    assert refusal.value.messages == ["Nobody who attended is still to give feedback."]
    assert Delivery.objects.filter(to_email="jurnalis@example.id").count() == 1


def test_request_feedback_for_an_event_cancelled_since_it_was_loaded_is_refused(network):
    event = past_event(organisers=[network.kpk])
    RegistrationFactory(event=event, checked_in=True)
    Event.objects.filter(pk=event.pk).update(status=Event.Status.CANCELLED, cancel_reason="Batal")

    with pytest.raises(ValidationError):
        followup.request_feedback(event, by=network.kpk_staff)

    assert Delivery.objects.count() == 0


def test_request_feedback_when_nobody_attended_is_refused(network):
    event = past_event(organisers=[network.kpk])
    RegistrationFactory(event=event)

    with pytest.raises(ValidationError) as refusal:
        followup.request_feedback(event, by=network.kpk_staff)

    assert refusal.value.messages == ["Nobody who attended is still to give feedback."]


def test_request_feedback_before_the_start_is_refused(network):
    event = EventFactory(organisers=[network.kpk])

    with pytest.raises(ValidationError) as refusal:
        followup.request_feedback(event, by=network.kpk_staff)

    assert refusal.value.code == "not_started"
    assert Notification.objects.count() == 0


ANSWERS = {"overall": 5, "content": 4, "speakers": 5, "organisation": 3, "comments": "Bagus."}


def test_submit_feedback_records_the_answers(network):
    registration = RegistrationFactory(event=past_event(), checked_in=True)

    feedback = followup.submit_feedback(registration, **ANSWERS)

    assert (feedback.overall, feedback.content, feedback.comments) == (5, 4, "Bagus.")
    # The event's history says someone answered, not what.
    assert actions(registration.event) == ["events.feedback_given"]


def test_submit_feedback_twice_is_refused(network):
    registration = RegistrationFactory(event=past_event(), checked_in=True)
    followup.submit_feedback(registration, **ANSWERS)

    with pytest.raises(ValidationError) as refusal:
        followup.submit_feedback(registration, **{**ANSWERS, "overall": 1})

    assert refusal.value.messages == ["Your feedback has already been received. Thank you."]
    assert Feedback.objects.get().overall == 5


def test_submit_feedback_by_someone_not_checked_in_is_refused(network):
    registration = RegistrationFactory(event=past_event())

    with pytest.raises(ValidationError) as refusal:
        followup.submit_feedback(registration, **ANSWERS)

    assert refusal.value.messages == ["Only those who attended the event are asked for feedback."]
    assert Feedback.objects.count() == 0


def test_submit_feedback_rating_out_of_range_is_refused(network):
    registration = RegistrationFactory(event=past_event(), checked_in=True)

    with pytest.raises(ValidationError) as refusal:
        followup.submit_feedback(registration, **{**ANSWERS, "overall": 6})

    assert list(refusal.value.message_dict) == ["overall"]
    assert Feedback.objects.count() == 0


def test_feedback_summary_averages_and_distribution(network):
    event = past_event(organisers=[network.kpk])
    for overall, comments in [(5, "Sangat bermanfaat."), (4, ""), (4, "Waktu kurang.")]:
        registration = RegistrationFactory(event=event, checked_in=True)
        followup.submit_feedback(
            registration, overall=overall, content=3, speakers=5, organisation=2, comments=comments
        )
    RegistrationFactory(event=event, checked_in=True)

    summary = feedback_summary(event)

    assert (summary["responses"], summary["attended"]) == (3, 4)
    overall = summary["questions"][0]
    assert overall.name == "overall"
    assert round(overall.average, 2) == 4.33
    assert overall.distribution == [(1, 0, 0), (2, 0, 0), (3, 0, 0), (4, 2, 67), (5, 1, 33)]
    assert sorted(summary["comments"]) == ["Sangat bermanfaat.", "Waktu kurang."]


# Certificates


def test_issue_certificates_to_attendees_of_an_ended_training(
    network, django_capture_on_commit_callbacks
):
    start = timezone.now() - timedelta(days=2)
    event = EventFactory(
        organisers=[network.kpk, network.city],
        title="Pelatihan Jurnalisme Data",
        time_zone="Asia/Makassar",
        venue_regency=None,
        starts_at=start.replace(hour=23, minute=30),
        ends_at=start.replace(hour=23, minute=30) + timedelta(days=1, hours=2),
    )
    attendee = member_registration(event, network.partner_operator, network.city, checked_in=True)
    guest = RegistrationFactory(event=event, name="Nyoman Ayu", checked_in=True)
    RegistrationFactory(event=event)  # registered, did not come

    made = followup.issue_certificates(event, by=network.kpk_staff)

    assert sorted(certificate.registration_id for certificate in made) == sorted(
        [attendee.pk, guest.pk]
    )
    certificate = Certificate.objects.get(registration=guest)
    zone = event.zone
    first = timezone.localtime(event.starts_at, zone)
    last = timezone.localtime(event.ends_at, zone)
    assert certificate.event_dates == followup.event_dates(event)
    assert certificate.event_dates.startswith(str(first.day))
    assert str(last.day) in certificate.event_dates
    assert (certificate.name, certificate.institution, certificate.event_title) == (
        "Nyoman Ayu",
        "Detik Sumbagsel",
        "Pelatihan Jurnalisme Data",
    )
    assert certificate.organisers == "Biro Hubungan Masyarakat KPK, Diskominfo Kota Palembang"
    assert Notification.objects.get(kind="events.certificate_ready").recipient == (
        network.partner_operator
    )
    [email] = Delivery.objects.filter(to_email=guest.email)
    assert f"/events/tickets/{guest.token}/certificate.pdf" in email.body_text
    assert f'/events/tickets/{guest.token}/">' in email.body_html
    assert actions(event) == ["events.certificates_issued"]


def test_issue_certificates_twice_issues_nothing_new(network):
    event = past_event(organisers=[network.kpk])
    RegistrationFactory(event=event, checked_in=True)
    first = followup.issue_certificates(event, by=network.kpk_staff)
    RegistrationFactory(event=event, checked_in=True)  # a late check-in

    second = followup.issue_certificates(event, by=network.kpk_staff)
    third = followup.issue_certificates(event, by=network.kpk_staff)

    assert (len(first), len(second), third) == (1, 1, [])
    assert Certificate.objects.count() == 2
    assert Delivery.objects.count() == 2


def test_issue_certificates_for_a_media_briefing_is_refused(network):
    event = past_event(organisers=[network.kpk], kind=Event.Kind.MEDIA_BRIEFING)
    RegistrationFactory(event=event, checked_in=True)

    with pytest.raises(ValidationError) as refusal:
        followup.issue_certificates(event, by=network.kpk_staff)

    assert refusal.value.messages == ["Certificates of attendance are issued for trainings only."]
    assert Certificate.objects.count() == 0


def test_issue_certificates_before_the_training_ends_is_refused(network):
    event = running_event(organisers=[network.kpk])
    RegistrationFactory(event=event, checked_in=True)

    with pytest.raises(ValidationError) as refusal:
        followup.issue_certificates(event, by=network.kpk_staff)

    assert refusal.value.messages == ["Certificates are issued once the training has ended."]
    assert Certificate.objects.count() == 0


def test_issue_certificates_for_a_training_cancelled_since_it_was_loaded_is_refused(network):
    event = past_event(organisers=[network.kpk])
    RegistrationFactory(event=event, checked_in=True)
    Event.objects.filter(pk=event.pk).update(
        status=Event.Status.CANCELLED, cancel_reason="Dibatalkan"
    )

    with pytest.raises(ValidationError) as refusal:
        followup.issue_certificates(event, by=network.kpk_staff)

    assert refusal.value.messages == ["Certificates are issued only for a published training."]
    assert Certificate.objects.count() == 0


def test_issue_certificates_by_an_attendee_is_refused(network):
    event = past_event(organisers=[network.kpk])
    member_registration(event, network.partner_manager, network.city, checked_in=True)

    with pytest.raises(PermissionDenied):
        followup.issue_certificates(event, by=network.partner_manager)


def _issued(network):
    event = past_event(organisers=[network.kpk])
    RegistrationFactory(event=event, name="Nyoman Ayu", checked_in=True)
    (certificate,) = followup.issue_certificates(event, by=network.kpk_staff)
    return event, certificate


def test_revoke_certificate_revokes_once_and_logs_why(network):
    event, certificate = _issued(network)

    followup.revoke_certificate(certificate, by=network.kpk_staff, reason="  Nama salah ketik ")

    certificate.refresh_from_db()
    assert certificate.revoked_at is not None
    entry = AuditEntry.objects.get(action="events.certificate_revoked")
    assert (entry.target_id, entry.actor) == (str(event.pk), network.kpk_staff)
    assert entry.changes == {
        "certificate": certificate.code,
        "name": "Nyoman Ayu",
        "reason": "Nama salah ketik",
    }


def test_revoke_certificate_needs_a_reason(network):
    _event, certificate = _issued(network)

    with pytest.raises(followup.FollowupError) as refused:
        followup.revoke_certificate(certificate, by=network.kpk_staff, reason="  ")

    assert refused.value.messages == ["Say why the certificate is revoked."]
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


def test_revoke_certificate_twice_is_refused(network):
    _event, certificate = _issued(network)
    followup.revoke_certificate(certificate, by=network.kpk_staff, reason="Salah orang")

    with pytest.raises(followup.FollowupError) as refused:
        followup.revoke_certificate(certificate, by=network.kpk_staff, reason="Lagi")

    assert refused.value.messages == ["This certificate has already been revoked."]
    assert AuditEntry.objects.filter(action="events.certificate_revoked").count() == 1


@pytest.mark.parametrize("role", ["partner_manager", "partner_operator"])
def test_revoke_certificate_by_someone_who_does_not_organise_is_refused(network, role):
    _event, certificate = _issued(network)

    with pytest.raises(PermissionDenied):
        followup.revoke_certificate(certificate, by=getattr(network, role), reason="Salah")

    certificate.refresh_from_db()
    assert certificate.revoked_at is None


def test_event_dates_in_the_event_zone_in_indonesian(network):
    # 23.30 WIB on 1 May is already 2 May in WIT: the certificate follows the event's zone.
    from datetime import datetime
    from zoneinfo import ZoneInfo

    start = datetime(2026, 5, 1, 16, 30, tzinfo=ZoneInfo("UTC"))
    event = EventFactory(
        time_zone="Asia/Jayapura",
        venue_regency=None,
        starts_at=start,
        ends_at=start + timedelta(days=1),
    )

    assert followup.event_dates(event) == "2\u20133 Mei 2026"


def test_event_dates_across_months(network):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    start = datetime(2026, 5, 31, 2, 0, tzinfo=ZoneInfo("UTC"))
    event = EventFactory(starts_at=start, ends_at=start + timedelta(days=1))

    assert followup.event_dates(event) == "31 Mei 2026 \u2013 1 Juni 2026"


def test_thumbnail_of_a_transparent_image_is_png(network, media):
    event = past_event(organisers=[network.kpk])
    buffer = io.BytesIO()
    Image.new("RGBA", (20, 20), (0, 0, 0, 0)).save(buffer, format="PNG")

    added = followup.add_file(
        event, by=network.kpk_staff, kind="photo", file=upload(buffer.getvalue(), "logo.png")
    )

    assert added.thumbnail.name.endswith(".png")


@pytest.mark.parametrize(
    ("service", "message"),
    [
        (followup.request_feedback, "Feedback is asked only about a published event."),
        (followup.issue_certificates, "Certificates are issued only for a published training."),
    ],
    ids=["feedback", "certificates"],
)
def test_draft_event_is_refused_even_to_an_administrator(network, service, message):
    event = past_event(organisers=[network.kpk], draft=True)
    RegistrationFactory(event=event, checked_in=True)

    with pytest.raises(ValidationError) as refusal:
        service(event, by=network.administrator)

    assert refusal.value.messages == [message]
    assert Certificate.objects.count() == 0
    assert Notification.objects.count() == 0


def test_write_report_for_a_draft_is_refused_even_to_an_administrator(network):
    event = past_event(organisers=[network.kpk], draft=True)

    with pytest.raises(ValidationError) as refusal:
        followup.write_report(event, by=network.administrator, summary="Belum terbit.")

    assert refusal.value.messages == ["A draft event has no report: publish it first."]
    assert Report.objects.count() == 0


def test_audit_entries_read_as_sentences(network, media):
    from audit.actions import lines, verb

    event = past_event(organisers=[network.kpk])
    added = followup.add_file(
        event, by=network.kpk_staff, kind="photo", file=upload(image_bytes(), "foto.jpg")
    )
    followup.set_file_visibility(added, is_public=True, by=network.kpk_staff)

    added_entry, visibility_entry = AuditEntry.objects.order_by("sequence")

    assert verb(added_entry) == "added a file to the event"
    assert lines(added_entry) == ["File: foto.jpg", "Kind: Photo", "Public: no"]
    assert verb(visibility_entry) == "changed who may see a file of the event"
    assert lines(visibility_entry) == ["File: foto.jpg", "Public: no → yes"]
