"""The agreements of the demo (agreements/demo.py): every state, their documents and history."""

import hashlib
from datetime import date, timedelta

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from accounts.models import User
from agreements.audit_actions import Action
from agreements.demo import demo_pdf
from agreements.documents import validate_document
from agreements.models import (
    Agreement,
    AgreementDocument,
    ScopeItem,
    Target,
)
from agreements.selectors import province_states
from agreements.services import (
    AgreementError,
    activation_problems,
    expire_ended_agreements,
    remind_expiring_agreements,
    renew_agreement,
    transition,
)
from audit.selectors import entries_for
from dashboard.demo import seed_demo
from partnerships.models import Organisation
from tests.helpers import stored_files
from tests.partnerships.test_demo import BIRO_HUMAS, SUMSEL, SUMUT

S = Agreement.Status
KPK_MANAGER = "kpk.manager@demo.sinergi.id"
KPK_STAFF = "kpk.staff@demo.sinergi.id"


def agreement(title_starts: str) -> Agreement:
    return Agreement.objects.get(title__startswith=title_starts)


@pytest.mark.django_db
def test_seed_demo_creates_agreements_in_every_state(debug):
    seed_demo()

    statuses = sorted(Agreement.objects.values_list("status", flat=True))
    # Every state but "signed, not yet in force" (the demo's PKS being signed is still ready).
    assert set(statuses) == set(S.values) - {S.SIGNED}
    assert statuses.count(S.ACTIVE) == 3
    assert Agreement.objects.count() == 9
    expiring = [a for a in Agreement.objects.all() if a.is_expiring]
    assert sorted(a.kind for a in expiring) == [Agreement.Kind.MOU, Agreement.Kind.PKS]


@pytest.mark.django_db
def test_demo_mou_is_the_one_signed_in_palembang_with_its_scope_and_targets(debug):
    seed_demo()

    mou = Agreement.objects.get(kind="mou", parties__organisation__name=SUMSEL)
    assert (mou.status, mou.signing_place, mou.signed_on) == (
        S.ACTIVE,
        "Palembang",
        date(2024, 5, 30),
    )
    assert mou.effective_on == date(2024, 5, 30)
    assert [party.organisation.name for party in mou.parties.all()] == [BIRO_HUMAS, SUMSEL]
    assert all(party.document_number for party in mou.parties.all())
    assert mou.signatories.count() == 2
    assert list(mou.scope_items.values_list("area", flat=True)) == [
        ScopeItem.Area.COORDINATION,
        ScopeItem.Area.DISSEMINATION,
        ScopeItem.Area.EDUCATION,
        ScopeItem.Area.DATA_EXCHANGE,
        ScopeItem.Area.JOINT_PRODUCTION,
    ]
    targets = {
        (t.metric, t.period): t.quantity for t in Target.objects.filter(scope_item__agreement=mou)
    }
    assert targets[(Target.Metric.KPK_CONTENT_PUBLISHED, Target.Period.YEAR)] == 24
    assert targets[(Target.Metric.TRAININGS_HELD, Target.Period.YEAR)] == 2
    # Under it: the expiring PKS, the one being signed, the ended ones and the renewal.
    assert sorted(mou.children.values_list("status", flat=True)) == sorted(
        [S.ACTIVE, S.READY, S.EXPIRED, S.TERMINATED, S.DRAFT]
    )


@pytest.mark.django_db
def test_demo_expiring_pks_ends_within_90_days_inside_its_mou(debug, settings):
    seed_demo()

    pks = Agreement.objects.get(kind="pks", status=S.ACTIVE)
    today = timezone.localdate()
    assert today < pks.ends_on <= today + timedelta(days=settings.AGREEMENT_EXPIRING_DAYS)
    assert pks.is_expiring
    assert pks.parent.kind == Agreement.Kind.MOU
    assert not pks.parent.is_expiring


