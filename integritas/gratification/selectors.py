"""Reads of gratification reports and rules: the hint's inputs, registers, statistics."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _

from integritas.accounts.permissions import Grant
from integritas.core.errors import NotFound
from integritas.gratification import rules
from integritas.gratification.models import GratificationReport, Occasion, RuleSet
from integritas.people.models import Employee
from integritas.tenancy.selectors import unit_paths_q

RULES_CODE = "perkpk-gratifikasi"
Status = GratificationReport.Status
ON_TIME = Q(reported_on__lte=F("upg_due_on"))
FORWARDED = Q(forwarded_on__isnull=False)


def giver_key(name: str) -> str:
    """The same giver however the name was typed: case and spacing do not count."""
    return " ".join(name.split()).casefold()


def rule_set_on(day: dt.date) -> RuleSet | None:
    """The rule version in force on `day` (the latest that started on or before it)."""
    return (RuleSet.objects.filter(code=RULES_CODE, effective_from__lte=day)
            .order_by("-effective_from").first())


# The rules change only when `integritas load_libraries` runs. The hint, which the report form
# asks on every keystroke, reads them from this process's copy, kept RULES_TTL_SECONDS (the
# loader drops the copy of the process it runs in at once).
RULES_TTL_SECONDS = 60
_rules_copy: tuple[float, tuple[rules.Rules, ...]] | None = None


def rules_on(day: dt.date) -> rules.Rules | None:
    """The rules in force on `day`, from the process's copy."""
    global _rules_copy
    now = time.monotonic()
    if _rules_copy is None or _rules_copy[0] < now:
        rows = RuleSet.objects.filter(code=RULES_CODE).order_by("-effective_from")
        _rules_copy = (now + RULES_TTL_SECONDS, tuple(rules.rules_from_row(r) for r in rows))
    return next((r for r in _rules_copy[1] if r.effective_from <= day), None)


def forget_rules() -> None:
    global _rules_copy
    _rules_copy = None


# The yearly sum is asked on every check (the target: 2,000 checks/s for a recipient
# with 1,000 earlier reports). Built by the ORM it costs some 30 times more than the query
# itself, so it is one fixed statement over the index (tenant, recipient, giver_key,
# received_on); the tenant is in its WHERE clause like in any scoped query.
YEARLY_SUM_SQL = (
    "SELECT COALESCE(SUM(value), 0) FROM {table} WHERE tenant_id = %s AND recipient_id = %s "
    "AND giver_key = %s AND accepted = %s AND received_on >= %s AND received_on <= %s"
)


