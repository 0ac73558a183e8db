"""Figures of the case load, from the plaintext columns only (channel, category, unit, state,
dates, outcome): nothing here opens a case. Used by the statistics page, its Excel export, the
leadership overview and the transparency page (metrics.py).

- Days to first response and to close are working days (the calendar of the Pemda), medians.
- "Within deadline": of the cases closed (finished, rejected), the share never stamped as breached.
- "Substantiated": of the cases finished with an outcome, the share terbukti or sebagian terbukti.
"""

from __future__ import annotations

import datetime as dt
import statistics as stats
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from integritas.cases.models import Case, Outcome
from integritas.core import calendar

CLOSED = Q(closed_at__isnull=False)
OPEN = Q(state__in=Case.OPEN_STATES)
SUBSTANTIATED = (Outcome.TERBUKTI, Outcome.SEBAGIAN_TERBUKTI)
MONTHS = 12


@dataclass
class Figures:
    received: int = 0
    open: int = 0
    overdue: int = 0
    closed: int = 0
    within_deadline_pct: float | None = None
    median_first_response_days: float | None = None
    median_close_days: float | None = None
    substantiated_pct: float | None = None
    by_channel: dict = field(default_factory=dict)
    by_category: list = field(default_factory=list)
    by_unit: list = field(default_factory=list)
    by_month: list = field(default_factory=list)


def percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def figures(tenant, cases: QuerySet[Case], *, today: dt.date | None = None,
            medians_since: dt.datetime | None = None) -> Figures:
    """`medians_since` limits the two medians (the costly figures) to cases received since."""
    today = today or timezone.localdate()
    recent = cases.filter(received_at__gte=medians_since) if medians_since else cases
    counts = cases.aggregate(
        received=Count("pk"), open=Count("pk", filter=OPEN),
        overdue=Count("pk", filter=OPEN & Q(due_on__lt=today)),
        closed=Count("pk", filter=CLOSED),
        closed_in_time=Count("pk", filter=CLOSED & Q(breached_at__isnull=True)),
        decided=Count("pk", filter=~Q(outcome="")),
        substantiated=Count("pk", filter=Q(outcome__in=SUBSTANTIATED)))
    return Figures(
        received=counts["received"], open=counts["open"], overdue=counts["overdue"],
        closed=counts["closed"],
        within_deadline_pct=percent(counts["closed_in_time"], counts["closed"]),
        median_first_response_days=median_working_days(
            tenant, recent.filter(first_response_at__isnull=False), "first_response_at"),
        median_close_days=median_working_days(tenant, recent.filter(CLOSED), "closed_at"),
        substantiated_pct=percent(counts["substantiated"], counts["decided"]),
        by_channel=dict(cases.values_list("channel").annotate(n=Count("pk")).order_by()),
        by_category=_counted(cases, "category"),
        by_unit=_counted(cases, "unit__name"),
        by_month=by_month(cases, today),
    )


def median_working_days(tenant, cases: QuerySet[Case], until: str) -> float | None:
    count, zone = working_day_counter(tenant), timezone.get_current_timezone()
    return median_of([count(start.astimezone(zone).date(), end.astimezone(zone).date())
                      for start, end in cases.values_list("received_at", until)])


def working_day_counter(tenant):
    """`count(start, end)`: `core.calendar.working_days_between` with the tenant's days off read
    once — the public function checks the holiday version with a query on every call, which a
    median over thousands of cases cannot afford."""
    days_off = calendar._days_off(tenant)

    def count(start: dt.date, end: dt.date) -> int:
        if end < start:
            return -count(end, start)
        first, last = start.toordinal() + 1, end.toordinal()
        return (calendar._weekdays_upto(last) - calendar._weekdays_upto(first - 1)
                - days_off.count(first, last))

    return count


def median_of(values: list[int]) -> float | None:
    return round(float(stats.median(values)), 1) if values else None


def _counted(cases: QuerySet[Case], column: str) -> list[tuple[str, int]]:
    rows = cases.values_list(column).annotate(n=Count("pk")).order_by("-n", column)
    return [(label or "", n) for label, n in rows]


def by_month(cases: QuerySet[Case], today: dt.date) -> list[dict]:
    """The last twelve months, oldest first: received, closed, closed within the deadline."""
    months = _last_months(today)
    start = timezone.make_aware(dt.datetime.combine(months[0], dt.time.min))
    rows: dict[dt.date, dict] = defaultdict(lambda: {"received": 0, "closed": 0,
                                                     "within_deadline": 0})
    for month, n in (cases.filter(received_at__gte=start)
                     .annotate(month=TruncMonth("received_at")).values_list("month")
                     .annotate(n=Count("pk")).order_by()):
        rows[_as_date(month)]["received"] = n
    for month, n, in_time in (cases.filter(closed_at__gte=start)
                              .annotate(month=TruncMonth("closed_at")).values_list("month")
                              .annotate(n=Count("pk"),
                                        in_time=Count("pk", filter=Q(breached_at__isnull=True)))
                              .order_by()):
        rows[_as_date(month)].update(closed=n, within_deadline=in_time)
    return [{"month": m.strftime("%Y-%m"), **rows[m]} for m in months]


def _last_months(today: dt.date) -> list[dt.date]:
    first = today.replace(day=1)
    months = [first]
    for _ in range(MONTHS - 1):
        months.append((months[-1] - dt.timedelta(days=1)).replace(day=1))
    return months[::-1]


def _as_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.date().replace(day=1)
    return value.replace(day=1)

