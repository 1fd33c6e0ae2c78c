"""The content template tags the lists render on every row: the request's status badge, its
due date, a field's display, a calendar day, and the item page's newest requests
(content/templatetags/content_tags.py)."""

from datetime import UTC, date, datetime, timedelta

from django.template import engines
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User
from content.models import ContentItem, Request
from content.selectors import Day, Entry
from partnerships.models import Organisation

Status = Request.Status


def render(source: str, **context) -> str:
    return engines["django"].from_string("{% load content_tags %}" + source).render(context)


def _request(status, due_on=None) -> Request:
    return Request(status=status, due_on=due_on or timezone.localdate() + timedelta(days=3))


def test_status_badge_shows_the_status_in_its_colour():
    html = render("{% request_status_badge req %}", req=_request(Status.VERIFIED))

    assert html == '<span class="badge text-bg-success" data-status="verified">Verified</span>'


def test_status_badge_of_each_status_has_a_colour():
    colours = {
        status: render("{% request_status_badge req %}", req=_request(status)).split('"')[1]
        for status in Status.values
    }

    assert colours == {
        "requested": "badge text-bg-warning",
        "accepted": "badge text-bg-primary",
        "scheduled": "badge text-bg-primary",
        "declined": "badge text-bg-secondary",
        "published": "badge text-bg-info",
        "verified": "badge text-bg-success",
    }


def test_status_badge_says_overdue_unless_the_due_date_beside_it_does():
    late = _request(Status.ACCEPTED, due_on=timezone.localdate() - timedelta(days=1))

    alone = render("{% request_status_badge req %}", req=late)
    beside_due = render("{% request_status_badge req due_shown=True %}", req=late)

    assert alone.endswith(
        ' <span class="badge text-bg-danger" data-testid="overdue">Overdue</span>'
    )
    assert "Overdue" not in beside_due


def test_status_badge_speaks_the_readers_language():
    with translation.override("id"):
        html = render("{% request_status_badge req %}", req=_request(Status.DECLINED))

    assert ">Ditolak</span>" in html


def test_due_date_carries_its_machine_date_and_the_overdue_mark_the_list_set():
    row = _request(Status.ACCEPTED, due_on=date(2026, 12, 1))
    on_time = render("{% request_due row %}", row=row)
    row.overdue = True
    late = render("{% request_due row %}", row=row)

    # The markup the include it replaces wrote.
    assert on_time == render(
        """<time datetime="{{ d|date:'Y-m-d' }}">{{ d|date:"SHORT_DATE_FORMAT" }}</time>""",
        d=row.due_on,
    )
    assert on_time == '<time datetime="2026-12-01">1 Dec 2026</time>'
    assert late.startswith(
        on_time + ' <span class="badge text-bg-danger" data-testid="overdue-badge">'
    )
    assert late.endswith("Overdue</span>")


def test_display_is_what_get_display_shows():
    item = ContentItem(kind=ContentItem.Kind.PUBLIC_SERVICE_AD)
    request = _request(Status.SCHEDULED)

    assert render('{{ item|display:"kind" }}', item=item) == item.get_kind_display()
    assert render('{{ req|display:"status" }}', req=request) == "Scheduled"
    with translation.override("id"):
        assert render('{{ req|display:"status" }}', req=request) == request.get_status_display()


def test_display_of_a_value_outside_the_choices_is_the_value():
    assert render('{{ req|display:"status" }}', req=_request("unknown")) == "unknown"


def _day(entries=(), more_due=0, more_published=0) -> Day:
    day = Day(date(2026, 12, 3), in_month=True, entries=list(entries))
    day.more_due, day.more_published = more_due, more_published
    day.due_url, day.published_url = "/due?d=3", "/published?d=3"
    return day


