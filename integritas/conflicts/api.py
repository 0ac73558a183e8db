"""Conflicts of interest over the API: `/api/v1/conflicts`. Same rules as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema, Status

from integritas.accounts.permissions import grant
from integritas.api.api import tenant_scope
from integritas.api.auth import require_perm
from integritas.conflicts import selectors, services
from integritas.conflicts.models import (
    CatalogueEntry,
    ConflictKind,
    Declaration,
    Evaluation,
    Relation,
    SubjectKind,
)
from integritas.core.errors import NotFound
from integritas.people.models import Employee
from integritas.tenancy.models import Unit

router = Router(tags=["conflicts"])

KindCode = Literal[tuple(ConflictKind.values)]
SubjectKindCode = Literal[tuple(SubjectKind.values)]
RelationCode = Literal[tuple(Relation.values)]
StatusCode = Literal[tuple(Declaration.Status.values)]
PeriodCode = Literal[tuple(Evaluation.Period.values)]


class PartyIn(Schema):
    name: str = Field(max_length=200)
    relation: RelationCode


class DeclarationIn(Schema):
    kind: KindCode
    conflict_type: str = Field(max_length=60, description="A code of GET /catalogue (type)")
    source: str = Field(max_length=60, description="A code of GET /catalogue (source)")
    subject_kind: SubjectKindCode
    subject_ref: str = Field("", max_length=120)
    subject_unit_id: int | None = None
    description: str = Field(max_length=5000)
    parties: list[PartyIn] = Field(default_factory=list, max_length=20)
    declarant_id: int | None = Field(None, description="Your own employee id, if given; "
                                                       "nobody declares for someone else")


class DecisionIn(Schema):
    is_real: bool
    impact: str = Field(max_length=5000)
    measure: str = Field(max_length=60, description="A code of GET /catalogue (measure)")
    reasons: str = Field(max_length=5000)


class PartyOut(Schema):
    name: str
    relation: RelationCode


class DecisionOut(Schema):
    decided_by_id: int
    decided_by_name: str
    decided_on: dt.date
    is_real: bool
    impact: str
    measure: str
    measure_label: str
    reasons: str
    on_time: bool


class DeclarationOut(Schema):
    id: int
    number: str
    declarant_id: int
    declarant_name: str
    position_title: str
    unit_id: int
    opd_id: int
    kind: KindCode
    conflict_type: str
    conflict_type_label: str
    source: str
    subject_kind: SubjectKindCode
    subject_ref: str
    subject_unit_id: int | None
    description: str
    declared_on: dt.date
    due_on: dt.date
    status: StatusCode
    escalated: bool
    parties: list[PartyOut]
    decision: DecisionOut | None


class DeclarationPage(Schema):
    count: int
    items: list[DeclarationOut]


class Paging(Schema):
    page: int = Field(1, ge=1)
    page_size: int = Field(50, ge=1, le=500)


class RegisterFilters(Paging):
    opd: int | None = None
    conflict_type: str | None = None
    kind: KindCode | None = None
    status: StatusCode | None = None
    year: int | None = Field(None, ge=2000, le=2100)


class CatalogueOut(Schema):
    kind: str
    code: str
    label: str
    source: str
    confidence: str
    means_no_conflict: bool


class RiskRowOut(Schema):
    unit_id: int
    unit_name: str
    position_title: str
    conflict_type: str
    conflict_type_label: str
    declarations: int
    actual: int
    level: Literal["rendah", "sedang", "tinggi"]


class EvaluationIn(Schema):
    year: int
    period: PeriodCode
    findings: str = Field(max_length=5000)
    follow_ups: str = Field(max_length=5000)


class EvaluationOut(Schema):
    id: int
    year: int
    period: PeriodCode
    starts_on: dt.date
    ends_on: dt.date
    figures: dict
    findings: str
    follow_ups: str


class StatementOut(Schema):
    campaign_id: int
    year: int
    employee_id: int


# --- Reference -----------------------------------------------------------------------------------

@router.get("/catalogue", response=list[CatalogueOut],
            summary="Types, sources and control measures (versioned library data)")
def catalogue(request):
    require_perm(request, "conflicts.declare")
    return [{"kind": e.kind, "code": e.code, "label": e.label, "source": e.source,
             "confidence": e.confidence, "means_no_conflict": e.means_no_conflict}
            for e in CatalogueEntry.objects.all()]


# --- Declarations --------------------------------------------------------------------------------

@router.post("/declarations", response={201: DeclarationOut},
             summary="Declare a conflict of one's own")
def create_declaration(request, payload: DeclarationIn):
    require_perm(request, "conflicts.declare")
    with tenant_scope(request):
        tenant = request.tenant
        values = payload.dict()
        declarant_id = values.pop("declarant_id")
        values["declarant"] = _employee(tenant, declarant_id) if declarant_id else None
        values["subject_unit"] = _unit(tenant, values.pop("subject_unit_id"))
        values["parties"] = [(p["name"], p["relation"]) for p in values["parties"]]
        declaration = services.declare(tenant, request.user, **values)
        return Status(201, _declaration(_reload(tenant, request, declaration.pk)))


@router.get("/declarations", response=DeclarationPage,
            summary="The register, as far as the token's role covers it")
def list_declarations(request, filters: Query[RegisterFilters]):
    grant = require_perm(request, "conflicts.view")
    with tenant_scope(request):
        rows = selectors.register(request.tenant, grant)
        for name, lookup in (("opd", "opd_id"), ("conflict_type", "conflict_type__code"),
                             ("kind", "kind"), ("status", "status"),
                             ("year", "declared_on__year")):
            value = getattr(filters, name)
            if value is not None:
                rows = rows.filter(**{lookup: value})
        return _page(rows.order_by("-declared_on", "-pk"), filters)


@router.get("/declarations/mine", response=DeclarationPage, summary="One's own declarations")
def my_declarations(request, filters: Query[Paging]):
    require_perm(request, "conflicts.declare")
    with tenant_scope(request):
        return _page(selectors.own_declarations(request.tenant, request.user), filters)


@router.get("/declarations/to-decide", response=DeclarationPage,
            summary="Suspended declarations the token's user may decide")
def to_decide(request, filters: Query[Paging]):
    require_perm(request, "conflicts.declare")
    with tenant_scope(request):
        return _page(selectors.declarations_to_decide(request.tenant, request.user), filters)


@router.get("/declarations/{int:declaration_id}", response=DeclarationOut)
def get_declaration(request, declaration_id: int):
    require_perm(request, "conflicts.declare")
    with tenant_scope(request):
        return _declaration(_reload(request.tenant, request, declaration_id))


@router.post("/declarations/{int:declaration_id}/withdraw", response=DeclarationOut,
             summary="The declarant withdraws a declaration before it is decided")
def withdraw(request, declaration_id: int):
    require_perm(request, "conflicts.declare")
    with tenant_scope(request):
        declaration = _reload(request.tenant, request, declaration_id)
        services.withdraw(request.tenant, request.user, declaration)
        return _declaration(_reload(request.tenant, request, declaration_id))


@router.post("/declarations/{int:declaration_id}/decision", response={201: DeclarationOut},
             summary="The superior's or COI officer's decision")
def decide(request, declaration_id: int, payload: DecisionIn):
    require_perm(request, "conflicts.declare")
    with tenant_scope(request):
        declaration = _reload(request.tenant, request, declaration_id)
        services.decide(request.tenant, request.user, declaration, **payload.dict())
        return Status(201, _declaration(_reload(request.tenant, request, declaration_id)))


# --- Risk map, campaigns, evaluations ------------------------------------------------------------

@router.get("/risk-map", response=list[RiskRowOut], summary="The COI risk map per position")
def risk_map(request):
    grant = require_perm(request, "conflicts.view")
    with tenant_scope(request):
        return selectors.coi_risk_map(request.tenant, grant)


@router.post("/campaigns/{int:campaign_id}/nil-statement", response={201: StatementOut},
             summary="File \"nothing to declare\" for the campaign's year")
def nil_statement(request, campaign_id: int):
    require_perm(request, "conflicts.declare")
    with tenant_scope(request):
        campaign = selectors.campaign_for(request.tenant, campaign_id)
        statement = services.file_nil_statement(request.tenant, request.user, campaign)
        return Status(201, {"campaign_id": campaign.pk, "year": campaign.year,
                            "employee_id": statement.employee_id})


@router.get("/evaluations", response=list[EvaluationOut])
def list_evaluations(request):
    require_perm(request, "conflicts.view")
    with tenant_scope(request):
        return [_evaluation(e) for e in selectors.evaluations(request.tenant)]


@router.post("/evaluations", response={201: EvaluationOut})
def create_evaluation(request, payload: EvaluationIn):
    require_perm(request, "conflicts.manage")
    with tenant_scope(request):
        return Status(201, _evaluation(services.create_evaluation(
            request.tenant, request.user, **payload.dict())))


@router.get("/evaluations/{int:evaluation_id}", response=EvaluationOut)
def get_evaluation(request, evaluation_id: int):
    require_perm(request, "conflicts.view")
    with tenant_scope(request):
        return _evaluation(selectors.evaluation_for(request.tenant, evaluation_id))


# --- Helpers -------------------------------------------------------------------------------------

def _reload(tenant, request, pk: int) -> Declaration:
    return selectors.declaration_for(tenant, request.user,
                                     grant(request.memberships, "conflicts.view"), pk)


def _employee(tenant, pk: int) -> Employee:
    employee = Employee.objects.filter(tenant=tenant, pk=pk).first()
    if employee is None:
        raise NotFound("coi_employee_not_found", _("The employee does not exist."),
                       field="declarant_id")
    return employee


def _unit(tenant, pk: int | None) -> Unit | None:
    if pk is None:
        return None
    unit = Unit.objects.filter(tenant=tenant, pk=pk).first()
    if unit is None:
        raise NotFound("coi_unit_not_found", _("The unit does not exist."),
                       field="subject_unit_id")
    return unit


def _page(rows, paging: Paging) -> dict:
    start = (paging.page - 1) * paging.page_size
    items = list(rows.prefetch_related("parties")[start:start + paging.page_size])
    return {"count": rows.count(), "items": [_declaration(d) for d in items]}


def _declaration(d: Declaration) -> dict:
    decision = d.decision if d.status == Declaration.Status.DECIDED else None
    return {
        "id": d.pk, "number": d.number, "declarant_id": d.declarant_id,
        "declarant_name": d.declarant.name, "position_title": d.position_title,
        "unit_id": d.unit_id, "opd_id": d.opd_id, "kind": d.kind,
        "conflict_type": d.conflict_type.code, "conflict_type_label": d.conflict_type.label,
        "source": d.source.code, "subject_kind": d.subject_kind, "subject_ref": d.subject_ref,
        "subject_unit_id": d.subject_unit_id, "description": d.description,
        "declared_on": d.declared_on, "due_on": d.due_on, "status": d.status,
        "escalated": d.escalated_at is not None,
        "parties": [{"name": p.name, "relation": p.relation} for p in d.parties.all()],
        "decision": None if decision is None else {
            "decided_by_id": decision.decided_by_id,
            "decided_by_name": decision.decided_by.name, "decided_on": decision.decided_on,
            "is_real": decision.is_real, "impact": decision.impact,
            "measure": decision.measure.code, "measure_label": decision.measure.label,
            "reasons": decision.reasons, "on_time": decision.on_time,
        },
    }


def _evaluation(e: Evaluation) -> dict:
    return {"id": e.pk, "year": e.year, "period": e.period, "starts_on": e.starts_on,
            "ends_on": e.ends_on, "figures": e.figures, "findings": e.findings,
            "follow_ups": e.follow_ups}
