from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import (
    Channel,
    Invitation,
    Membership,
    Organisation,
    Province,
    Regency,
)
from .rules import (
    visible_channels,
    visible_invitations,
    visible_memberships,
    visible_organisations,
)


class RegencyInline(admin.TabularInline):
    model = Regency
    extra = 0
    fields = ["code", "name", "kind"]


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "time_zone"]
    list_filter = ["time_zone"]
    search_fields = ["code", "name"]
    inlines = [RegencyInline]


@admin.register(Regency)
class RegencyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "province"]
    list_filter = ["kind", "province"]
    search_fields = ["code", "name"]
    list_select_related = ["province"]
    autocomplete_fields = ["province"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class ChannelInline(admin.TabularInline):
    model = Channel
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "province", "regency", "press_verified", "is_active"]
    list_filter = ["kind", "is_active", "press_verified", "province"]
    search_fields = ["name", "short_name", "regency__name", "province__name"]
    list_select_related = ["province", "regency"]
    autocomplete_fields = ["province", "regency"]
    inlines = [MembershipInline, ChannelInline]

    def get_queryset(self, request):
        # The admin lists what the access layer lets this administrator see, like every page.
        return visible_organisations(request.user, super().get_queryset(request))


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "is_active", "created_at"]
    list_filter = ["role", "is_active", "organisation__kind"]
    search_fields = ["user__email", "user__full_name", "organisation__name"]
    list_select_related = ["user", "organisation"]
    autocomplete_fields = ["user", "organisation"]

    def get_queryset(self, request):
        return visible_memberships(request.user, super().get_queryset(request))


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "organisation", "audience_size", "audience_updated_on"]
    list_filter = ["kind", "is_active", "organisation__kind"]
    search_fields = ["name", "handle", "organisation__name"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation"]

    def get_queryset(self, request):
        return visible_channels(request.user, super().get_queryset(request))


class InvitationStatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return Invitation.Status.choices

    def queryset(self, request, queryset):
        if self.value() in Invitation.Status.values:
            return queryset.with_status(self.value())
        return queryset


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organisation", "role", "status_display", "created_at", "expires_at"]
    list_filter = [InvitationStatusFilter, "role", "organisation__kind"]
    search_fields = ["email", "full_name", "organisation__name"]
    list_select_related = ["organisation"]
    date_hierarchy = "created_at"
    # The address, organisation and role are what the emailed link promises; an administrator
    # may extend or withdraw an invitation but not turn it into another one.
    fields = [
        "organisation",
        "email",
        "full_name",
        "role",
        "invited_by",
        "created_at",
        "expires_at",
        "revoked_at",
        "accepted_at",
        "accepted_by",
    ]
    readonly_fields = [
        "organisation",
        "email",
        "role",
        "invited_by",
        "created_at",
        "accepted_at",
        "accepted_by",
    ]

    def get_queryset(self, request):
        return visible_invitations(request.user, super().get_queryset(request))

    def has_add_permission(self, request):
        # Invitations carry a one-time token that must be emailed: send them from the app.
        return False

    @admin.display(description=_("status"))
    def status_display(self, obj):
        return obj.get_status_display()
