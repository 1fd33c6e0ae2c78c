from django.urls import path

from . import views

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
]
