from django import forms
from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from audit.admin import HistoryLinkMixin

from . import services
from .models import (
    Agreement,
    AgreementComment,
    AgreementDocument,
    AgreementParty,
    ScopeItem,
    Signatory,
    Target,
)
from .rules import visible_agreements

# The status is never edited here: it moves only through the one door
# (agreements.services.transition). Parties, signatories and scope are shown read-only: the
# site's form changes them through set_parties, set_signatories and set_scope. Documents are
# listed with a link to the download view, which asks the access rules; the stored file has no
# public URL.


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AgreementPartyInline(ReadOnlyInline):
    model = AgreementParty
    fields = ["organisation", "document_number", "position"]
    readonly_fields = fields


class SignatoryInline(ReadOnlyInline):
    model = Signatory
    fields = ["organisation", "name", "position"]
    readonly_fields = fields


class ScopeItemInline(ReadOnlyInline):
    model = ScopeItem
    fields = ["area", "description"]
    readonly_fields = fields
    show_change_link = True


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


class ExpiringFilter(admin.SimpleListFilter):
    title = _("expiring soon")
    parameter_name = "expiring"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes"))]

    def queryset(self, request, queryset):
        if self.value() != "yes":
            return queryset
        return queryset.expiring()


class PartyKindFilter(admin.ChoicesFieldListFilter):
    """The parties' organisation kind beside the agreement's own "kind": titled apart."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = _("party kind")


class AgreementAdminForm(forms.ModelForm):
    """The details an administrator may fix, checked by the same rule as the pages' edits."""

    class Meta:
        model = Agreement
        fields = sorted(services.EDITABLE_DETAILS)

    def clean(self):
        cleaned = super().clean()
        details = {name: cleaned[name] for name in self.changed_data if name in cleaned}
        saved = Agreement.objects.select_related("parent").get(pk=self.instance.pk)
        for problem in services.detail_problems(saved, details):
            self.add_error(None, problem)
        return cleaned

    def validate_constraints(self):
        # The model's check constraints (dates in order, an MoU under nothing) are the rules
        # detail_problems has just checked and worded for people; not again in database terms.
        pass


@admin.register(Agreement)
class AgreementAdmin(HistoryLinkMixin, admin.ModelAdmin):
    """Agreements are drafted on the site, where parties, signatories and scope are entered
    together; here an administrator fixes the details of one still being drafted, through the
    same service (its checks, its audit entry). Status, parties, scope and documents are shown
    read-only: they move only through the site's pages.
    """

    form = AgreementAdminForm
    list_display = ["title", "kind", "status", "effective_on", "ends_on", "owner", "updated_at"]
    list_filter = [
        "status",
        "kind",
        ExpiringFilter,
        ("parties__organisation__kind", PartyKindFilter),
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
    autocomplete_fields = ["parent"]
    fields = [
        "page",
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
        "history",
    ]
    readonly_fields = [
        "page",
        "kind",
        "status",
        "predecessor",
        "termination_reason",
        "owner",
        "created_at",
        "updated_at",
        "history",
    ]
    inlines = [
        AgreementPartyInline,
        SignatoryInline,
        ScopeItemInline,
        AgreementDocumentInline,
        AgreementCommentInline,
    ]

    def get_queryset(self, request):
        return visible_agreements(request.user, super().get_queryset(request))

    def has_add_permission(self, request):
        # An agreement starts with its parties, which the site's form enters with it.
        return False

    def has_delete_permission(self, request, obj=None):
        # An agreement's history must stay whole: it is terminated, never deleted.
        return False

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not obj.is_open:
            # Signed or ended: the pages refuse every edit, so does the admin.
            return list(self.fields)
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        details = {
            name: form.cleaned_data[name]
            for name in form.changed_data
            if name in services.EDITABLE_DETAILS
        }
        if details:
            services.update_agreement(Agreement.objects.get(pk=obj.pk), by=request.user, **details)

    @admin.display(description=_("page"))
    def page(self, obj):
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), _("Open on the site"))


class TargetInline(ReadOnlyInline):
    model = Target
    fields = ["metric", "label", "quantity", "period", "manual_value"]
    readonly_fields = fields


@admin.register(ScopeItem)
class ScopeItemAdmin(admin.ModelAdmin):
    """Read-only: scope and targets change on the agreement's page, through set_scope."""

    list_display = ["__str__", "agreement", "description"]
    list_filter = ["area"]
    search_fields = ["description", "agreement__title"]
    list_select_related = ["agreement"]
    fields = ["agreement", "area", "description"]
    readonly_fields = fields
    inlines = [TargetInline]

    def get_queryset(self, request):
        visible = visible_agreements(request.user, Agreement.objects.all())
        return super().get_queryset(request).filter(agreement__in=visible)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
