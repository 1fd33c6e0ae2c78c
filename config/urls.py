from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path

# The admin signs in through allauth, so its rate limits and two-factor sign-in apply there too.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Sinergi"
admin.site.site_title = "Sinergi"

# A database outage answers 503 with Retry-After; any other error 500 (common/errors.py).
handler500 = "common.errors.server_error"

urlpatterns = [
    # The home page ("home"): the panels the apps register.
    path("", include("dashboard.urls")),
    path("accounts/", include("allauth.urls")),
    path("me/", include("accounts.urls")),
    path("notifications/", include("notifications.urls")),
    path("agreements/", include("agreements.urls")),
    path("content/", include("content.urls")),
    path("events/", include("events.urls")),
    path("", include("partnerships.urls")),
    path("admin/", admin.site.urls),
    # Browsers ask for /favicon.ico whatever the page says; resolved per request for hashed names.
    path(
        "favicon.ico",
        lambda request: redirect(static("img/logo.svg"), permanent=True),
        name="favicon",
    ),
]
