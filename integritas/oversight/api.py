"""Oversight trackers and the overview figures over the API: `/api/v1/oversight`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from ninja import Field, Router, Schema, Status

from integritas.api.api import tenant_scope
from integritas.api.auth import require_perm
from integritas.core.errors import NotFound
from integritas.oversight import selectors, services
from integritas.oversight.overview import build_overview, jsonable
from integritas.tenancy.models import Unit

router = Router(tags=["oversight"])


class OmbudsmanIn(Schema):
    unit_id: int
    year: int
    score: Decimal = Field(ge=0, le=100)
    note: str = Field("", max_length=2000)


class OmbudsmanOut(Schema):
    id: int
    unit_id: int
    year: int
    instrument: str
    score: Decimal
    grade: str
    grade_label: str
    zone: str


class InstansiIn(Schema):
    year: int
    bpk_opinion: str = Field("", max_length=3)
    akip_score: Decimal | None = None
    indeks_rb: Decimal | None = None


class InstansiOut(Schema):
    year: int
    bpk_opinion: str
    akip_score: Decimal | None
    akip: str
    indeks_rb: Decimal | None


class AreaOut(Schema):
    code: str
    label: str
    weight: Decimal
    score: Decimal
    band: str
    tasks: int
    verified: int


class McpScoreOut(Schema):
    year: int
    total: Decimal | None
    band: str | None
    areas: list[AreaOut]


class TaskOut(Schema):
    id: int
    year: int
    area: str
    code: str
    description: str
    unit_id: int | None
    score: Decimal | None


class EvidenceIn(Schema):
    description: str = Field(max_length=300)
    url: str = Field(max_length=500)


class EvidenceOut(Schema):
    id: int
    task_id: int
    description: str
    url: str
    status: str
    score: Decimal | None
    verifier_note: str
    created_at: dt.datetime


class DecisionIn(Schema):
    decision: str = Field(pattern="^(verified|rejected)$")
    score: Decimal | None = None
    note: str = Field("", max_length=500)


class OverviewRowOut(Schema):
    unit_id: int
    unit: str
    figures: dict


class OverviewOut(Schema):
    in_use: dict[str, bool]
    headline: dict
    units: list[OverviewRowOut]


@router.get("/ombudsman", response=list[OmbudsmanOut], summary="Ombudsman results per unit")
def list_ombudsman(request, year: int | None = None):
    grant = require_perm(request, "oversight.view")
    with tenant_scope(request):
        results = selectors.ombudsman_assessments(request.tenant, grant).order_by("-year", "pk")
        return list(results.filter(year=year) if year else results)


@router.post("/ombudsman", response={201: OmbudsmanOut},
             summary="Record a unit's result; graded by the bands of its year")
def record_ombudsman(request, payload: OmbudsmanIn):
    require_perm(request, "oversight.manage")
    with tenant_scope(request):
        unit = _unit(request, payload.unit_id)
        return Status(201, services.record_ombudsman(
            request.tenant, request.user, unit=unit, year=payload.year, score=payload.score,
            note=payload.note))


@router.get("/instansi", response=list[InstansiOut], summary="BPK opinion, AKIP, Indeks RB")
def list_instansi(request):
    require_perm(request, "oversight.view")
    with tenant_scope(request):
        return list(selectors.instansi_assessments(request.tenant))


@router.put("/instansi", response=InstansiOut, summary="Record one year's results")
def record_instansi(request, payload: InstansiIn):
    require_perm(request, "oversight.manage")
    with tenant_scope(request):
        return services.record_instansi_assessment(request.tenant, request.user,
                                                   **payload.dict())


@router.get("/mcp/{int:year}", response=McpScoreOut, summary="MCP area and total scores")
def mcp_score(request, year: int):
    require_perm(request, "oversight.view")
    with tenant_scope(request):
        score = selectors.mcp_score(request.tenant, year)
    if score is None:
        raise NotFound("mcp_year_not_opened", _("The MCP indicators of this year are not opened."))
    return {"year": score.year, "total": score.total, "band": score.band["code"],
            "areas": [{**area.__dict__, "band": area.band["code"]} for area in score.areas]}


@router.get("/mcp/{int:year}/tasks", response=list[TaskOut], summary="Sub-indicators of a year")
def mcp_tasks(request, year: int):
    grant = require_perm(request, "oversight.view")
    with tenant_scope(request):
        return [_task(task) for task in selectors.mcp_tasks(request.tenant, grant, year)]


@router.post("/mcp/tasks/{int:task_id}/evidence", response={201: EvidenceOut},
             summary="Submit evidence for a sub-indicator")
def submit_evidence(request, task_id: int, payload: EvidenceIn):
    grant = require_perm(request, "oversight.manage")
    with tenant_scope(request):
        task = selectors.mcp_task(request.tenant, grant, task_id)
        return Status(201, services.submit_mcp_evidence(request.tenant, request.user, task,
                                                        **payload.dict()))


@router.post("/mcp/evidence/{int:evidence_id}/decision", response=EvidenceOut,
             summary="Verify (with a score) or reject evidence")
def decide_evidence(request, evidence_id: int, payload: DecisionIn):
    grant = require_perm(request, "oversight.manage")
    with tenant_scope(request):
        evidence = selectors.mcp_evidence(request.tenant, grant, evidence_id)
        if payload.decision == "verified":
            return services.verify_mcp_evidence(request.tenant, request.user, evidence,
                                                score=payload.score, note=payload.note)
        return services.reject_mcp_evidence(request.tenant, request.user, evidence,
                                            note=payload.note)


@router.get("/overview", response=OverviewOut, summary="The leadership overview's figures")
def overview(request):
    grant = require_perm(request, "overview.view")
    with tenant_scope(request):
        data = build_overview(request.tenant, grant)
        return {"in_use": data.in_use,
                "headline": jsonable({cell.indicator.key: cell.value for cell in data.headline}),
                "units": [{"unit_id": row.unit.pk, "unit": row.unit.name,
                           "figures": jsonable({cell.indicator.key: cell.value
                                                for cell in row.cells})}
                          for row in data.rows]}


def _unit(request, unit_id: int) -> Unit:
    unit = Unit.objects.filter(tenant=request.tenant, pk=unit_id).first()
    if unit is None:
        raise NotFound("unit_not_found", _("The unit does not exist."), field="unit_id")
    return unit


def _task(task) -> dict:
    return {"id": task.pk, "year": task.indicator.year, "area": task.indicator.area,
            "code": task.indicator.code, "description": task.indicator.description,
            "unit_id": task.unit_id, "score": task.score}
