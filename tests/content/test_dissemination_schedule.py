"""Planning a post: a request scheduled, moved and cancelled through its one door, every refusal,
the history it leaves, and the request page's forms."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from audit import actions
from audit.models import AuditEntry
from content import dissemination
from content.models import ContentItem, Request
from notifications.models import Notification
from partnerships.models import Role
from tests.content.dissemination import accepted, approved_item, instagram, screenshot, sent
from tests.factories import RequestFactory, member
from tests.helpers import messages_of

pytestmark = pytest.mark.django_db

Status = Request.Status
JAKARTA = ZoneInfo("Asia/Jakarta")


def ahead(days: int = 2, hour: int = 9) -> datetime:
    """A time ``days`` ahead at ``hour`` o'clock in Jakarta, to the minute (as the form gives)."""
    day = timezone.localdate() + timedelta(days=days)
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=JAKARTA)


def shown(moment: datetime) -> str:
    return date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def entries(request) -> list[tuple[str, dict]]:
    """The request's moves, oldest first, with the planned times read back as datetimes."""
    return [
        (entry.action, {**entry.changes, **_planned(entry.changes)})
        for entry in AuditEntry.objects.filter(
            target_id=str(request.pk), action__startswith="content.request_"
        )
        .exclude(action="content.request_assigned")
        .order_by("sequence")
    ]


def _planned(changes: dict) -> dict:
    if "scheduled_for" not in changes:
        return {}
    value = changes["scheduled_for"]
    values = value if isinstance(value, list) else [value]
    read = [datetime.fromisoformat(moment) if moment else None for moment in values]
    return {"scheduled_for": read if isinstance(value, list) else read[0]}


# The service.


def test_schedule_an_accepted_request_plans_its_post_and_logs_it(network):
    request = accepted(network)
    at = ahead()

    dissemination.schedule(request, at=at, by=network.partner_operator)

    assert (request.status, request.scheduled_for) == (Status.SCHEDULED, at)
    request.refresh_from_db()
    assert (request.status, request.scheduled_for) == (Status.SCHEDULED, at)
    assert entries(request)[-1] == (
        "content.request_scheduled",
        {"from": "accepted", "to": "scheduled", "scheduled_for": at},
    )


def test_schedule_a_scheduled_request_moves_the_plan_and_logs_both_times(network):
    request = accepted(network)
    first, then = ahead(2, 9), ahead(3, 19)
    dissemination.schedule(request, at=first, by=network.partner_operator)

    dissemination.schedule(request, at=then, by=network.partner_manager)

    request.refresh_from_db()
    assert (request.status, request.scheduled_for) == (Status.SCHEDULED, then)
    assert entries(request)[-1] == (
        "content.request_rescheduled",
        {"from": "scheduled", "to": "scheduled", "scheduled_for": [first, then]},
    )


def test_schedule_the_time_already_planned_changes_nothing(network):
    request = accepted(network)
    dissemination.schedule(request, at=ahead(), by=network.partner_operator)
    logged = AuditEntry.objects.count()

    dissemination.schedule(request, at=ahead(), by=network.partner_operator)

    assert AuditEntry.objects.count() == logged


def test_unschedule_accepts_the_request_again_without_a_time(network):
    request = accepted(network)
    at = ahead()
    dissemination.schedule(request, at=at, by=network.partner_operator)

    dissemination.unschedule(request, by=network.partner_manager)

    assert (request.status, request.scheduled_for) == (Status.ACCEPTED, None)
    request.refresh_from_db()
    assert (request.status, request.scheduled_for) == (Status.ACCEPTED, None)
    assert entries(request)[-1] == (
        "content.request_unscheduled",
        {"from": "scheduled", "to": "accepted", "scheduled_for": [at, None]},
    )


def test_scheduling_tells_nobody(network):
    request = accepted(network)
    told = Notification.objects.count()

    dissemination.schedule(request, at=ahead(), by=network.partner_operator)
    dissemination.schedule(request, at=ahead(4), by=network.partner_operator)
    dissemination.unschedule(request, by=network.partner_operator)

    assert Notification.objects.count() == told


