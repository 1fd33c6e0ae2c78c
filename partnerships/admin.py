from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, ngettext_lazy

from audit.admin import HistoryLinkMixin

from . import services
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


class OrganisationKindFilter(admin.ChoicesFieldListFilter):
    """``organisation__kind`` beside a list's own "kind": titled apart, not "By kind" twice."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = _("organisation kind")


ORGANISATION_KIND = ("organisation__kind", OrganisationKindFilter)


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


# The partner network's changes go through the same services as the pages, so an
# administrator's edit is checked the same way and written to the audit log.


class MembershipInline(admin.TabularInline):
    """Members are listed here; adding and changing them happens on the membership's page."""

    model = Membership
    extra = 0
    can_delete = False
    fields = ["user", "role", "is_active", "created_at"]
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ChannelInline(admin.TabularInline):
    model = Channel
    extra = 0
    # Channels are deactivated, not deleted, so their history stays readable.
    can_delete = False


@admin.register(Organisation)
class OrganisationAdmin(HistoryLinkMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "province", "regency", "press_verified", "is_active"]
    readonly_fields = ["history"]
    list_filter = ["kind", "is_active", "press_verified", "province"]
    search_fields = ["name", "short_name", "regency__name", "province__name"]
    list_select_related = ["province", "regency"]
    autocomplete_fields = ["province", "regency"]
    inlines = [MembershipInline, ChannelInline]

    def get_queryset(self, request):
        # The admin lists what the access layer lets this administrator see, like every page.
        return visible_organisations(request.user, super().get_queryset(request))

    def save_model(self, request, obj, form, change):
        services.save_organisation(obj, by=request.user)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Channel:
            return super().save_formset(request, form, formset, change)
        for channel in formset.save(commit=False):
            services.save_channel(channel, by=request.user)
        formset.save_m2m()
        return None


class MembershipAdminForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["user", "organisation", "role", "is_active"]

    def clean(self):
        # The checks the services make, so a refusal is a form error, never a 500. The role is
        # checked by Membership.clean with the same check_role_fits.
        cleaned = super().clean()
        organisation, user = cleaned.get("organisation"), cleaned.get("user")
        if self.instance.pk is None and organisation and user:
            try:
                services.check_not_a_member(organisation, user)
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "is_active", "created_at"]
    list_filter = ["role", "is_active", ORGANISATION_KIND]
    search_fields = ["user__email", "user__full_name", "organisation__name"]
    list_select_related = ["user", "organisation"]
    autocomplete_fields = ["user", "organisation"]
    form = MembershipAdminForm

    def get_queryset(self, request):
        return visible_memberships(request.user, super().get_queryset(request))

    def get_readonly_fields(self, request, obj=None):
        # Who and where a membership is stays; a different one is a new membership.
        return ["user", "organisation"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        if change:
            services.change_membership(
                obj,
                role=form.cleaned_data["role"],
                is_active=form.cleaned_data["is_active"],
                by=request.user,
            )
            return
        membership = services.add_member(
            obj.organisation, user=obj.user, role=obj.role, by=request.user
        )
        if not obj.is_active:
            services.change_membership(membership, is_active=False, by=request.user)
        obj.pk, obj.created_at = membership.pk, membership.created_at


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "organisation", "audience_size", "audience_updated_on"]
    list_filter = ["kind", "is_active", ORGANISATION_KIND]
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
    list_filter = [InvitationStatusFilter, "role", ORGANISATION_KIND]
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
    # Extending and withdrawing are actions that go through the services, like on the pages.
    readonly_fields = fields
    actions = ["withdraw", "extend"]

    def get_queryset(self, request):
        return visible_invitations(request.user, super().get_queryset(request))

    def has_add_permission(self, request):
        # Invitations carry a one-time token that must be emailed: send them from the app.
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Withdraw the selected invitations"))
    def withdraw(self, request, queryset):
        done = self._each(request, queryset, services.revoke_invitation)
        self.message_user(
            request,
            ngettext("%(count)d invitation withdrawn.", "%(count)d invitations withdrawn.", done)
            % {"count": done},
            messages.SUCCESS,
        )

    @admin.action(
        description=ngettext_lazy(
            "Extend the selected invitations by %(days)d day",
            "Extend the selected invitations by %(days)d days",
            "days",
        )
        % {"days": settings.INVITATION_VALID_DAYS}
    )
    def extend(self, request, queryset):
        days = timedelta(days=settings.INVITATION_VALID_DAYS)
        done = self._each(
            request,
            queryset,
            lambda invitation, by: services.extend_invitation(
                invitation, until=invitation.expires_at + days, by=by
            ),
        )
        self.message_user(
            request,
            ngettext("%(count)d invitation extended.", "%(count)d invitations extended.", done)
            % {"count": done},
            messages.SUCCESS,
        )

    def _each(self, request, queryset, service) -> int:
        """Apply ``service`` to each invitation; the refused ones are reported, not raised."""
        done, refused = 0, 0
        for invitation in queryset.select_related("organisation"):
            try:
                service(invitation, by=request.user)
            except (ValidationError, PermissionDenied):
                refused += 1
            else:
                done += 1
        if refused:
            self.message_user(
                request,
                ngettext(
                    "%(count)d invitation was not pending and was left as it was.",
                    "%(count)d invitations were not pending and were left as they were.",
                    refused,
                )
                % {"count": refused},
                messages.WARNING,
            )
        return done

    @admin.display(description=_("status"))
    def status_display(self, obj):
        return obj.get_status_display()
