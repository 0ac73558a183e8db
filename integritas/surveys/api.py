"""Service surveys over the API (`/api/v1/surveys`). Same rules as the pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from ninja import Field, Query, Router, Schema, Status

from integritas.api.api import tenant_scope
from integritas.api.auth import require_perm
from integritas.surveys import selectors, services
from integritas.surveys.models import Kind, SurveyPeriod
from integritas.tenancy.selectors import unit_for

router = Router(tags=["surveys"])

KindCode = Literal[tuple(Kind.values)]
StatusCode = Literal[tuple(SurveyPeriod.Status.values)]


class PeriodIn(Schema):
    unit_id: int
    kind: KindCode
    opens_on: dt.date
    closes_on: dt.date
    title: str = Field("", max_length=200)


class PeriodOut(Schema):
    id: int
    title: str
    unit_id: int
    unit_name: str
    kind: KindCode
    questionnaire_version: int
    opens_on: dt.date
    closes_on: dt.date
    status: StatusCode
    responses: int
    index: Decimal | None = Field(description="Mean of the answers, 1–4, two decimals")


class QuestionOut(Schema):
    code: str
    text: str
    mean: Decimal | None
    counts: dict[str, int] = Field(description="Responses per scale value")


class LkeValueOut(Schema):
    item_code: str
    weight: Decimal
    value: Decimal


class ResultsOut(PeriodOut):
    questions: list[QuestionOut]
    lke: LkeValueOut | None
    public_url_path: str


class IndicesOut(Schema):
    ipak: Decimal | None
    ipkp: Decimal | None
    responses: int


class PeriodFilters(Schema):
    kind: KindCode | None = None
    status: StatusCode | None = None
    unit_id: int | None = None
    page: int = Field(1, ge=1)
    page_size: int = Field(50, ge=1, le=500)


def _out(period) -> dict:
    return {"id": period.pk, "title": period.title, "unit_id": period.unit_id,
            "unit_name": period.unit.name, "kind": period.kind,
            "questionnaire_version": period.questionnaire.version,
            "opens_on": period.opens_on, "closes_on": period.closes_on,
            "status": period.status, "responses": period.response_count,
            "index": selectors.index_value(period.mean)}


def _period(request, pk, permission="surveys.view"):
    grant = require_perm(request, permission)
    return selectors.period_for(request.tenant, grant, pk)


@router.get("/periods", response=list[PeriodOut], summary="Survey periods the caller may see")
def list_periods(request, filters: Query[PeriodFilters]):
    grant = require_perm(request, "surveys.view")
    with tenant_scope(request):
        periods = selectors.periods_for(request.tenant, grant).order_by("-opens_on", "pk")
        for name in ("kind", "status", "unit_id"):
            value = getattr(filters, name)
            if value is not None:
                periods = periods.filter(**{name: value})
        start = (filters.page - 1) * filters.page_size
        return [_out(p) for p in periods[start:start + filters.page_size]]


@router.post("/periods", response={201: PeriodOut}, summary="Open a survey period for a unit")
def open_period(request, payload: PeriodIn):
    grant = require_perm(request, "surveys.manage")
    with tenant_scope(request):
        unit = unit_for(request.tenant, grant, payload.unit_id)
        period = services.open_period(request.tenant, request.user, unit=unit,
                                      kind=payload.kind, opens_on=payload.opens_on,
                                      closes_on=payload.closes_on, title=payload.title)
        return Status(201, _out(selectors.period_for(request.tenant, grant, period.pk)))


@router.get("/periods/{int:period_id}", response=ResultsOut,
            summary="A period with its results per question, its index and LKE value")
def period_results(request, period_id: int):
    with tenant_scope(request):
        period = _period(request, period_id)
        results = selectors.period_results(period)
        link = selectors.link_of(period.unit)
        return {
            **_out(period),
            "questions": [{"code": q.code, "text": q.text, "mean": q.mean,
                           "counts": {str(value): count for value, _l, count, _p in q.counts}}
                          for q in results.questions],
            "lke": ({"item_code": results.lke.item_code, "weight": results.lke.weight,
                     "value": results.lke.value} if results.lke else None),
            "public_url_path": f"/{request.tenant.slug}/s/{link.token}/",
        }


@router.post("/periods/{int:period_id}/close", response=PeriodOut, summary="Close a period")
def close_period(request, period_id: int):
    with tenant_scope(request):
        period = _period(request, period_id, "surveys.manage")
        services.close_period(request.tenant, request.user, period)
        return _out(_period(request, period_id))


@router.get("/units/{int:unit_id}/indices", response=IndicesOut,
            summary="A unit's SPAK (IPAK) and SPKP (IPKP) indices of a year")
def unit_indices(request, unit_id: int, year: int):
    grant = require_perm(request, "surveys.view")
    with tenant_scope(request):
        return selectors.unit_indices(request.tenant, unit_for(request.tenant, grant, unit_id),
                                      year)
