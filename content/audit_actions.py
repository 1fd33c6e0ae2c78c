"""How the content library's audit entries read (see audit.actions).

Every change to an item and its parts (captions, assets) is logged on the item itself, so its
page will show one timeline. The renditions are not logged: they are made from an asset by the
system, and remade the same from it.
"""

from django.utils.translation import gettext_lazy as _

from audit.actions import describe_fields, register_action, shown
from partnerships.models import Channel

from .models import Asset, ContentItem, Notice, Request


class Action:
    """The library's audit codes (stored in every entry: never rename one)."""

    ITEM_CREATED = "content.item_created"
    ITEM_CHANGED = "content.item_changed"
    CAPTIONS_CHANGED = "content.captions_changed"
    ASSET_ADDED = "content.asset_added"
    ASSET_REMOVED = "content.asset_removed"
    THEME_CREATED = "content.theme_created"
    THEME_CHANGED = "content.theme_changed"


# Keys of the changes that are not fields of ContentItem, and ids the page shows otherwise.
LABELS = {
    "captions": _("Captions"),
    "asset": None,
    "name": _("File"),
    "asset_kind": _("Kind"),
}


def describe_item_changes(entry) -> list[str]:
    changes = entry.changes if isinstance(entry.changes, dict) else {}
    # A caption's change is keyed by its platform: named as the reader names the platform.
    platforms = {key: Channel.Kind(key).label for key in changes if key in Channel.Kind.values}
    return describe_fields(ContentItem, _readable(changes), labels={**LABELS, **platforms})


def _readable(changes: dict) -> dict:
    """The stored codes of an item's entry as the reader reads them; nothing for what a new item
    left empty."""
    readable = {}
    for key, value in changes.items():
        if (
            isinstance(value, list)
            and len(value) == 2
            and value[0] is None
            and value[1] in ("", [])
        ):
            continue
        if key == "asset_kind" and value in Asset.Kind.values:
            value = Asset.Kind(value).label
        elif key == "captions" and isinstance(value, list):
            # The platforms a new item has captions for: one value, never an [old, new] pair.
            value = ", ".join(
                str(Channel.Kind(platform).label) if platform in Channel.Kind.values else platform
                for platform in value
            )
        readable[key] = value
    return readable


register_action(Action.ITEM_CREATED, _("created the content item"), describe_item_changes)
register_action(Action.ITEM_CHANGED, _("changed the content item"), describe_item_changes)
register_action(Action.CAPTIONS_CHANGED, _("changed the captions"), describe_item_changes)
register_action(Action.ASSET_ADDED, _("added a file"), describe_item_changes)
register_action(Action.ASSET_REMOVED, _("removed a file"), describe_item_changes)
register_action(Action.THEME_CREATED, _("created the theme"))
register_action(Action.THEME_CHANGED, _("changed the theme"))


# ---------------------------------------------------------------------------------------------
# Review (branch "review"): an item's moves through its one door, and its discussion.
# ---------------------------------------------------------------------------------------------


class ReviewAction:
    """The review's audit codes (stored in every entry: never rename one)."""

    STATUS_CHANGED = "content.status_changed"
    COMMENTED = "content.commented"


def _status_label(value) -> str:
    return str(ContentItem.Status(value).label) if value in ContentItem.Status.values else "—"


def describe_review_move(entry) -> list[str]:
    changes = entry.changes if isinstance(entry.changes, dict) else {}
    if "to" not in changes:
        return describe_item_changes(entry)
    lines = [f"{_status_label(changes.get('from'))} → {_status_label(changes['to'])}"]
    if changes.get("version"):
        lines.append(str(_("Version %(number)s")) % {"number": changes["version"]})
    if changes.get("reason"):
        lines.append(str(_("Reason: %(reason)s")) % {"reason": changes["reason"]})
    if changes.get("note"):
        lines.append(str(_("Note: %(note)s")) % {"note": changes["note"]})
    return lines


register_action(ReviewAction.STATUS_CHANGED, _("changed the status"), describe_review_move)
# The comment itself is shown in the discussion; the entry says only that it was written.
register_action(ReviewAction.COMMENTED, _("commented"), lambda entry: [])
# --- Dissemination requests ("nitip konten"), proofs and forwards (dissem branch) -------------
#
# A dispatch is one entry on the item (however many organisations it reached); everything that
# happens to a request afterwards (answers, proofs, reach, forwards) is logged on the request,
# so the item's timeline is not drowned by hundreds of partners' steps.


class DisseminationAction:
    """The dissemination audit codes (stored in every entry: never rename one)."""

    ITEM_SENT = "content.item_sent"
    REQUEST_STATUS_CHANGED = "content.request_status_changed"
    REQUEST_ASSIGNED = "content.request_assigned"
    REQUEST_FORWARDED = "content.request_forwarded"
    PROOF_SUBMITTED = "content.proof_submitted"
    PROOF_RESUBMITTED = "content.proof_resubmitted"
    PROOF_VERIFIED = "content.proof_verified"
    PROOF_RETURNED = "content.proof_returned"
    REACH_REPORTED = "content.reach_reported"
    REQUEST_SCHEDULED = "content.request_scheduled"
    REQUEST_RESCHEDULED = "content.request_rescheduled"
    REQUEST_UNSCHEDULED = "content.request_unscheduled"


