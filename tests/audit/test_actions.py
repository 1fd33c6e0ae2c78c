import pytest
from django.contrib.contenttypes.models import ContentType

from audit import actions
from audit.actions import describe_changes, register_action, unregister_action
from audit.models import AuditEntry
from partnerships.models import Channel, Membership, Organisation


@pytest.fixture
def registered():
    codes = []

    def register(code, label, describe=None):
        codes.append(code)
        return register_action(code, label, describe)

    yield register
    for code in codes:
        unregister_action(code)


def _entry(model, action="tests.changed", changes=None):
    return AuditEntry(
        target_type=ContentType.objects.get_for_model(model), action=action, changes=changes or {}
    )


def test_a_registered_action_reads_with_its_verb_and_its_describer(db, registered):
    registered(
        "tests.renamed",
        "renamed the organisation",
        describe=lambda entry: [f"now {entry.changes['to']}"],
    )
    entry = _entry(Organisation, "tests.renamed", {"to": "Kominfo Palembang"})

    assert actions.verb(entry) == "renamed the organisation"
    assert actions.lines(entry) == ["now Kominfo Palembang"]


def test_registering_a_code_twice_is_refused(db, registered):
    registered("tests.twice", "did it")

    with pytest.raises(ValueError, match="already registered"):
        register_action("tests.twice", "did it again")


def test_an_unknown_action_reads_as_its_code_and_its_changes(db):
    entry = _entry(Organisation, "retired.action", {"name": ["A", "B"]})

    assert actions.verb(entry) == "retired.action"
    assert actions.lines(entry) == ["Name: A → B"]


def test_describe_changes_uses_verbose_names_dates_and_dashes(db):
    entry = _entry(
        Channel,
        changes={
            "audience_updated_on": ["2026-01-31", "2026-02-28"],
            "handle": ["@lama", None],
            "name": [None, "Radio Sriwijaya"],
        },
    )

    # In the order the model declares its fields, whatever order the database keeps the keys in.
    assert describe_changes(entry) == [
        "Name: Radio Sriwijaya",
        "Handle or url: @lama → —",
        "Audience counted on: Saturday, 31 January 2026 → Saturday, 28 February 2026",
    ]


def test_describe_changes_shows_choice_labels_booleans_and_flattens_lists(db):
    entry = _entry(
        Membership,
        changes={
            "role": ["partner_operator", "partner_manager"],
            "is_active": [True, False],
            "channels": ["Instagram", "Radio", "TV"],
            "reason": {"by": "admin", "on": "2026-03-01"},
        },
    )

    assert describe_changes(entry) == [
        "Role: Partner operator → Partner manager",
        "Active: yes → no",
        "Channels: Instagram, Radio, TV",
        "Reason: by: admin, on: Sunday, 1 March 2026",
    ]


def test_describe_changes_reads_anything_that_is_not_a_dict(db):
    assert describe_changes(_entry(Organisation, changes=["a", "b"])) == ["a, b"]
