"""Reads of content used in more than one place.

Each part of the issue keeps its own section below.
"""

# --- Dissemination requests ("nitip konten"), proofs and reach (dissem branch) --------------

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Sum
from django.db.models.functions import Coalesce

from partnerships.models import Channel, Organisation

from .dissemination import request_actions
from .models import ContentItem, Proof, ReachReport, Request
from .rules import visible_requests

# The item page lists this many of its requests (newest first); the tracker has the rest.
ITEM_REQUESTS_SHOWN = 50
REACH_FIELDS = ("views", "reach", "likes", "shares", "comments")


@dataclass
class Reach:
    views: int = 0
    reach: int = 0
    likes: int = 0
    shares: int = 0
    comments: int = 0


@dataclass
class ItemRequests:
    requests: list
    total: int
    status_counts: list = field(default_factory=list)
    reach: Reach = field(default_factory=Reach)
    can_send: bool = False

    @property
    def more(self) -> int:
        return self.total - len(self.requests)


def _total_reach(proofs) -> Reach:
    sums = proofs.aggregate(**{name: Coalesce(Sum(name), 0) for name in REACH_FIELDS})
    return Reach(**sums)


def item_requests_context(item: ContentItem, user) -> dict:
    """The item page's requests part, for ``content/includes/item_requests.html``.

    The requests of ``item`` that ``user`` may see (the newest ITEM_REQUESTS_SHOWN, with their
    organisation, forward and assignee), how many there are by status, and their total reach:
    the sum of their proofs' latest figures (returned proofs left out). Four queries.
    """
    requests = visible_requests(user, Request.objects.filter(item=item))
    counts = dict(
        requests.order_by()
        .values_list("status")
        .annotate(count=Count("pk"))
        .values_list("status", "count")
    )
    shown = list(
        requests.select_related("organisation", "forwarded_from__organisation", "assignee")
        .annotate(proof_count=Count("proofs"))
        .order_by("-created_at", "-pk")[:ITEM_REQUESTS_SHOWN]
    )
    proofs = Proof.objects.filter(request__in=requests).exclude(status=Proof.Status.RETURNED)
    return {
        "item_requests": ItemRequests(
            requests=shown,
            total=sum(counts.values()),
            status_counts=[
                (status, label, counts[status])
                for status, label in Request.Status.choices
                if counts.get(status)
            ],
            reach=_total_reach(proofs),
            can_send=item.status == ContentItem.Status.APPROVED
            and user.has_perm("content.send_item", item),
        )
    }


def request_page(request_id: int, user):
    """The request ``user`` may see, with everything its page shows, else None.

    The forward chain (where it came from, where it went, each with its status), its proofs by
    channel with their reach history, newest first.
    """
    found = (
        visible_requests(user)
        .select_related(
            "item__owner",
            "organisation",
            "dispatch__sent_by",
            "assignee",
            "responded_by",
            "forwarded_from__organisation",
        )
        .prefetch_related(
            Prefetch(
                "forwards",
                queryset=Request.objects.select_related("organisation", "assignee").order_by(
                    "organisation__name"
                ),
            ),
            Prefetch(
                "proofs",
                queryset=Proof.objects.select_related(
                    "channel", "submitted_by", "reviewed_by"
                ).prefetch_related(
                    Prefetch(
                        "reach_reports",
                        queryset=ReachReport.objects.select_related("reported_by"),
                    )
                ),
            ),
        )
        .filter(pk=request_id)
        .first()
    )
    return found


def request_page_context(found: Request, user) -> dict:
    """What the request page shows ``user`` besides the request: the allowed forms' choices."""
    actions = request_actions(user, found)
    outlets = Organisation.objects.none()
    if actions.forward:
        # The press partners that do not have this dispatch's request yet.
        already = Request.objects.filter(dispatch_id=found.dispatch_id).values("organisation_id")
        outlets = (
            Organisation.objects.filter(
                press_partner_of__organisation_id=found.organisation_id, is_active=True
            )
            .exclude(pk__in=already)
            .order_by("name")
        )
    channels = []
    if actions.prove:
        channels = list(found.organisation.channels.filter(is_active=True).order_by("kind", "name"))
    proofs = list(found.proofs.all())
    return {
        "req": found,
        "actions": actions,
        "outlets": outlets,
        "channels": channels,
        "proofs": proofs,
        "reach": Reach(
            **{
                name: sum(getattr(p, name) for p in proofs if p.status != Proof.Status.RETURNED)
                for name in REACH_FIELDS
            }
        ),
        "overdue": found.is_overdue(),
        "reach_fields": [
            (name, Proof._meta.get_field(name).verbose_name.capitalize()) for name in REACH_FIELDS
        ],
        "platforms": [
            Channel.Kind(code).label
            for code in found.dispatch.platforms or ()
            if code in Channel.Kind.values
        ],
        "forwarded_from_visible": found.forwarded_from_id is not None
        and user.has_perm("content.view_request", found.forwarded_from),
    }