def test_calendar_day_lists_due_overdue_and_published_entries():
    day = _day(
        [
            Entry(1, "ILM Gratifikasi", "due", 552, url="/t?item=1"),
            Entry(2, "Infografis LHKPN", "due", 1, overdue=True, url="/t?item=2"),
            Entry(3, "Video Integritas", "published", 40, url="/t?item=3"),
        ]
    )

    html = render("{% calendar_day day %}", day=day)

    assert html == (
        '<ul class="list-unstyled mb-0 small">'
        '<li class="calendar-entry text-truncate" data-testid="calendar-entry-due">'
        '<a href="/t?item=1" class="" title="ILM Gratifikasi"><i class="fa-solid fa-flag me-1" '
        'aria-hidden="true"></i><span class="visually-hidden">Due: </span>ILM Gratifikasi</a> '
        '<span class="badge text-bg-light border">552</span></li>'
        '<li class="calendar-entry text-truncate" data-testid="calendar-entry-due">'
        '<a href="/t?item=2" class="link-danger" title="Infografis LHKPN"><i class="fa-solid '
        'fa-flag me-1" aria-hidden="true"></i><span class="visually-hidden">Overdue: </span>'
        "Infografis LHKPN</a></li>"
        '<li class="calendar-entry text-truncate" data-testid="calendar-entry-published">'
        '<a href="/t?item=3" class="link-success" title="Video Integritas"><i class="fa-solid '
        'fa-bullhorn me-1" aria-hidden="true"></i><span class="visually-hidden">Published: '
        '</span>Video Integritas</a> <span class="badge text-bg-light border">40</span></li>'
        "</ul>"
    )


def test_calendar_day_links_the_entries_it_has_no_room_for_in_the_readers_language():
    day = _day(more_due=4, more_published=1)

    english = render("{% calendar_day day %}", day=day)
    with translation.override("id"):
        indonesian = render("{% calendar_day day %}", day=day)

    assert '<a href="/due?d=3" data-testid="calendar-more-due">+4 more due</a>' in english
    assert (
        '<a href="/published?d=3" data-testid="calendar-more-published">+1 more published</a>'
        in english
    )
    assert "+4 more due" not in indonesian
    assert 'data-testid="calendar-more-due">+4 ' in indonesian


def test_calendar_day_escapes_titles():
    day = _day([Entry(1, '<script>alert("x")</script>', "due", 1, url="/t?a=1&b=2")])

    html = render("{% calendar_day day %}", day=day)

    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert 'href="/t?a=1&amp;b=2"' in html


def test_calendar_day_is_built_once_for_both_layouts_of_a_page():
    day = _day([Entry(1, "ILM Gratifikasi", "due", 2, url="/t")])

    html = render("{% calendar_day day %}|{% calendar_day day %}", day=day)
    first, second = html.split("|")

    assert first == second
    assert first.count("calendar-entry-due") == 1


# --- Planned posts (branch `sched`). ---------------------------------------------------------


def test_status_badge_of_a_scheduled_request_says_when_in_jakarta():
    request = _request(Status.SCHEDULED)
    request.scheduled_for = datetime(2026, 12, 3, 2, 0, tzinfo=UTC)

    html = render("{% request_status_badge req %}", req=request)
    with translation.override("id"):
        indonesian = render("{% request_status_badge req %}", req=request)

    assert html == (
        '<span class="badge text-bg-primary" data-status="scheduled">Scheduled</span> '
        '<time class="small text-nowrap" datetime="2026-12-03T02:00:00+00:00" '
        'data-testid="scheduled-for">3 Dec 2026 09:00</time>'
    )
    assert ">Dijadwalkan</span>" in indonesian
    assert ">3 Des 2026 09.00</time>" in indonesian


def test_status_badge_leaves_out_a_plan_the_request_has_moved_past():
    request = _request(Status.PUBLISHED)
    request.scheduled_for = datetime(2026, 12, 3, 2, 0, tzinfo=UTC)

    html = render("{% request_status_badge req %}", req=request)

    assert html == '<span class="badge text-bg-info" data-status="published">Published</span>'


def test_calendar_day_marks_scheduled_entries_with_their_icon_and_a_hidden_label():
    day = _day([Entry(4, "Infografis Gratifikasi", "scheduled", 3, url="/t?item=4")])
    day.more_scheduled, day.scheduled_url = 2, "/scheduled?d=3"

    html = render("{% calendar_day day %}", day=day)
    with translation.override("id"):
        indonesian = render("{% calendar_day day %}", day=day)

    assert html == (
        '<ul class="list-unstyled mb-0 small">'
        '<li class="calendar-entry text-truncate" data-testid="calendar-entry-scheduled">'
        '<a href="/t?item=4" class="" title="Infografis Gratifikasi"><i class="fa-solid '
        'fa-clock me-1" aria-hidden="true"></i><span class="visually-hidden">Scheduled: </span>'
        'Infografis Gratifikasi</a> <span class="badge text-bg-light border">3</span></li>'
        '<li><a href="/scheduled?d=3" data-testid="calendar-more-scheduled">+2 more scheduled</a>'
        "</li></ul>"
    )
    assert '<span class="visually-hidden">Dijadwalkan: </span>' in indonesian
    assert 'data-testid="calendar-more-scheduled">+2 jadwal lainnya</a>' in indonesian


