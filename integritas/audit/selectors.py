"""Reading and verifying the audit chain."""

from __future__ import annotations

from dataclasses import dataclass

from django_scopes import scope

from integritas.audit.models import GENESIS_HASH, AuditEvent


@dataclass(frozen=True)
class ChainReport:
    events_checked: int
    broken_seq: int | None = None
    reason: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_seq is None


def verify_chain(tenant) -> ChainReport:
    """Recompute every hash in order and name the first link that does not hold."""
    expected_prev, expected_seq, checked = GENESIS_HASH, 1, 0
    with scope(tenant=tenant.pk):
        events = AuditEvent.objects.order_by("seq").iterator(chunk_size=2000)
        for event in events:
            if event.seq != expected_seq:
                return ChainReport(checked, expected_seq, "missing event")
            if event.prev_hash != expected_prev:
                return ChainReport(checked, event.seq, "previous hash does not match")
            if event.compute_hash() != event.hash:
                return ChainReport(checked, event.seq, "content does not match its hash")
            expected_prev, expected_seq, checked = event.hash, expected_seq + 1, checked + 1
    return ChainReport(checked)
