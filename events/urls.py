from django.urls import path

from .views import attendance, followup, registration, schedule  # noqa: F401

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
    path(
        "<int:pk>/invitations/<int:invitation_pk>/remove/",
        schedule.invitation_remove,
        name="invitation_remove",
    ),
    # --- Registration: members, nominations, guests, tickets, calendars (registration) ---
    # --- Attendance: the registration list, check-in, walk-ins, daftar hadir (attendance) ---
    # --- After the event: files, report, feedback, certificates (followup) ---
]
