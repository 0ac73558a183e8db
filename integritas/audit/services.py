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
    """Append events to the tenant's chain, in order, under a lock on the chain's head."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit events are written inside the service's transaction")
    head = _locked_head(tenant)
    now = timezone.now()
    label = _actor_label(actor)
    events = []
    for entry in entries:
        event = AuditEvent(
            tenant=tenant,
            seq=head.seq + 1,
            occurred_at=now,
            actor=actor if getattr(actor, "pk", None) else None,
            actor_label=label,
            action=entry.action,
            object_type=entry.obj._meta.label_lower if entry.obj is not None else "",
            object_id=str(entry.obj.pk) if entry.obj is not None else "",
            object_repr=str(entry.obj)[:200] if entry.obj is not None else "",
            changes=_clean(entry.changes or {}),
            prev_hash=head.hash,
        )
        event.hash = event.compute_hash()
        head.seq, head.hash = event.seq, event.hash
        events.append(event)
    AuditEvent.objects.bulk_create(events, batch_size=1000)
    AuditHead.objects.filter(pk=head.pk).update(seq=head.seq, hash=head.hash)
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


def _locked_head(tenant) -> AuditHead:
    AuditHead.objects.get_or_create(tenant_id=tenant.pk, defaults={"hash": GENESIS_HASH})
    return AuditHead.objects.select_for_update().get(tenant_id=tenant.pk)


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
