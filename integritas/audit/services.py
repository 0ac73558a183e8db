"""Writing audit events. Called by every service inside its transaction."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from integritas.audit.models import GENESIS_HASH, AuditEvent, AuditHead

# A key naming any of these is never written to the chain ("password1", "totp_secret", ...).
SECRET_WORDS = ("password", "key_hash", "secret", "token", "private_key")


@dataclass(frozen=True)
class Entry:
    action: str
    obj: models.Model | None = None
    changes: dict[str, Any] | None = None


def record(tenant, actor, action: str, obj: models.Model | None = None,
           changes: dict[str, Any] | None = None) -> AuditEvent:
    return record_many(tenant, actor, [Entry(action, obj, changes)])[0]


def record_many(tenant, actor, entries: Iterable[Entry]) -> list[AuditEvent]:
    """Append events to the tenant's chain, in order, under a lock on the chain's head.

    Every audited write of a tenant waits for this lock, so it is held only for two short
    statements and the insert: the events are built before it is taken.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit events are written inside the service's transaction")
    now = timezone.now()
    label = _actor_label(actor)
    events = [
        AuditEvent(
            tenant=tenant,
            occurred_at=now,
            actor=actor if getattr(actor, "pk", None) else None,
            actor_label=label,
            action=entry.action,
            object_type=entry.obj._meta.label_lower if entry.obj is not None else "",
            object_id=str(entry.obj.pk) if entry.obj is not None else "",
            object_repr=str(entry.obj)[:200] if entry.obj is not None else "",
            changes=_clean(entry.changes or {}),
        )
        for entry in entries
    ]
    seq, head_hash = _lock_head(tenant)
    for event in events:
        seq += 1
        event.seq, event.prev_hash = seq, head_hash
        event.hash = head_hash = event.compute_hash()
    AuditEvent.objects.bulk_create(events, batch_size=1000)
    _move_head(tenant, seq, head_hash)
    return events


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """A summary of changed fields as {field: [old, new]}, secrets left out."""
    return {
        key: [before.get(key), after.get(key)]
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key) and not is_secret(key)
    }


def is_secret(key: str) -> bool:
    lowered = str(key).lower()
    return any(word in lowered for word in SECRET_WORDS)


# The head is read and moved with plain SQL: these two statements run, under the lock, in every
# audited write of the tenant, and the ORM's query building would double the time it is held.
def _lock_head(tenant) -> tuple[int, str]:
    connection = transaction.get_connection()
    table = AuditHead._meta.db_table
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT seq, hash FROM {table} WHERE tenant_id = %s{lock}", [tenant.pk])
        row = cursor.fetchone()
    if row is None:  # the tenant's first event
        AuditHead.objects.get_or_create(tenant_id=tenant.pk, defaults={"hash": GENESIS_HASH})
        return _lock_head(tenant)
    return row[0], row[1]


def _move_head(tenant, seq: int, head_hash: str) -> None:
    with transaction.get_connection().cursor() as cursor:
        cursor.execute(f"UPDATE {AuditHead._meta.db_table} SET seq = %s, hash = %s "
                       "WHERE tenant_id = %s", [seq, head_hash, tenant.pk])


def _actor_label(actor) -> str:
    if actor is None:
        return "system"
    if isinstance(actor, str):
        return actor
    return getattr(actor, "email", None) or str(actor)


def _clean(changes: dict[str, Any]) -> dict[str, Any]:
    """JSON-safe copy without secrets, at any depth, so what is hashed is what is stored."""
    return json.loads(json.dumps(_redact(changes), default=str))


def _redact(value):
    if isinstance(value, dict):
        return {k: _redact(v) for k, v in value.items() if not is_secret(k)}
    if isinstance(value, (list, tuple)):
        return [_redact(item) for item in value]
    return value
