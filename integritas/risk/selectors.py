"""Reads of registers, risks, plans, activities, the heat map and SPIP maturity, limited to what
a grant covers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from integritas.accounts.permissions import Grant
from integritas.core.errors import DomainError, NotFound
from integritas.risk import reference
from integritas.risk.models import (
    Activity,
    MaturityAssessment,
    MaturityItem,
    Register,
    Risk,
    TreatmentPlan,
)
from integritas.tenancy.models import Unit
from integritas.tenancy.selectors import unit_paths_q

TOP_RISKS = 10
NO_SCORE = 10_000  # above every score: "nothing is high"


def covers(grant: Grant, unit: Unit) -> bool:
    return grant.allowed and (grant.unit_paths is None
                              or any(unit.path.startswith(p) for p in grant.unit_paths))


def units_for(tenant, grant: Grant) -> QuerySet[Unit]:
    if not grant.allowed:
        return Unit.objects.none()
    return Unit.objects.filter(tenant=tenant).filter(unit_paths_q(grant)).order_by("path")


def unit_for(tenant, grant: Grant, pk) -> Unit:
    unit = units_for(tenant, grant).filter(pk=pk).first()
    if unit is None:
        raise NotFound("risk_unit_not_found", _("The unit does not exist."), field="unit")
    return unit


def registers_for(tenant, grant: Grant) -> QuerySet[Register]:
    if not grant.allowed:
        return Register.objects.none()
    return (Register.objects.filter(tenant=tenant).filter(unit_paths_q(grant, "unit__path"))
            .select_related("unit"))


def register_for(tenant, grant: Grant, pk) -> Register:
    register = registers_for(tenant, grant).filter(pk=pk).first()
    if register is None:
        raise NotFound("risk_register_not_found", _("The register does not exist."))
    return register


def registers_with_counts(tenant, grant: Grant, *, today: dt.date | None = None):
    today = today or timezone.localdate()
    return registers_for(tenant, grant).annotate(
        risk_count=Count("risks", distinct=True),
        high_count=Count("risks", filter=Q(risks__residual_score__gte=high_score_floor(tenant)),
                         distinct=True),
        overdue_plans=Count("risks__plans", filter=_overdue_q("risks__plans__", today),
                            distinct=True),
    )


def risks_for(tenant, grant: Grant) -> QuerySet[Risk]:
    if not grant.allowed:
        return Risk.objects.none()
    return (Risk.objects.filter(tenant=tenant)
            .filter(unit_paths_q(grant, "register__unit__path"))
            .select_related("register", "register__unit", "activity"))


def risk_for(tenant, grant: Grant, pk) -> Risk:
    risk = risks_for(tenant, grant).filter(pk=pk).first()
    if risk is None:
        raise NotFound("risk_not_found", _("The risk does not exist."))
    return risk


def plans_for(tenant, grant: Grant) -> QuerySet[TreatmentPlan]:
    if not grant.allowed:
        return TreatmentPlan.objects.none()
    return (TreatmentPlan.objects.filter(tenant=tenant)
            .filter(unit_paths_q(grant, "risk__register__unit__path"))
            .select_related("risk", "risk__register", "risk__register__unit"))


def plan_for(tenant, grant: Grant, pk) -> TreatmentPlan:
    plan = plans_for(tenant, grant).filter(pk=pk).first()
    if plan is None:
        raise NotFound("risk_plan_not_found", _("The treatment plan does not exist."))
    return plan


def overdue_plans(tenant, grant: Grant, *, today: dt.date | None = None):
    return (plans_for(tenant, grant).filter(_overdue_q("", today or timezone.localdate()))
            .order_by("due_on", "pk"))


def _overdue_q(prefix: str, today: dt.date) -> Q:
    return Q(**{f"{prefix}completed_on__isnull": True, f"{prefix}due_on__lt": today})


def activities_for(tenant, grant: Grant) -> QuerySet[Activity]:
    if not grant.allowed:
        return Activity.objects.none()
    return (Activity.objects.filter(tenant=tenant).filter(unit_paths_q(grant, "unit__path"))
            .select_related("unit")
            .annotate(risk_count=Count("risks")))


def activity_for(tenant, grant: Grant, pk) -> Activity:
    activity = activities_for(tenant, grant).filter(pk=pk).first()
    if activity is None:
        raise NotFound("risk_activity_not_found", _("The activity does not exist."),
                       field="activity")
    return activity


def activities_without_risks(tenant, grant: Grant, *, unit: Unit | None = None,
                             year: int | None = None) -> QuerySet[Activity]:
    rows = activities_for(tenant, grant).filter(risk_count=0)
    if unit is not None:
        rows = rows.filter(unit__path__startswith=unit.path)
    if year is not None:
        rows = rows.filter(year=year)
    return rows


def register_activities(register: Register) -> QuerySet[Activity]:
    """The UPR's activities of the register's year that a risk of this register may map."""
    return Activity.objects.filter(tenant=register.tenant, year=register.year,
                                   unit__path__startswith=register.unit.path).order_by("name")


# --- Heat map ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Cell:
    likelihood: int
    impact: int
    score: int
    band: reference.Band
    count: int


@dataclass(frozen=True)
class HeatMap:
    basis: str  # "inherent" or "residual"
    rows: list[list[Cell]]  # likelihood 5 first, impact 1..5
    total: int


def heat_maps(tenant, risks: QuerySet[Risk], matrix: reference.Matrix) -> list[HeatMap]:
    """Inherent and residual 5×5 counts: two grouped queries."""
    return [_heat_map(risks, matrix, "inherent", "likelihood", "impact"),
            _heat_map(risks, matrix, "residual", "residual_likelihood", "residual_impact")]


def _heat_map(risks, matrix, basis, l_field, i_field) -> HeatMap:
    counts = {(row[l_field], row[i_field]): row["n"]
              for row in risks.order_by().values(l_field, i_field).annotate(n=Count("pk"))}
    rows = [[Cell(row, i, matrix.score(row, i), matrix.band(matrix.score(row, i)),
                  counts.get((row, i), 0)) for i in reference.SCALE]
            for row in reversed(reference.SCALE)]
    return HeatMap(basis, rows, sum(counts.values()))


def top_risks(risks: QuerySet[Risk], limit: int = TOP_RISKS) -> QuerySet[Risk]:
    return risks.order_by("-residual_score", "-score", "register__unit__path", "code")[:limit]


def coi_layer(tenant, grant: Grant) -> list[dict]:
    """The COI risk map per jabatan from the conflicts module, limited to the units the grant
    covers; nothing when that module cannot give it (not installed, rules not loaded)."""
    try:
        from integritas.conflicts.selectors import coi_risk_map
    except ImportError:
        return []
    try:
        return list(coi_risk_map(tenant, grant))
    except DomainError:
        return []


def high_score_floor(tenant) -> int:
    """The lowest score of the bands that require an RTP (tinggi and sangat tinggi)."""
    try:
        matrix = reference.matrix_for(tenant)
    except DomainError:  # no reference data loaded yet: nothing counts as high
        return NO_SCORE
    return min((b.min for b in matrix.bands if b.rtp_required), default=NO_SCORE)


# --- SPIP maturity -----------------------------------------------------------------------------

def assessments(tenant) -> QuerySet[MaturityAssessment]:
    return MaturityAssessment.objects.filter(tenant=tenant).order_by("-year")


def assessment_for(tenant, pk) -> MaturityAssessment:
    assessment = assessments(tenant).filter(pk=pk).first()
    if assessment is None:
        raise NotFound("risk_maturity_not_found", _("The assessment does not exist."))
    return assessment


def maturity_item_for(assessment: MaturityAssessment, pk) -> MaturityItem:
    item = assessment.items.filter(pk=pk).first()
    if item is None:
        raise NotFound("risk_maturity_item_not_found", _("The sub-element does not exist."))
    return item


def latest_level(tenant) -> int | None:
    """The newest assessed level: quality assured, else submitted."""
    return (assessments(tenant).exclude(status=MaturityAssessment.Status.DRAFT)
            .values_list("level", flat=True).first())
