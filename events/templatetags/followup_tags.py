"""The after-the-event parts of pages other parts of the app own: the event page's box
(files, report, feedback, certificates) and the attendee's ticket (feedback, certificate)."""

from django import template
from django.utils import timezone

from ..followup import report_refusal
from ..models import Certificate, Event, Feedback, Registration, Report
from ..selectors import files_for

register = template.Library()


@register.simple_tag
def followup_box(event, user) -> dict:
    """What the event page's follow-up box shows ``user``, asked of the access rules."""
    now = timezone.now()
    event_files = files_for(user, event) if user.is_authenticated else []
    context = {
        "files": event_files,
        "may_manage_files": user.has_perm("events.manage_files", event),
        "may_view_report": user.has_perm("events.view_report", event),
        "may_write_report": user.has_perm("events.write_report", event)
        and report_refusal(event) is None,
        "may_view_feedback": user.has_perm("events.view_feedback", event),
        "may_view_certificates": user.has_perm("events.view_certificates", event),
        "started": event.starts_at <= now,
        "is_training": event.kind == Event.Kind.TRAINING,
    }
    if context["may_view_report"]:
        context["has_report"] = Report.objects.filter(event=event).exists()
    if context["may_view_feedback"]:
        context["feedback_count"] = Feedback.objects.filter(registration__event=event).count()
    if context["may_view_certificates"] and context["is_training"]:
        context["certificate_count"] = Certificate.objects.filter(registration__event=event).count()
    context["shown"] = bool(
        event_files
        or context["may_manage_files"]
        or (context["started"] and context["may_view_report"])
    )
    return context


@register.simple_tag
def ticket_followup(registration) -> dict:
    """What the attendee's ticket offers after the event: feedback, certificate."""
    attended = (
        registration.checked_in_at is not None
        and registration.status == Registration.Status.CONFIRMED
    )
    if not attended:
        return {"attended": False}
    certificate = Certificate.objects.filter(
        registration=registration, revoked_at__isnull=True
    ).first()
    return {
        "attended": True,
        "feedback_given": Feedback.objects.filter(registration=registration).exists(),
        "certificate": certificate,
    }
