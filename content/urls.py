from django.urls import path

from . import views

app_name = "content"

urlpatterns = [
    # placeholder until the library branch is merged
    path("", views.library, name="library"),
    # placeholder until the library branch is merged
    path("<int:pk>/", views.item_detail, name="item_detail"),
    # Review (branch "review")
    path("<int:pk>/status/", views.item_transition, name="transition"),
    path("<int:pk>/comments/", views.item_comment, name="comment"),
    path("<int:pk>/versions/", views.item_versions, name="versions"),
]
