"""Reads of perjanjian kinerja and their achievement, limited to what a grant covers (plus the
agreements a user is a party to)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from statistics import fmean

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from integritas.accounts.permissions import Grant
from integritas.core.errors import NotFound
from integritas.pacts.models import (
    Direction,
    PerformanceAgreement,
    PerformanceIndicator,
    Realisation,
)
from integritas.tenancy.selectors import unit_paths_q

HUNDRED = Decimal(100)
CENT = Decimal("0.01")
QUARTERS = (1, 2, 3, 4)


def achievement_percent(realisation: Decimal, target: Decimal, direction: str) -> Decimal:
    """Capaian (%) of a realisation against its target.

    Higher is better: realisation / target × 100. Lower is better: (2 − realisation / target)
    × 100, never below 0. A target of 0 has no ratio: higher-is-better meets it with any value
    (100); lower-is-better meets it only with 0 (100), anything above scores 0.
    """
    if target == 0:
        met = direction == Direction.HIGHER_IS_BETTER or realisation == 0
        return HUNDRED if met else Decimal(0)
    ratio = realisation / target
    if direction == Direction.LOWER_IS_BETTER:
        return max(Decimal(0), (2 - ratio) * HUNDRED).quantize(CENT, ROUND_HALF_UP)
    return (ratio * HUNDRED).quantize(CENT, ROUND_HALF_UP)


def mean_percent(values) -> Decimal | None:
    values = [v for v in values if v is not None]
    if not values:
        return None
    return Decimal(str(fmean(values))).quantize(CENT, ROUND_HALF_UP)


@dataclass(frozen=True)
class QuarterCell:
    quarter: int
    target: Decimal
    realisation: Realisation | None
    achievement: Decimal | None


@dataclass(frozen=True)
class IndicatorRow:
    indicator: PerformanceIndicator
    quarters: tuple[QuarterCell, ...]

    @property
    def achievement(self) -> Decimal | None:
        """The latest quarter with a realisation, against that quarter's cumulative target."""
        entered = [cell.achievement for cell in self.quarters if cell.realisation is not None]
        return entered[-1] if entered else None


def indicator_rows(agreement: PerformanceAgreement) -> list[IndicatorRow]:
    """Uses the prefetched `indicators__realisations` when the agreement came from a selector."""
    rows = []
    for indicator in agreement.indicators.all():
        by_quarter = {r.quarter: r for r in indicator.realisations.all()}
        cells = []
        for quarter in QUARTERS:
            target = indicator.quarter_target(quarter)
            realisation = by_quarter.get(quarter)
            cells.append(QuarterCell(quarter, target, realisation, None if realisation is None
                                     else achievement_percent(realisation.value, target,
                                                              indicator.direction)))
        rows.append(IndicatorRow(indicator, tuple(cells)))
    return rows


def agreement_achievement(agreement: PerformanceAgreement) -> Decimal | None:
    """The mean of its indicators' achievements (those with a realisation)."""
    return mean_percent(row.achievement for row in indicator_rows(agreement))


def with_indicators(queryset: QuerySet[PerformanceAgreement]) -> QuerySet[PerformanceAgreement]:
    return queryset.prefetch_related(Prefetch(
        "indicators", PerformanceIndicator.objects.prefetch_related("realisations")))


def agreements_for(tenant, grant: Grant, user=None) -> QuerySet[PerformanceAgreement]:
    """What the grant's units hold, and, for anyone, the agreements they are a party to."""
    queryset = PerformanceAgreement.objects.filter(tenant=tenant)
    if grant.whole_tenant:
        visible = Q()
    else:
        visible = unit_paths_q(grant, "unit__path") if grant.allowed else Q(pk__in=[])
        if getattr(user, "pk", None):
            visible |= Q(first_party__user=user) | Q(second_party__user=user)
    return (queryset.filter(visible)
            .select_related("opd", "unit", "first_party", "second_party"))


def agreement_for(tenant, grant: Grant, pk, user=None) -> PerformanceAgreement:
    agreement = with_indicators(agreements_for(tenant, grant, user)).filter(pk=pk).first()
    if agreement is None:
        raise NotFound("performance_agreement_not_found", _("The agreement does not exist."))
    return agreement


def indicator_for(tenant, grant: Grant, pk, user=None) -> PerformanceIndicator:
    visible = agreements_for(tenant, grant, user).values("pk")
    indicator = (PerformanceIndicator.objects.filter(tenant=tenant, pk=pk,
                                                     agreement__in=visible)
                 .select_related("agreement").first())
    if indicator is None:
        raise NotFound("performance_indicator_not_found", _("The indicator does not exist."))
    return indicator


def versions_of(agreement: PerformanceAgreement) -> QuerySet[PerformanceAgreement]:
    """Every version of the same party's agreement for the year, newest first."""
    return (PerformanceAgreement.objects
            .filter(tenant_id=agreement.tenant_id, year=agreement.year,
                    first_party_id=agreement.first_party_id)
            .order_by("-version"))


@dataclass(frozen=True)
class OpdAchievement:
    opd_id: int
    opd_name: str
    agreements: int
    achievement: Decimal | None


def achievement_by_opd(tenant, grant: Grant, year: int) -> list[OpdAchievement]:
    """Per OPD, the mean of its current signed agreements' achievements."""
    agreements = with_indicators(agreements_for(tenant, grant).filter(
        year=year, status=PerformanceAgreement.Status.SIGNED)).order_by("opd__path")
    grouped: dict[int, list] = {}
    names: dict[int, str] = {}
    for agreement in agreements:
        grouped.setdefault(agreement.opd_id, []).append(agreement_achievement(agreement))
        names[agreement.opd_id] = agreement.opd.name
    return [OpdAchievement(opd_id, names[opd_id], len(values), mean_percent(values))
            for opd_id, values in grouped.items()]
