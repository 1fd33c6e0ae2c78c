from django.urls import path

from .views import attendance, followup, registration, schedule  # noqa: F401

app_name = "events"

# Each part of the app keeps its section (and its module in ``views``).
urlpatterns = [
    # --- The event: list, details, agenda, invitations, publishing and cancelling (schedule) ---
    # --- Registration: members, nominations, guests, tickets, calendars (registration) ---
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
]
