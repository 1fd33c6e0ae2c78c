from django.urls import path

from .views import attendance, followup, registration, schedule  # noqa: F401

app_name = "events"

# Each part of the app keeps its section (and its module in ``views``).
urlpatterns = [
    # --- The event: list, details, agenda, invitations, publishing and cancelling (schedule) ---
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
    # --- After the event: files, report, feedback, certificates (followup) ---
]