@pytest.mark.django_db
def test_demo_sumut_mou_is_being_negotiated_by_both_sides(debug):
    seed_demo()

    mou = Agreement.objects.get(kind="mou", parties__organisation__name=SUMUT)
    assert mou.status == S.NEGOTIATION
    assert list(mou.scope_items.values_list("area", flat=True)) == [
        ScopeItem.Area.DATA_EXCHANGE,
        ScopeItem.Area.MEDIA_SHARING,
        ScopeItem.Area.JOINT_PRODUCTION,
    ]
    authors = list(mou.comments.values_list("author__email", flat=True))
    assert len(authors) == 5
    assert {KPK_STAFF, KPK_MANAGER, "sumut.manager@demo.sinergi.id"} == set(authors)
    # The discussion reads in order, and each comment is in the history.
    times = list(mou.comments.values_list("created_at", flat=True))
    assert times == sorted(times)
    assert entries_for(mou).filter(action=Action.COMMENTED).count() == 5
    assert list(
        mou.documents.filter(kind="draft").order_by("version").values_list("version", flat=True)
    ) == [1, 2]


@pytest.mark.django_db
def test_demo_ended_agreements_say_why_and_the_expired_one_is_being_renewed(debug):
    seed_demo()

    terminated = Agreement.objects.get(status=S.TERMINATED)
    assert "sepakat mengakhiri" in terminated.termination_reason
    last = entries_for(terminated).filter(action=Action.STATUS_CHANGED).first()
    assert last.changes["to"] == S.TERMINATED
    assert last.changes["reason"] == terminated.termination_reason
    assert last.actor.email == KPK_MANAGER

    expired = Agreement.objects.get(status=S.EXPIRED, kind=Agreement.Kind.PKS)
    assert expired.ends_on < timezone.localdate()
    # The daily scan expired it: the system, not a person.
    assert entries_for(expired).filter(action=Action.STATUS_CHANGED).first().actor is None
    successor = expired.successor
    assert (successor.status, successor.kind, successor.parent) == (
        S.DRAFT,
        expired.kind,
        expired.parent,
    )
    # Prefilled as a renewal is: the same parties without numbers, signatories and scope.
    assert list(successor.parties.values_list("organisation__name", "document_number")) == [
        (BIRO_HUMAS, ""),
        (SUMSEL, ""),
    ]
    assert successor.signatories.count() == expired.signatories.count()
    assert list(successor.scope_items.values_list("area", flat=True)) == list(
        expired.scope_items.values_list("area", flat=True)
    )
    assert entries_for(successor).get(action=Action.RENEWED).changes == {"predecessor": expired.pk}
    assert entries_for(expired).get(action=Action.RENEWED).changes == {"successor": successor.pk}


@pytest.mark.django_db
def test_demo_agreements_are_what_the_services_would_accept(debug):
    seed_demo()

    for agreement in Agreement.objects.all():
        kinds = set(agreement.parties.values_list("organisation__kind", flat=True))
        assert Organisation.Kind.KPK_UNIT in kinds, agreement
        assert len(kinds) >= 2 or agreement.parties.count() >= 2, agreement
        assert agreement.owner.email == KPK_STAFF
        signatory_organisations = set(agreement.signatories.values_list("organisation", flat=True))
        assert signatory_organisations <= set(agreement.organisations.values_list("pk", flat=True))
        if agreement.kind == Agreement.Kind.PKS:
            mou = agreement.parent
            assert mou.kind == Agreement.Kind.MOU
            if agreement.effective_on:
                assert mou.effective_on <= agreement.effective_on
            if agreement.ends_on:
                assert agreement.ends_on <= mou.ends_on
        if agreement.status == S.ACTIVE:
            assert activation_problems(agreement) == [], agreement
        if agreement.status in (S.ACTIVE, S.EXPIRED, S.TERMINATED):
            assert agreement.signed_on, agreement
            assert agreement.documents.filter(kind="signed").exists(), agreement
            assert not agreement.parties.filter(document_number="").exists(), agreement


@pytest.mark.django_db
def test_demo_history_tells_each_agreement_from_its_first_draft(debug):
    seed_demo()

    for agreement in Agreement.objects.all():
        events = list(entries_for(agreement).order_by("created_at", "sequence"))
        first = events[0]
        assert first.action in (Action.CREATED, Action.RENEWED), agreement
        assert first.created_at == agreement.created_at
        assert agreement.updated_at >= agreement.created_at
        # The status entries chain from the draft to today's status.
        status = S.DRAFT
        for event in events:
            if event.action == Action.STATUS_CHANGED:
                assert event.changes["from"] == status, agreement
                status = event.changes["to"]
        assert status == agreement.status, agreement
        documents = entries_for(agreement).filter(action=Action.DOCUMENT_UPLOADED)
        assert documents.count() == agreement.documents.count()
        assert all(event.created_at <= timezone.now() for event in events)


