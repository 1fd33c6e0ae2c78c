import pytest
from django.core.management import CommandError, call_command, execute_from_command_line

from audit.models import AuditEntry
from audit.services import log


def _write(organisation, count):
    return [
        log(organisation, "tests.changed", by=None, changes={"n": [n, n + 1]}) for n in range(count)
    ]


def test_verify_audit_reports_an_intact_chain(organisation, capsys):
    _write(organisation, 5)

    call_command("verify_audit")

    assert capsys.readouterr().out == "Audit trail intact: 5 entries.\n"


def test_verify_audit_reports_an_empty_log_intact(db, capsys):
    call_command("verify_audit")

    assert capsys.readouterr().out == "Audit trail intact: 0 entries.\n"


def test_verify_audit_names_an_entry_altered_behind_the_orm(organisation, raw_sql):
    entries = _write(organisation, 4)
    altered = entries[2]

    raw_sql(
        "UPDATE audit_auditentry SET changes = %s WHERE id = %s", ['{"n": [0, 99]}', altered.pk]
    )

    with pytest.raises(CommandError) as caught:
        call_command("verify_audit")
    assert str(caught.value) == (
        f"Audit entry 3 (id {altered.pk}): hash does not match its contents."
    )


def test_verify_audit_names_the_entry_after_a_deleted_one(organisation, raw_sql):
    entries = _write(organisation, 4)

    raw_sql("DELETE FROM audit_auditentry WHERE id = %s", [entries[1].pk])

    with pytest.raises(CommandError) as caught:
        call_command("verify_audit")
    assert str(caught.value) == f"Audit entry 3 (id {entries[2].pk}): follows a missing entry."


def test_verify_audit_notices_the_last_entries_deleted(organisation, raw_sql):
    entries = _write(organisation, 4)

    raw_sql("DELETE FROM audit_auditentry WHERE id = %s", [entries[3].pk])

    with pytest.raises(CommandError) as caught:
        call_command("verify_audit")
    assert str(caught.value) == (
        f"Audit entry 3 (id {entries[2].pk}): the head says there are more entries (4)."
    )


def test_verify_audit_notices_a_rewritten_chain_that_skips_the_head(organisation, raw_sql):
    entries = _write(organisation, 2)
    forged = entries[1]
    forged.changes = {"n": [1, 99]}
    new_hash = forged.compute_hash()

    raw_sql(
        "UPDATE audit_auditentry SET changes = %s, hash = %s WHERE id = %s",
        ['{"n": [1, 99]}', new_hash, forged.pk],
    )

    with pytest.raises(CommandError, match="the head does not match the last entry"):
        call_command("verify_audit")
    assert AuditEntry.objects.count() == 2


def test_verify_audit_exits_non_zero_from_the_command_line(organisation, raw_sql, capsys):
    entries = _write(organisation, 2)
    raw_sql("DELETE FROM audit_auditentry WHERE id = %s", [entries[0].pk])

    with pytest.raises(SystemExit) as exited:
        execute_from_command_line(["manage.py", "verify_audit"])

    assert exited.value.code == 1
    assert (
        f"Audit entry 2 (id {entries[1].pk}): follows a missing entry." in capsys.readouterr().err
    )
