from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import (
    Agreement,
    AgreementComment,
    AgreementDocument,
    AgreementEvent,
    AgreementParty,
    ScopeItem,
    Signatory,
    Target,
)
from .rules import visible_agreements
from .services import diff, record

# Agreements. The status is never edited here: it moves only through the one door
# (agreements.services.transition). Documents are listed with a link to the download view,
# which asks the access rules; the stored file has no public URL.


class AgreementPartyInline(admin.TabularInline):
    model = AgreementParty
    extra = 0
    autocomplete_fields = ["organisation"]
    fields = ["organisation", "document_number", "position"]


class SignatoryInline(admin.TabularInline):
    model = Signatory
    extra = 0
    autocomplete_fields = ["organisation"]
    fields = ["organisation", "name", "position"]


class ScopeItemInline(admin.TabularInline):
    model = ScopeItem
    extra = 0
    fields = ["area", "description"]
    show_change_link = True


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AgreementDocumentInline(ReadOnlyInline):
    model = AgreementDocument
    fields = ["kind", "version", "download", "size", "note", "uploaded_by", "uploaded_at"]
    readonly_fields = fields

    @admin.display(description=_("file"))
    def download(self, obj):
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), obj.original_name)


class AgreementCommentInline(ReadOnlyInline):
    model = AgreementComment
    fields = ["created_at", "author", "body"]
    readonly_fields = fields


class AgreementEventInline(ReadOnlyInline):
    model = AgreementEvent
    verbose_name_plural = _("history")
    fields = ["created_at", "actor", "action", "changes"]
    readonly_fields = fields


class ExpiringFilter(admin.SimpleListFilter):
    title = _("expiring soon")
    parameter_name = "expiring"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes"))]

    def queryset(self, request, queryset):
        if self.value() != "yes":
            return queryset
        return queryset.expiring()


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "status", "effective_on", "ends_on", "owner", "updated_at"]
    list_filter = [
        "status",
        "kind",
        ExpiringFilter,
        "parties__organisation__kind",
        "parties__organisation__province",
    ]
    search_fields = [
        "title",
        "parties__document_number",
        "parties__organisation__name",
        "parties__organisation__short_name",
    ]
    list_select_related = ["owner"]
    date_hierarchy = "ends_on"
    autocomplete_fields = ["parent", "predecessor", "owner"]
    fields = [
        "kind",
        "title",
        "status",
        "parent",
        "predecessor",
        "summary",
        "signing_place",
        "signed_on",
        "effective_on",
        "ends_on",
        "termination_reason",
        "owner",
        "created_at",
        "updated_at",
    ]
    readonly_fields = ["status", "termination_reason", "created_at", "updated_at"]
    inlines = [
        AgreementPartyInline,
        SignatoryInline,
        ScopeItemInline,
        AgreementDocumentInline,
        AgreementCommentInline,
        AgreementEventInline,
    ]

    def get_queryset(self, request):
        return visible_agreements(request.user, super().get_queryset(request))

    def save_model(self, request, obj, form, change):
        # An administrator's fix is kept in the history like every other change.
        saved = Agreement.objects.get(pk=obj.pk) if change else None
        super().save_model(request, obj, form, change)
        if saved is None:
            record(obj, AgreementEvent.Action.CREATED, by=request.user)
            return
        changes = diff(saved, {field: getattr(obj, field) for field in form.changed_data})
        if changes:
            record(obj, AgreementEvent.Action.UPDATED, by=request.user, changes=changes)


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0
    fields = ["metric", "label", "quantity", "period", "manual_value"]


@admin.register(ScopeItem)
class ScopeItemAdmin(admin.ModelAdmin):
    list_display = ["__str__", "agreement", "description"]
    list_filter = ["area"]
    search_fields = ["description", "agreement__title"]
    list_select_related = ["agreement"]
    autocomplete_fields = ["agreement"]
    inlines = [TargetInline]

    def get_queryset(self, request):
        visible = visible_agreements(request.user, Agreement.objects.all())
        return super().get_queryset(request).filter(agreement__in=visible)