@pytest.mark.django_db
def test_demo_documents_are_small_pdfs_in_the_private_storage(debug, media):
    seed_demo()

    documents = AgreementDocument.objects.all()
    assert documents.count() == 11
    assert documents.filter(kind="signed").count() == 6
    for document in documents:
        assert document.file.name.startswith(f"agreements/{document.agreement_id}/")
        assert document.file.name.endswith(".pdf")
        assert document.original_name not in document.file.name
        with default_storage.open(document.file.name) as stored:
            content = stored.read()
        with document.file.open("rb"):
            assert validate_document(document.file) == "application/pdf"
        assert content.startswith(b"%PDF-1.4") and content.rstrip().endswith(b"%%EOF")
        assert (document.size, document.sha256) == (
            len(content),
            hashlib.sha256(content).hexdigest(),
        )
        assert document.uploaded_by.email == KPK_STAFF
    assert len([path for path in stored_files(media) if path.parts[-3] == "agreements"]) == 11


def test_demo_pdf_has_a_correct_cross_reference_table():
    pdf = demo_pdf("Nota Kesepahaman (demo)", "Back\\slash")

    assert b"(Nota Kesepahaman \\(demo\\)) Tj" in pdf
    xref = int(pdf.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    assert pdf[xref:].startswith(b"xref\n0 6\n")
    entries = pdf[xref:].split(b"\n")[3:8]
    for number, entry in enumerate(entries, start=1):
        offset = int(entry.split()[0])
        assert pdf[offset:].startswith(b"%d 0 obj" % number)


@pytest.mark.django_db
def test_seed_demo_run_twice_stores_no_document_twice(debug, media):
    seed_demo()
    files = stored_files(media)

    result = seed_demo()

    assert not result.changed_anything
    assert stored_files(media) == files


@pytest.mark.django_db
def test_demo_agreements_show_on_their_pages(debug, client):
    seed_demo()
    client.force_login(User.objects.get(email=KPK_MANAGER))

    listing = client.get(reverse("agreements:list"))
    assert listing.status_code == 200
    for agreement in Agreement.objects.all():
        assert escape(agreement.title) in listing.text
        detail = client.get(agreement.get_absolute_url())
        assert detail.status_code == 200, agreement
        # The history shows its newest 25 entries on the first page.
        shown = min(entries_for(agreement).count(), 25)
        assert detail.text.count('data-testid="event"') == shown
    overview = client.get(reverse("agreements:province_overview"))
    assert overview.status_code == 200


@pytest.mark.django_db
def test_demo_province_overview_shows_every_state_of_a_partnership(debug):
    seed_demo()

    states = {
        province.name: state
        for province, state, _count in province_states(User.objects.get(email=KPK_MANAGER))
    }
    assert len(states) == 38
    assert {
        name: states[name]
        for name in ["Sumatera Selatan", "Sumatera Utara", "Jambi", "Lampung", "Aceh"]
    } == {
        "Sumatera Selatan": "active",
        "Sumatera Utara": "drafting",
        "Jambi": "expiring",
        "Lampung": "expired",
        "Aceh": "none",
    }


@pytest.mark.django_db
def test_the_services_carry_the_demo_on(debug):
    seed_demo()
    manager = User.objects.get(email=KPK_MANAGER)
    palembang = Agreement.objects.get(status=S.READY)
    sumut = Agreement.objects.get(status=S.NEGOTIATION)
    lampung = Agreement.objects.get(status=S.EXPIRED, kind=Agreement.Kind.MOU)
    today = timezone.localdate()

    # The PKS being signed still lacks its scan, its date and Palembang's number.
    with translation.override("en"), pytest.raises(AgreementError) as refused:
        transition(palembang, S.ACTIVE, by=manager)
    assert refused.value.messages == [
        "Upload the signed scan first.",
        "Enter the date of signing first.",
        "Enter the document number of Diskominfo Kota Palembang first.",
    ]
    transition(sumut, S.READY, by=manager)
    successor = renew_agreement(lampung, by=manager)
    # Nothing has passed its end date unnoticed; Jambi's MoU and the Sumsel PKS get reminders.
    assert expire_ended_agreements(today=today) == 0
    assert remind_expiring_agreements(today=today) == 2

    assert successor.predecessor == lampung
    assert entries_for(sumut).first().changes == {
        "from": S.NEGOTIATION,
        "to": S.READY,
        "reason": "",
    }
