"""Writes of the external-assessment trackers and the quarterly metric snapshots."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from integritas.audit.services import record
from integritas.core.errors import DomainError, NotFound
from integritas.core.services import service
from integritas.oversight.libraries import band_for, reference
from integritas.oversight.models import (
    BpkOpinion,
    InstansiAssessment,
    McpEvidence,
    McpIndicator,
    McpTask,
    MetricSnapshot,
    OmbudsmanAssessment,
    OversightReference,
    PublicService,
    ServiceComponent,
)

Kind = OversightReference.Kind
FIRST_YEAR = 2013


# --- Ombudsman ---------------------------------------------------------------------------------

@service
def record_ombudsman(tenant, actor, *, unit, year: int, score, note: str = "",
                     ) -> OmbudsmanAssessment:
    """A unit's Ombudsman result for a year, graded by the bands of that year."""
    _own(tenant, unit, "unit")
    year = _year(year)
    score = _score(score, "score")
    method = reference(Kind.OMBUDSMAN, year)
    if method is None:
        raise DomainError("ombudsman_no_method", _("No Ombudsman method is loaded for "
                          "%(year)s."), field="year", year=year)
    grade = band_for(method.data["grades"], score)
    assessment, created = OmbudsmanAssessment.objects.update_or_create(
        tenant=tenant, unit=unit, year=year,
        defaults={"score": score, "instrument": method.data["instrument"],
                  "grade": grade["code"], "grade_label": grade["label"], "zone": grade["zone"],
                  "note": note.strip()})
    record(tenant, actor, "oversight.ombudsman.recorded" if created
           else "oversight.ombudsman.updated", assessment,
           {"unit": unit.pk, "year": year, "score": str(score), "zone": grade["zone"]})
    return assessment


@service
def add_public_service(tenant, actor, *, unit, name: str) -> PublicService:
    """A service with one row per standard component, all unpublished until evidenced."""
    _own(tenant, unit, "unit")
    name = " ".join(name.split())
    if not name:
        raise DomainError("service_name_required", _("Name the service."), field="name")
    if PublicService.objects.filter(tenant=tenant, unit=unit, name__iexact=name).exists():
        raise DomainError("service_exists", _("This unit already has a service with that "
                                              "name."), field="name")
    standard = reference(Kind.SERVICE_STANDARD, timezone.localdate().year)
    if standard is None:
        raise DomainError("service_standard_missing", _("The standard components are not "
                                                         "loaded (run load_libraries)."))
    public_service = PublicService.objects.create(tenant=tenant, unit=unit, name=name)
    ServiceComponent.objects.bulk_create(
        ServiceComponent(tenant=tenant, service=public_service, component=item["code"])
        for item in standard.data["components"])
    record(tenant, actor, "oversight.service.added", public_service,
           {"unit": unit.pk, "name": name})
    return public_service


@service
def update_service_component(tenant, actor, component: ServiceComponent, *, published: bool,
                             evidence_url: str = "", gap: str = "") -> ServiceComponent:
    _own(tenant, component, "component")
    evidence_url, gap = evidence_url.strip(), " ".join(gap.split())
    if published and not evidence_url:
        raise DomainError("publication_evidence_required", _("A published component needs a "
                          "link to where it is published."), field="evidence_url")
    if not published and not gap:
        raise DomainError("gap_required", _("Say what is missing for an unpublished "
                                            "component."), field="gap")
    component.published, component.evidence_url, component.gap = published, evidence_url, gap
    component.save(update_fields=["published", "evidence_url", "gap", "updated_at"])
    record(tenant, actor, "oversight.service_component.updated", component,
           {"component": component.component, "published": published})
    return component


# --- KPK MCP / MCSP -----------------------------------------------------------------------------

@service
def open_mcp_year(tenant, actor, *, year: int) -> int:
    """One task per sub-indicator of the year's pedoman; returns how many were added."""
    year = _year(year)
    leaves = McpIndicator.objects.filter(year=year, children__isnull=True)
    if not leaves.exists():
        raise DomainError("mcp_year_not_loaded", _("No MCP indicators are loaded for "
                          "%(year)s."), field="year", year=year)
    have = set(McpTask.objects.filter(tenant=tenant, indicator__year=year)
               .values_list("indicator_id", flat=True))
    tasks = McpTask.objects.bulk_create(
        McpTask(tenant=tenant, indicator=leaf) for leaf in leaves if leaf.pk not in have)
    if tasks:
        record(tenant, actor, "oversight.mcp.year_opened", None,
               {"year": year, "tasks": len(tasks)})
    return len(tasks)


@service
def assign_mcp_task(tenant, actor, task: McpTask, *, unit) -> McpTask:
    _own(tenant, task, "task")
    if unit is not None:
        _own(tenant, unit, "unit")
    task.unit = unit
    task.save(update_fields=["unit", "updated_at"])
    record(tenant, actor, "oversight.mcp.task_assigned", task,
           {"unit": unit.pk if unit else None})
    return task


@service
def submit_mcp_evidence(tenant, actor, task: McpTask, *, description: str,
                        url: str) -> McpEvidence:
    _own(tenant, task, "task")
    description = " ".join(description.split())
    if not description:
        raise DomainError("evidence_description_required", _("Describe the evidence."),
                          field="description")
    if not url.strip().lower().startswith(("https://", "http://")):
        raise DomainError("evidence_url_invalid", _("Give a web link (https://…) to the "
                                                    "evidence."), field="url")
    evidence = McpEvidence.objects.create(tenant=tenant, task=task, description=description,
                                          url=url.strip(), submitted_by=actor)
    record(tenant, actor, "oversight.mcp.evidence_submitted", evidence,
           {"task": task.pk, "indicator": task.indicator.code})
    return evidence


