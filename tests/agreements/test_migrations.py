"""A database from before agreements had their own app migrates forward with nothing lost.

The database is taken back to the previous layout (agreements inside partnerships, their history
in AgreementEvent, notification kinds and the scan named after partnerships), filled the way that
layout's code filled it, and migrated forward again.
"""

from datetime import UTC, date, datetime

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from agreements.audit_actions import Action
from agreements.models import Agreement
from audit.models import AuditEntry
from audit.selectors import entries_for
from notifications.models import Notification, Preference, ScheduledScan

BEFORE_THE_MOVE = [
    ("partnerships", "0003_agreements"),
    ("notifications", "0002_notification_event_key"),
    ("agreements", None),
    ("audit", None),
]
SCAN = b"%PDF-1.4 the signed scan"

# Migrations run outside a test transaction; the suite reloads the regions after such a test.
pytestmark = pytest.mark.django_db(transaction=True)


def _migrate(targets):
    state = MigrationExecutor(connection).migrate(targets)
    ContentType.objects.clear_cache()
    return state.apps


def _latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.fixture
def old_database():
    """The previous layout with an agreement, its parts, history and notifications in it."""
    old = _migrate(BEFORE_THE_MOVE)
    yield old
    _migrate(_latest())


def _fill(old):
    User = old.get_model("accounts", "User")
    Organisation = old.get_model("partnerships", "Organisation")
    Agreement = old.get_model("partnerships", "Agreement")
    ContentType_ = old.get_model("contenttypes", "ContentType")
    staff = User.objects.create(email="staf@kpk.go.id", full_name="Rina Staf", password="!")
    kpk = Organisation.objects.create(name="Biro Humas KPK", kind="kpk_unit")
    city = Organisation.objects.create(
        name="Diskominfo Kota Palembang",
        kind="diskominfo_regency",
        province_id="16",
        regency_id="16.71",
    )
    agreement = Agreement.objects.create(
        kind="mou",
        title="Nota Kesepahaman Diseminasi Antikorupsi",
        status="active",
        signed_on=date(2026, 5, 30),
        effective_on=date(2026, 6, 1),
        ends_on=date(2031, 5, 31),
        owner=staff,
    )
    for position, (organisation, number) in enumerate([(kpk, "NK-01/2026"), (city, "045/2026")]):
        old.get_model("partnerships", "AgreementParty").objects.create(
            agreement=agreement,
            organisation=organisation,
            document_number=number,
            position=position,
        )
    document = old.get_model("partnerships", "AgreementDocument")(
        agreement=agreement,
        kind="signed",
        version=1,
        original_name="mou.pdf",
        content_type="application/pdf",
        size=len(SCAN),
        sha256="0" * 64,
        uploaded_by=staff,
    )
    document.file.save("mou.pdf", ContentFile(SCAN), save=False)
    document.save()
    comment = old.get_model("partnerships", "AgreementComment").objects.create(
        agreement=agreement, author=staff, body="Naskah final sudah diparaf."
    )
    Event = old.get_model("partnerships", "AgreementEvent")
    Event.objects.create(
        agreement=agreement,
        actor=staff,
        action="created",
        changes={"parties": [None, "Biro Humas KPK (—); Diskominfo Kota Palembang (—)"]},
        created_at=datetime(2026, 5, 1, 3, 0, tzinfo=UTC),
    )
    Event.objects.create(
        agreement=agreement,
        actor=staff,
        action="comment",
        changes={"comment": comment.pk},
        created_at=datetime(2026, 5, 20, 3, 0, tzinfo=UTC),
    )
    Event.objects.create(
        agreement=agreement,
        actor=None,
        action="status",
        changes={"from": "ready", "to": "active", "reason": ""},
        created_at=datetime(2026, 5, 30, 3, 0, tzinfo=UTC),
    )
    agreement_type = ContentType_.objects.get(app_label="partnerships", model="agreement")
    old.get_model("notifications", "Notification").objects.create(
        recipient=staff,
        kind="partnerships.agreement_status_changed",
        mode="in_app",
        target_type=agreement_type,
        target_id=str(agreement.pk),
        target_url=f"/agreements/{agreement.pk}/",
        target_label=agreement.title,
        context={"from": "ready", "to": "active"},
    )
    old.get_model("notifications", "Preference").objects.create(
        user=staff, kind="partnerships.agreement_commented", mode="digest"
    )
    old.get_model("notifications", "ScheduledScan").objects.update_or_create(
        scan="partnerships.agreements_ending",
        defaults={"name": "Perjanjian berakhir", "daily_at": "06:00"},
    )
    return agreement.pk, agreement_type.pk, document.file.name


