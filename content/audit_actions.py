"""How the content library's audit entries read (see audit.actions).

Every change to an item and its parts (captions, assets) is logged on the item itself, so its
page will show one timeline. The renditions are not logged: they are made from an asset by the
system, and remade the same from it.
"""

from django.utils.translation import gettext_lazy as _

from audit.actions import describe_fields, register_action

from .models import ContentItem


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
    return describe_fields(ContentItem, changes, labels=LABELS)


register_action(Action.ITEM_CREATED, _("created the content item"), describe_item_changes)
register_action(Action.ITEM_CHANGED, _("changed the content item"), describe_item_changes)
register_action(Action.CAPTIONS_CHANGED, _("changed the captions"), describe_item_changes)
register_action(Action.ASSET_ADDED, _("added a file"), describe_item_changes)
register_action(Action.ASSET_REMOVED, _("removed a file"), describe_item_changes)
register_action(Action.THEME_CREATED, _("created the theme"))
register_action(Action.THEME_CHANGED, _("changed the theme"))


# Corrections and withdrawals (branch notices) ------------------------------------------------
# Logged on the item, beside its other changes: issuing a notice, and each partner's confirmation.

# This section's own import, kept here so the branches of the issue merge by appending.
from .models import Notice  # noqa: E402


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
