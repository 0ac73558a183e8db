"""Zona Integritas over the API (`/api/v1/zi`, shared with the LKE engine's `/score` and
`/frameworks`): programmes, their status, team and work plan; assessments, answers, TPI/TPN
evaluations, scores, eligibility and the ranking. Same rules as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema, Status

from integritas.accounts.permissions import has_perm
from integritas.api.api import tenant_scope
from integritas.api.auth import require_perm
from integritas.core.errors import NotFound
from integritas.lke.eligibility import improvement_candidates, verdict
from integritas.lke.selectors import parsed, rules_for
from integritas.people.models import Employee
from integritas.tenancy.models import Unit
from integritas.tenancy.selectors import unit_paths_q
from integritas.zi import assessment as lke
from integritas.zi import assessment_selectors, selectors, services
from integritas.zi.live_data import instansi_prerequisites
from integritas.zi.models import Predicate, TeamRole, ZiActivity, ZiProgramme

router = Router(tags=["zi"])

StatusCode = Literal[tuple(ZiProgramme.Status.values)]
ActionCode = Literal[tuple(services.ACTIONS)]
RoleCode = Literal[tuple(TeamRole.values)]
ActivityStatusCode = Literal[tuple(ZiActivity.Status.values)]
StageCode = Literal["tpi", "tpn"]


class Person(Schema):
    name: str = Field(max_length=200)
    position: str = Field("", max_length=200)


class ProgrammeIn(Schema):
    unit_id: int
    declared_on: dt.date
    place: str = Field(max_length=200)
    signers: list[Person] = Field(default_factory=list, max_length=20)
    witnesses: list[Person] = Field(default_factory=list, max_length=20)


class ProgrammeOut(Schema):
    id: int
    unit_id: int
    unit_name: str
    declared_on: dt.date
    place: str
    signers: list[Person]
    witnesses: list[Person]
    status: StatusCode
    predicate: str | None
    predicate_year: int | None
    team_decree_number: str
    team_decree_date: dt.date | None
    commitment_document_id: str
    has_commitment: bool


class TransitionIn(Schema):
    action: ActionCode
    year: int = Field(ge=2000, le=2100)
    on: dt.date | None = None
    note: str = Field("", max_length=2000)


class StatusChangeOut(Schema):
    year: int
    source: str
    target: str
    occurred_on: dt.date
    note: str


class TeamMemberIn(Schema):
    employee_id: int
    role: RoleCode
    area: int | None = Field(None, ge=1, le=6)


class TeamMemberOut(Schema):
    id: int
    employee_id: int
    name: str
    position_title: str
    role: RoleCode
    area: int | None


class ActivityIn(Schema):
    year: int = Field(ge=2000, le=2100)
    area: int = Field(ge=1, le=6)
    title: str = Field(max_length=300)
    due_on: dt.date
    owner_id: int | None = None
    note: str = Field("", max_length=2000)


class ProgressIn(Schema):
    progress: int = Field(ge=0, le=100)
    status: ActivityStatusCode | None = None
    note: str | None = Field(None, max_length=2000)


class ActivityOut(Schema):
    id: int
    year: int
    area: int
    title: str
    owner_id: int | None
    due_on: dt.date
    status: ActivityStatusCode
    progress: int
    note: str


class AssessmentIn(Schema):
    year: int = Field(ge=2000, le=2100)


class AssessmentOut(Schema):
    id: int
    programme_id: int
    unit_id: int
    unit_name: str
    year: int
    framework: str
    unit_total: str
    tpi_total: str | None
    tpn_total: str | None
    ranking_total: str
    ranking_source: str
    eligible_wbk: bool
    eligible_wbbm: bool
    item_count: int
    answered: int
    evaluated: int
    returned: int


class AnswerValue(Schema):
    value: str | float | None = Field(None, description='"Ya"/"Tidak", "A"–"E" or a number')
    note: str | None = Field(None, max_length=5000)


class AnswersIn(Schema):
    answers: dict[str, AnswerValue] = Field(description="{item_code: {value, note}}")


class EvaluationIn(AnswersIn):
    stage: StageCode = "tpi"


class SendBackIn(Schema):
    note: str = Field(max_length=5000)


class AnswerOut(Schema):
    item_code: str
    unit_value: str
    unit_note: str
    tpi_value: str
    tpi_note: str
    tpn_value: str
    tpn_note: str
    needs_correction: bool
    correction_note: str


class RankingFilters(Schema):
    year: int = Field(ge=2000, le=2100)
    page: int = Field(1, ge=1)
    page_size: int = Field(100, ge=1, le=500)


class RankingPage(Schema):
    count: int
    items: list[AssessmentOut]


# --- Programmes --------------------------------------------------------------------------------

@router.get("/programmes", response=list[ProgrammeOut], summary="The Pemda's ZI programmes")
def list_programmes(request, status: StatusCode | None = None):
    grant = require_perm(request, "zi.view")
    with tenant_scope(request):
        programmes = selectors.programmes_for(request.tenant, grant)
        if status:
            programmes = programmes.filter(status=status)
        return [_programme(p) for p in programmes.order_by("unit__path")]


@router.post("/programmes", response={201: ProgrammeOut}, summary="Declare Zona Integritas "
             "(pencanangan) in a unit")
def declare_programme(request, payload: ProgrammeIn):
    grant = require_perm(request, "zi.manage")
    with tenant_scope(request):
        unit = (Unit.objects.filter(tenant=request.tenant, pk=payload.unit_id)
                .filter(unit_paths_q(grant)).first())
        if unit is None:
            raise NotFound("zi_unit_not_found", _("The unit does not exist."), field="unit_id")
        values = payload.dict(exclude={"unit_id"})
        return Status(201, _programme(services.declare_programme(
            request.tenant, request.user, unit=unit, **values)))


@router.get("/programmes/{int:programme_id}", response=ProgrammeOut)
def get_programme(request, programme_id: int):
    grant = require_perm(request, "zi.view")
    with tenant_scope(request):
        return _programme(selectors.programme_for(request.tenant, grant, programme_id))


@router.post("/programmes/{int:programme_id}/transitions", response=ProgrammeOut,
             summary="Move the programme one step (REFERENCE §1.2)")
def move_programme(request, programme_id: int, payload: TransitionIn):
    grant = require_perm(request, "zi.manage")
    with tenant_scope(request):
        programme = selectors.programme_for(request.tenant, grant, programme_id)
        return _programme(services.move_programme(request.tenant, request.user, programme,
                                                  **payload.dict()))


@router.get("/programmes/{int:programme_id}/history", response=list[StatusChangeOut])
def programme_history(request, programme_id: int):
    grant = require_perm(request, "zi.view")
    with tenant_scope(request):
        programme = selectors.programme_for(request.tenant, grant, programme_id)
        return list(selectors.history_of(programme).values(
            "year", "source", "target", "occurred_on", "note"))


@router.get("/programmes/{int:programme_id}/team", response=list[TeamMemberOut])
def list_team(request, programme_id: int):
    grant = require_perm(request, "zi.view")
    with tenant_scope(request):
        programme = selectors.programme_for(request.tenant, grant, programme_id)
        return [_member(m) for m in selectors.team_of(programme)]


@router.post("/programmes/{int:programme_id}/team", response={201: TeamMemberOut})
def add_team_member(request, programme_id: int, payload: TeamMemberIn):
    grant = require_perm(request, "zi.manage")
    with tenant_scope(request):
        programme = selectors.programme_for(request.tenant, grant, programme_id)
        employee = _employee(request.tenant, payload.employee_id, "employee_id")
        return Status(201, _member(services.add_team_member(
            request.tenant, request.user, programme, employee=employee, role=payload.role,
            area=payload.area)))


@router.get("/programmes/{int:programme_id}/activities", response=list[ActivityOut])
def list_activities(request, programme_id: int, year: int | None = None):
    grant = require_perm(request, "zi.view")
    with tenant_scope(request):
        programme = selectors.programme_for(request.tenant, grant, programme_id)
        return [_activity(a) for a in selectors.activities_of(programme, year)]


@router.post("/programmes/{int:programme_id}/activities", response={201: ActivityOut})
def add_activity(request, programme_id: int, payload: ActivityIn):
    grant = require_perm(request, "zi.manage")
    with tenant_scope(request):
        programme = selectors.programme_for(request.tenant, grant, programme_id)
        values = payload.dict(exclude={"owner_id"})
        owner = (_employee(request.tenant, payload.owner_id, "owner_id")
                 if payload.owner_id is not None else None)
        return Status(201, _activity(services.add_activity(
            request.tenant, request.user, programme, owner=owner, **values)))


@router.post("/programmes/{int:programme_id}/activities/{int:activity_id}/progress",
             response=ActivityOut, summary="Report an activity's progress (monitoring)")
def report_progress(request, programme_id: int, activity_id: int, payload: ProgressIn):
    grant = require_perm(request, "zi.manage")
    with tenant_scope(request):
        programme = selectors.programme_for(request.tenant, grant, programme_id)
        activity = selectors.activity_for(programme, activity_id)
        return _activity(services.report_activity_progress(request.tenant, request.user,
                                                           activity, **payload.dict()))


# --- Assessments -------------------------------------------------------------------------------

@router.get("/assessments", response=list[AssessmentOut])
def list_assessments(request, year: int | None = None, programme_id: int | None = None):
    grant = require_perm(request, "zi.view")
    with tenant_scope(request):
        rows = assessment_selectors.assessments_for(request.tenant, grant)
        if year is not None:
            rows = rows.filter(year=year)
        if programme_id is not None:
            rows = rows.filter(programme_id=programme_id)
        return [_assessment(a) for a in rows.order_by("-year", "unit__path")]


@router.post("/programmes/{int:programme_id}/assessments", response={201: AssessmentOut},
             summary="Start the unit's LKE for a year, on the framework in force")
def start_assessment(request, programme_id: int, payload: AssessmentIn):
    grant = require_perm(request, "zi.assess")
    with tenant_scope(request):
        programme = selectors.programme_for(request.tenant, grant, programme_id)
        return Status(201, _assessment(lke.start_assessment(request.tenant, request.user,
                                                            programme, year=payload.year)))


@router.get("/assessments/{int:assessment_id}", response=AssessmentOut)
def get_assessment(request, assessment_id: int):
    with tenant_scope(request):
        return _assessment(_own_assessment(request, assessment_id, "zi.view"))


@router.get("/assessments/{int:assessment_id}/answers", response=list[AnswerOut])
def list_answers(request, assessment_id: int):
    with tenant_scope(request):
        assessment = _own_assessment(request, assessment_id, "zi.view")
        return [_answer(a) for a in assessment_selectors.answers_by_code(assessment).values()]


@router.post("/assessments/{int:assessment_id}/answers", response=AssessmentOut,
             summary="The unit's answers and notes, any number of items at once (all or "
                     "nothing; errors list each item)")
def answer_items(request, assessment_id: int, payload: AnswersIn):
    with tenant_scope(request):
        assessment = _own_assessment(request, assessment_id, "zi.assess")
        return _assessment(lke.answer_items(request.tenant, request.user, assessment,
                                            _entries(payload)))


@router.post("/assessments/{int:assessment_id}/evaluations", response=AssessmentOut,
             summary="The TPI's (or TPN's) values and notes per item")
def evaluate_items(request, assessment_id: int, payload: EvaluationIn):
    with tenant_scope(request):
        assessment = _own_assessment(request, assessment_id, "zi.evaluate")
        return _assessment(lke.evaluate_items(request.tenant, request.user, assessment,
                                              _entries(payload), stage=payload.stage))


@router.post("/assessments/{int:assessment_id}/items/{item_code}/send-back",
             response=AnswerOut, summary="Send an item back to the unit for correction")
def send_back(request, assessment_id: int, item_code: str, payload: SendBackIn):
    with tenant_scope(request):
        assessment = _own_assessment(request, assessment_id, "zi.evaluate")
        return _answer(lke.send_back(request.tenant, request.user, assessment, item_code,
                                     note=payload.note))


@router.get("/assessments/{int:assessment_id}/scores",
            summary="Every node's weight, score and percent for the unit, TPI and TPN values")
def assessment_scores(request, assessment_id: int):
    with tenant_scope(request):
        assessment = _own_assessment(request, assessment_id, "zi.view")
        return {kind: {key: value for key, value in result.items() if key != "values"}
                for kind, result in assessment.scores.items()}


@router.get("/assessments/{int:assessment_id}/eligibility",
            summary="The WBK and WBBM conditions with the gap to each, on the latest values")
def assessment_eligibility(request, assessment_id: int):
    with tenant_scope(request):
        assessment = _own_assessment(request, assessment_id, "zi.view")
        framework = parsed(assessment.framework)
        result = lke.results_of(assessment, framework)[assessment.ranking_source]
        prerequisites = instansi_prerequisites(request.tenant, assessment.year)
        has_wbk = assessment.programme.predicate in (Predicate.WBK, Predicate.WBBM)
        rules = rules_for(framework)
        return {"values": assessment.ranking_source,
                "verdicts": {predicate: verdict(result, predicate=predicate, has_wbk=has_wbk,
                                                prerequisites=prerequisites, rules=rules,
                                                framework=framework).to_dict()
                             for predicate in ("wbk", "wbbm")}}


@router.get("/assessments/{int:assessment_id}/improvements",
            summary="What would it take: the items that raise the score most, per area")
def assessment_improvements(request, assessment_id: int, limit: int = Query(5, ge=1, le=50)):
    with tenant_scope(request):
        assessment = _own_assessment(request, assessment_id, "zi.view")
        framework = parsed(assessment.framework)
        kind = assessment.ranking_source
        given = {code: getattr(answer, f"{kind}_value")
                 for code, answer in assessment_selectors.answers_by_code(assessment).items()
                 if getattr(answer, f"{kind}_value") and framework.has_item(code)}
        return [{"item_code": c.item_code, "node_code": c.node_code, "area": c.area,
                 "text": c.text, "current": _text(c.current), "gain": str(c.gain),
                 "next_answer": c.next_answer, "next_gain": _text(c.next_gain)}
                for c in improvement_candidates(framework, given, limit=limit)]


@router.get("/ranking", response=RankingPage, summary="The Pemda's units by their LKE score of "
            "a year (TPN, else TPI, else the unit's value)")
def ranking(request, filters: Query[RankingFilters]):
    grant = require_perm(request, "zi.view")
    with tenant_scope(request):
        rows = assessment_selectors.ranking(request.tenant, grant, filters.year)
        start = (filters.page - 1) * filters.page_size
        return {"count": rows.count(),
                "items": [_assessment(a) for a in rows[start:start + filters.page_size]]}


# --- Shared ------------------------------------------------------------------------------------

def _own_assessment(request, assessment_id: int, permission: str):
    grant = require_perm(request, permission)
    assessment = (assessment_selectors.assessments_for(request.tenant, grant)
                  .filter(pk=assessment_id).first())
    if assessment is None:
        raise NotFound("zi_assessment_not_found", _("The self-assessment does not exist."))
    if has_perm(request.memberships, "zi.evaluate"):
        lke.ensure_not_conflicted(request.tenant, request.user, assessment)
    return assessment


def _employee(tenant, employee_id: int, field: str) -> Employee:
    employee = Employee.objects.filter(tenant=tenant, pk=employee_id).first()
    if employee is None:
        raise NotFound("zi_employee_not_found", _("The employee does not exist."), field=field)
    return employee


def _entries(payload: AnswersIn) -> dict:
    return {code: {key: ("" if value is None and key == "value" else value)
                   for key, value in entry.dict(exclude_unset=True).items()}
            for code, entry in payload.answers.items()}


def _text(value):
    return str(value) if value is not None else None


def _programme(programme: ZiProgramme) -> dict:
    return {
        "id": programme.pk, "unit_id": programme.unit_id, "unit_name": programme.unit.name,
        "declared_on": programme.declared_on, "place": programme.place,
        "signers": programme.signers, "witnesses": programme.witnesses,
        "status": programme.status, "predicate": programme.predicate or None,
        "predicate_year": programme.predicate_year,
        "team_decree_number": programme.team_decree_number,
        "team_decree_date": programme.team_decree_date,
        "commitment_document_id": programme.commitment_document_id,
        "has_commitment": bool(programme.commitment_pdf or programme.commitment_scan),
    }


def _member(member) -> dict:
    return {"id": member.pk, "employee_id": member.employee_id, "name": member.employee.name,
            "position_title": member.position_title, "role": member.role, "area": member.area}


def _activity(activity) -> dict:
    return {"id": activity.pk, "year": activity.year, "area": activity.area,
            "title": activity.title, "owner_id": activity.owner_id, "due_on": activity.due_on,
            "status": activity.status, "progress": activity.progress, "note": activity.note}


def _assessment(assessment) -> dict:
    return {
        "id": assessment.pk, "programme_id": assessment.programme_id,
        "unit_id": assessment.unit_id, "unit_name": assessment.unit.name,
        "year": assessment.year, "framework": assessment.framework.code,
        "unit_total": str(assessment.unit_total), "tpi_total": _text(assessment.tpi_total),
        "tpn_total": _text(assessment.tpn_total),
        "ranking_total": str(assessment.ranking_total),
        "ranking_source": assessment.ranking_source, "eligible_wbk": assessment.eligible_wbk,
        "eligible_wbbm": assessment.eligible_wbbm, "item_count": assessment.item_count,
        "answered": assessment.answered, "evaluated": assessment.evaluated,
        "returned": assessment.returned,
    }


def _answer(answer) -> dict:
    return {"item_code": answer.item_code, "unit_value": answer.unit_value,
            "unit_note": answer.unit_note, "tpi_value": answer.tpi_value,
            "tpi_note": answer.tpi_note, "tpn_value": answer.tpn_value,
            "tpn_note": answer.tpn_note, "needs_correction": answer.needs_correction,
            "correction_note": answer.correction_note}
