from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page, Paginator
from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy as _

from . import actions
from .models import AuditEntry


@dataclass(frozen=True)
class TimelineItem:
    entry: AuditEntry
    actor: str
    verb: str
    lines: list[str]


def entries_for(target: Model) -> QuerySet:
    """Every entry about ``target``, newest first."""
    return AuditEntry.objects.filter(
        target_type=ContentType.objects.get_for_model(target), target_id=str(target.pk)
    ).select_related("actor", "target_type")


# The newest entries a page shows; older ones are asked for (audit/timeline_items.html).
TIMELINE_PAGE = 25


def timeline(target: Model, *, page=1, per_page: int = TIMELINE_PAGE) -> Page:
    """One page of ``target``'s history, each item with who, what and the lines to show.

    Two queries (the count and the page) whatever the page holds. An invalid page number
    gives the nearest page.
    """
    result = Paginator(entries_for(target), per_page).get_page(page)
    result.object_list = [_item(entry) for entry in result.object_list]
    return result


def _item(entry: AuditEntry) -> TimelineItem:
    # The name at the time is what the log shows; the system acted where there is none.
    actor = entry.actor_label or (str(entry.actor) if entry.actor_id else str(_("System")))
    return TimelineItem(entry, actor, actions.verb(entry), actions.lines(entry))