def test_an_old_database_keeps_every_agreement_part_and_file_after_the_move(old_database):
    pk, _type, stored_name = _fill(old_database)

    _migrate(_latest())

    agreement = Agreement.objects.get(pk=pk)
    assert agreement.title == "Nota Kesepahaman Diseminasi Antikorupsi"
    assert [(p.organisation.name, p.document_number) for p in agreement.parties.all()] == [
        ("Biro Humas KPK", "NK-01/2026"),
        ("Diskominfo Kota Palembang", "045/2026"),
    ]
    document = agreement.documents.get()
    assert document.file.name == stored_name
    with document.file.open("rb") as stored:
        assert stored.read() == SCAN
    assert agreement.comments.get().body == "Naskah final sudah diparaf."
    assert agreement.owner.email == "staf@kpk.go.id"


def test_an_old_agreement_history_is_carried_into_the_audit_trail_in_order(old_database):
    pk, _type, _name = _fill(old_database)

    _migrate(_latest())

    agreement = Agreement.objects.get(pk=pk)
    entries = list(entries_for(agreement).order_by("sequence"))
    assert [(e.action, e.actor_label, e.changes) for e in entries] == [
        (
            Action.CREATED,
            "Rina Staf",
            {"parties": [None, "Biro Humas KPK (—); Diskominfo Kota Palembang (—)"]},
        ),
        (Action.COMMENTED, "Rina Staf", {"comment": agreement.comments.get().pk}),
        (Action.STATUS_CHANGED, "", {"from": "ready", "to": "active", "reason": ""}),
    ]
    assert [e.created_at for e in entries] == [
        datetime(2026, 5, 1, 3, 0, tzinfo=UTC),
        datetime(2026, 5, 20, 3, 0, tzinfo=UTC),
        datetime(2026, 5, 30, 3, 0, tzinfo=UTC),
    ]
    assert [e.sequence for e in AuditEntry.objects.order_by("sequence")] == [1, 2, 3]


def test_the_carried_history_verifies_and_new_entries_chain_on(old_database, capsys):
    pk, _type, _name = _fill(old_database)
    _migrate(_latest())
    agreement = Agreement.objects.get(pk=pk)

    from audit.services import log

    log(agreement, Action.DETAILS_CHANGED, by=None, changes={"title": ["a", "b"]})
    call_command("verify_audit")

    assert capsys.readouterr().out.strip() == "Audit trail intact: 4 entries."


def test_notifications_and_stored_codes_keep_resolving_after_the_move(old_database):
    pk, type_pk, _name = _fill(old_database)

    _migrate(_latest())

    notification = Notification.objects.get()
    # The content type kept its id under its new label: every reference to it still holds.
    assert notification.target_type.pk == type_pk
    assert notification.target_type.model_class() is Agreement
    assert notification.target_type.get_object_for_this_type(pk=notification.target_id).pk == pk
    assert notification.kind == "agreements.status_changed"
    assert Preference.objects.get().kind == "agreements.commented"
    assert list(ScheduledScan.objects.filter(scan__startswith="partnerships.")) == []
    assert ScheduledScan.objects.filter(scan="agreements.ending").count() == 1
    assert not ContentType.objects.filter(app_label="partnerships", model="agreement").exists()
    assert Permission.objects.get(codename="add_agreement").content_type_id == type_pk
