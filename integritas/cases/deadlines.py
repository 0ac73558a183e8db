"""Working-day clocks of a case (REFERENCE §6.2, per tenant and channel from `DeadlinePolicy`).

Each state runs at most one clock, `Case.due_on` of tier `Case.due_kind`:
- `diterima`: the first response (set at intake);
- `verifikasi` and `telaah`: a simple request, counted from the day verification (re)starts;
- `menunggu_kelengkapan`: none — the case waits for the reporter, whose time is not ours;
- `pemeriksaan`: without field examination (klarifikasi) or with it (audit investigatif);
- `dilimpahkan`, `tindak_lanjut`, `ditolak`, `selesai`: none (another authority, or sanctions
  that follow their own rules; the TGR clock is `Case.tgr_due`).
A clock that runs out is a breach: the scheduler stamps `breached_at` and tells the Inspektur.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import F, Q

from integritas.cases import reference
from integritas.cases.models import Case, DeadlinePolicy, DueKind, ExamKind, State
from integritas.core.calendar import add_working_days, deadline_phrase, working_days_between

# States whose clock keeps running from the state before (telaah continues verification's).
CLOCK_CONTINUES = {State.TELAAH}
STATE_TIERS = {
    State.VERIFIKASI: DueKind.SIMPLE,
    State.TELAAH: DueKind.SIMPLE,
}
EXAM_TIERS = {ExamKind.KLARIFIKASI: DueKind.DESK, ExamKind.INVESTIGATIF: DueKind.FIELD}


def deadline_policy(tenant, channel_code: str, day: dt.date):
    """The tenant's working-day limits for a channel on `day`, or REFERENCE's defaults."""
    policy = (DeadlinePolicy.objects.filter(tenant=tenant, channel=channel_code,
                                            effective_from__lte=day)
              .order_by("-effective_from").first())
    return policy or reference.deadline_defaults(channel_code)


def tier_for(case: Case) -> str | None:
    if case.state == State.PEMERIKSAAN:
        return EXAM_TIERS.get(case.exam_kind)
    return STATE_TIERS.get(case.state)


def restart_clock(tenant, case: Case, today: dt.date) -> None:
    """Set the clock of the state the case has just entered (the caller saves the case)."""
    if case.state in CLOCK_CONTINUES and case.due_kind == STATE_TIERS[case.state]:
        return
    tier = tier_for(case)
    if tier is None:
        case.due_on = None
        return
    days = deadline_policy(tenant, case.channel, today).days_for(tier)
    case.due_kind = tier
    case.due_on = add_working_days(tenant, today, days)


def days_left(tenant, case: Case, today: dt.date) -> int | None:
    """Working days to the deadline; negative when overdue; None when no clock runs."""
    if case.due_on is None:
        return None
    if case.due_on >= today:
        return working_days_between(tenant, today, case.due_on)
    return -working_days_between(tenant, case.due_on, today)


def phrase(tenant, case: Case, today: dt.date | None = None) -> str:
    return deadline_phrase(tenant, case.due_on, today) if case.due_on else ""


def newly_breached(tenant, today: dt.date):
    """Open cases whose current clock ran out and has not been flagged: a breach flagged for an
    earlier tier (before this due date) does not hide a new one."""
    return (Case.objects.filter(tenant=tenant, due_on__lt=today)
            .filter(Q(breached_at__isnull=True) | Q(breached_at__date__lte=F("due_on")))
            .order_by("due_on", "pk"))
