from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from . import actions
from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The log is read here, never written: no add, no change, no delete."""

    list_display = [
        "sequence",
        "created_at",
        "actor_label",
        "action_display",
        "target_type",
        "target_link",
    ]
    list_filter = [
        ("actor", admin.RelatedOnlyFieldListFilter),
        "action",
        ("target_type", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["target_type"]
    search_fields = ["target_label", "actor_label"]
    date_hierarchy = "created_at"
    fields = [
        "sequence",
        "created_at",
        "actor",
        "actor_label",
        "action",
        "action_display",
        "target_type",
        "target_id",
        "target_link",
        "described",
        "changes",
        "previous_hash",
        "hash",
    ]
    readonly_fields = fields

    def lookup_allowed(self, lookup, value, request=None):
        # One object's entries, as the domain admins link them ("its entries in the audit trail").
        if lookup in ("target_id", "target_id__exact"):
            return True
        return super().lookup_allowed(lookup, value, request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("action"))
    def action_display(self, obj):
        return actions.verb(obj)

    @admin.display(description=_("details"))
    def described(self, obj):
        lines = actions.lines(obj)
        if not lines:
            return "—"
        return format_html_join(mark_safe("<br>"), "{}", ((line,) for line in lines))

    @admin.display(description=_("object"), ordering="target_label")
    def target_link(self, obj):
        model = obj.target_type.model_class()
        if model is None or not self.admin_site.is_registered(model):
            return obj.target_label
        try:
            url = reverse(
                f"{self.admin_site.name}:{model._meta.app_label}_{model._meta.model_name}_change",
                args=[obj.target_id],
            )
        except NoReverseMatch:
            return obj.target_label
        return format_html('<a href="{}">{}</a>', url, obj.target_label)


def entries_url(obj) -> str:
    """The audit trail's admin list, filtered to the entries about ``obj``."""
    query = urlencode(
        {"target_type__id__exact": ContentType.objects.get_for_model(obj).pk, "target_id": obj.pk}
    )
    return f"{reverse('admin:audit_auditentry_changelist')}?{query}"


class HistoryLinkMixin:
    """For a model admin whose objects are audited: a read-only "history" field linking to them.

    Add ``"history"`` to the admin's ``readonly_fields`` (and ``fields``, if it lists them).
    """

    @admin.display(description=_("history"))
    def history(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', entries_url(obj), _("Its entries in the audit trail")
        )
