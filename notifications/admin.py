from django.contrib import admin, messages
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import Delivery, Notification, Preference, ScheduledScan


class ReadFilter(admin.SimpleListFilter):
    title = _("read")
    parameter_name = "read"

    def lookups(self, request, model_admin):
        return [("no", _("Unread")), ("yes", _("Read"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(read_at__isnull=self.value() == "no")
        return queryset


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "kind", "target_label", "mode", "read_at"]
    list_filter = [ReadFilter, "kind", "mode", "created_at"]
    search_fields = ["recipient__email", "recipient__full_name", "target_label", "kind"]
    list_select_related = ["recipient"]
    date_hierarchy = "created_at"
    raw_id_fields = ["recipient", "actor", "digest"]

    def has_add_permission(self, request):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = [
        "pk",
        "user",
        "address",
        "mode",
        "subject",
        "status",
        "attempts",
        "error",
        "next_attempt_at",
        "sent_at",
        "created_at",
    ]
    list_filter = ["status", "mode", "created_at"]
    search_fields = [
        "user__email",
        "user__full_name",
        "to_email",
        "subject",
        "last_error",
        "notification__kind",
    ]
    list_select_related = ["user"]
    date_hierarchy = "created_at"
    actions = ["retry"]
    # A message's bodies may hold a one-time link (an invitation, a password reset) until it is
    # sent: nobody needs to read them here, so they are not shown.
    exclude = ["body_text", "body_html", "attachments"]

    def has_add_permission(self, request):
        return False

    def get_readonly_fields(self, request, obj=None):
        # The status moves only through the delivery services (and the retry action).
        return [field.name for field in self.model._meta.fields if field.name not in self.exclude]

    @admin.display(description=_("email address"), ordering=Coalesce("user__email", "to_email"))
    def address(self, delivery):
        return delivery.user.email if delivery.user else delivery.to_email

    @admin.display(description=_("last error"))
    def error(self, delivery):
        return Truncator(delivery.last_error).chars(80)

    @admin.action(description=_("Retry the selected failed deliveries"), permissions=["change"])
    def retry(self, request, queryset):
        count = services.retry_deliveries(queryset.values_list("pk", flat=True))
        self.message_user(
            request,
            ngettext(
                "%(count)s failed delivery queued again.",
                "%(count)s failed deliveries queued again.",
                count,
            )
            % {"count": count},
            messages.SUCCESS if count else messages.WARNING,
        )


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "mode"]
    list_filter = ["kind", "mode"]
    search_fields = ["user__email", "user__full_name"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]


@admin.register(ScheduledScan)
class ScheduledScanAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "scan",
        "schedule_display",
        "enabled",
        "last_run_at",
        "next_run_at",
        "last_result",
        "failed",
    ]
    list_filter = ["enabled", "scan"]
    search_fields = ["name", "scan"]
    fields = [
        "name",
        "scan",
        "interval_minutes",
        "daily_at",
        "enabled",
        "last_run_at",
        "last_finished_at",
        "next_run_at",
        "last_result",
        "last_error",
    ]
    readonly_fields = [
        "last_run_at",
        "last_finished_at",
        "next_run_at",
        "last_result",
        "last_error",
    ]
    actions = ["run_now"]

    @admin.display(description=_("schedule"))
    def schedule_display(self, scan):
        return scan.schedule_display

    @admin.display(description=_("last run failed"), boolean=True)
    def failed(self, scan):
        return bool(scan.last_error)

    def save_model(self, request, obj, form, change):
        services.save_scheduled_scan(obj)

    @admin.action(description=_("Run the selected scans now"), permissions=["change"])
    def run_now(self, request, queryset):
        claimed = services.claim_scans(queryset, now=timezone.now())
        services.queue_scans(claimed)
        self.message_user(
            request,
            ngettext("%(count)s scan queued.", "%(count)s scans queued.", len(claimed))
            % {"count": len(claimed)},
        )
