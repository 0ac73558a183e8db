"""Risk registers, the matrix, the heat map, activities and SPIP maturity over the API:
`/api/v1/risk`. Same rules as the pages; scores and scales are checked by the services, so a
likelihood of 6 answers with the coded error `risk_scale_invalid`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Field, Query, Router, Schema, Status

from integritas.api.api import tenant_scope
from integritas.api.auth import require_perm
from integritas.core.errors import DomainError
from integritas.risk import reference, selectors, services
from integritas.risk.models import Activity, Level, Monitoring, Register

router = Router(tags=["risk"])


# --- Schemas -----------------------------------------------------------------------------------

class BandSchema(Schema):
    code: str = Field(max_length=30)
    label: str = Field(max_length=60)
    min: int
    max: int
    colour: str = Field(description="blue, green, yellow, orange or red")
    rtp_required: bool = False


class MatrixSchema(Schema):
    cells: dict[str, list[int | None]] = Field(
        description='Scores per likelihood "1".."5", each a list for impact 1..5')
    bands: list[BandSchema]


class MatrixOut(MatrixSchema):
    own: bool = Field(description="True when the Pemda configured its own matrix")


class MatrixIn(MatrixSchema):
    note: str = Field("", max_length=300)


class RegisterIn(Schema):
    unit_id: int
    year: int
    level: str = Field(description=f"One of {', '.join(Level.values)}")
    goal: str = Field(max_length=500)
    goal_indicator: str = Field("", max_length=500)
    appetite: int = Field(description="Risks scoring above it need an RTP")


class RegisterOut(Schema):
    id: int
    unit_id: int
    unit_name: str
    year: int
    level: str
    goal: str
    goal_indicator: str
    appetite: int
    status: str
    review_note: str
    submitted_at: dt.datetime | None
    reviewed_at: dt.datetime | None


class RegisterPage(Schema):
    count: int
    items: list[RegisterOut]


class ReviewIn(Schema):
    accept: bool
    note: str = Field("", max_length=5000)


class RiskIn(Schema):
    code: str = Field("", max_length=30)
    activity_id: int | None = None
    statement: str = Field(max_length=500)
    category: str
    source: str
    cause: str = Field(max_length=5000)
    consequence: str = Field(max_length=5000)
    controls: str = Field("", max_length=5000)
    control_effectiveness: str
    likelihood: int
    impact: int
    response: str
    residual_likelihood: int | None = None
    residual_impact: int | None = None


class RiskOut(Schema):
    id: int
    register_id: int
    activity_id: int | None
    code: str
    statement: str
    category: str
    source: str
    cause: str
    consequence: str
    controls: str
    control_effectiveness: str
    likelihood: int
    impact: int
    score: int
    level: str
    response: str
    residual_likelihood: int
    residual_impact: int
    residual_score: int
    residual_level: str


class PlanIn(Schema):
    action: str = Field(max_length=500)
    kind: str
    owner: str = Field(max_length=200)
    starts_on: dt.date
    due_on: dt.date
    budget: int = 0
    output_indicator: str = Field(max_length=300)


class PlanOut(PlanIn):
    id: int
    risk_id: int
    completed_on: dt.date | None


class MonitoringIn(Schema):
    quarter: int
    realisation: str = Field(max_length=5000)
    status: str = Field(description=f"One of {', '.join(Monitoring.Status.values)}")
    realisation_pct: int = 0
    risk_events: int = 0
    loss_events: str = Field("", max_length=5000)
    loss_amount: int = 0


class MonitoringOut(MonitoringIn):
    id: int
    risk_id: int


class HeatMapOut(Schema):
    basis: str
    counts: list[list[int]] = Field(description="Rows likelihood 5..1, columns impact 1..5")
    scores: list[list[int]]
    bands: list[list[str]]
    total: int


class HeatMapFilters(Schema):
    year: int | None = None
    unit_id: int | None = None
    fraud: bool = False


class ActivityIn(Schema):
    unit_id: int
    year: int
    name: str = Field(max_length=300)
    program: str = Field("", max_length=300)
    budget: int = 0
    starts_on: dt.date
    ends_on: dt.date


class ActivityOut(ActivityIn):
    id: int
    risks: int
    started_at: dt.datetime | None


class ActivityFilters(Schema):
    year: int | None = None
    without_risks: bool = False


class MaturityItemOut(Schema):
    code: str
    level: int
    evidence: str
    qa_level: int | None
    qa_note: str


class MaturityOut(Schema):
    id: int
    year: int
    status: str
    score: Decimal | None
    level: int | None
    level_name: str
    items: list[MaturityItemOut]


class Paging(Schema):
    page: int = Field(1, ge=1)
    page_size: int = Field(50, ge=1, le=500)


class RegisterFilters(Paging):
    year: int | None = None
    unit_id: int | None = None
    status: str | None = None


# --- Matrix ------------------------------------------------------------------------------------

@router.get("/matrix", response=MatrixOut, summary="The matrix in force (the Pemda's or the "
                                                   "standard one)")
def get_matrix(request):
    require_perm(request, "risk.view")
    with tenant_scope(request):
        matrix = reference.matrix_for(request.tenant)
        own = reference.tenant_matrix_row(request.tenant) is not None
        return {**matrix.as_data(), "own": own}


@router.put("/matrix", response=MatrixOut, summary="Configure the Pemda's own matrix "
                                                   "(validated; every risk is rescored)")
def put_matrix(request, payload: MatrixIn):
    require_perm(request, "risk.configure")
    with tenant_scope(request):
        data = payload.dict()
        services.configure_matrix(request.tenant, request.user, **data)
        return {**reference.matrix_for(request.tenant).as_data(), "own": True}


# --- Registers ---------------------------------------------------------------------------------

@router.get("/registers", response=RegisterPage)
def list_registers(request, filters: Query[RegisterFilters]):
    grant = require_perm(request, "risk.view")
    with tenant_scope(request):
        rows = selectors.registers_for(request.tenant, grant)
        for name, lookup in (("year", "year"), ("unit_id", "unit_id"), ("status", "status")):
            if getattr(filters, name) is not None:
                rows = rows.filter(**{lookup: getattr(filters, name)})
        start = (filters.page - 1) * filters.page_size
        return {"count": rows.count(),
                "items": [_register(r) for r in rows[start:start + filters.page_size]]}


@router.post("/registers", response={201: RegisterOut})
def create_register(request, payload: RegisterIn):
    grant = require_perm(request, "risk.edit")
    with tenant_scope(request):
        values = payload.dict()
        values["unit"] = selectors.unit_for(request.tenant, grant, values.pop("unit_id"))
        return Status(201, _register(services.create_register(request.tenant, request.user,
                                                              **values)))


@router.get("/registers/{int:register_id}", response=RegisterOut)
def get_register(request, register_id: int):
    grant = require_perm(request, "risk.view")
    with tenant_scope(request):
        return _register(selectors.register_for(request.tenant, grant, register_id))


@router.post("/registers/{int:register_id}/submit", response=RegisterOut,
             summary="Submit to the Inspektorat (refused while a risk over appetite has no RTP)")
def submit_register(request, register_id: int):
    grant = require_perm(request, "risk.edit")
    with tenant_scope(request):
        register = selectors.register_for(request.tenant, grant, register_id)
        return _register(services.submit_register(request.tenant, request.user, register))


@router.post("/registers/{int:register_id}/review", response=RegisterOut,
             summary="Mark reviewed, or return with a note")
def review_register(request, register_id: int, payload: ReviewIn):
    grant = require_perm(request, "risk.review")
    with tenant_scope(request):
        register = selectors.register_for(request.tenant, grant, register_id)
        return _register(services.review_register(request.tenant, request.user, register,
                                                  **payload.dict()))


@router.get("/registers/{int:register_id}/risks", response=list[RiskOut])
def list_register_risks(request, register_id: int):
    grant = require_perm(request, "risk.view")
    with tenant_scope(request):
        register = selectors.register_for(request.tenant, grant, register_id)
        return [r for r in register.risks.all()]


@router.post("/registers/{int:register_id}/risks", response={201: RiskOut})
def add_risk(request, register_id: int, payload: RiskIn):
    grant = require_perm(request, "risk.edit")
    with tenant_scope(request):
        register = selectors.register_for(request.tenant, grant, register_id)
        values = payload.dict()
        activity_id = values.pop("activity_id")
        values["activity"] = (selectors.activity_for(request.tenant, grant, activity_id)
                              if activity_id else None)
        return Status(201, services.add_risk(request.tenant, request.user, register, **values))


# --- Risks: plans and monitoring ---------------------------------------------------------------

@router.get("/risks/{int:risk_id}", response=RiskOut)
def get_risk(request, risk_id: int):
    grant = require_perm(request, "risk.view")
    with tenant_scope(request):
        return selectors.risk_for(request.tenant, grant, risk_id)


@router.get("/risks/{int:risk_id}/plans", response=list[PlanOut])
def list_plans(request, risk_id: int):
    grant = require_perm(request, "risk.view")
    with tenant_scope(request):
        return list(selectors.risk_for(request.tenant, grant, risk_id).plans.all())


@router.post("/risks/{int:risk_id}/plans", response={201: PlanOut},
             summary="Add a treatment plan (RTP)")
def add_plan(request, risk_id: int, payload: PlanIn):
    grant = require_perm(request, "risk.edit")
    with tenant_scope(request):
        risk = selectors.risk_for(request.tenant, grant, risk_id)
        return Status(201, services.add_plan(request.tenant, request.user, risk,
                                             **payload.dict()))


@router.post("/plans/{int:plan_id}/complete", response=PlanOut)
def complete_plan(request, plan_id: int):
    grant = require_perm(request, "risk.edit")
    with tenant_scope(request):
        plan = selectors.plan_for(request.tenant, grant, plan_id)
        return services.complete_plan(request.tenant, request.user, plan)


@router.get("/plans/overdue", response=list[PlanOut], summary="RTPs past due and not done")
def overdue_plans(request):
    grant = require_perm(request, "risk.view")
    with tenant_scope(request):
        return list(selectors.overdue_plans(request.tenant, grant)[:1000])


@router.get("/risks/{int:risk_id}/monitoring", response=list[MonitoringOut])
def list_monitoring(request, risk_id: int):
    grant = require_perm(request, "risk.view")
    with tenant_scope(request):
        return list(selectors.risk_for(request.tenant, grant, risk_id).monitoring.all())


@router.post("/risks/{int:risk_id}/monitoring", response={201: MonitoringOut},
             summary="Record a quarter (refused for a quarter not yet begun)")
def record_monitoring(request, risk_id: int, payload: MonitoringIn):
    grant = require_perm(request, "risk.edit")
    with tenant_scope(request):
        risk = selectors.risk_for(request.tenant, grant, risk_id)
        return Status(201, services.record_monitoring(request.tenant, request.user, risk,
                                                      **payload.dict()))


# --- Heat map ----------------------------------------------------------------------------------

@router.get("/heatmap", response=list[HeatMapOut],
            summary="5×5 counts, inherent and residual, for the Pemda or one UPR")
def heatmap(request, filters: Query[HeatMapFilters]):
    grant = require_perm(request, "risk.view")
    with tenant_scope(request):
        tenant = request.tenant
        matrix = reference.matrix_for(tenant)
        risks = selectors.risks_for(tenant, grant)
        if filters.year is not None:
            risks = risks.filter(register__year=filters.year)
        if filters.unit_id is not None:
            risks = risks.filter(register__unit_id=filters.unit_id)
        if filters.fraud:
            risks = risks.filter(category__in=reference.vocabulary().fraud_categories)
        return [{"basis": m.basis, "total": m.total,
                 "counts": [[c.count for c in row] for row in m.rows],
                 "scores": [[c.score for c in row] for row in m.rows],
                 "bands": [[c.band.code for c in row] for row in m.rows]}
                for m in selectors.heat_maps(tenant, risks, matrix)]


# --- Activities --------------------------------------------------------------------------------

@router.get("/activities", response=list[ActivityOut])
def list_activities(request, filters: Query[ActivityFilters]):
    grant = require_perm(request, "risk.view")
    with tenant_scope(request):
        rows = selectors.activities_for(request.tenant, grant)
        if filters.year is not None:
            rows = rows.filter(year=filters.year)
        if filters.without_risks:
            rows = rows.filter(risk_count=0)
        return [_activity(a) for a in rows[:5000]]


@router.post("/activities", response={201: ActivityOut})
def create_activity(request, payload: ActivityIn):
    grant = require_perm(request, "risk.edit")
    with tenant_scope(request):
        values = payload.dict()
        values["unit"] = selectors.unit_for(request.tenant, grant, values.pop("unit_id"))
        activity = services.create_activity(request.tenant, request.user, **values)
        return Status(201, _activity(selectors.activity_for(request.tenant, grant,
                                                            activity.pk)))


@router.post("/activities/{int:activity_id}/start", response=ActivityOut,
             summary="Mark started (refused until a risk is mapped to it)")
def start_activity(request, activity_id: int):
    grant = require_perm(request, "risk.edit")
    with tenant_scope(request):
        activity = selectors.activity_for(request.tenant, grant, activity_id)
        services.start_activity(request.tenant, request.user, activity)
        return _activity(selectors.activity_for(request.tenant, grant, activity_id))


# --- SPIP maturity -----------------------------------------------------------------------------

@router.get("/maturity", response=list[MaturityOut], summary="SPIP maturity by year")
def list_maturity(request):
    require_perm(request, "risk.view")
    with tenant_scope(request):
        return [_maturity(a) for a in selectors.assessments(request.tenant)
                .prefetch_related("items")]


# --- Mapping -----------------------------------------------------------------------------------

def _register(register: Register) -> dict:
    return {**{f: getattr(register, f) for f in (
        "id", "unit_id", "year", "level", "goal", "goal_indicator", "appetite", "status",
        "review_note", "submitted_at", "reviewed_at")}, "unit_name": register.unit.name}


def _activity(activity: Activity) -> dict:
    return {**{f: getattr(activity, f) for f in (
        "id", "unit_id", "year", "name", "program", "budget", "starts_on", "ends_on",
        "started_at")}, "risks": getattr(activity, "risk_count", 0)}


def _maturity(assessment) -> dict:
    try:
        levels = reference.maturity_levels(dt.date(assessment.year, 12, 31))
    except DomainError:
        levels = []
    return {"id": assessment.pk, "year": assessment.year, "status": assessment.status,
            "score": assessment.score, "level": assessment.level,
            "level_name": reference.maturity_level_name(assessment.level, levels),
            "items": list(assessment.items.all())}

