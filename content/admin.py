from django import forms
from django.contrib import admin

from audit.admin import HistoryLinkMixin

from . import services
from .models import (
    Asset,
    Caption,
    ContentItem,
    ItemVersion,
    Notice,
    NoticeConfirmation,
    Proof,
    Request,
    Theme,
)

# Until the library has its pages, the admin is where content is made; it writes through the
# services (their checks, their audit entries), as the pages will. The status is never edited
# here: the review workflow will be its one door. Assets are listed read-only: a file is added
# through services.add_asset, which recognises it by content and keeps a clean copy.


@admin.register(Theme)
class ThemeAdmin(HistoryLinkMixin, admin.ModelAdmin):
    # The English name is in the form; the list reads in the interface's default language.
    list_display = ["name", "slug", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "name_en", "slug"]
    readonly_fields = ["history"]
    prepopulated_fields = {"slug": ["name"]}

    def has_delete_permission(self, request, obj=None):
        # Items keep the themes they were filed under: a theme is made inactive, not deleted.
        return False

    def save_model(self, request, obj, form, change):
        services.save_theme(obj, by=request.user)


class CaptionInline(admin.TabularInline):
    model = Caption
    extra = 0
    fields = ["platform", "text"]


class AssetInline(admin.TabularInline):
    model = Asset
    extra = 0
    can_delete = False
    fields = [
        "kind",
        "original_name",
        "external_url",
        "content_type",
        "size",
        "width",
        "height",
        "uploaded_by",
        "created_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ContentItemAdminForm(forms.ModelForm):
    class Meta:
        model = ContentItem
        fields = ["owner", *services.ITEM_FIELDS, *services.RELATED_FIELDS]

    def _post_clean(self):
        # The model's own checks ran in super(); what needs the co-producers (a relation the
        # instance does not hold yet) is asked of the same function the services ask.
        super()._post_clean()
        if not self.instance.owner_id:
            return
        problems = services.item_problems(
            self.instance, co_producers=self.cleaned_data.get("co_producers") or []
        )
        for field in ("origin", "co_producers"):
            for problem in problems.get(field, []):
                self.add_error(field, problem)

    def validate_constraints(self):
        # The constraints' rules are checked, and worded for people, by the model's clean().
        pass


@admin.register(ContentItem)
class ContentItemAdmin(HistoryLinkMixin, admin.ModelAdmin):
    form = ContentItemAdminForm
    list_display = ["title", "kind", "origin", "owner", "status", "is_public", "created_at"]
    list_filter = ["status", "kind", "origin", "language", "is_public", "themes"]
    search_fields = ["title", "description", "hashtags", "owner__name"]
    list_select_related = ["owner"]
    date_hierarchy = "created_at"
    autocomplete_fields = ["owner", "co_producers", "agreement"]
    raw_id_fields = ["scope_item"]
    filter_horizontal = ["themes"]
    readonly_fields = ["status", "created_by", "created_at", "updated_at", "history"]
    inlines = [CaptionInline, AssetInline]

    def get_fields(self, request, obj=None):
        return [
            "title",
            "kind",
            "origin",
            "owner",
            "co_producers",
            "description",
            "themes",
            "hashtags",
            "language",
            "not_before",
            "not_after",
            "agreement",
            "scope_item",
            "is_public",
            *self.readonly_fields,
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:
            # Who made an item stays its owner.
            return ["owner", *self.readonly_fields]
        return self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        # An item's history stays whole: it will be archived, never deleted.
        return False

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            changed = {name: data[name] for name in form.changed_data if name in data}
            services.update_item(obj, by=request.user, **changed)
            return
        item = services.create_item(
            by=request.user,
            **{name: data[name] for name in ["owner", *services.ITEM_FIELDS] if name in data},
            **{name: data.get(name) or [] for name in services.RELATED_FIELDS},
        )
        # The admin goes on with its own instance (the inlines, the redirect): make it the item.
        obj.pk = item.pk
        obj._state.adding = False
        obj.refresh_from_db()

    def save_related(self, request, form, formsets, change):
        # The themes and co-producers were written by the service; captions go through theirs.
        for formset in formsets:
            if formset.model is Caption:
                self._save_captions(request, form.instance, formset)
            # The admin's change message reads what a formset saved; the service logged it.
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []

    def _save_captions(self, request, item, formset):
        captions = {}
        for caption_form in formset.forms:
            data = getattr(caption_form, "cleaned_data", None)
            if not data or not data.get("platform"):
                continue
            deleted = data.get("DELETE") or not data.get("text")
            captions[data["platform"]] = "" if deleted else data["text"]
            previous = caption_form.initial.get("platform")
            if previous and previous != data["platform"]:
                # The row moved to another platform: the one it had goes.
                captions.setdefault(previous, "")
        if captions:
            services.set_captions(item, captions, by=request.user)


# Review and dissemination, read-only: every change to these goes through the services (their
# checks, notifications and audit entries) from the pages; the admin lets support staff look.


class ReadOnlyAdminMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ProofInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Proof
    extra = 0
    fields = ["channel", "url", "published_at", "status", "views", "reach", "reviewed_by"]
    readonly_fields = fields


@admin.register(Request)
class RequestAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["item", "organisation", "status", "due_on", "assignee", "created_at"]
    list_filter = ["status", "organisation__kind", "organisation__province"]
    search_fields = ["item__title", "organisation__name"]
    list_select_related = ["item", "organisation", "assignee"]
    show_full_result_count = False
    date_hierarchy = "due_on"
    inlines = [ProofInline]


class ConfirmationInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = NoticeConfirmation
    extra = 0
    fields = ["request", "confirmed_at", "confirmed_by", "proof_url", "note"]
    readonly_fields = fields


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["item", "kind", "issued_by", "issued_at"]
    list_filter = ["kind"]
    search_fields = ["item__title", "reason"]
    list_select_related = ["item", "issued_by"]
    inlines = [ConfirmationInline]


@admin.register(ItemVersion)
class ItemVersionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["item", "number", "decision", "decided_by", "created_at"]
    list_filter = ["decision"]
    search_fields = ["item__title"]
    list_select_related = ["item", "decided_by"]
