"""What the content templates show of an item (its status colour and its kind's icon), of a
request on a list's row (its status badge, its due date) and of an item's newest requests."""

from functools import cache

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, localize
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from content.models import Request
from content.selectors import KIND_ICONS, STATUS_COLOURS

register = template.Library()


@register.filter
def status_colour(item) -> str:
    """``{{ item|status_colour }}``: the Bootstrap colour of the item's status badge."""
    return STATUS_COLOURS.get(item.status, "secondary")


@register.filter
def kind_icon(item) -> str:
    """``{{ item|kind_icon }}``: the Font Awesome icon of the item's kind."""
    return KIND_ICONS.get(item.kind, "fa-file")


# --- Speed at national scale (branch `bench`): what the lists show on every row, in Python.
# A list of 50 requests rendered two includes a row (the status badge, the due date), about
# 0.1 ms each, and ``get_<field>_display`` rebuilds its field's choices on each call,
# translating every label (25 µs): together about a third of the tracker's rendering.

# The badge colour (text-bg-*) of each request status.
REQUEST_STATUS_COLOURS = {
    Request.Status.REQUESTED: "warning",
    Request.Status.ACCEPTED: "primary",
    Request.Status.SCHEDULED: "primary",
    Request.Status.DECLINED: "secondary",
    Request.Status.PUBLISHED: "info",
    Request.Status.VERIFIED: "success",
}
_CHOICES: dict = {}


@register.filter
def display(obj, name: str):
    """``{{ row|display:"status" }}``: what ``row.get_status_display`` shows, read from the
    field's choices kept once per field."""
    key = (type(obj), name)
    if key not in _CHOICES:
        _CHOICES[key] = dict(obj._meta.get_field(name).flatchoices)
    value = getattr(obj, name)
    return _CHOICES[key].get(value, value)


@register.simple_tag
def request_status_badge(req, due_shown=False, dates=None):
    """``{% request_status_badge row %}``: the request's status badge, the planned time beside
    it when it is scheduled, and "Overdue" when it is (unless ``due_shown``: the row's due date
    says it already). ``dates`` keeps the times written so far (see ``request_due``)."""
    return _status_badge(req, overdue=not due_shown and req.is_overdue(), dates=dates)


def _status_badge(req, *, overdue: bool, dates=None):
    badge = format_html(
        '<span class="badge text-bg-{}" data-status="{}">{}</span>',
        REQUEST_STATUS_COLOURS.get(req.status, "warning"),
        req.status,
        display(req, "status"),
    )
    if req.status == Request.Status.SCHEDULED and req.scheduled_for is not None:
        badge += format_html(" {}", scheduled_time(req.scheduled_for, dates))
    if overdue:
        badge += format_html(
            ' <span class="badge text-bg-danger" data-testid="overdue">{}</span>', _("Overdue")
        )
    return badge


def scheduled_time(moment, dates=None):
    """The planned time of a post, in the site's time zone ("3 Dec 2026 09:00")."""
    dates = {} if dates is None else dates
    key = ("scheduled", moment)
    if key not in dates:
        dates[key] = date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")
    return format_html(
        '<time class="small text-nowrap" datetime="{}" data-testid="scheduled-for">{}</time>',
        moment.isoformat(),
        dates[key],
    )


@register.simple_tag
def request_due(row, dates=None):
    """``{% request_due row %}``: a list row's due date, with the overdue badge when the list
    marked the row ``overdue``. ``dates`` keeps the dates written so far (a list's rows share
    a few due dates)."""
    dates = {} if dates is None else dates
    if row.due_on not in dates:
        dates[row.due_on] = date_format(row.due_on, "SHORT_DATE_FORMAT")
    due = format_html('<time datetime="{}">{}</time>', row.due_on.isoformat(), dates[row.due_on])
    if getattr(row, "overdue", False):
        due += format_html(
            ' <span class="badge text-bg-danger" data-testid="overdue-badge"><i class="fa-solid '
            'fa-triangle-exclamation me-1" aria-hidden="true"></i>{}</span>',
            _("Overdue"),
        )
    return due