def test_a_proof_publishes_a_scheduled_request_and_keeps_its_plan(network, media):
    request = accepted(network)
    at = ahead()
    dissemination.schedule(request, at=at, by=network.partner_operator)

    dissemination.add_proof(
        request,
        channel=instagram(network.city),
        url="https://www.instagram.com/p/Terjadwal1/",
        screenshot=screenshot(),
        published_at=timezone.now() - timedelta(minutes=5),
        by=network.partner_operator,
    )

    request.refresh_from_db()
    assert (request.status, request.scheduled_for) == (Status.PUBLISHED, at)
    assert entries(request)[-1][1] == {"from": "scheduled", "to": "published"}


@pytest.mark.parametrize(
    ("at", "message"),
    [
        (None, "Give the date and time of publication."),
        (timezone.now() - timedelta(minutes=1), "The publication cannot be scheduled in the past."),
    ],
    ids=["none", "past"],
)
def test_schedule_refuses_no_time_and_a_past_time(network, at, message):
    request = accepted(network)

    with pytest.raises(ValidationError) as refused:
        dissemination.schedule(request, at=at, by=network.partner_operator)

    assert refused.value.messages == [message]
    request.refresh_from_db()
    assert (request.status, request.scheduled_for) == (Status.ACCEPTED, None)


def test_schedule_keeps_to_the_contents_embargo_and_validity(network):
    embargo, end = ahead(3, 10), ahead(10, 0)
    item = approved_item(network, not_before=embargo, not_after=end)
    request = accepted(network, item=item)

    with pytest.raises(ValidationError) as early:
        dissemination.schedule(request, at=ahead(2), by=network.partner_operator)
    with pytest.raises(ValidationError) as late:
        dissemination.schedule(request, at=end, by=network.partner_operator)
    dissemination.schedule(request, at=embargo, by=network.partner_operator)

    assert early.value.messages == [
        f"This content is under embargo until {shown(embargo)}: schedule it from then on."
    ]
    assert late.value.messages == [
        f"This content is valid until {shown(end)}: schedule it before then."
    ]
    request.refresh_from_db()
    assert (request.status, request.scheduled_for) == (Status.SCHEDULED, embargo)


@pytest.mark.parametrize(
    "status", [Status.REQUESTED, Status.DECLINED, Status.PUBLISHED, Status.VERIFIED]
)
def test_schedule_is_refused_unless_the_request_is_accepted_or_scheduled(network, status):
    request = RequestFactory(
        organisation=network.city,
        dispatch__item=approved_item(network),
        status=status,
        decline_reason="Tidak sempat." if status == Status.DECLINED else "",
    )

    with pytest.raises(ValidationError) as refused:
        dissemination.schedule(request, at=ahead(), by=network.partner_operator)

    assert refused.value.messages == [
        "A publication is scheduled once the request is accepted, and until it is published; "
        f"this request is “{status.label}”."
    ]
    request.refresh_from_db()
    assert (request.status, request.scheduled_for) == (status, None)


def test_schedule_refuses_withdrawn_content_and_lists_every_reason(network):
    request = accepted(network)
    ContentItem.objects.filter(pk=request.item_id).update(status=ContentItem.Status.ARCHIVED)

    with pytest.raises(ValidationError) as refused:
        dissemination.schedule(
            request, at=timezone.now() - timedelta(hours=1), by=network.partner_operator
        )

    assert refused.value.messages == [
        "This content was withdrawn, so its publication cannot be scheduled.",
        "The publication cannot be scheduled in the past.",
    ]


@pytest.mark.parametrize("status", [Status.ACCEPTED, Status.PUBLISHED])
def test_unschedule_is_refused_unless_the_request_is_scheduled(network, status):
    request = RequestFactory(organisation=network.city, status=status)

    with pytest.raises(ValidationError) as refused:
        dissemination.unschedule(request, by=network.partner_operator)

    assert refused.value.messages == [
        f"Only a scheduled publication can be cancelled; this request is “{status.label}”."
    ]
    request.refresh_from_db()
    assert request.status == status


