"""The national data set's builders, at a fiftieth of the full size on the test database."""

from datetime import date

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.urls import reverse

from accounts.models import User
from agreements.models import Agreement, AgreementParty, Status, Target
from audit.models import AuditEntry
from notifications.models import Notification
from partnerships.models import Membership, Organisation, Role
from tests.helpers import run_command, sign_in, totp_code

TODAY = date(2026, 11, 29)


@pytest.fixture
def built(db, national):
    return national.fill(scale=0.02, today=TODAY)


def test_fill_builds_the_counts_scaled(built):
    assert Organisation.objects.count() == 578
    assert Agreement.objects.count() == 40
    assert Notification.objects.count() == 1000
    assert built.counts["agreements"] == 40
    assert built.counts["targets"] == Target.objects.count() > 40
    assert built.counts["history_entries"] == AuditEntry.objects.count()


def test_fill_chains_the_history_so_verify_audit_passes(built):
    entries = AuditEntry.objects.count()

    assert run_command("verify_audit") == f"Audit trail intact: {entries} entries.\n"


def test_fill_gives_the_busy_agreement_its_long_history_and_the_partner(built):
    agreement = Agreement.objects.get(pk=built.busy_agreement)
    history = AuditEntry.objects.filter(
        target_type=ContentType.objects.get_for_model(Agreement), target_id=str(agreement.pk)
    )

    assert history.count() == 158
    assert agreement.status == Status.ACTIVE
    assert agreement.parties.filter(organisation=built.partner_organisation).exists()


def test_fill_makes_every_agreement_one_the_services_would_accept(built):
    without_kpk = Agreement.objects.exclude(
        pk__in=AgreementParty.objects.filter(organisation__kind=Organisation.Kind.KPK_UNIT).values(
            "agreement_id"
        )
    )
    signed_without_numbers = Agreement.objects.filter(signed_on__isnull=False).filter(
        parties__document_number=""
    )
    active_not_in_force = Agreement.objects.filter(status=Status.ACTIVE).exclude(
        effective_on__lte=TODAY, ends_on__gte=TODAY
    )
    expired_not_ended = Agreement.objects.filter(status=Status.EXPIRED, ends_on__gte=TODAY)
    open_with_dates = Agreement.objects.filter(status__in=Status.open()).exclude(signed_on=None)
    with_one_party = Agreement.objects.annotate(n=Count("parties")).filter(n__lt=2)

    assert list(without_kpk) == []
    assert list(signed_without_numbers) == []
    assert list(active_not_in_force) == []
    assert list(expired_not_ended) == []
    assert list(open_with_dates) == []
    assert list(with_one_party) == []
    assert not Agreement.objects.filter(
        Q(kind=Agreement.Kind.PKS, parent__kind=Agreement.Kind.ADDENDUM)
        | Q(kind=Agreement.Kind.ADDENDUM, parent__isnull=True)
    ).exists()


def test_fill_makes_subjects_who_sign_in_the_kpk_manager_with_a_code(built, client):
    manager = User.objects.get(email=built.kpk_manager)
    partner = User.objects.get(email=built.partner_manager)

    assert Membership.objects.get(user=manager).role == Role.KPK_MANAGER
    assert Membership.objects.get(user=partner).organisation_id == built.partner_organisation
    assert Membership.objects.get(user=partner).role == Role.PARTNER_MANAGER
    assert Authenticator.objects.filter(user=manager, type=Authenticator.Type.TOTP).exists()

    response = sign_in(client, manager, password=built.password)
    assert response.url == reverse("mfa_authenticate")
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(built.totp_secret)})
    assert response.status_code == 302
    assert client.get(reverse("agreements:list")).status_code == 200


def test_fill_gives_the_subjects_an_inbox_of_their_own(built):
    # Their share (1 in 125 and 1 in 165), plus what the random draw gives everybody.
    assert Notification.objects.filter(recipient__email=built.kpk_manager).count() >= 8
    assert Notification.objects.filter(recipient__email=built.partner_manager).count() >= 6
    assert Notification.objects.filter(read_at=None).count() > 0


# Content and dissemination (branch `tracking`).


def test_fill_builds_content_requests_proofs_and_reach_reports(built):
    from content.models import ContentItem, Proof, ReachReport, Request

    assert ContentItem.objects.count() == built.counts["content_items"] == 100
    assert Request.objects.count() == built.counts["requests"] >= 10_000
    assert Proof.objects.count() == built.counts["proofs"] > 0
    assert ReachReport.objects.count() == built.counts["reach_reports"] >= Proof.objects.count()
    assert built.content["item"] in set(ContentItem.objects.values_list("pk", flat=True))


def test_fill_names_the_busiest_item_and_a_forwarded_proved_request_of_it(built):
    from django.db.models import Count

    from content.models import Request

    busiest = (
        Request.objects.filter(forwarded_from=None)
        .values("item")
        .annotate(n=Count("pk"))
        .order_by("-n", "item")
        .first()
    )
    request = Request.objects.get(pk=built.content["request"])

    assert built.content["item"] == busiest["item"]
    assert built.content["item_requests"] == Request.objects.filter(item=busiest["item"]).count()
    assert request.item_id == built.content["item"]
    assert request.proofs.exists()


def test_fill_makes_requests_the_services_would_accept(built):
    from django.db.models import F

    from content.models import Proof, Request
    from partnerships.models import DISKOMINFO_KINDS

    requests = Request.objects.all()
    direct = requests.filter(forwarded_from=None)
    forwards = requests.exclude(forwarded_from=None)

    # Every Diskominfo has requests; forwards go to media outlets of the same dispatch.
    assert direct.values("organisation").distinct().count() == 552
    assert not direct.exclude(organisation__kind__in=DISKOMINFO_KINDS).exists()
    assert forwards.exists()
    assert not forwards.exclude(organisation__kind=Organisation.Kind.MEDIA).exists()
    assert not forwards.exclude(dispatch=F("forwarded_from__dispatch")).exists()
    # Only published and verified requests have proofs, on their own organisation's channels.
    assert not Proof.objects.exclude(request__status__in=["published", "verified"]).exists()
    assert not Proof.objects.exclude(channel__organisation=F("request__organisation")).exists()
    # Some are overdue, as the tracker and the panels must show.
    overdue = requests.filter(status__in=Request.Status.open(), due_on__lt=TODAY)
    assert overdue.count() == built.counts["overdue"] > 0
    assert not requests.filter(status="declined", decline_reason="").exists()


def test_fill_copies_each_proofs_latest_report_onto_it(built):
    from content.models import Proof

    for proof in Proof.objects.order_by("pk")[:50]:
        latest = proof.reach_reports.order_by("-reported_at", "-pk").first()
        assert (latest.reach, latest.views) == (proof.reach, proof.views)
