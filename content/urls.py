from django.urls import path

from . import feeds, views

app_name = "content"

urlpatterns = [
    # The library (placeholders until the library branch is merged).
    path("<int:pk>/", views.item_detail, name="item_detail"),
    path("<int:pk>/assets/<int:asset_pk>/<str:name>/", views.rendition, name="rendition"),
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
]