@service
def verify_mcp_evidence(tenant, actor, evidence: McpEvidence, *, score,
                        note: str = "") -> McpEvidence:
    """Accept evidence with the score the verifier gives; the sub-indicator keeps its best."""
    return _decide(tenant, actor, evidence, McpEvidence.Status.VERIFIED,
                   _score(score, "score"), note)


@service
def reject_mcp_evidence(tenant, actor, evidence: McpEvidence, *, note: str) -> McpEvidence:
    if not note.strip():
        raise DomainError("rejection_reason_required", _("Say why the evidence is rejected."),
                          field="note")
    return _decide(tenant, actor, evidence, McpEvidence.Status.REJECTED, None, note)


def _decide(tenant, actor, evidence, status, score, note) -> McpEvidence:
    _own(tenant, evidence, "evidence")
    if evidence.status != McpEvidence.Status.SUBMITTED:
        raise DomainError("evidence_already_decided", _("This evidence has already been "
                                                         "verified or rejected."))
    evidence.status, evidence.score = status, score
    evidence.verifier_note, evidence.verified_at = note.strip(), timezone.now()
    evidence.save(update_fields=["status", "score", "verifier_note", "verified_at",
                                 "updated_at"])
    task = evidence.task
    best = max((e.score for e in task.evidence.filter(status=McpEvidence.Status.VERIFIED)),
               default=None)
    McpTask.objects.filter(pk=task.pk).update(score=best)
    record(tenant, actor, f"oversight.mcp.evidence_{status}", evidence,
           {"task": task.pk, "score": str(score) if score is not None else None})
    return evidence


# --- BPK, AKIP, Indeks RB ------------------------------------------------------------------------

@service
def record_instansi_assessment(tenant, actor, *, year: int, bpk_opinion: str = "",
                               akip_score=None, indeks_rb=None) -> InstansiAssessment:
    """The Pemda's BPK opinion, AKIP score (its predicate by the bands of the year) and
    Indeks RB for one year; blank values stay unknown."""
    year = _year(year)
    if bpk_opinion and bpk_opinion not in BpkOpinion.values:
        raise DomainError("bpk_opinion_invalid", _("The BPK opinion must be WTP, WDP, TW or "
                                                   "TMP."), field="bpk_opinion")
    akip_score = None if akip_score in (None, "") else _score(akip_score, "akip_score")
    indeks_rb = None if indeks_rb in (None, "") else _score(indeks_rb, "indeks_rb")
    akip = ""
    if akip_score is not None:
        bands = reference(Kind.AKIP, year)
        if bands is None:
            raise DomainError("akip_bands_missing", _("No AKIP predicates are loaded for "
                              "%(year)s."), field="akip_score", year=year)
        akip = band_for(bands.data["predicates"], akip_score)["code"]
    assessment, created = InstansiAssessment.objects.update_or_create(
        tenant=tenant, year=year, defaults={"bpk_opinion": bpk_opinion, "akip_score": akip_score,
                                            "akip": akip, "indeks_rb": indeks_rb})
    record(tenant, actor, "oversight.instansi.recorded" if created
           else "oversight.instansi.updated", assessment,
           {"year": year, "bpk_opinion": bpk_opinion, "akip": akip,
            "indeks_rb": str(indeks_rb) if indeks_rb is not None else None})
    return assessment


# --- Snapshots -----------------------------------------------------------------------------------

def quarter_of(day: dt.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


@service
def take_snapshot(tenant, actor, *, now: dt.datetime | None = None,
                  quarter: str | None = None, figures: tuple[dict, dict] | None = None,
                  ) -> MetricSnapshot:
    """Store the figures of the quarter so far (re-taking it replaces them: the last snapshot
    of a quarter is its end state). `figures` (tenant, per unit) is given only by the demo,
    which invents the past."""
    from integritas.oversight.overview import collect_metrics, jsonable

    now = now or timezone.now()
    quarter = quarter or quarter_of(timezone.localtime(now).date())
    tenant_figures, unit_figures = figures or collect_metrics(tenant)
    snapshot, _created = MetricSnapshot.objects.update_or_create(
        tenant=tenant, quarter=quarter,
        defaults={"taken_at": now, "tenant_figures": jsonable(tenant_figures),
                  "unit_figures": {str(k): jsonable(v) for k, v in unit_figures.items()}})
    record(tenant, actor, "oversight.snapshot.taken", snapshot, {"quarter": quarter})
    return snapshot


# --- Checks --------------------------------------------------------------------------------------

def _own(tenant, obj, field: str) -> None:
    """Another Pemda's object is reported as not found, never as forbidden."""
    if obj is None or obj.tenant_id != tenant.pk:
        raise NotFound(f"{field}_not_found", _("The record does not exist."), field=field)


def _year(value) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        year = 0
    if not FIRST_YEAR <= year <= timezone.localdate().year + 1:
        raise DomainError("year_invalid", _("Give a year between %(first)s and %(last)s."),
                          field="year", first=FIRST_YEAR, last=timezone.localdate().year + 1)
    return year


def _score(value, field: str) -> Decimal:
    try:
        score = Decimal(str(value).replace(",", "."))
    except (InvalidOperation, ValueError):
        score = Decimal(-1)
    if not score.is_finite() or not Decimal(0) <= score <= Decimal(100):
        raise DomainError("score_out_of_range", _("A score is a number from 0 to 100."),
                          field=field)
    return score.quantize(Decimal("0.01"))