TRACKER_ROW = """
        <tr data-testid="request-row">
          <td>
            <a href="{url}" class="fw-semibold text-break">{title}</a>
            <div class="small text-body-secondary">{kind} · <a href="?item={item}">{item_link}</a>\
</div>
          </td>
          <td class="small" data-label="{organisation_label}">
            {organisation}
            <div class="text-body-secondary">{province}{forwarded}</div>
          </td>
          <td data-label="{status_label}">{status}</td>
          <td class="small text-nowrap" data-label="{due_label}">{due}</td>
          <td class="text-end" data-label="{proofs_label}">{proofs}</td>
          <td class="text-end" data-label="{reach_label}">{reach}</td>
          <td class="text-end" data-label="{unconfirmed_label}">{unconfirmed}</td>
        </tr>"""


@register.simple_tag
def tracker_rows(rows):
    """``{% tracker_rows page.object_list %}``: the tracker's table rows (``<tr>`` each).

    Written in Python: 50 rows through the template language took about a quarter of the
    tracker's time (each cell a lookup, a localisation and an escape; each label translated
    again per row). The rows carry ``totals`` and ``unconfirmed`` (tracker view).
    """
    labels = {
        "organisation_label": _("Organisation"),
        "status_label": _("Status"),
        "due_label": _("Due"),
        "proofs_label": _("Proofs"),
        "reach_label": _("Reach"),
        "unconfirmed_label": _("Unconfirmed corrections"),
        "item_link": _("all its requests"),
    }
    link = _link_of("content:request_detail")
    dates = {}
    lines = []
    for row in rows:
        organisation = row.organisation
        province = organisation.province.name if organisation.province_id else ""
        forwarded = ""
        if row.forwarded_from_id:
            by = row.forwarded_from.organisation.display_name
            forwarded = format_html(
                "{}{}",
                " · " if organisation.province_id else "",
                _("forwarded by %(organisation)s") % {"organisation": by},
            )
        unconfirmed = row.unconfirmed
        if unconfirmed:
            unconfirmed = format_html('<span class="badge text-bg-warning">{}</span>', unconfirmed)
        lines.append(
            format_html(
                TRACKER_ROW,
                url=link(row.pk),
                title=row.item.title,
                kind=display(row.item, "kind"),
                item=row.item_id,
                organisation=organisation.display_name,
                province=province,
                forwarded=forwarded,
                status=request_status_badge(row, due_shown=True, dates=dates),
                due=request_due(row, dates),
                proofs=localize(row.totals["proofs"]),
                reach=intcomma(row.totals["reach"] or 0),
                unconfirmed=unconfirmed,
                **labels,
            )
        )
    return format_html_join("", "{}", ((line,) for line in lines))


# One of the item page's newest requests: the markup its template's loop wrote, byte for byte.
ITEM_REQUEST = """
        <li class="list-group-item d-flex flex-wrap justify-content-between align-items-center gap-2" data-testid="item-request">
          <div>
            <a href="{url}" class="fw-semibold">{organisation}</a>
            <div class="small text-body-secondary">{facts}</div>
          </div>
          {status}
        </li>
      """  # noqa: E501


