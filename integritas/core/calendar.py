"""Working days: Monday to Friday, minus national holidays, cuti bersama and the tenant's own.

Counting starts the day after the event (CONVENTIONS.md): `working_days_between(t, d1, d2)` counts
the working days in (d1, d2], and `add_working_days(t, d, n)` is the n-th working day after d.
Weekdays are counted arithmetically and days off by bisection, so a span of years costs the
same as a span of days. Each process caches the days off under the cache tokens of the
national and the tenant's holiday sets (`core.cache_tokens`); the writers of holidays bump them.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_scopes import scope

from integritas.core.cache_tokens import ProcessCache
from integritas.core.errors import DomainError
from integritas.core.models import Holiday, LocalHoliday

NATIONAL_SCOPE = "calendar:national"
# About forty years: beyond this a count is a typing mistake, not a deadline.
MAX_WORKING_DAYS = 10_000


@dataclass(frozen=True)
class DaysOff:
    """The ordinals of the weekdays that are holidays, sorted, for one tenant."""

    ordinals: tuple[int, ...]
    lookup: frozenset[int]

    def count(self, first: int, last: int) -> int:
        """Days off with ordinal in [first, last]."""
        return bisect_right(self.ordinals, last) - bisect_left(self.ordinals, first)


_days_off_cache: ProcessCache[DaysOff] = ProcessCache()


def tenant_scope(tenant_id: int) -> str:
    """The cache scope of a tenant's own holidays."""
    return f"calendar:tenant:{tenant_id}"


def calendar_scopes(tenant_id: int) -> tuple[str, str]:
    """The cache scopes anything computed from a tenant's working days depends on."""
    return NATIONAL_SCOPE, tenant_scope(tenant_id)


def is_working_day(tenant, day: dt.date) -> bool:
    return day.weekday() < 5 and day.toordinal() not in _days_off(tenant).lookup


def working_days_between(tenant, start: dt.date, end: dt.date) -> int:
    """Working days in (start, end]; negative when end is before start."""
    if end < start:
        return -working_days_between(tenant, end, start)
    first, last = start.toordinal() + 1, end.toordinal()
    return _weekdays_upto(last) - _weekdays_upto(first - 1) - _days_off(tenant).count(first, last)


def add_working_days(tenant, start: dt.date, days: int) -> dt.date:
    """The `days`-th working day after `start` (before it, for a negative count); 0 is `start`."""
    if days == 0:
        return start
    if abs(days) > MAX_WORKING_DAYS:
        raise DomainError("calendar_span_too_long",
                          gettext_lazy("Use at most %(max)s working days."), field="days",
                          max=MAX_WORKING_DAYS)
    off = _days_off(tenant)
    ordinal = start.toordinal()
    if days > 0:
        before = _weekdays_upto(ordinal)
        # The least k whose k-th weekday after `start` leaves `days` working days (see tests).
        k = days
        while True:
            candidate = _nth_weekday(before + k)
            needed = days + off.count(ordinal + 1, candidate)
            if needed == k:
                return _checked_date(candidate)
            k = needed
    after = _weekdays_upto(ordinal - 1) + 1
    k = -days
    while True:
        candidate = _nth_weekday(after - k)
        needed = -days + off.count(candidate, ordinal - 1)
        if needed == k:
            return _checked_date(candidate)
        k = needed


def deadline_phrase(tenant, due: dt.date, today: dt.date | None = None) -> str:
    """"3 working days left — due 15 January 2027", "2 working days overdue", "due today".

    A deadline on a day off moves to the next working day, and the phrase names that day.
    """
    today = today or timezone.localdate()
    effective = due if is_working_day(tenant, due) else add_working_days(tenant, due, 1)
    when = formats.date_format(effective, "j F Y")
    if effective == today:
        return _("due today")
    if effective > today:
        left = working_days_between(tenant, today, effective)
        return ngettext("%(n)s working day left — due %(date)s",
                        "%(n)s working days left — due %(date)s", left) % {"n": left,
                                                                          "date": when}
    late = working_days_between(tenant, effective, today)
    if late == 0:
        return _("overdue — was due %(date)s") % {"date": when}
    return ngettext("%(n)s working day overdue", "%(n)s working days overdue", late) % {"n": late}


def holidays_in_year(tenant, year: int) -> list[dict]:
    """Every day off of the year, national and local, in date order, for the calendar page."""
    national = [
        {"date": h.date, "name": h.name, "kind": h.kind, "label": h.get_kind_display(),
         "source": h.source, "confidence": h.confidence, "local_id": None}
        for h in Holiday.objects.filter(date__year=year)
    ]
    with scope(tenant=tenant.pk):
        local = [
            {"date": h.date, "name": h.name, "kind": "local", "label": _("Local holiday"),
             "source": h.note, "confidence": "", "local_id": h.pk}
            for h in LocalHoliday.objects.filter(tenant=tenant, date__year=year)
        ]
    return sorted(national + local, key=lambda entry: (entry["date"], entry["kind"]))


def _days_off(tenant) -> DaysOff:
    def build() -> DaysOff:
        days = set(Holiday.objects.values_list("date", flat=True))
        with scope(tenant=tenant.pk):
            days.update(LocalHoliday.objects.filter(tenant=tenant)
                        .values_list("date", flat=True))
        ordinals = sorted(day.toordinal() for day in days if day.weekday() < 5)
        return DaysOff(tuple(ordinals), frozenset(ordinals))

    return _days_off_cache.get(tenant.pk, calendar_scopes(tenant.pk), build)


def _weekdays_upto(ordinal: int) -> int:
    """Mondays to Fridays with ordinal in [1, ordinal]; ordinal 1 (0001-01-01) is a Monday."""
    weeks, rest = divmod(ordinal, 7)
    return weeks * 5 + min(rest, 5)


def _nth_weekday(n: int) -> int:
    """The ordinal of the n-th Monday-to-Friday counted from 0001-01-01."""
    weeks, rest = divmod(n - 1, 5)
    return weeks * 7 + rest + 1


def _checked_date(ordinal: int) -> dt.date:
    if not 1 <= ordinal <= dt.date.max.toordinal():
        raise DomainError("calendar_out_of_range",
                          gettext_lazy("The result falls outside the calendar."), field="start")
    return dt.date.fromordinal(ordinal)
