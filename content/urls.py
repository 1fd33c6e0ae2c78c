from django.urls import path

from . import views

app_name = "content"

urlpatterns = [
    # --- Tracking (branch `tracking`) ---
    path("inbox/", views.inbox, name="inbox"),
    path("tracker/", views.tracker, name="tracker"),
    path("calendar/", views.calendar, name="calendar"),
    # placeholder until the dissem branch is merged
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
]
