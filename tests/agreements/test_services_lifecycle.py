"""The one door for an agreement's status: every allowed move, and every refused one."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone, translation

from agreements.audit_actions import Action
from agreements.models import Agreement, AgreementDocument
from agreements.services import (
    AgreementError,
    activation_problems,
    allowed_transitions,
    transition,
)
from audit.selectors import entries_for
from notifications.models import Notification
from tests.factories import AgreementDocumentFactory, AgreementFactory

Status = Agreement.Status
Kind = Agreement.Kind

TODAY = timezone.localdate


@pytest.fixture
def mou(network):
    """An active MoU between KPK and Sumatera Selatan, for a year from ten days ago."""
    agreement = AgreementFactory(
        status=Status.ACTIVE, dated=True, between=[network.kpk, network.province]
    )
    AgreementDocumentFactory(agreement=agreement)
    return agreement


@pytest.fixture
def pks(network, mou):
    """A PKS with Kota Palembang under the MoU, ready to sign and complete: it can take effect."""
    agreement = AgreementFactory(
        kind=Kind.PKS,
        parent=mou,
        status=Status.READY,
        dated=True,
        between=[network.kpk, network.city],
    )
    AgreementDocumentFactory(agreement=agreement)
    return agreement


def _in(status, network, **fields):
    return AgreementFactory(
        status=status, dated=True, between=[network.kpk, network.city], **fields
    )


def _refused(agreement, to, *, by, reason="") -> list[str]:
    """Try the move; assert it changed nothing and return why it was refused."""
    events = entries_for(agreement).count()
    before = Agreement.objects.get(pk=agreement.pk)
    with pytest.raises(AgreementError) as refusal:
        transition(agreement, to, by=by, reason=reason)
    after = Agreement.objects.get(pk=agreement.pk)
    assert (after.status, after.termination_reason, after.updated_at) == (
        before.status,
        before.termination_reason,
        before.updated_at,
    )
    assert entries_for(agreement).count() == events
    assert Notification.objects.count() == 0
    return refusal.value.messages


# Allowed moves


@pytest.mark.parametrize(
    ("source", "to", "role"),
    [
        (Status.DRAFT, Status.NEGOTIATION, "kpk_staff"),
        (Status.NEGOTIATION, Status.DRAFT, "kpk_staff"),
        (Status.NEGOTIATION, Status.READY, "kpk_manager"),
        (Status.READY, Status.NEGOTIATION, "kpk_staff"),
    ],
)
def test_transition_moves_and_records_it(network, source, to, role):
    agreement = _in(source, network)
    by = getattr(network, role)

    returned = transition(agreement, to, by=by)

    assert returned.status == to
    assert Agreement.objects.get(pk=agreement.pk).status == to
    event = entries_for(agreement).get()
    assert (event.action, event.actor, event.changes) == (
        Action.STATUS_CHANGED,
        by,
        {"from": source, "to": to, "reason": ""},
    )


def test_transition_to_active_when_signed_with_scan_date_and_numbers(network, pks):
    transition(pks, Status.ACTIVE, by=network.kpk_staff)

    assert Agreement.objects.get(pk=pks.pk).status == Status.ACTIVE


def test_transition_to_terminated_keeps_the_reason(network):
    agreement = _in(Status.ACTIVE, network)

    transition(agreement, Status.TERMINATED, by=network.kpk_manager, reason="  Pemda dimekarkan. ")

    agreement.refresh_from_db()
    assert (agreement.status, agreement.termination_reason) == (
        Status.TERMINATED,
        "Pemda dimekarkan.",
    )
    assert entries_for(agreement).get().changes == {
        "from": Status.ACTIVE,
        "to": Status.TERMINATED,
        "reason": "Pemda dimekarkan.",
    }


def test_transition_to_expired_by_the_system_after_the_end_date(network):
    agreement = _in(Status.ACTIVE, network, ends_on=TODAY() - timedelta(days=1))

    transition(agreement, Status.EXPIRED, by=None)

    assert Agreement.objects.get(pk=agreement.pk).status == Status.EXPIRED
    assert entries_for(agreement).get().actor is None


def test_transition_to_expired_by_a_kpk_manager_after_the_end_date(network):
    agreement = _in(Status.ACTIVE, network, ends_on=TODAY() - timedelta(days=1))

    transition(agreement, Status.EXPIRED, by=network.kpk_manager)

    assert Agreement.objects.get(pk=agreement.pk).status == Status.EXPIRED


def test_pks_under_an_active_mou_exactly_within_its_dates_takes_effect(network, mou, pks):
    Agreement.objects.filter(pk=pks.pk).update(effective_on=mou.effective_on, ends_on=mou.ends_on)
    pks.refresh_from_db()

    transition(pks, Status.ACTIVE, by=network.kpk_manager)

    assert Agreement.objects.get(pk=pks.pk).status == Status.ACTIVE


# Refused moves: who


def test_transition_to_ready_refused_for_kpk_staff(network):
    agreement = _in(Status.NEGOTIATION, network)

    assert _refused(agreement, Status.READY, by=network.kpk_staff) == [
        "Only a KPK manager can mark an agreement ready to sign."
    ]


@pytest.mark.parametrize("role", ["partner_manager", "partner_operator", "province_manager"])
def test_transition_refused_for_partners_even_of_a_party(network, role):
    agreement = _in(Status.DRAFT, network)

    assert _refused(agreement, Status.NEGOTIATION, by=getattr(network, role)) == [
        "Only KPK staff can change the status of an agreement."
    ]


def test_transition_allowed_for_an_administrator_who_fixes_data(network):
    # Administrators are superusers, who hold every permission.
    agreement = _in(Status.NEGOTIATION, network)

    transition(agreement, Status.READY, by=network.administrator)

    assert Agreement.objects.get(pk=agreement.pk).status == Status.READY


@pytest.mark.parametrize("to", [Status.TERMINATED, Status.EXPIRED])
def test_ending_refused_for_kpk_staff(network, to):
    agreement = _in(Status.ACTIVE, network, ends_on=TODAY() - timedelta(days=1))

    assert _refused(agreement, to, by=network.kpk_staff, reason="Alasan") == [
        "Only a KPK manager can end an agreement."
    ]


def test_system_may_only_expire(network):
    agreement = _in(Status.DRAFT, network)

    assert _refused(agreement, Status.NEGOTIATION, by=None) == [
        "Only a person can make this change."
    ]


# Refused moves: guards


def test_activation_refused_without_the_signed_scan(network, pks):
    AgreementDocument.objects.filter(agreement=pks).update(kind=AgreementDocument.Kind.DRAFT)

    assert _refused(pks, Status.ACTIVE, by=network.kpk_manager) == ["Upload the signed scan first."]


def test_activation_refused_without_the_signing_date(network, pks):
    Agreement.objects.filter(pk=pks.pk).update(signed_on=None)
    pks.refresh_from_db()

    assert _refused(pks, Status.ACTIVE, by=network.kpk_manager) == [
        "Enter the date of signing first."
    ]


def test_activation_refused_without_the_dates(network, mou):
    agreement = AgreementFactory(status=Status.READY, between=[network.kpk, network.city])
    AgreementDocumentFactory(agreement=agreement)
    Agreement.objects.filter(pk=agreement.pk).update(signed_on=TODAY())
    agreement.refresh_from_db()

    assert _refused(agreement, Status.ACTIVE, by=network.kpk_manager) == [
        "Enter the effective and end dates first."
    ]


def test_activation_refused_after_the_end_date(network):
    agreement = _in(
        Status.READY,
        network,
        effective_on=TODAY() - timedelta(days=30),
        ends_on=TODAY() - timedelta(days=1),
    )
    AgreementDocumentFactory(agreement=agreement)

    assert _refused(agreement, Status.ACTIVE, by=network.kpk_manager) == [
        "The end date has passed: the agreement can no longer take effect."
    ]


def test_activation_refused_without_every_partys_number(network, pks):
    pks.parties.filter(organisation=network.city).update(document_number="")

    assert _refused(pks, Status.ACTIVE, by=network.kpk_manager) == [
        "Enter the document number of Diskominfo Kota Palembang first."
    ]


def test_activation_lists_everything_missing(network):
    agreement = AgreementFactory(status=Status.READY, between=[network.kpk, network.city])
    agreement.parties.update(document_number="")

    assert _refused(agreement, Status.ACTIVE, by=network.kpk_manager) == [
        "Upload the signed scan first.",
        "Enter the date of signing first.",
        "Enter the effective and end dates first.",
        "Enter the document number of Biro Hubungan Masyarakat KPK first.",
        "Enter the document number of Diskominfo Kota Palembang first.",
    ]


def test_pks_refused_when_it_starts_before_its_mou(network, mou, pks):
    Agreement.objects.filter(pk=pks.pk).update(effective_on=mou.effective_on - timedelta(days=1))
    pks.refresh_from_db()

    assert _refused(pks, Status.ACTIVE, by=network.kpk_manager) == [
        "A PKS cannot start before its MoU takes effect."
    ]


def test_pks_refused_when_it_ends_after_its_mou(network, mou, pks):
    Agreement.objects.filter(pk=pks.pk).update(ends_on=mou.ends_on + timedelta(days=1))
    pks.refresh_from_db()

    assert _refused(pks, Status.ACTIVE, by=network.kpk_manager) == [
        "A PKS cannot end after its MoU ends."
    ]


@pytest.mark.parametrize("mou_status", [Status.READY, Status.EXPIRED, Status.TERMINATED])
def test_pks_refused_under_an_mou_that_is_not_active(network, mou, pks, mou_status):
    Agreement.objects.filter(pk=mou.pk).update(status=mou_status)
    pks.refresh_from_db()

    assert _refused(pks, Status.ACTIVE, by=network.kpk_manager) == [
        "A PKS can take effect only while its MoU is active."
    ]


def test_addendum_refused_while_what_it_amends_is_not_active(network, mou):
    Agreement.objects.filter(pk=mou.pk).update(status=Status.EXPIRED)
    addendum = _in(Status.READY, network, kind=Kind.ADDENDUM, parent=mou)
    AgreementDocumentFactory(agreement=addendum)

    assert _refused(addendum, Status.ACTIVE, by=network.kpk_manager) == [
        "An addendum can take effect only while the agreement it amends is active."
    ]


@pytest.mark.parametrize("reason", ["", "   "])
def test_termination_refused_without_a_reason(network, reason):
    agreement = _in(Status.ACTIVE, network)

    assert _refused(agreement, Status.TERMINATED, by=network.kpk_manager, reason=reason) == [
        "Give the reason for terminating the agreement."
    ]


def test_termination_refused_with_a_reason_longer_than_its_field(network):
    agreement = _in(Status.ACTIVE, network)

    assert _refused(agreement, Status.TERMINATED, by=network.kpk_manager, reason="x" * 2001) == [
        "Reason for termination can be at most 2000 characters long."
    ]


def test_expiry_refused_before_the_end_date(network):
    agreement = _in(Status.ACTIVE, network, ends_on=TODAY())

    assert _refused(agreement, Status.EXPIRED, by=network.kpk_manager) == [
        "An agreement expires only after its end date; to end it early, terminate it."
    ]


@pytest.mark.parametrize(
    ("source", "to", "message"),
    [
        (Status.DRAFT, Status.READY, "An agreement cannot move from “Draft” to “Ready to sign”."),
        (Status.DRAFT, Status.ACTIVE, "An agreement cannot move from “Draft” to “Active”."),
        (Status.DRAFT, Status.TERMINATED, "An agreement cannot move from “Draft” to “Terminated”."),
        (Status.DRAFT, Status.DRAFT, "An agreement cannot move from “Draft” to “Draft”."),
        (
            Status.NEGOTIATION,
            Status.ACTIVE,
            "An agreement cannot move from “In negotiation” to “Active”.",
        ),
        (Status.ACTIVE, Status.DRAFT, "An agreement cannot move from “Active” to “Draft”."),
        (Status.EXPIRED, Status.ACTIVE, "An agreement cannot move from “Expired” to “Active”."),
        (
            Status.TERMINATED,
            Status.ACTIVE,
            "An agreement cannot move from “Terminated” to “Active”.",
        ),
        (
            Status.ACTIVE,
            Status.SIGNED,
            "An agreement cannot move from “Active” to “Signed, not yet in force”.",
        ),
        (Status.ACTIVE, "sealed", "An agreement cannot move from “Active” to “sealed”."),
    ],
)
def test_illegal_move_refused_even_for_a_kpk_manager(network, source, to, message):
    agreement = _in(source, network)
    AgreementDocumentFactory(agreement=agreement)

    assert _refused(agreement, to, by=network.kpk_manager, reason="Alasan") == [message]


# Races


def test_transition_from_a_stale_copy_is_refused(network):
    agreement = _in(Status.NEGOTIATION, network)
    stale = Agreement.objects.get(pk=agreement.pk)
    transition(agreement, Status.READY, by=network.kpk_manager)

    with pytest.raises(AgreementError) as refusal:
        transition(stale, Status.DRAFT, by=network.kpk_staff)

    assert refusal.value.messages == [
        "Someone else changed this agreement meanwhile: it is now “Ready to sign”."
    ]
    assert Agreement.objects.get(pk=agreement.pk).status == Status.READY
    assert entries_for(agreement).count() == 1


def test_the_same_move_twice_happens_once(network):
    agreement = _in(Status.DRAFT, network)
    first = Agreement.objects.get(pk=agreement.pk)
    second = Agreement.objects.get(pk=agreement.pk)

    transition(first, Status.NEGOTIATION, by=network.kpk_staff)
    with pytest.raises(AgreementError):
        transition(second, Status.NEGOTIATION, by=network.kpk_manager)

    assert entries_for(agreement).count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no row locks to race on")
@pytest.mark.django_db(transaction=True)
def test_two_people_racing_to_the_same_move_make_it_once(network):
    agreement = _in(Status.ACTIVE, network)
    barrier = threading.Barrier(2)
    outcomes = []

    def terminate(reason):
        copy = Agreement.objects.get(pk=agreement.pk)
        barrier.wait()
        try:
            # A new thread starts in the default language (Indonesian); the assertion reads English.
            with translation.override("en"):
                transition(copy, Status.TERMINATED, by=network.kpk_manager, reason=reason)
            outcomes.append("moved")
        except AgreementError as error:
            outcomes.append(error.messages[0])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=terminate, args=(r,)) for r in ("A", "B")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == [
        "Someone else changed this agreement meanwhile: it is now “Terminated”.",
        "moved",
    ]
    assert entries_for(agreement).count() == 1


# Buttons


@pytest.mark.parametrize(
    ("status", "role", "expected"),
    [
        (Status.DRAFT, "kpk_staff", [Status.NEGOTIATION]),
        (Status.NEGOTIATION, "kpk_staff", [Status.DRAFT]),
        (Status.NEGOTIATION, "kpk_manager", [Status.DRAFT, Status.READY]),
        (Status.READY, "kpk_staff", [Status.NEGOTIATION, Status.ACTIVE]),
        (Status.SIGNED, "kpk_staff", []),
        (Status.SIGNED, "kpk_manager", [Status.TERMINATED]),
        (Status.ACTIVE, "kpk_staff", []),
        (Status.ACTIVE, "kpk_manager", [Status.TERMINATED]),
        (Status.EXPIRED, "kpk_manager", []),
        (Status.NEGOTIATION, "partner_manager", []),
        (Status.NEGOTIATION, "administrator", [Status.DRAFT, Status.READY]),
    ],
)
def test_allowed_transitions_follow_the_table_and_the_role(network, status, role, expected):
    agreement = _in(status, network)

    assert allowed_transitions(getattr(network, role), agreement) == expected


def test_allowed_transitions_offer_expiry_once_the_end_date_has_passed(network):
    agreement = _in(Status.ACTIVE, network, ends_on=TODAY() - timedelta(days=1))

    assert allowed_transitions(network.kpk_manager, agreement) == [
        Status.TERMINATED,
        Status.EXPIRED,
    ]


# Signed, not yet in force


def test_recording_the_signing_before_the_effective_date_makes_it_signed(network):
    agreement = _in(Status.READY, network, effective_on=TODAY() + timedelta(days=30))
    AgreementDocumentFactory(agreement=agreement)

    transition(agreement, Status.ACTIVE, by=network.kpk_staff)

    assert Agreement.objects.get(pk=agreement.pk).status == Status.SIGNED
    assert entries_for(agreement).get().changes == {
        "from": Status.READY,
        "to": Status.SIGNED,
        "reason": "",
    }


def test_recording_the_signing_on_the_effective_date_makes_it_active(network):
    agreement = _in(Status.READY, network, effective_on=TODAY())
    AgreementDocumentFactory(agreement=agreement)

    transition(agreement, Status.ACTIVE, by=network.kpk_staff)

    assert Agreement.objects.get(pk=agreement.pk).status == Status.ACTIVE


def test_recording_the_signing_needs_what_activation_needs(network):
    agreement = _in(Status.READY, network, effective_on=TODAY() + timedelta(days=30))

    assert _refused(agreement, Status.SIGNED, by=network.kpk_staff) == [
        "Upload the signed scan first."
    ]


def test_signed_agreement_takes_effect_only_on_its_effective_date(network):
    agreement = _in(Status.SIGNED, network, effective_on=TODAY() + timedelta(days=1))
    AgreementDocumentFactory(agreement=agreement)

    assert _refused(agreement, Status.ACTIVE, by=None) == [
        "The agreement takes effect only on its effective date."
    ]


def test_signed_agreement_becomes_active_by_the_system_on_its_effective_date(network):
    agreement = _in(Status.SIGNED, network, effective_on=TODAY())
    AgreementDocumentFactory(agreement=agreement)

    transition(agreement, Status.ACTIVE, by=None)

    assert Agreement.objects.get(pk=agreement.pk).status == Status.ACTIVE
    assert entries_for(agreement).get().actor is None


def test_pks_may_be_signed_under_a_signed_mou_but_not_take_effect(network):
    mou = AgreementFactory(
        status=Status.SIGNED,
        between=[network.kpk, network.province],
        signed_on=TODAY(),
        effective_on=TODAY() + timedelta(days=10),
        ends_on=TODAY() + timedelta(days=400),
    )
    pks = AgreementFactory(
        kind=Kind.PKS,
        parent=mou,
        status=Status.READY,
        between=[network.kpk, network.city],
        signed_on=TODAY(),
        effective_on=TODAY() + timedelta(days=10),
        ends_on=TODAY() + timedelta(days=300),
    )
    AgreementDocumentFactory(agreement=pks)

    transition(pks, Status.ACTIVE, by=network.kpk_staff)

    assert Agreement.objects.get(pk=pks.pk).status == Status.SIGNED


def test_signing_date_in_the_future_refuses_the_signing(network, pks):
    Agreement.objects.filter(pk=pks.pk).update(signed_on=TODAY() + timedelta(days=1))
    pks.refresh_from_db()

    assert _refused(pks, Status.ACTIVE, by=network.kpk_staff) == [
        "The date of signing cannot be in the future."
    ]


def test_signed_agreement_can_be_terminated(network):
    agreement = _in(Status.SIGNED, network, effective_on=TODAY() + timedelta(days=5))

    transition(agreement, Status.TERMINATED, by=network.kpk_manager, reason="Batal.")

    assert Agreement.objects.get(pk=agreement.pk).status == Status.TERMINATED


def test_signed_is_neither_open_nor_ended():
    assert Status.SIGNED not in Status.open()
    assert Status.SIGNED not in Status.ended()
    assert Status.SIGNED not in Status.renewable()
    assert Status.concluded() == {Status.SIGNED, Status.ACTIVE}


# Terminating an MoU ends what hangs under it


def test_terminating_an_mou_ends_its_signed_and_active_agreements_with_the_reason(network, mou):
    active_pks = _in(Status.ACTIVE, network, kind=Kind.PKS, parent=mou)
    signed_pks = _in(Status.SIGNED, network, kind=Kind.PKS, parent=mou)
    addendum = _in(Status.ACTIVE, network, kind=Kind.ADDENDUM, parent=active_pks)
    draft_pks = _in(Status.DRAFT, network, kind=Kind.PKS, parent=mou)

    transition(mou, Status.TERMINATED, by=network.kpk_manager, reason="Pemda dimekarkan.")

    statuses = {
        a.pk: (a.status, a.termination_reason)
        for a in Agreement.objects.filter(pk__in=[active_pks.pk, signed_pks.pk, draft_pks.pk])
    }
    assert statuses == {
        active_pks.pk: (Status.TERMINATED, "Ended with its MoU: Pemda dimekarkan."),
        signed_pks.pk: (Status.TERMINATED, "Ended with its MoU: Pemda dimekarkan."),
        draft_pks.pk: (Status.DRAFT, ""),
    }
    addendum.refresh_from_db()
    assert (addendum.status, addendum.termination_reason) == (
        Status.TERMINATED,
        "Ended with the agreement it falls under: Ended with its MoU: Pemda dimekarkan.",
    )
    assert entries_for(active_pks).get().changes == {
        "from": Status.ACTIVE,
        "to": Status.TERMINATED,
        "reason": "Ended with its MoU: Pemda dimekarkan.",
    }
    # The parties of each agreement ended are told (the city's manager is party to the PKS).
    told = Notification.objects.filter(
        recipient=network.partner_manager, target_id=str(active_pks.pk)
    )
    assert [n.context["to"] for n in told] == [Status.TERMINATED]


def test_a_refused_mou_termination_leaves_its_pks_running(network, mou):
    pks = _in(Status.ACTIVE, network, kind=Kind.PKS, parent=mou)
    # A KPK staff member may not terminate: nothing ends, neither the MoU nor its PKS.
    with pytest.raises(AgreementError):
        transition(mou, Status.TERMINATED, by=network.kpk_staff, reason="Alasan.")

    assert Agreement.objects.get(pk=mou.pk).status == Status.ACTIVE
    assert Agreement.objects.get(pk=pks.pk).status == Status.ACTIVE


# Activation refused: each reason says where it is fixed


def test_activation_problems_link_to_where_each_is_fixed(network, mou):
    pks = AgreementFactory(
        kind=Kind.PKS, parent=mou, status=Status.READY, between=[network.kpk, network.city]
    )
    pks.parties.filter(organisation=network.city).update(document_number="")
    Agreement.objects.filter(pk=mou.pk).update(status=Status.EXPIRED)
    pks = Agreement.objects.get(pk=pks.pk)
    edit = f"/agreements/{pks.pk}/edit/"

    problems = activation_problems(pks)

    assert [(str(p), p.url) for p in problems] == [
        ("Upload the signed scan first.", f"/agreements/{pks.pk}/documents/new/?kind=signed"),
        ("Enter the date of signing first.", f"{edit}#id_signed_on"),
        ("Enter the effective and end dates first.", f"{edit}#id_effective_on"),
        (
            "Enter the document number of Diskominfo Kota Palembang first.",
            f"{edit}#id_parties-1-document_number",
        ),
        ("A PKS can take effect only while its MoU is active.", f"/agreements/{mou.pk}/"),
    ]


def test_a_withdrawn_signed_scan_no_longer_satisfies_activation(network, pks):
    pks.documents.update(withdrawn_at=timezone.now(), withdrawal_reason="Salah unggah.")

    assert _refused(pks, Status.ACTIVE, by=network.kpk_staff) == ["Upload the signed scan first."]
