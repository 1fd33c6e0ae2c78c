from django.urls import path  # noqa: F401 (until each section has its pages)

from .views import attendance, followup, registration, schedule  # noqa: F401

app_name = "events"

# Each part of the app keeps its section (and its module in ``views``).
urlpatterns = [
    # --- The event: list, details, agenda, invitations, publishing and cancelling (schedule) ---
    # --- Registration: members, nominations, guests, tickets, calendars (registration) ---
    # --- Attendance: the registration list, check-in, walk-ins, daftar hadir (attendance) ---
    # --- After the event: files, report, feedback, certificates (followup) ---
]