@pytest.mark.parametrize("role", ["kpk_staff", "kpk_manager", "province_manager", "stranger"])
def test_only_the_requests_organisation_schedules_it(network, role):
    request = accepted(network)
    person = (
        member(Role.PARTNER_OPERATOR, network.neighbour)
        if role == "stranger"
        else getattr(network, role)
    )

    with pytest.raises(PermissionDenied):
        dissemination.schedule(request, at=ahead(), by=person)
    dissemination.schedule(request, at=ahead(), by=network.partner_operator)
    with pytest.raises(PermissionDenied):
        dissemination.unschedule(request, by=person)

    request.refresh_from_db()
    assert request.status == Status.SCHEDULED
    assert [action for action, _changes in entries(request)] == [
        "content.request_status_changed",
        "content.request_scheduled",
    ]


def test_the_door_refuses_a_move_to_scheduled_it_does_not_know(network):
    request = sent(network)

    with pytest.raises(ValidationError) as refused:
        dissemination.request_transition(request, Status.SCHEDULED, by=network.partner_manager)

    assert refused.value.messages == ["A request that is “Requested” cannot become “Scheduled”."]


# How the history reads.


def test_the_history_reads_the_planned_times_the_readers_way(network):
    request = accepted(network)
    first, then = ahead(2, 9), ahead(3, 19)
    dissemination.schedule(request, at=first, by=network.partner_operator)
    dissemination.schedule(request, at=then, by=network.partner_operator)
    dissemination.unschedule(request, by=network.partner_operator)
    logged = AuditEntry.objects.filter(target_id=str(request.pk)).order_by("sequence")
    planned, moved, cancelled = list(logged)[-3:]
    long = "DATETIME_FORMAT"

    assert [actions.verb(entry) for entry in (planned, moved, cancelled)] == [
        "scheduled the publication",
        "moved the scheduled publication",
        "cancelled the scheduled publication",
    ]
    assert actions.lines(planned) == [f"Scheduled for: {date_format(first, long)}"]
    assert actions.lines(moved) == [
        f"Scheduled for: {date_format(first, long)} → {date_format(then, long)}"
    ]
    assert actions.lines(cancelled) == [f"Scheduled for: {date_format(then, long)} → —"]
    with translation.override("id"):
        assert actions.verb(planned) == "menjadwalkan penayangan"
        assert actions.lines(planned)[0].startswith("Dijadwalkan pada: ")


# The request page and its forms.


def page_of(request):
    return reverse("content:request_detail", args=[request.pk])


def schedule_path(request):
    return reverse("content:request_schedule", args=[request.pk])


def unschedule_path(request):
    return reverse("content:request_unschedule", args=[request.pk])


def local(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


@pytest.mark.parametrize("role", ["partner_operator", "partner_manager"])
def test_the_request_page_offers_the_schedule_form_to_the_organisations_members(
    client_as, network, role
):
    request = accepted(network)

    page = client_as(getattr(network, role)).get(page_of(request))

    html = page.content.decode()
    assert page.context["actions"].schedule
    assert 'data-testid="schedule-form"' in html
    assert 'type="datetime-local"' in html
    assert "Schedule publication" in html
    assert 'data-testid="unschedule-form"' not in html


@pytest.mark.parametrize("role", ["kpk_staff", "kpk_manager"])
def test_kpk_sees_the_plan_but_no_schedule_form(client_as, network, role):
    request = accepted(network)
    at = ahead()
    dissemination.schedule(request, at=at, by=network.partner_operator)

    page = client_as(getattr(network, role)).get(page_of(request))

    html = page.content.decode()
    assert 'data-testid="schedule"' not in html
    assert f'data-testid="scheduled-for">{shown(at)}</time>' in html
    assert f'data-testid="request-scheduled-for">{shown(at)}</dd>' in html


def test_a_new_request_offers_no_schedule_form(client_as, network):
    request = sent(network)

    page = client_as(network.partner_manager).get(page_of(request))

    assert 'data-testid="schedule"' not in page.content.decode()


def test_schedule_through_the_page_reads_the_time_in_jakarta(client_as, network):
    request = accepted(network)
    at = ahead(2, 9)

    response = client_as(network.partner_operator).post(
        schedule_path(request), {"scheduled_for": local(at)}
    )

    assert response.status_code == 302
    assert response.url == page_of(request)
    assert messages_of(response) == [f"The publication is scheduled for {shown(at)}."]
    request.refresh_from_db()
    assert request.status == Status.SCHEDULED
    # 09:00 WIB is 02:00 UTC.
    assert request.scheduled_for == at.astimezone(UTC)
    assert request.scheduled_for.astimezone(UTC).hour == 2


def test_the_page_moves_and_cancels_the_plan(client_as, network):
    request = accepted(network)
    client = client_as(network.partner_operator)
    client.post(schedule_path(request), {"scheduled_for": local(ahead(2))})

    page = client.get(page_of(request))
    moved = client.post(schedule_path(request), {"scheduled_for": local(ahead(3, 20))})
    cancelled = client.post(unschedule_path(request))

    html = page.content.decode()
    assert f'value="{local(ahead(2))}"' in html
    assert ">Move</button>" in html
    assert 'data-testid="unschedule-form"' in html
    assert messages_of(moved) == [f"The publication is scheduled for {shown(ahead(3, 20))}."]
    assert messages_of(cancelled)[-1] == "The scheduled publication is cancelled."
    assert cancelled.url == page_of(request)
    request.refresh_from_db()
    assert (request.status, request.scheduled_for) == (Status.ACCEPTED, None)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Give the date and time of publication."),
        ("besok pagi", "Give the date and time of publication."),
        ("2020-01-01T09:00", "The publication cannot be scheduled in the past."),
    ],
)
def test_the_page_refuses_a_missing_bad_or_past_time(client_as, network, value, message):
    request = accepted(network)

    response = client_as(network.partner_operator).post(
        schedule_path(request), {"scheduled_for": value}
    )

    assert response.url == page_of(request)
    assert messages_of(response) == [message]
    request.refresh_from_db()
    assert request.status == Status.ACCEPTED


