from django.urls import path

from . import views

app_name = "partnerships"

urlpatterns = [
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("organisations/<int:pk>/invite/", views.invite_member, name="invite_member"),
    path(
        "organisations/<int:pk>/members/<int:membership_pk>/role/",
        views.membership_change_role,
        name="membership_change_role",
    ),
    path(
        "organisations/<int:pk>/members/<int:membership_pk>/remove/",
        views.membership_remove,
        name="membership_remove",
    ),
    path("organisations/<int:pk>/channels/new/", views.channel_create, name="channel_create"),
    path(
        "organisations/<int:pk>/channels/<int:channel_pk>/",
        views.channel_update,
        name="channel_update",
    ),
    path(
        "organisations/<int:pk>/press-partners/new/",
        views.press_partner_add,
        name="press_partner_add",
    ),
    path(
        "organisations/<int:pk>/press-partners/<int:partner_pk>/remove/",
        views.press_partner_remove,
        name="press_partner_remove",
    ),
    path("invitations/", views.invitation_list, name="invitation_list"),
    path("invitations/<int:pk>/revoke/", views.invitation_revoke, name="invitation_revoke"),
    path("invitation/<str:token>/", views.invitation_accept, name="invitation_accept"),
]
