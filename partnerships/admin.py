from django.contrib import admin

from .models import Channel, Invitation, Membership, Organisation, Province, Regency
from .rules import visible_invitations, visible_organisations


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


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class ChannelInline(admin.TabularInline):
    model = Channel
    extra = 0


class ScopedAdmin(admin.ModelAdmin):
    """Admin pages list only what the access layer lets the signed-in administrator see."""

    scope = None

    def get_queryset(self, request):
        return type(self).scope(request.user, super().get_queryset(request))


@admin.register(Organisation)
class OrganisationAdmin(ScopedAdmin):
    scope = visible_organisations
    list_display = ["name", "kind", "province", "regency", "press_verified", "is_active"]
    list_filter = ["kind", "is_active", "press_verified", "province"]
    search_fields = ["name", "short_name", "regency__name", "province__name"]
    list_select_related = ["province", "regency"]
    autocomplete_fields = ["province", "regency"]
    inlines = [MembershipInline, ChannelInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "is_active", "created_at"]
    list_filter = ["role", "is_active", "organisation__kind"]
    search_fields = ["user__email", "user__full_name", "organisation__name"]
    list_select_related = ["user", "organisation"]
    autocomplete_fields = ["user", "organisation"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(organisation__in=visible_organisations(request.user))
        )


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "organisation", "audience_size", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "handle", "organisation__name"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(organisation__in=visible_organisations(request.user))
        )


@admin.register(Invitation)
class InvitationAdmin(ScopedAdmin):
    scope = visible_invitations
    list_display = ["email", "organisation", "role", "created_at", "expires_at", "accepted_at"]
    list_filter = ["role", "organisation__kind"]
    search_fields = ["email", "organisation__name"]
    list_select_related = ["organisation"]
    readonly_fields = ["token_hash", "invited_by", "accepted_at", "accepted_by", "created_at"]
    exclude = []

    def has_add_permission(self, request):
        # Invitations carry a one-time token that must be emailed: send them from the app.
        return False
