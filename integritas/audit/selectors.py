"""Reading and verifying the audit chain."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import scope

from integritas.audit.models import GENESIS_HASH, HASHED_FIELDS, AuditEvent, AuditHead, link_hash

VERIFY_CHUNK = 5000

REASONS = {
    "missing_event": _("an event is missing"),
    "prev_hash_mismatch": _("the link to the previous event does not match"),
    "hash_mismatch": _("the content does not match its hash"),
    "head_mismatch": _("the newest events are missing"),
}


@dataclass(frozen=True)
class ChainReport:
    events_checked: int
    broken_seq: int | None = None
    code: str = ""
    broken_at: dt.datetime | None = None
    broken_action: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_seq is None

    @property
    def reason(self) -> str:
        return str(REASONS[self.code]) if self.code else ""


def verify_chain(tenant) -> ChainReport:
    """Recompute every hash in order and name the first link that does not hold.

    Reads only the hashed columns as tuples, in chunks, so millions of events stream in
    constant memory. The chain's head must match the last event, so a truncated tail shows too.
    """
    expected_prev, expected_seq, checked = GENESIS_HASH, 1, 0
    with scope(tenant=tenant.pk):
        rows = (AuditEvent.objects.order_by("seq")
                .values_list("prev_hash", "hash", *HASHED_FIELDS)
                .iterator(chunk_size=VERIFY_CHUNK))
        for prev_hash, own_hash, *content in rows:
            seq, occurred_at, action = content[0], content[1], content[4]
            code = ""
            if seq != expected_seq:
                code, seq = "missing_event", expected_seq
            elif prev_hash != expected_prev:
                code = "prev_hash_mismatch"
            elif link_hash(tenant.pk, prev_hash, *content) != own_hash:
                code = "hash_mismatch"
            if code:
                return ChainReport(checked, seq, code, occurred_at, action)
            expected_prev, expected_seq, checked = own_hash, expected_seq + 1, checked + 1
    head = AuditHead.objects.filter(tenant_id=tenant.pk).values_list("seq", "hash").first()
    if head is not None and head != (checked, expected_prev):
        # More events were appended than remain, or the newest one was rewritten.
        return ChainReport(checked, expected_seq if head[0] > checked else checked,
                           "head_mismatch")
    return ChainReport(checked)


def events_for(tenant, grant) -> QuerySet:
    """The tenant's events visible under `grant`: the audit log is whole-tenant or nothing."""
    events = AuditEvent.objects.filter(tenant=tenant)
    return events if grant.whole_tenant else events.none()


def event_for(tenant, grant, pk: int) -> AuditEvent | None:
    return events_for(tenant, grant).filter(pk=pk).first()


def previous_event(event: AuditEvent) -> AuditEvent | None:
    return AuditEvent.objects.filter(tenant_id=event.tenant_id, seq=event.seq - 1).first()


def action_prefixes(tenant) -> list[str]:
    """The distinct `app.model` parts of the actions recorded so far, for the action filter."""
    actions = (AuditEvent.objects.filter(tenant=tenant).order_by("action")
               .values_list("action", flat=True).distinct())
    return sorted({action.rsplit(".", 1)[0] for action in actions})


def object_types(tenant) -> list[str]:
    return list(AuditEvent.objects.filter(tenant=tenant).exclude(object_type="")
                .order_by("object_type").values_list("object_type", flat=True).distinct())


def in_period(events: QuerySet, start: dt.date | None, end: dt.date | None) -> QuerySet:
    """Events on local days `start`..`end` inclusive; a range on the indexed timestamp."""
    if start is not None:
        events = events.filter(occurred_at__gte=_start_of(start))
    if end is not None and end < dt.date.max:
        events = events.filter(occurred_at__lt=_start_of(end + dt.timedelta(days=1)))
    return events


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))
