"""The national data set's events (bench/national.py's build_events), at a fiftieth of the
full size on the test database, and the event pages of bench/pages.py."""

from datetime import date

import pytest
from django.db.models import Count, Q
from django.utils import timezone

from events.models import Event, Invitation, Registration, Report
from partnerships.models import DISKOMINFO_KINDS, Organisation

TODAY = date(2026, 11, 29)


@pytest.fixture
def built(db, national):
    return national.fill(scale=0.02, today=TODAY)


def test_fill_builds_the_events_and_registrations_scaled(built):
    assert Event.objects.count() == built.counts["events"] == 40
    assert Registration.objects.count() == built.counts["registrations"]
    assert built.counts["registrations"] == 2_000
    assert Invitation.objects.count() == built.counts["event_invitations"]
    assert Report.objects.count() == built.counts["event_reports"] > 0
    assert (
        Registration.objects.exclude(checked_in_at=None).count() == built.counts["checked_in"] > 0
    )


def test_fill_mixes_kinds_zones_dates_and_statuses(built):
    now = timezone.now()

    assert Event.objects.values("kind").distinct().count() >= 4
    assert Event.objects.filter(starts_at__lt=now).exists()
    assert Event.objects.filter(starts_at__gt=now).exists()
    assert set(Registration.objects.values_list("status", flat=True)) >= {
        "confirmed",
        "cancelled",
    }
    assert Event.objects.filter(status=Event.Status.PUBLISHED).count() > 30
    # Organised across the Diskominfo, most with invitations.
    hosts = Organisation.objects.filter(organised_events__isnull=False, kind__in=DISKOMINFO_KINDS)
    assert hosts.distinct().count() > 20
    with_invitations = Event.objects.annotate(n=Count("invitations")).filter(n__gt=0).count()
    assert with_invitations > Event.objects.count() // 2


def test_fill_makes_rows_the_services_would_accept(built):
    # Checked in only with a seat, at a published event that started; no seat at a draft.
    assert not Registration.objects.exclude(checked_in_at=None).exclude(status="confirmed").exists()
    assert not Registration.objects.filter(event__status=Event.Status.DRAFT).exists()
    assert (
        not Registration.objects.exclude(checked_in_at=None)
        .filter(Q(event__status=Event.Status.CANCELLED) | Q(event__starts_at__gt=timezone.now()))
        .exists()
    )
    assert not Invitation.objects.filter(status="declined", decline_reason="").exists()
    assert not Report.objects.exclude(event__status=Event.Status.PUBLISHED).exists()
    # Tokens are the unguessable kind, one each.
    assert Event.objects.values("public_token").distinct().count() == Event.objects.count()
    tokens = Registration.objects.values("token").distinct().count()
    assert tokens == Registration.objects.count()


def test_fill_names_the_big_event_of_kpk_with_its_registrations(built):
    big = Event.objects.get(pk=built.events["big_event"])

    assert big.registrations.count() == built.events["big_event_registrations"] == 30
    assert big.status == Event.Status.PUBLISHED
    assert list(big.organisers.values_list("kind", flat=True)) == [Organisation.Kind.KPK_UNIT]
    assert big.invitations.count() == 552


def test_event_pages_are_optional_and_skipped_without_a_path(pages, built):
    codes = {page.code: page for page in pages.PAGES}
    events = [codes[code] for code in pages.PAGES_OF_EVENTS]

    assert all(page.optional for page in events)
    for page in events:
        path = pages.page_path(page, {"events": {}})
        assert path is None
    ids = {"events": {"list": "/events/", "registrations": "/events/7/registrations/"}}
    assert pages.page_path(codes["events-list"], ids) == "/events/"
    assert pages.page_path(codes["events-registrations"], ids) == "/events/7/registrations/"
    assert pages.page_path(codes["events-checkin"], ids) is None


def test_event_paths_come_from_the_url_names(built, national):
    assert set(built.events) == {
        "big_event",
        "big_event_registrations",
        "list",
        "detail",
        "invitations",
        "registrations",
        "checkin",
    }


def test_options_know_the_event_pages(pages):
    assert pages.options_from(["--pages", "events-list,events-checkin"]).selected == [
        "events-list",
        "events-checkin",
    ]
