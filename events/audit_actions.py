"""How the audit trail reads the actions of events; each part of the app keeps its section."""


# --- After the event: files, report, feedback, certificates (followup) ---
# Logged on the event itself, so its history shows them beside its other changes.

from django.utils.translation import gettext_lazy as _

from audit.actions import describe_fields, register_action

from .models import Event, EventFile


class FollowupAction:
    """The follow-up's audit codes (stored in every entry: never rename one)."""

    FILE_ADDED = "events.file_added"
    FILE_REMOVED = "events.file_removed"
    FILE_VISIBILITY_CHANGED = "events.file_visibility_changed"
    REPORT_WRITTEN = "events.report_written"
    REPORT_CHANGED = "events.report_changed"
    FEEDBACK_REQUESTED = "events.feedback_requested"
    CERTIFICATES_ISSUED = "events.certificates_issued"


FOLLOWUP_LABELS = {
    "file": _("File"),
    "file_kind": _("Kind"),
    "is_public": _("Public"),
    "summary": _("Summary"),
    "follow_ups": _("Follow-ups"),
    "outputs": _("Other figures"),
    "asked": _("Attendees asked"),
    "issued": _("Certificates issued"),
}


def describe_followup(entry) -> list[str]:
    changes = dict(entry.changes) if isinstance(entry.changes, dict) else {}
    if changes.get("file_kind") in EventFile.Kind.values:
        changes["file_kind"] = str(EventFile.Kind(changes["file_kind"]).label)
    return describe_fields(Event, changes, labels=FOLLOWUP_LABELS)


register_action(FollowupAction.FILE_ADDED, _("added a file to the event"), describe_followup)
register_action(FollowupAction.FILE_REMOVED, _("removed a file of the event"), describe_followup)
register_action(
    FollowupAction.FILE_VISIBILITY_CHANGED,
    _("changed who may see a file of the event"),
    describe_followup,
)
register_action(FollowupAction.REPORT_WRITTEN, _("wrote the event report"), describe_followup)
register_action(FollowupAction.REPORT_CHANGED, _("changed the event report"), describe_followup)
register_action(
    FollowupAction.FEEDBACK_REQUESTED, _("asked the attendees for feedback"), describe_followup
)
register_action(
    FollowupAction.CERTIFICATES_ISSUED, _("issued certificates of attendance"), describe_followup
)