@register.simple_tag
def item_requests(requests):
    """``{% item_requests item_requests.requests %}``: the item page's newest requests, each with
    its organisation, due date, forward, assignee, proofs and status badge: the requests of
    ``content.selectors.item_requests_context``, which carry the names they show.

    Written in Python with what rows share worked out once (the link reversed, "Due" and today,
    each due date, proof count and status badge): the loop in the template took 5.9 ms for the
    busiest item's 50 rows (0.12 ms a row, of which reversing the link and formatting the due
    date took 0.03 ms); this takes 0.7 ms.
    """
    link = _link_of("content:request_detail")
    due = _("Due")
    today = timezone.localdate()

    @cache
    def due_on(day):
        return f"{due} {date_format(day, 'DATE_FORMAT')}"

    @cache
    def proofs(count):
        said = ngettext("%(counter)s proof", "%(counter)s proofs", count)
        return said % {"counter": localize(count)}

    badges, dates = {}, {}

    def row(req):
        planned = req.scheduled_for if req.status == Request.Status.SCHEDULED else None
        badge = (req.status, req.is_overdue(today), planned)
        if badge not in badges:
            badges[badge] = _status_badge(req, overdue=badge[1], dates=dates)
        # What the row says of the request is plain text, escaped once.
        facts = [due_on(req.due_on)]
        if req.forwarded_from_id:
            forwarded = _("forwarded by %(organisation)s") % {"organisation": req.forwarded_by}
            facts.append(forwarded)
        if req.assignee_id:
            facts.append(req.assignee_name)
        if req.proof_count:
            facts.append(proofs(req.proof_count))
        return {
            "url": link(req.pk),
            "organisation": req.organisation_name,
            "facts": " · ".join(facts),
            "status": badges[badge],
        }

    return format_html_join("", ITEM_REQUEST, (row(req) for req in requests))


def _link_of(name: str):
    """A function giving the path of URL ``name`` for an id, reversed once: ``reverse`` takes
    about 0.013 ms a call, 0.65 ms for 50 rows."""
    mark = 987654321
    head, tail = reverse(name, args=[mark]).split(str(mark))
    return lambda pk: f"{head}{pk}{tail}"


@register.simple_tag(takes_context=True)
def calendar_day(context, day):
    """``{% calendar_day day %}``: a calendar day's entries and its "+N more" links.

    Built once per day and page (the page shows each day twice: in the grid, and in the list a
    phone shows); an include did it twice per day, 60 times a month, a quarter of the page's time.
    """
    built = context.render_context.setdefault("content_calendar_days", {})
    if day.day not in built:
        built[day.day] = _calendar_day(day)
    return built[day.day]


def _calendar_day(day):
    lines = []
    for entry in day.entries:
        if entry.kind == "due":
            icon, said = "fa-flag", _("Overdue:") if entry.overdue else _("Due:")
        elif entry.kind == "scheduled":
            icon, said = "fa-clock", _("Scheduled:")
        else:
            icon, said = "fa-bullhorn", _("Published:")
        if entry.overdue:
            link = "link-danger"
        else:
            link = "link-success" if entry.kind == "published" else ""
        count = ""
        if entry.count > 1:
            count = format_html(' <span class="badge text-bg-light border">{}</span>', entry.count)
        lines.append(
            format_html(
                '<li class="calendar-entry text-truncate" data-testid="calendar-entry-{}">'
                '<a href="{}" class="{}" title="{}"><i class="fa-solid {} me-1" aria-hidden="true">'
                '</i><span class="visually-hidden">{} </span>{}</a>{}</li>',
                entry.kind,
                entry.url,
                link,
                entry.title,
                icon,
                said,
                entry.title,
                count,
            )
        )
    for more, url, testid, singular in (
        (day.more_due, day.due_url, "calendar-more-due", "+%(counter)s more due"),
        (
            day.more_scheduled,
            day.scheduled_url,
            "calendar-more-scheduled",
            "+%(counter)s more scheduled",
        ),
        (
            day.more_published,
            day.published_url,
            "calendar-more-published",
            "+%(counter)s more published",
        ),
    ):
        if more:
            label = ngettext(singular, singular, more) % {"counter": more}
            line = format_html('<li><a href="{}" data-testid="{}">{}</a></li>', url, testid, label)
            lines.append(line)
    return format_html(
        '<ul class="list-unstyled mb-0 small">{}</ul>',
        format_html_join("", "{}", ((line,) for line in lines)),
    )