def earlier_from_giver(tenant, recipient: Employee, giver_name: str,
                       received_on: dt.date) -> int:
    """Rupiah of the recipient's accepted gifts from this giver from 1 January up to the day
    received (the day itself included: two gifts the same day count together)."""
    statement = YEARLY_SUM_SQL.format(table=GratificationReport._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(statement, [tenant.pk, recipient.pk, giver_key(giver_name), True,
                                   received_on.replace(month=1, day=1), received_on])
        return int(cursor.fetchone()[0])


def check(tenant, recipient: Employee | None, *, received_on: dt.date,
          **gift) -> rules.Result:
    """The hint for a gift to `recipient` (None: nobody's earlier gifts to add) under the
    rules in force on the day received."""
    return hint(tenant, recipient, rules_on(received_on), received_on=received_on, **gift)


def hint(tenant, recipient: Employee | None, rules_in_force: rules.Rules | None, *,
         giver_name: str, relation: str, occasion: str, form: str, value: int,
         received_on: dt.date, accepted: bool = True) -> rules.Result:
    counts_the_year = rules_in_force is not None and recipient is not None and accepted
    earlier = (earlier_from_giver(tenant, recipient, giver_name, received_on)
               if counts_the_year else 0)
    return rules.assess(rules_in_force, rules.Gift(
        relation=relation, occasion=occasion, form=form, value=value, accepted=accepted,
        earlier_this_year=earlier))


def own_employee(tenant, user) -> Employee | None:
    """The user's employee record in this Pemda: who reports, for themselves."""
    if not user.is_authenticated:
        return None
    return (Employee.objects.filter(tenant=tenant, user=user).select_related("unit").first())


def my_reports(tenant, user) -> QuerySet[GratificationReport]:
    return GratificationReport.objects.filter(tenant=tenant, recipient__user=user)


def register(tenant, grant: Grant) -> QuerySet[GratificationReport]:
    """The reports a `gratification.view` grant covers, by the unit they were reported in."""
    if not grant.allowed:
        return GratificationReport.objects.none()
    return (GratificationReport.objects.filter(tenant=tenant)
            .filter(unit_paths_q(grant, "unit__path"))
            .select_related("recipient", "unit"))


def report_for(tenant, user, grant: Grant, pk) -> GratificationReport:
    """One report, for its recipient or for a reader whose grant covers its unit."""
    reports = GratificationReport.objects.filter(tenant=tenant, pk=pk)
    if not grant.whole_tenant:
        # (Q() | Q(x) is Q(x) in Django: the whole-tenant case must not be OR-ed in.)
        visible = Q(recipient__user=user)
        if grant.allowed:
            visible |= unit_paths_q(grant, "unit__path")
        reports = reports.filter(visible)
    report = (reports
              .select_related("recipient", "unit", "rule_set").first())
    if report is None:
        raise NotFound("gratification_report_not_found", _("The report does not exist."))
    return report


def report_years(tenant, grant: Grant) -> list[int]:
    """The years with reports, newest first: the choices of the year filters."""
    return [day.year for day in register(tenant, grant).dates("reported_on", "year",
                                                             order="DESC")]


# --- Statistics --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Totals:
    reports: int
    value: int
    forwarded: int
    value_forwarded: int
    on_time: int

    @property
    def on_time_pct(self) -> float | None:
        return percent(self.on_time, self.reports)


def percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _aggregates() -> dict:
    # (Aliases must not be field names: "value" would shadow the column.)
    return {"reports": Count("pk"), "total_value": Sum("value"),
            "forwarded": Count("pk", filter=FORWARDED),
            "total_forwarded": Sum("value", filter=FORWARDED),
            "on_time": Count("pk", filter=ON_TIME)}


def _totals(row: dict) -> Totals:
    return Totals(reports=row["reports"], value=row["total_value"] or 0,
                  forwarded=row["forwarded"], value_forwarded=row["total_forwarded"] or 0,
                  on_time=row["on_time"])


def totals(reports: QuerySet[GratificationReport]) -> Totals:
    return _totals(reports.aggregate(**_aggregates()))


def by_occasion(reports: QuerySet[GratificationReport]) -> list[tuple[str, Totals]]:
    rows = reports.order_by().values("occasion").annotate(**_aggregates()).order_by("-reports")
    return [(str(Occasion(row["occasion"]).label), _totals(row)) for row in rows]


def by_unit(reports: QuerySet[GratificationReport]) -> list[tuple[int, str, Totals]]:
    rows = (reports.order_by().values("unit_id", "unit__name").annotate(**_aggregates())
            .order_by("-reports", "unit__name"))
    return [(row["unit_id"], row["unit__name"], _totals(row)) for row in rows]


def by_month(reports: QuerySet[GratificationReport], since: dt.date) -> list[dict]:
    """Reports and the value forwarded to KPK per month of reporting, from `since`."""
    rows = (reports.filter(reported_on__gte=since).order_by()
            .annotate(month=TruncMonth("reported_on")).values("month")
            .annotate(reports=Count("pk"), total_forwarded=Sum("value", filter=FORWARDED))
            .order_by("month"))
    found = {row["month"].strftime("%Y-%m") if row["month"] else "": row for row in rows}
    months, day = [], since.replace(day=1)
    while len(months) < 12:
        key = day.strftime("%Y-%m")
        row = found.get(key, {})
        months.append({"month": key, "reports": row.get("reports", 0),
                       "value_forwarded": row.get("total_forwarded") or 0})
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return months


def twelve_months_back(today: dt.date) -> dt.date:
    """The first day of the month eleven months before `today`'s month."""
    month_index = today.year * 12 + today.month - 1 - 11
    return dt.date(month_index // 12, month_index % 12 + 1, 1)
