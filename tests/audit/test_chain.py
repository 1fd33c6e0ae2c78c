from datetime import UTC, datetime, timedelta, timezone

from audit.chain import GENESIS_HASH, entry_hash

FIELDS = {
    "sequence": 1,
    "previous_hash": GENESIS_HASH,
    "created_at": datetime(2026, 3, 1, 9, 30, 0, 123456, tzinfo=UTC),
    "actor_id": 7,
    "actor_label": "Rina Wati",
    "target_type": "partnerships.organisation",
    "target_id": "12",
    "action": "partnerships.organisation_changed",
    "changes": {"name": ["Lama", "Baru"], "phone": [None, "0711"]},
}


def test_entry_hash_is_64_hex_digits():
    value = entry_hash(**FIELDS)

    assert len(value) == 64
    assert int(value, 16) >= 0


def test_entry_hash_is_the_same_for_the_same_instant_in_another_time_zone():
    wib = timezone(timedelta(hours=7))

    moved = {**FIELDS, "created_at": FIELDS["created_at"].astimezone(wib)}

    assert entry_hash(**moved) == entry_hash(**FIELDS)


def test_entry_hash_ignores_the_order_of_the_changes_keys():
    reordered = {**FIELDS, "changes": {"phone": [None, "0711"], "name": ["Lama", "Baru"]}}

    assert entry_hash(**reordered) == entry_hash(**FIELDS)


def test_entry_hash_changes_with_every_field():
    altered = {
        "sequence": 2,
        "previous_hash": "1" * 64,
        "created_at": FIELDS["created_at"] + timedelta(microseconds=1),
        "actor_id": None,
        "actor_label": "Rina",
        "target_type": "partnerships.channel",
        "target_id": "13",
        "action": "partnerships.channel_changed",
        "changes": {"name": ["Lama", "Baru!"]},
    }

    hashes = {entry_hash(**{**FIELDS, name: value}) for name, value in altered.items()}

    assert len(hashes) == len(altered)
    assert entry_hash(**FIELDS) not in hashes


def test_entry_hash_is_the_stored_contract():
    # A fixed value: if this changes, every stored entry stops verifying.
    assert entry_hash(**FIELDS) == (
        "99e804b13d1b619b0a7624eef63a70bb2d59e5486648ffa332dad936f70d6c09"
    )