DISSEMINATION_LABELS = {
    "dispatch": None,
    "due_on": _("Due"),
    "platforms": _("Suggested channels"),
    "organisations": _("Organisations"),
    "skipped": _("Skipped (already requested)"),
    "from": _("From"),
    "to": _("To"),
    "reason": _("Reason"),
    "assignee": _("Assigned to"),
    "outlets": _("Press partners"),
    "proof": None,
    "channel": _("Channel"),
    "url": _("Post link"),
    "published_at": _("Published"),
    "views": _("Views"),
    "reach": _("Reach"),
    "likes": _("Likes"),
    "shares": _("Shares"),
    "comments": _("Comments"),
}


def describe_dissemination(entry) -> list[str]:
    changes = entry.changes if isinstance(entry.changes, dict) else {}
    lines = []
    for key, value in changes.items():
        label = DISSEMINATION_LABELS.get(key)
        if label is None or value in (None, "", []):
            continue
        if key == "platforms" and isinstance(value, list):
            value = [Channel.Kind(v).label if v in Channel.Kind.values else v for v in value]
        if key in ("from", "to") and value in Request.Status.values:
            value = Request.Status(value).label
        # Dates and times as the reader writes them, lists joined.
        lines.append(f"{label}: {shown(value)}")
    return lines


for _code, _label in (
    (DisseminationAction.ITEM_SENT, _("sent the content to partners")),
    (DisseminationAction.REQUEST_STATUS_CHANGED, _("changed the request's status")),
    (DisseminationAction.REQUEST_ASSIGNED, _("assigned the request")),
    (DisseminationAction.REQUEST_FORWARDED, _("forwarded the request to press partners")),
    (DisseminationAction.PROOF_SUBMITTED, _("submitted a proof of publication")),
    (DisseminationAction.PROOF_RESUBMITTED, _("submitted a returned proof again")),
    (DisseminationAction.PROOF_VERIFIED, _("verified a proof of publication")),
    (DisseminationAction.PROOF_RETURNED, _("returned a proof of publication")),
    (DisseminationAction.REACH_REPORTED, _("reported reach figures")),
):
    register_action(_code, _label, describe_dissemination)


def describe_schedule(entry) -> list[str]:
    """The planned time (moved: old → new; cancelled: old → —); the status moves go without
    saying, the verb says them."""
    changes = entry.changes if isinstance(entry.changes, dict) else {}
    planned = changes.get("scheduled_for")
    if isinstance(planned, list) and len(planned) == 2:
        planned = " → ".join(shown(value) for value in planned)
    elif planned is not None:
        planned = shown(planned)
    return [f"{_('Scheduled for')}: {planned}"] if planned else []


for _code, _label in (
    (DisseminationAction.REQUEST_SCHEDULED, _("scheduled the publication")),
    (DisseminationAction.REQUEST_RESCHEDULED, _("moved the scheduled publication")),
    (DisseminationAction.REQUEST_UNSCHEDULED, _("cancelled the scheduled publication")),
):
    register_action(_code, _label, describe_schedule)
# Corrections and withdrawals (branch notices) ------------------------------------------------
# Logged on the item, beside its other changes: issuing a notice, and each partner's confirmation.

# This section's own import, kept here so the branches of the issue merge by appending.


class NoticeAction:
    """The audit codes of corrections and withdrawals (stored in every entry: never rename one)."""

    NOTICE_ISSUED = "content.notice_issued"
    NOTICE_CONFIRMED = "content.notice_confirmed"


NOTICE_LABELS = {
    "notice": None,
    "confirmation": None,
    "notice_kind": _("Kind"),
    "reason": _("Reason"),
    "version": _("Version"),
    "partners": _("Partners told"),
    "organisation": _("Organisation"),
    "proof_url": _("Link"),
    "screenshot": _("Screenshot"),
    "note": _("Note"),
}


def describe_notice(entry) -> list[str]:
    changes = dict(entry.changes) if isinstance(entry.changes, dict) else {}
    # The kind is stored as its code; it reads in the reader's language.
    if changes.get("notice_kind") in Notice.Kind.values:
        changes["notice_kind"] = Notice.Kind(changes["notice_kind"]).label
    return describe_fields(ContentItem, changes, labels=NOTICE_LABELS)


register_action(NoticeAction.NOTICE_ISSUED, _("issued a correction or withdrawal"), describe_notice)
register_action(
    NoticeAction.NOTICE_CONFIRMED, _("confirmed a correction or withdrawal"), describe_notice
)
