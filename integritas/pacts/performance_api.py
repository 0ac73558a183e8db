"""Perjanjian kinerja over the API: `/api/v1/performance`. Same rules as the pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema, Status

from integritas.accounts.permissions import grant
from integritas.api.api import tenant_scope
from integritas.api.auth import require_perm
from integritas.core.errors import DomainError, NotFound
from integritas.pacts import performance
from integritas.pacts import performance_selectors as selectors
from integritas.pacts.models import Direction, PerformanceAgreement
from integritas.people.selectors import employee_by_nip

router = Router(tags=["performance"])

StatusCode = Literal[tuple(PerformanceAgreement.Status.values)]
DirectionCode = Literal[tuple(Direction.values)]
Amount = Decimal | int | str


class AgreementIn(Schema):
    year: int
    first_party_nip: str = Field(max_length=30)
    second_party_nip: str = Field("", max_length=30)
    second_party_name: str = Field("", max_length=200)
    second_party_position: str = Field("", max_length=200)
    parent_id: int | None = None


class IndicatorIn(Schema):
    goal: str = Field(max_length=300)
    name: str = Field(max_length=300)
    unit_of_measure: str = Field(max_length=40)
    target: Amount
    q1_target: Amount | None = None
    q2_target: Amount | None = None
    q3_target: Amount | None = None
    q4_target: Amount | None = None
    direction: DirectionCode = Direction.HIGHER_IS_BETTER
    program: str = Field("", max_length=300)
    activity: str = Field("", max_length=300)
    budget: int = Field(0, ge=0)


class SignIn(Schema):
    password: str = Field(max_length=200)
    on_behalf_of_regional_head: bool = False


class RealisationIn(Schema):
    quarter: int
    value: Amount
    note: str = Field("", max_length=2000)


class RealisationOut(Schema):
    quarter: int
    value: Decimal
    target: Decimal
    achievement: Decimal | None
    note: str
    has_evidence: bool
    entered_at: dt.datetime


class IndicatorOut(Schema):
    id: int
    goal: str
    name: str
    unit_of_measure: str
    target: Decimal
    quarter_targets: list[Decimal]
    direction: DirectionCode
    program: str
    activity: str
    budget: int
    achievement: Decimal | None
    realisations: list[RealisationOut]


class AgreementOut(Schema):
    id: int
    year: int
    version: int
    status: StatusCode
    opd_id: int
    opd_name: str
    first_party_id: int
    first_party_name: str
    first_party_nip: str
    first_party_position: str
    second_party_id: int | None
    second_party_name: str
    second_party_position: str
    parent_id: int | None
    supersedes_id: int | None
    first_party_signed_at: dt.datetime | None
    second_party_signed_at: dt.datetime | None
    document_id: str = Field(description="Set when both parties have signed (the signed PDF)")
    achievement: Decimal | None


class AgreementDetailOut(AgreementOut):
    indicators: list[IndicatorOut]


class AgreementPage(Schema):
    count: int
    items: list[AgreementOut]


class AgreementFilters(Schema):
    year: int | None = None
    opd: int | None = Field(None, description="An OPD (top-level unit) id")
    status: StatusCode | None = None
    page: int = Field(1, ge=1)
    page_size: int = Field(50, ge=1, le=500)


class OpdAchievementOut(Schema):
    opd_id: int
    opd_name: str
    agreements: int
    achievement: Decimal | None


@router.get("", response=AgreementPage)
def list_agreements(request, filters: Query[AgreementFilters]):
    view = require_perm(request, "pacts.view")
    with tenant_scope(request):
        agreements = selectors.agreements_for(request.tenant, view)
        for name, lookup in (("year", "year"), ("opd", "opd_id"), ("status", "status")):
            if getattr(filters, name) is not None:
                agreements = agreements.filter(**{lookup: getattr(filters, name)})
        agreements = agreements.order_by("-year", "opd__path", "first_party_name", "-version")
        start = (filters.page - 1) * filters.page_size
        page = selectors.with_indicators(agreements[start:start + filters.page_size])
        return {"count": agreements.count(), "items": [_agreement(a) for a in page]}


@router.get("/achievement", response=list[OpdAchievementOut],
            summary="Per OPD: the mean achievement of its signed agreements of a year")
def achievement(request, year: int):
    view = require_perm(request, "pacts.view")
    with tenant_scope(request):
        return [vars(row) for row in selectors.achievement_by_opd(request.tenant, view, year)]


@router.post("", response={201: AgreementDetailOut})
def create_agreement(request, payload: AgreementIn):
    view = require_perm(request, "pacts.manage")
    with tenant_scope(request):
        parent = (selectors.agreement_for(request.tenant, view, payload.parent_id)
                  if payload.parent_id else None)
        agreement = performance.create_agreement(
            request.tenant, request.user, year=payload.year,
            first_party=_employee(request, payload.first_party_nip, "first_party_nip"),
            second_party=(_employee(request, payload.second_party_nip, "second_party_nip")
                          if payload.second_party_nip else None),
            second_party_name=payload.second_party_name,
            second_party_position=payload.second_party_position, parent=parent)
        return Status(201, _detail(request, agreement.pk))


@router.get("/{int:agreement_id}", response=AgreementDetailOut)
def get_agreement(request, agreement_id: int):
    require_perm(request, "pacts.sign")
    with tenant_scope(request):
        return _detail(request, agreement_id)


@router.post("/{int:agreement_id}/indicators", response={201: AgreementDetailOut})
def add_indicator(request, agreement_id: int, payload: IndicatorIn):
    require_perm(request, "pacts.manage")
    with tenant_scope(request):
        agreement = _visible(request, agreement_id)
        performance.add_indicator(request.tenant, request.user, agreement, **payload.dict())
        return Status(201, _detail(request, agreement_id))


@router.delete("/{int:agreement_id}/indicators/{int:indicator_id}", response=AgreementDetailOut)
def remove_indicator(request, agreement_id: int, indicator_id: int):
    require_perm(request, "pacts.manage")
    with tenant_scope(request):
        performance.remove_indicator(request.tenant, request.user,
                                     _indicator(request, agreement_id, indicator_id))
        return _detail(request, agreement_id)


@router.post("/{int:agreement_id}/sign", response=AgreementDetailOut,
             summary="Sign as the party linked to the token's user")
def sign_agreement(request, agreement_id: int, payload: SignIn):
    require_perm(request, "pacts.sign")
    with tenant_scope(request):
        performance.sign_agreement(request.tenant, request.user,
                                   _visible(request, agreement_id), **payload.dict())
        return _detail(request, agreement_id)


@router.post("/{int:agreement_id}/indicators/{int:indicator_id}/realisations",
             response=AgreementDetailOut, summary="Enter or correct a quarter's realisation")
def record_realisation(request, agreement_id: int, indicator_id: int, payload: RealisationIn):
    require_perm(request, "pacts.sign")
    with tenant_scope(request):
        performance.record_realisation(request.tenant, request.user,
                                       _indicator(request, agreement_id, indicator_id),
                                       **payload.dict())
        return _detail(request, agreement_id)


@router.post("/{int:agreement_id}/revisions", response={201: AgreementDetailOut},
             summary="A new draft version; the signed one is kept as superseded")
def revise_agreement(request, agreement_id: int):
    require_perm(request, "pacts.manage")
    with tenant_scope(request):
        revised = performance.revise_agreement(request.tenant, request.user,
                                               _visible(request, agreement_id))
        return Status(201, _detail(request, revised.pk))


def _visible(request, agreement_id: int) -> PerformanceAgreement:
    return selectors.agreement_for(request.tenant, grant(request.memberships, "pacts.view"),
                                   agreement_id, request.user)


def _indicator(request, agreement_id: int, indicator_id: int):
    indicator = _visible(request, agreement_id).indicators.filter(pk=indicator_id).first()
    if indicator is None:
        raise NotFound("performance_indicator_not_found", _("The indicator does not exist."))
    return indicator


def _employee(request, nip: str, field: str):
    employee = employee_by_nip(request.tenant, nip)
    if employee is None:
        raise DomainError("performance_employee_not_found",
                          _("No active employee with this NIP in this Pemda."), field=field)
    return employee


def _agreement(agreement: PerformanceAgreement) -> dict:
    fields = ("id", "year", "version", "status", "opd_id", "first_party_id", "first_party_name",
              "first_party_nip", "first_party_position", "second_party_id",
              "second_party_name", "second_party_position", "parent_id", "supersedes_id",
              "first_party_signed_at", "second_party_signed_at", "document_id")
    return {**{name: getattr(agreement, name) for name in fields},
            "opd_name": agreement.opd.name,
            "achievement": selectors.agreement_achievement(agreement)}


def _detail(request, agreement_id: int) -> dict:
    agreement = _visible(request, agreement_id)
    return {**_agreement(agreement),
            "indicators": [_indicator_out(row) for row in selectors.indicator_rows(agreement)]}


def _indicator_out(row: selectors.IndicatorRow) -> dict:
    indicator = row.indicator
    return {
        **{name: getattr(indicator, name) for name in (
            "id", "goal", "name", "unit_of_measure", "target", "direction", "program",
            "activity", "budget")},
        "quarter_targets": [cell.target for cell in row.quarters],
        "achievement": row.achievement,
        "realisations": [{
            "quarter": cell.quarter, "value": cell.realisation.value, "target": cell.target,
            "achievement": cell.achievement, "note": cell.realisation.note,
            "has_evidence": bool(cell.realisation.evidence),
            "entered_at": cell.realisation.entered_at,
        } for cell in row.quarters if cell.realisation is not None],
    }