def test_the_page_warns_when_the_plan_is_after_the_due_date(client_as, network):
    request = accepted(network)  # due in seven days
    at = ahead(9)

    response = client_as(network.partner_operator).post(
        schedule_path(request), {"scheduled_for": local(at)}
    )

    due = date_format(request.due_on, "SHORT_DATE_FORMAT")
    assert messages_of(response) == [
        f"The publication is scheduled for {shown(at)}.",
        f"That is after the due date ({due}): KPK sees the request as overdue until it is "
        "published.",
    ]


def test_cancel_through_the_page_says_why_it_is_refused(client_as, network):
    request = accepted(network)

    response = client_as(network.partner_operator).post(unschedule_path(request))

    assert messages_of(response) == [
        "Only a scheduled publication can be cancelled; this request is “Accepted”."
    ]


def test_the_pages_messages_speak_the_users_language(client_as, network):
    request = accepted(network)
    network.partner_operator.language = "id"
    network.partner_operator.save(update_fields=["language"])

    response = client_as(network.partner_operator).post(unschedule_path(request))

    assert messages_of(response) == [
        "Hanya penayangan terjadwal yang dapat dibatalkan; permintaan ini berstatus “Diterima”."
    ]


@pytest.mark.parametrize("path", [schedule_path, unschedule_path])
def test_schedule_and_cancel_take_post_only(client_as, network, path):
    request = accepted(network)

    response = client_as(network.partner_operator).get(path(request))

    assert response.status_code == 405


@pytest.mark.parametrize("path", [schedule_path, unschedule_path])
def test_kpk_is_refused_and_another_partner_does_not_find_the_request(client_as, network, path):
    request = accepted(network)
    dissemination.schedule(request, at=ahead(), by=network.partner_operator)
    stranger = member(Role.PARTNER_MANAGER, network.foreign)

    kpk = client_as(network.kpk_manager).post(path(request), {"scheduled_for": local(ahead(4))})
    other = client_as(stranger).post(path(request), {"scheduled_for": local(ahead(4))})

    assert kpk.status_code == 403
    assert other.status_code == 404
    assert network.city.name not in other.content.decode()
    request.refresh_from_db()
    assert (request.status, request.scheduled_for) == (Status.SCHEDULED, ahead())


def test_a_scheduled_request_without_a_time_offers_an_empty_field(client_as, network):
    """Requests scheduled before times were kept (the old demo) have none to show."""
    request = RequestFactory(organisation=network.city, status=Status.SCHEDULED)

    page = client_as(network.partner_operator).get(page_of(request))

    html = page.content.decode()
    assert 'name="scheduled_for"' in html
    assert 'name="scheduled_for" value=' not in html
    assert 'data-testid="scheduled-for"' not in html
