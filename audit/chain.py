"""The audit chain: how one entry's hash is computed from its contents and its predecessor.

This is a stored contract. Every existing entry's ``hash`` was computed by this function; changing
what goes in, the order, the encoding or the date format breaks the verification of every entry
already written. A new scheme would need a version marker in the entries and both functions kept.
"""

import hashlib
import json
from datetime import UTC, datetime

GENESIS_HASH = "0" * 64


def entry_hash(
    *,
    sequence: int,
    previous_hash: str,
    created_at: datetime,
    actor_id: int | None,
    actor_label: str,
    target_type: str,
    target_id: str,
    action: str,
    changes,
) -> str:
    """The SHA-256 (64 hex digits) of an entry's canonical JSON.

    ``target_type`` is "app_label.model"; ``created_at`` must be aware and is written in UTC
    with microseconds, so the same instant always reads the same whatever the time zone.
    """
    payload = {
        "sequence": sequence,
        "previous_hash": previous_hash,
        "created_at": created_at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor_id": actor_id,
        "actor_label": actor_label,
        "target_type": target_type,
        "target_id": target_id,
        "action": action,
        "changes": changes,
    }
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
