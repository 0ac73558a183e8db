"""Reads of the external-assessment trackers, limited to what a grant covers."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from integritas.accounts.permissions import Grant
from integritas.core.errors import NotFound
from integritas.oversight.libraries import band_for, reference
from integritas.oversight.models import (
    InstansiAssessment,
    McpEvidence,
    McpTask,
    MetricSnapshot,
    OmbudsmanAssessment,
    OversightReference,
    PublicService,
    ServiceComponent,
)
from integritas.tenancy.selectors import unit_paths_q

Kind = OversightReference.Kind
HUNDRED = Decimal(100)


def ombudsman_assessments(tenant, grant: Grant) -> QuerySet[OmbudsmanAssessment]:
    if not grant.allowed:
        return OmbudsmanAssessment.objects.none()
    return (OmbudsmanAssessment.objects.filter(tenant=tenant)
            .filter(unit_paths_q(grant, "unit__path")).select_related("unit"))


def latest_ombudsman_by_unit(tenant) -> dict[int, OmbudsmanAssessment]:
    """Each unit's most recent assessment (one query, newest year wins)."""
    latest: dict[int, OmbudsmanAssessment] = {}
    for assessment in (OmbudsmanAssessment.objects.filter(tenant=tenant)
                       .order_by("unit_id", "-year")):
        latest.setdefault(assessment.unit_id, assessment)
    return latest


def public_services(tenant, grant: Grant) -> QuerySet[PublicService]:
    if not grant.allowed:
        return PublicService.objects.none()
    published = Q(components__published=True)
    return (PublicService.objects.filter(tenant=tenant)
            .filter(unit_paths_q(grant, "unit__path")).select_related("unit")
            .annotate(component_count=Count("components"),
                      published_count=Count("components", filter=published),
                      gap_count=Count("components", filter=~published)))


def public_service(tenant, grant: Grant, pk) -> PublicService:
    found = public_services(tenant, grant).filter(pk=pk).first()
    if found is None:
        raise NotFound("service_not_found", _("The service does not exist."))
    return found


def service_components(tenant, service: PublicService) -> list[dict]:
    """The components in the order of the standard, with their labels."""
    standard = reference(Kind.SERVICE_STANDARD, service.created_at.year)
    labels = {item["code"]: item["label"] for item in standard.data["components"]} \
        if standard else {}
    order = list(labels)
    components = ServiceComponent.objects.filter(tenant=tenant, service=service)
    return sorted(({"component": c, "label": labels.get(c.component, c.component)}
                   for c in components),
                  key=lambda item: (order.index(item["component"].component)
                                    if item["component"].component in order else len(order)))


def component(tenant, grant: Grant, pk) -> ServiceComponent:
    found = (ServiceComponent.objects.filter(tenant=tenant, pk=pk)
             .filter(unit_paths_q(grant, "service__unit__path")).first())
    if found is None:
        raise NotFound("component_not_found", _("The component does not exist."))
    return found


# --- MCP -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class AreaScore:
    code: str
    label: str
    weight: Decimal
    score: Decimal
    band: dict
    tasks: int
    verified: int


@dataclass(frozen=True)
class McpScore:
    year: int
    total: Decimal | None
    band: dict | None
    areas: list[AreaScore]


def mcp_tasks(tenant, grant: Grant, year: int) -> QuerySet[McpTask]:
    if not grant.allowed:
        return McpTask.objects.none()
    return (McpTask.objects.filter(tenant=tenant, indicator__year=year)
            .select_related("indicator", "indicator__parent", "unit")
            .annotate(evidence_count=Count("evidence"),
                      pending_count=Count("evidence", filter=Q(
                          evidence__status=McpEvidence.Status.SUBMITTED)))
            .order_by("indicator__code"))


def mcp_task(tenant, grant: Grant, pk) -> McpTask:
    found = (McpTask.objects.filter(tenant=tenant, pk=pk).select_related("indicator", "unit")
             .first() if grant.allowed else None)
    if found is None:
        raise NotFound("task_not_found", _("The MCP indicator does not exist."))
    return found


def mcp_evidence(tenant, grant: Grant, pk) -> McpEvidence:
    found = (McpEvidence.objects.filter(tenant=tenant, pk=pk).select_related("task").first()
             if grant.allowed else None)
    if found is None:
        raise NotFound("evidence_not_found", _("The evidence does not exist."))
    return found


def mcp_years(tenant) -> list[int]:
    return sorted(set(McpTask.objects.filter(tenant=tenant)
                      .values_list("indicator__year", flat=True)), reverse=True)


def mcp_score(tenant, year: int) -> McpScore | None:
    """Sub-indicator scores (0 until verified) → indicator → area → total, each a weighted mean
    with the weights of the year's pedoman; None if the year was not opened."""
    tasks = list(McpTask.objects.filter(tenant=tenant, indicator__year=year)
                 .select_related("indicator", "indicator__parent"))
    version = reference(Kind.MCP, year)
    if not tasks or version is None:
        return None
    by_indicator: dict = defaultdict(list)
    for task in tasks:
        indicator = task.indicator.parent or task.indicator
        by_indicator[indicator].append((task.indicator.weight, task.score or 0))
    by_area: dict[str, list] = defaultdict(list)
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for indicator, scores in by_indicator.items():
        by_area[indicator.area].append((indicator.weight, _weighted(scores)))
    for task in tasks:
        counts[task.indicator.area][0] += 1
        counts[task.indicator.area][1] += task.score is not None
    bands = version.data["colour_bands"]
    areas = [AreaScore(area["code"], area["label"], Decimal(str(area["weight"])),
                       score, band_for(bands, score), *counts[area["code"]])
             for area in version.data["areas"] if area["code"] in by_area
             for score in [_weighted(by_area[area["code"]])]]
    total = _weighted([(a.weight, a.score) for a in areas])
    return McpScore(year, total, band_for(bands, total), areas)


def _weighted(pairs) -> Decimal:
    weight = sum(Decimal(w) for w, _ in pairs)
    if not weight:
        return Decimal(0)
    mean = sum(Decimal(w) * Decimal(s) for w, s in pairs) / weight
    return mean.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# --- Instansi -------------------------------------------------------------------------------

def instansi_assessments(tenant) -> QuerySet[InstansiAssessment]:
    return InstansiAssessment.objects.filter(tenant=tenant).order_by("-year")


def instansi_prerequisites(tenant, year: int) -> dict:
    """The Pemda-level results the ZI module checks before units are proposed (REFERENCE §1.3):
    `bpk_opinion` (WTP/WDP/TW/TMP or None), `akip` (predicate or None), `akip_score` and
    `indeks_rb` (Decimal or None) recorded for `year`."""
    assessment = InstansiAssessment.objects.filter(tenant=tenant, year=year).first()
    if assessment is None:
        return {"bpk_opinion": None, "akip": None, "akip_score": None, "indeks_rb": None}
    return {"bpk_opinion": assessment.bpk_opinion or None, "akip": assessment.akip or None,
            "akip_score": assessment.akip_score, "indeks_rb": assessment.indeks_rb}


# --- Snapshots ------------------------------------------------------------------------------

def snapshots(tenant, limit: int = 8) -> list[MetricSnapshot]:
    """The latest quarters, oldest first (for the trend charts)."""
    latest = MetricSnapshot.objects.filter(tenant=tenant).order_by("-quarter")[:limit]
    return list(reversed(latest))
