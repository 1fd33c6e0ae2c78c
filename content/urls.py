from django.urls import path

from . import feeds, views

app_name = "content"

urlpatterns = [
    # Library (branch "library")
    path("", views.library, name="library"),
    path("new/", views.item_create, name="item_create"),
    path("<int:pk>/", views.item_detail, name="item_detail"),
    path("<int:pk>/edit/", views.item_update, name="item_update"),
    path("<int:pk>/assets/new/", views.asset_add, name="asset_add"),
    path("<int:pk>/assets/<int:asset_pk>/remove/", views.asset_remove, name="asset_remove"),
    path("<int:pk>/assets/<int:asset_pk>/", views.asset_download, name="asset_download"),
    path("<int:pk>/assets/<int:asset_pk>/<str:name>/", views.rendition, name="rendition"),
    path("<int:pk>/package.zip", views.package, name="package"),
    # Review (branch "review")
    path("<int:pk>/status/", views.item_transition, name="transition"),
    path("<int:pk>/comments/", views.item_comment, name="comment"),
    path("<int:pk>/versions/", views.item_versions, name="versions"),
    # --- Dissemination (dissem branch) ---
    path("<int:pk>/send/", views.send_item, name="send"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("requests/<int:pk>/accept/", views.request_accept, name="request_accept"),
    path("requests/<int:pk>/decline/", views.request_decline, name="request_decline"),
    path("requests/<int:pk>/assign/", views.request_assign, name="request_assign"),
    path("requests/<int:pk>/forward/", views.request_forward, name="request_forward"),
    path("requests/<int:pk>/schedule/", views.request_schedule, name="request_schedule"),
    path("requests/<int:pk>/unschedule/", views.request_unschedule, name="request_unschedule"),
    path("requests/<int:pk>/proofs/new/", views.proof_add, name="proof_add"),
    path("proofs/<int:pk>/verify/", views.proof_verify, name="proof_verify"),
    path("proofs/<int:pk>/return/", views.proof_return, name="proof_return"),
    path("proofs/<int:pk>/reach/", views.proof_reach, name="proof_reach"),
    path("proofs/<int:pk>/screenshot/", views.proof_screenshot, name="proof_screenshot"),
    # Corrections and withdrawals (branch notices).
    path("<int:pk>/notices/new/", views.notice_create, name="notice_create"),
    path("notices/confirm/<int:pk>/", views.notice_confirm, name="notice_confirm"),
    path(
        "notices/confirm/<int:pk>/screenshot/",
        views.notice_screenshot,
        name="notice_screenshot",
    ),
    # The public feeds (branch notices).
    path("feeds/<int:organisation_pk>/atom.xml", feeds.feed_atom, name="feed_atom"),
    path("feeds/<int:organisation_pk>/feed.json", feeds.feed_json, name="feed_json"),
    # --- Tracking (branch `tracking`) ---
    path("inbox/", views.inbox, name="inbox"),
    path("tracker/", views.tracker, name="tracker"),
    path("calendar/", views.calendar, name="calendar"),
]
