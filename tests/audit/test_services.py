import threading

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from audit.chain import GENESIS_HASH
from audit.models import AppendOnlyError, AuditEntry, AuditHead
from audit.services import diff, log
from partnerships.models import Organisation
from tests.audit.conftest import postgresql_only
from tests.factories import OrganisationFactory


def test_log_writes_contiguous_sequences_and_a_chain(organisation, person):
    first = log(organisation, "tests.created", by=person, changes={"name": [None, "A"]})
    second = log(organisation, "tests.changed", by=None)

    assert [first.sequence, second.sequence] == [1, 2]
    assert first.previous_hash == GENESIS_HASH
    assert second.previous_hash == first.hash
    assert first.hash == first.compute_hash()
    assert AuditHead.objects.get() == AuditHead(pk=1, sequence=2, hash=second.hash)


def test_log_keeps_who_and_what_as_they_were(organisation, person):
    entry = log(organisation, "tests.changed", by=person, changes={"name": ["A", "B"]})
    person.full_name = "Rina Wati Kusuma"
    person.save()
    organisation.name = "Dinas Kominfo Palembang"
    organisation.save()

    entry = AuditEntry.objects.get(pk=entry.pk)

    assert (entry.actor, entry.actor_label) == (person, "Rina Wati")
    assert (entry.target_id, entry.target_label) == (
        str(organisation.pk),
        "Diskominfo Kota Palembang",
    )
    assert entry.changes == {"name": ["A", "B"]}
    assert entry.compute_hash() == entry.hash


def test_log_by_the_system_has_no_actor(organisation):
    entry = log(organisation, "tests.scanned", by=None)

    assert (entry.actor, entry.actor_label) == (None, "")


def test_log_stores_dates_as_text_and_still_verifies(organisation):
    from datetime import date

    entry = log(
        organisation, "tests.changed", by=None, changes={"ends_on": [None, date(2026, 12, 31)]}
    )

    stored = AuditEntry.objects.get(pk=entry.pk)
    assert stored.changes == {"ends_on": [None, "2026-12-31"]}
    assert stored.compute_hash() == stored.hash


def test_log_takes_four_statements(organisation):
    log(organisation, "tests.warm", by=None)  # the content type is cached from here on

    with CaptureQueriesContext(connection) as context:
        log(organisation, "tests.changed", by=None)

    statements = [
        query["sql"].split()[0]
        for query in context.captured_queries
        if "SAVEPOINT" not in query["sql"]
    ]
    assert statements == ["UPDATE", "SELECT", "INSERT", "UPDATE"]


def test_log_rolled_back_with_its_transaction_leaves_no_gap(organisation):
    log(organisation, "tests.kept", by=None)
    with pytest.raises(RuntimeError), transaction.atomic():
        log(organisation, "tests.lost", by=None)
        raise RuntimeError

    kept = log(organisation, "tests.kept_too", by=None)

    assert kept.sequence == 2
    assert list(AuditEntry.objects.values_list("action", flat=True)) == [
        "tests.kept_too",
        "tests.kept",
    ]


def test_log_recreates_a_head_lost_to_a_flush(organisation):
    AuditHead.objects.all().delete()

    entry = log(organisation, "tests.changed", by=None)

    assert (entry.sequence, entry.previous_hash) == (1, GENESIS_HASH)


def test_entries_refuse_an_orm_update(organisation):
    log(organisation, "tests.changed", by=None)

    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.update(action="tests.other")


def test_entries_refuse_an_orm_delete(organisation):
    entry = log(organisation, "tests.changed", by=None)

    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    assert AuditEntry.objects.count() == 1


def test_entries_refuse_a_second_save(organisation):
    entry = log(organisation, "tests.changed", by=None)
    entry.changes = {"name": ["forged", "B"]}

    with pytest.raises(AppendOnlyError):
        entry.save()
    assert AuditEntry.objects.get().changes == {}


@postgresql_only
def test_trigger_refuses_a_raw_update(organisation):
    log(organisation, "tests.changed", by=None)

    with pytest.raises(Exception, match="append-only"), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET action = 'tests.forged'")


@postgresql_only
def test_trigger_refuses_a_raw_delete(organisation):
    log(organisation, "tests.changed", by=None)

    with pytest.raises(Exception, match="append-only"), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry")


def test_diff_lists_changed_fields_related_objects_by_name(db):
    before = OrganisationFactory(kind=Organisation.Kind.MEDIA, phone="")
    after = Organisation.objects.get(pk=before.pk)
    after.phone = "0711 123"
    after.kind = Organisation.Kind.OTHER

    assert diff(before, after) == {
        "kind": ["media", "other"],
        "phone": ["", "0711 123"],
    }


def test_diff_of_a_new_object_lists_what_was_filled_in(db):
    organisation = OrganisationFactory.build(
        name="Radio Sriwijaya", kind=Organisation.Kind.MEDIA, short_name=""
    )

    changes = diff(None, organisation, ["name", "short_name", "kind"])

    assert changes == {"name": [None, "Radio Sriwijaya"], "kind": [None, "media"]}


THREADS, APPENDS = 8, 10


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_log_from_concurrent_writers_keeps_one_chain():
    organisation = OrganisationFactory()
    start = threading.Barrier(THREADS)
    errors = []

    def write(worker):
        try:
            start.wait()
            for step in range(APPENDS):
                with transaction.atomic():
                    log(organisation, "tests.concurrent", by=None, changes={"w": worker, "s": step})
        except Exception as error:  # reported below; a thread's exception is otherwise lost
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    sequences = list(AuditEntry.objects.order_by("sequence").values_list("sequence", flat=True))
    assert sequences == list(range(1, THREADS * APPENDS + 1))
    call_command("verify_audit")
