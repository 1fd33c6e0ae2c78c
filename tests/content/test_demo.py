"""The content demo (content/demo.py): items at every step, requests in every state."""

from datetime import timedelta

import pytest
from django.utils import timezone

from content import demo
from content.models import ContentItem, Notice, Proof, Rendition, Request
from tests.helpers import run_command

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_content_at_every_step_of_review(debug, media):
    run_command("seed_demo")

    statuses = set(ContentItem.objects.values_list("status", flat=True))
    assert statuses == set(ContentItem.Status.values)
    assert set(ContentItem.objects.values_list("origin", flat=True)) == set(
        ContentItem.Origin.values
    )
    poster = ContentItem.objects.get(title=demo.ILM).assets.get(kind="image")
    # The poster went through the upload's checks and has every size made.
    assert poster.renditions.count() == len(Rendition.Name.values)
    returned = ContentItem.objects.get(title=demo.SUMUT_POSTER).versions.get()
    assert returned.decision == "changes_requested" and returned.decision_reason


def test_seed_demo_creates_requests_in_every_state_with_proofs_and_reach(debug, media):
    run_command("seed_demo")

    assert set(Request.objects.values_list("status", flat=True)) == set(Request.Status.values)
    today = timezone.localdate()
    overdue = [request for request in Request.objects.all() if request.is_overdue(today)]
    assert overdue
    forwarded = Request.objects.get(forwarded_from__isnull=False)
    assert forwarded.organisation.kind == "media"
    assert forwarded.forwarded_from.organisation.name == "Diskominfo Provinsi Sumatera Utara"
    verified = Proof.objects.filter(status=Proof.Status.VERIFIED)
    assert verified.exists()
    # The proof keeps the latest of its reports.
    for proof in Proof.objects.all():
        latest = proof.reach_reports.order_by("-reported_at").first()
        if latest:
            assert (proof.views, proof.reach) == (latest.views, latest.reach)
    notice = Notice.objects.get()
    assert notice.confirmations.filter(confirmed_at__isnull=True).count() == 1


def test_seed_demo_content_run_twice_creates_nothing_more(debug, media):
    run_command("seed_demo")
    counts = (ContentItem.objects.count(), Request.objects.count(), Proof.objects.count())

    output = run_command("seed_demo")

    assert (ContentItem.objects.count(), Request.objects.count(), Proof.objects.count()) == counts
    assert "Demo data already in place; nothing changed." in output


def test_seed_demo_plans_a_post_in_the_coming_days(debug, media):
    run_command("seed_demo")

    scheduled = Request.objects.get(status=Request.Status.SCHEDULED)
    now = timezone.now()
    assert now < scheduled.scheduled_for < now + timedelta(days=3)
    assert timezone.localtime(scheduled.scheduled_for).hour == 9
    assert timezone.localdate(scheduled.scheduled_for) <= scheduled.due_on
    assert scheduled.organisation.name == "Diskominfo Provinsi Sumatera Utara"
