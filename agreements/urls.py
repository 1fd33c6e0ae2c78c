from django.urls import path

from . import views

app_name = "agreements"

urlpatterns = [
    path("", views.agreement_list, name="list"),
    path("export.csv", views.agreement_export, {"fmt": "csv"}, name="export_csv"),
    path("export.xlsx", views.agreement_export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("provinces/", views.province_overview, name="province_overview"),
    path("provinces/<str:code>/", views.province_detail, name="province_detail"),
    path("new/", views.agreement_create, name="create"),
    path("organisations/", views.organisation_search, name="organisation_search"),
    path("parties/", views.party_search, name="party_search"),
    path("search/", views.agreement_search, name="agreement_search"),
    path("scope-items/", views.scope_item_options, name="scope_item_options"),
    path("<int:pk>/", views.agreement_detail, name="detail"),
    path("<int:pk>/edit/", views.agreement_update, name="update"),
    path("<int:pk>/history/", views.agreement_history, name="history"),
    path("<int:pk>/status/", views.agreement_transition, name="transition"),
    path("<int:pk>/renew/", views.agreement_renew, name="renew"),
    path("<int:pk>/comments/", views.agreement_comment, name="comment"),
    path("<int:pk>/documents/new/", views.upload_document, name="document_upload"),
    path("<int:pk>/documents/<int:document_pk>/", views.download_document, name="document"),
    path(
        "<int:pk>/documents/<int:document_pk>/withdraw/",
        views.withdraw_document,
        name="document_withdraw",
    ),
    path("<int:pk>/parties/<int:party_pk>/number/", views.set_party_number, name="party_number"),
]
