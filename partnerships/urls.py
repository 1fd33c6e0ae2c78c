from django.urls import path

from . import agreement_views, document_views, views

app_name = "partnerships"

urlpatterns = [
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("organisations/<int:pk>/invite/", views.invite_member, name="invite_member"),
    path("organisations/<int:pk>/channels/new/", views.channel_create, name="channel_create"),
    path(
        "organisations/<int:pk>/channels/<int:channel_pk>/",
        views.channel_update,
        name="channel_update",
    ),
    path("invitations/", views.invitation_list, name="invitation_list"),
    path("invitations/<int:pk>/revoke/", views.invitation_revoke, name="invitation_revoke"),
    path("invitation/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("agreements/", agreement_views.agreement_list, name="agreement_list"),
    path(
        "agreements/export.csv",
        agreement_views.agreement_export,
        {"fmt": "csv"},
        name="agreement_export_csv",
    ),
    path(
        "agreements/export.xlsx",
        agreement_views.agreement_export,
        {"fmt": "xlsx"},
        name="agreement_export_xlsx",
    ),
    path("agreements/provinces/", agreement_views.province_overview, name="province_overview"),
    path("agreements/new/", agreement_views.agreement_create, name="agreement_create"),
    path("agreements/<int:pk>/", agreement_views.agreement_detail, name="agreement_detail"),
    path("agreements/<int:pk>/edit/", agreement_views.agreement_update, name="agreement_update"),
    path(
        "agreements/<int:pk>/status/",
        agreement_views.agreement_transition,
        name="agreement_transition",
    ),
    path("agreements/<int:pk>/renew/", agreement_views.agreement_renew, name="agreement_renew"),
    path(
        "agreements/<int:pk>/comments/",
        agreement_views.agreement_comment,
        name="agreement_comment",
    ),
    path(
        "agreements/<int:pk>/documents/new/",
        document_views.upload_document,
        name="agreement_document_upload",
    ),
    path(
        "agreements/<int:pk>/documents/<int:document_pk>/",
        document_views.download_document,
        name="agreement_document",
    ),
]