# The loop the item page's requests part had before ``{% item_requests %}`` wrote it in Python.
ITEM_REQUESTS_LOOP = """{% load i18n %}{% for req in requests %}
        <li class="list-group-item d-flex flex-wrap justify-content-between align-items-center gap-2" data-testid="item-request">
          <div>
            <a href="{% url 'content:request_detail' req.pk %}" class="fw-semibold">{{ req.organisation.name }}</a>
            <div class="small text-body-secondary">{% translate "Due" %} {{ req.due_on|date:"DATE_FORMAT" }}{% if req.forwarded_from %} · {% blocktranslate with organisation=req.forwarded_from.organisation.display_name %}forwarded by {{ organisation }}{% endblocktranslate %}{% endif %}{% if req.assignee %} · {{ req.assignee }}{% endif %}{% if req.proof_count %} · {% blocktranslate count counter=req.proof_count %}{{ counter }} proof{% plural %}{{ counter }} proofs{% endblocktranslate %}{% endif %}</div>
          </div>
          {% request_status_badge req %}
        </li>
      {% endfor %}"""  # noqa: E501


def _item_requests() -> list[Request]:
    """Rows as ``item_requests_context`` gives them (the names they show beside them), with
    their organisations and people too for the loop above."""
    today = timezone.localdate()
    province = Organisation(pk=1, name="Diskominfo Provinsi Jawa Barat", short_name="Jabar")
    forwarded = Request(
        pk=7,
        status=Status.ACCEPTED,
        due_on=today - timedelta(days=2),
        organisation=Organisation(pk=2, name="Harian <Pikiran> Rakyat & Co"),
        forwarded_from=Request(pk=6, organisation=province),
        assignee=User(pk=5, full_name="Siti Rahma", email="siti@example.org"),
    )
    plain = Request(pk=1234, status=Status.PUBLISHED, due_on=today, organisation=province)
    many = Request(
        pk=8,
        status=Status.VERIFIED,
        due_on=today,
        organisation=Organisation(pk=3, name="Diskominfo Kota Bandung"),
        assignee=User(pk=9, email="operator@example.org"),
    )
    for row, proofs in ((forwarded, 1), (plain, 0), (many, 1200)):
        row.proof_count = proofs
        row.organisation_name = row.organisation.name
        row.forwarded_by = (
            row.forwarded_from.organisation.display_name if row.forwarded_from else None
        )
        row.assignee_name = str(row.assignee) if row.assignee_id else None
    return [forwarded, plain, many]


def test_item_requests_write_what_the_template_loop_wrote():
    requests = _item_requests()

    for language in ("en", "id"):
        with translation.override(language):
            html = render("{% item_requests requests %}", requests=requests)

            assert html == render(ITEM_REQUESTS_LOOP, requests=requests)


def test_item_requests_link_each_request_and_escape_names():
    with translation.override("en"):
        html = render("{% item_requests requests %}", requests=_item_requests())

    assert f'<a href="{reverse("content:request_detail", args=[1234])}" ' in html
    assert "Harian &lt;Pikiran&gt; Rakyat &amp; Co" in html
    assert "forwarded by Jabar · Siti Rahma · 1 proof</div>" in html
    assert "1,200 proofs</div>" in html
    assert html.count('data-testid="overdue"') == 1


def test_item_requests_say_when_each_scheduled_request_goes_out():
    first, second, _many = _item_requests()
    for row, hour in ((first, 2), (second, 5)):
        row.status = Status.SCHEDULED
        row.scheduled_for = datetime(2026, 12, 3, hour, 0, tzinfo=UTC)

    with translation.override("en"):
        html = render("{% item_requests requests %}", requests=[first, second])

    assert html.count('data-testid="scheduled-for"') == 2
    assert ">3 Dec 2026 09:00</time>" in html
    assert ">3 Dec 2026 12:00</time>" in html
