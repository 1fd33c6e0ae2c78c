"""The events in the admin: support staff look; every change goes through the services.

An event's details are changed through ``services.create_event`` and ``update_event`` (their
checks and audit entries), its status only by ``services.transition`` from the event's page.
Everything else (the agenda, invitations, registrations, files, reports, feedback,
certificates, calendar feeds) is read-only here: each has its workflow and its one door.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from audit.admin import HistoryLinkMixin

from . import followup, registrations, services
from .forms import TIMES, ZonedTimes
from .models import (
    CalendarFeed,
    Certificate,
    Event,
    EventFile,
    Feedback,
    Invitation,
    Registration,
    Report,
    Session,
    Speaker,
)
from .times import zone_abbreviation


class ReadOnlyAdminMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SessionInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Session
    extra = 0
    fields = ["title", "starts_at", "ends_at"]
    readonly_fields = fields
    show_change_link = True


class InvitationInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Invitation
    extra = 0
    fields = ["organisation", "status", "decline_reason", "invited_at", "responded_at"]
    readonly_fields = fields


class EventAdminForm(ZonedTimes):
    """The event's times typed and shown in the event's own zone, as on the site."""

    class Meta:
        model = Event
        fields = ["organisers", *services.EVENT_FIELDS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        zone = self.fields["starts_at"].zone
        for name in TIMES:
            self.fields[name].help_text = _(
                "As the clock reads in the event's time zone (%(zone)s): its venue's province's, "
                "or the one chosen for an online event."
            ) % {"zone": zone_abbreviation(zone.key)}

    def validate_constraints(self):
        # The constraints' rules are checked, and worded for people, by the model's clean().
        pass


@admin.register(Event)
class EventAdmin(HistoryLinkMixin, admin.ModelAdmin):
    form = EventAdminForm
    list_display = ["title", "kind", "status", "starts_at", "time_zone", "venue_regency"]
    list_filter = ["status", "kind", "visibility", "time_zone", "venue_regency__province"]
    search_fields = ["title", "description", "venue_name", "organisers__name"]
    list_select_related = ["venue_regency"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["organisers", "agreement"]
    raw_id_fields = ["scope_item", "venue_regency"]
    readonly_fields = [
        "status",
        "cancel_reason",
        "created_by",
        "created_at",
        "updated_at",
        "history",
    ]
    inlines = [SessionInline, InvitationInline]
    show_full_result_count = False

    def has_delete_permission(self, request, obj=None):
        # An event stays on record: it is cancelled, never deleted.
        return False

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            changed = {
                name: data[name]
                for name in form.changed_data
                if name in data and name in services.EVENT_FIELDS
            }
            organisers = data["organisers"] if "organisers" in form.changed_data else None
            services.update_event(obj, by=request.user, organisers=organisers, **changed)
            return
        event = services.create_event(
            by=request.user,
            organisers=data.get("organisers") or [],
            **{name: data[name] for name in services.EVENT_FIELDS if name in data},
        )
        # The admin goes on with its own instance (the inlines, the redirect): make it the event.
        obj.pk = event.pk
        obj._state.adding = False
        obj.refresh_from_db()

    def save_related(self, request, form, formsets, change):
        # The organisers were written by the service; the inlines are read-only. The admin's
        # change message reads what a formset saved: nothing.
        for formset in formsets:
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []


class SpeakerInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Speaker
    extra = 0
    fields = ["name", "position", "institution", "order"]
    readonly_fields = fields


@admin.register(Session)
class SessionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["title", "event", "starts_at", "ends_at"]
    search_fields = ["title", "event__title", "speakers__name"]
    list_select_related = ["event"]
    inlines = [SpeakerInline]


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["organisation", "event", "status", "invited_at", "responded_at"]
    list_filter = ["status", "organisation__kind", "organisation__province"]
    search_fields = ["organisation__name", "event__title"]
    list_select_related = ["organisation", "event"]
    show_full_result_count = False


class EventStatusFilter(admin.SimpleListFilter):
    # The registration has a status of its own: the two filters must not share a title.
    title = _("event status")
    parameter_name = "event_status"

    def lookups(self, request, model_admin):
        return Event.Status.choices

    def queryset(self, request, queryset):
        if self.value() in Event.Status.values:
            return queryset.filter(event__status=self.value())
        return queryset


class CheckedInFilter(admin.SimpleListFilter):
    title = _("checked in")
    parameter_name = "checked_in"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(checked_in_at__isnull=self.value() == "no")
        return queryset


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Registrations are looked at here; their status changes only through the services (the
    one action cancels through ``registrations.cancel_registration``, as the ticket page does)."""

    list_display = ["name", "event", "institution", "source", "status", "checked_in_at"]
    list_filter = [
        EventStatusFilter,
        "status",
        "source",
        CheckedInFilter,
    ]
    search_fields = ["name", "email", "institution", "event__title"]
    actions = ["cancel"]
    list_select_related = ["event"]
    show_full_result_count = False
    # The token is the person's QR code and link: never shown to support staff.
    exclude = ["token"]

    @admin.action(description=_("Cancel the selected registrations"))
    def cancel(self, request, queryset):
        _each(
            self,
            request,
            queryset.select_related("event"),
            lambda registration: registrations.cancel_registration(registration, by=request.user),
            done_message=lambda count: ngettext(
                "%(count)d registration cancelled.", "%(count)d registrations cancelled.", count
            ),
        )


