from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from audit.admin import HistoryLinkMixin

from . import services
from .models import User


@admin.register(User)
class UserAdmin(HistoryLinkMixin, BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_staff", "last_login"]
    list_filter = ["is_active", "is_staff", "is_superuser", "language"]
    search_fields = ["email", "full_name"]
    readonly_fields = ["last_login", "date_joined", "history"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["full_name", "position", "phone", "language"]}),
        (
            _("Access"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined", "history"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]}),
    ]

    def save_model(self, request, obj, form, change):
        # Through the service: the change is audited, and a deactivated account loses its
        # sessions (Django already refuses an inactive account's sessions; a new session token
        # also keeps them dead if the account is activated again later).
        services.save_account(obj, by=request.user)

    def save_related(self, request, form, formsets, change):
        before = services.access_of(form.instance) if change else []
        super().save_related(request, form, formsets, change)
        services.record_access_changed(form.instance, before=before, by=request.user)

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            services.record_password_set(self.get_object(request, id), by=request.user)
        return response
