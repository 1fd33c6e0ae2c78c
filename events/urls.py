from django.urls import path

from .views import attendance, followup, registration, schedule

app_name = "events"

# Each part of the app keeps its section (and its module in ``views``).
urlpatterns = [
    # --- The event: list, details, agenda, invitations, publishing and cancelling (schedule) ---
    path("", schedule.event_list, name="list"),
    path("new/", schedule.event_create, name="create"),
    path("<int:pk>/", schedule.event_detail, name="detail"),
    path("<int:pk>/edit/", schedule.event_update, name="update"),
    path("<int:pk>/history/", schedule.event_history, name="history"),
    path("<int:pk>/publish/", schedule.event_publish, name="publish"),
    path("<int:pk>/cancel/", schedule.event_cancel, name="cancel"),
    path("<int:pk>/agenda/", schedule.event_agenda, name="agenda"),
    path("<int:pk>/agenda/<int:session_pk>/", schedule.session_update, name="session_update"),
    path(
        "<int:pk>/agenda/<int:session_pk>/remove/",
        schedule.session_remove,
        name="session_remove",
    ),
    path("<int:pk>/invite/", schedule.event_invite, name="invite"),
    path("<int:pk>/invitations/", schedule.invitations, name="invitations"),
    path(
        "<int:pk>/invitations/<int:invitation_pk>/remove/",
        schedule.invitation_remove,
        name="invitation_remove",
    ),
    # --- Registration: members, nominations, guests, tickets, calendars (registration) ---
    path("<int:pk>/register/", registration.register, name="register"),
    path(
        "registrations/<int:pk>/cancel/",
        registration.registration_cancel,
        name="registration_cancel",
    ),
    path("invitations/<int:pk>/", registration.invitation, name="invitation"),
    path(
        "invitations/<int:pk>/decline/",
        registration.invitation_decline,
        name="invitation_decline",
    ),
    path("p/<str:token>/", registration.public, name="public"),
    path("guest/confirm/<str:token>/", registration.guest_confirm, name="guest_confirm"),
    path("tickets/<str:token>/", registration.ticket, name="ticket"),
    path("tickets/<str:token>/qr.png", registration.ticket_qr, name="ticket_qr"),
    path("tickets/<str:token>/event.ics", registration.ticket_ics, name="ticket_ics"),
    path("tickets/<str:token>/cancel/", registration.ticket_cancel, name="ticket_cancel"),
    path("<int:pk>/event.ics", registration.ics, name="ics"),
    path("calendar/", registration.calendar_settings, name="calendar_settings"),
    path("calendar/reset/", registration.calendar_reset, name="calendar_reset"),
    path("calendar/<str:token>.ics", registration.calendar_feed, name="calendar_feed"),
    # --- Attendance: the registration list, check-in, walk-ins, daftar hadir (attendance) ---
    path("<int:pk>/registrations/", attendance.registrations, name="registrations"),
    path("<int:pk>/check-in/", attendance.checkin, name="checkin"),
    path("<int:pk>/check-in/token/", attendance.checkin_token, name="checkin_token"),
    path(
        "<int:pk>/check-in/<int:registration_pk>/",
        attendance.checkin_mark,
        name="checkin_mark",
    ),
    path("<int:pk>/check-in/walk-in/", attendance.walk_in, name="walk_in"),
    path("<int:pk>/attendance.pdf", attendance.attendance_pdf, name="attendance_pdf"),
    path("<int:pk>/attendance.xlsx", attendance.attendance_xlsx, name="attendance_xlsx"),
    # --- After the event: files, report, feedback, certificates (followup) ---
    path("<int:pk>/files/", followup.files, name="files"),
    path("<int:pk>/files/add/", followup.file_add, name="file_add"),
    path("<int:pk>/files/<int:file_pk>/", followup.file_download, name="file_download"),
    path(
        "<int:pk>/files/<int:file_pk>/thumbnail/",
        followup.file_thumbnail,
        name="file_thumbnail",
    ),
    path(
        "<int:pk>/files/<int:file_pk>/visibility/",
        followup.file_visibility,
        name="file_visibility",
    ),
    path("<int:pk>/files/<int:file_pk>/remove/", followup.file_remove, name="file_remove"),
    path("<int:pk>/report/", followup.report, name="report"),
    path("<int:pk>/report/edit/", followup.report_edit, name="report_edit"),
    path("<int:pk>/feedback/", followup.feedback_summary, name="feedback_summary"),
    path("<int:pk>/feedback/request/", followup.feedback_request, name="feedback_request"),
    path("tickets/<str:token>/feedback/", followup.feedback, name="feedback"),
    path("<int:pk>/certificates/", followup.certificates, name="certificates"),
    path("<int:pk>/certificates/issue/", followup.certificate_issue, name="certificate_issue"),
    path(
        "<int:pk>/certificates/<int:certificate_pk>/pdf/",
        followup.certificate_download,
        name="certificate_download",
    ),
    path("tickets/<str:token>/certificate.pdf", followup.certificate_pdf, name="certificate_pdf"),
    path("certificates/", followup.certificate_lookup, name="certificate_lookup"),
    path("certificates/<str:code>/", followup.certificate_verify, name="certificate_verify"),
]