@admin.register(EventFile)
class EventFileAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "event", "kind", "is_public", "size", "uploaded_at"]
    list_filter = ["kind", "is_public"]
    search_fields = ["title", "original_name", "event__title"]
    list_select_related = ["event"]


@admin.register(Report)
class ReportAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["event", "written_by", "written_at", "updated_at"]
    search_fields = ["event__title", "summary"]
    list_select_related = ["event", "written_by"]


@admin.register(Feedback)
class FeedbackAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "registration",
        "overall",
        "content",
        "speakers",
        "organisation",
        "submitted_at",
    ]
    list_filter = ["overall"]
    search_fields = ["registration__event__title", "registration__name"]
    list_select_related = ["registration__event"]


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are they revoked?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the event's history."),
    )


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "event_title", "issued_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["code", "name", "event_title"]
    actions = ["revoke"]

    @admin.action(description=_("Revoke the selected certificates"))
    def revoke(self, request, queryset):
        """Asks why first (a page of its own), then revokes each through the service."""
        form = RevokeForm(request.POST if "reason" in request.POST else None)
        if not form.is_valid():
            return TemplateResponse(
                request,
                "admin/events/certificate/revoke.html",
                {
                    **self.admin_site.each_context(request),
                    "title": _("Revoke certificates"),
                    "opts": self.model._meta,
                    "certificates": queryset,
                    "form": form,
                    "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                },
            )
        reason = form.cleaned_data["reason"]
        _each(
            self,
            request,
            queryset.select_related("registration__event"),
            lambda certificate: followup.revoke_certificate(
                certificate, by=request.user, reason=reason
            ),
            done_message=lambda count: ngettext(
                "%(count)d certificate revoked.", "%(count)d certificates revoked.", count
            ),
        )
        return None


def _each(model_admin, request, objects, service, *, done_message) -> None:
    """Apply ``service`` to each object; the refusals are reported with their reasons."""
    done = 0
    for obj in objects:
        try:
            service(obj)
        except ValidationError as error:
            model_admin.message_user(
                request, f"{obj}: {' '.join(error.messages)}", messages.WARNING
            )
        except PermissionDenied:
            model_admin.message_user(
                request, f"{obj}: {_('You may not do this.')}", messages.WARNING
            )
        else:
            done += 1
    if done:
        model_admin.message_user(request, done_message(done) % {"count": done}, messages.SUCCESS)


@admin.register(CalendarFeed)
class CalendarFeedAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["user", "created_at"]
    search_fields = ["user__email"]
    # The token is a secret URL: never shown.
    exclude = ["token"]
