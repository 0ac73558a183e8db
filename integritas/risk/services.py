"""Writes for risk registers, activities, the matrix and the SPIP maturity assessment."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import TransitionNotAllowed

from integritas.audit.services import record
from integritas.core.errors import DomainError
from integritas.core.services import service
from integritas.risk import reference
from integritas.risk.models import (
    Activity,
    Level,
    MaturityAssessment,
    MaturityItem,
    Monitoring,
    Register,
    Risk,
    RiskMatrix,
    TreatmentPlan,
)

RISK_TEXT_FIELDS = ("statement", "cause", "consequence", "controls")
RISK_FIELDS = (*RISK_TEXT_FIELDS, "code", "category", "source", "control_effectiveness",
               "likelihood", "impact", "response", "residual_likelihood", "residual_impact",
               "activity")
QUARTERS = (1, 2, 3, 4)
MATURITY_LEVELS = range(0, 6)


# --- Matrix ------------------------------------------------------------------------------------

@service
def configure_matrix(tenant, actor, *, cells, bands, note: str = "") -> RiskMatrix:
    """The Pemda's own matrix; every risk's score and level is recomputed with it."""
    matrix = reference.build_matrix(cells, bands)
    data = matrix.as_data()
    row = RiskMatrix.objects.create(tenant=tenant, cells=data["cells"], bands=data["bands"],
                                    note=note.strip()[:300], created_by=_user(actor))
    changed = _rescore(tenant, matrix)
    record(tenant, actor, "risk.matrix.configure", row,
           {"bands": [f"{b.code} {b.min}-{b.max}" for b in matrix.bands], "risks_rescored":
            changed})
    return row


def _rescore(tenant, matrix: reference.Matrix) -> int:
    risks = list(Risk.objects.filter(tenant=tenant))
    for risk in risks:
        _score(risk, matrix)
    Risk.objects.bulk_update(risks, ["score", "level", "residual_score", "residual_level"],
                             batch_size=1000)
    return len(risks)


# --- Registers ---------------------------------------------------------------------------------

@service
def create_register(tenant, actor, *, unit, year: int, level: str, goal: str,
                    appetite: int, goal_indicator: str = "") -> Register:
    _check_year(year)
    if level not in Level.values:
        raise DomainError("risk_level_invalid", _("Choose a register level."), field="level")
    if Register.objects.filter(tenant=tenant, unit=unit, year=year, level=level).exists():
        raise DomainError("risk_register_exists",
                          _("%(unit)s already has a register for %(year)s at this level."),
                          field="year", unit=unit.name, year=year)
    register = Register.objects.create(
        tenant=tenant, unit=unit, year=year, level=level, goal=_text(goal, "goal"),
        goal_indicator=goal_indicator.strip(), appetite=_appetite(tenant, appetite))
    record(tenant, actor, "risk.register.create", register,
           {"unit": unit.name, "year": year, "level": level, "appetite": register.appetite})
    return register


@service
def update_register(tenant, actor, register: Register, *, goal: str, appetite: int,
                    goal_indicator: str = "") -> Register:
    _ensure_editable(register)
    before = {"goal": register.goal, "appetite": register.appetite}
    register.goal = _text(goal, "goal")
    register.goal_indicator = goal_indicator.strip()
    register.appetite = _appetite(tenant, appetite)
    register.save(update_fields=["goal", "goal_indicator", "appetite", "updated_at"])
    record(tenant, actor, "risk.register.update", register,
           {k: [v, getattr(register, k)] for k, v in before.items() if v != getattr(register, k)})
    return register


@service
def submit_register(tenant, actor, register: Register) -> Register:
    """Refused while a risk above the UPR's appetite has no RTP, naming every such risk."""
    _ensure_editable(register)
    if not register.risks.exists():
        raise DomainError("risk_register_empty", _("Add at least one risk before submitting."))
    untreated = list(register.risks.filter(score__gt=register.appetite)
                     .annotate(n=Count("plans")).filter(n=0).values_list("code", flat=True))
    if untreated:
        raise DomainError("risk_untreated_over_appetite",
                          _("Risks above the appetite (%(appetite)s) need a treatment plan "
                            "(RTP) first: %(codes)s."),
                          appetite=register.appetite, codes=", ".join(untreated))
    _transition(register, register.submit)
    register.submitted_at = timezone.now()
    register.save(update_fields=["status", "submitted_at", "updated_at"])
    record(tenant, actor, "risk.register.submit", register, {"status": register.status})
    return register


@service
def review_register(tenant, actor, register: Register, *, accept: bool,
                    note: str = "") -> Register:
    """The Inspektorat marks a submitted register reviewed, or returns it with a note."""
    note = note.strip()
    if not accept and not note:
        raise DomainError("risk_return_note_required",
                          _("Say what must change when you return a register."), field="note")
    _transition(register, register.mark_reviewed if accept else register.send_back)
    register.review_note = note
    register.reviewed_by = _user(actor)
    register.reviewed_at = timezone.now()
    register.save(update_fields=["status", "review_note", "reviewed_by", "reviewed_at",
                                 "updated_at"])
    record(tenant, actor, "risk.register.review", register,
           {"status": register.status, "note": note})
    return register


# --- Risks, plans, monitoring ----------------------------------------------------------------

@service
def add_risk(tenant, actor, register: Register, **fields) -> Risk:
    _ensure_editable(register)
    risk = Risk(tenant=tenant, register=register)
    _fill_risk(tenant, risk, fields)
    risk.save()
    record(tenant, actor, "risk.risk.create", risk, _risk_snapshot(risk))
    return risk


@service
def update_risk(tenant, actor, risk: Risk, **fields) -> Risk:
    _ensure_editable(risk.register)
    before = _risk_snapshot(risk)
    _fill_risk(tenant, risk, {**{n: getattr(risk, n) for n in RISK_FIELDS}, **fields})
    risk.save()
    after = _risk_snapshot(risk)
    record(tenant, actor, "risk.risk.update", risk,
           {k: [before[k], v] for k, v in after.items() if before[k] != v})
    return risk


@service
def delete_risk(tenant, actor, risk: Risk) -> None:
    _ensure_editable(risk.register)
    record(tenant, actor, "risk.risk.delete", risk, _risk_snapshot(risk))
    risk.delete()


@service
def add_plan(tenant, actor, risk: Risk, *, action: str, kind: str, owner: str,
             starts_on: dt.date, due_on: dt.date, output_indicator: str,
             budget: int = 0) -> TreatmentPlan:
    _ensure_editable(risk.register)
    _choice(kind, reference.vocabulary().rtp_kinds, "kind")
    if due_on < starts_on:
        raise DomainError("risk_plan_due_before_start",
                          _("The due date (%(due)s) is before the start (%(start)s)."),
                          field="due_on", due=due_on.isoformat(), start=starts_on.isoformat())
    if budget < 0:
        raise DomainError("risk_budget_negative", _("The budget cannot be negative."),
                          field="budget")
    plan = TreatmentPlan.objects.create(
        tenant=tenant, risk=risk, action=_text(action, "action"), kind=kind,
        owner=_text(owner, "owner"), starts_on=starts_on, due_on=due_on, budget=budget,
        output_indicator=_text(output_indicator, "output_indicator"))
    record(tenant, actor, "risk.plan.create", plan,
           {"risk": risk.code, "action": plan.action, "due_on": due_on.isoformat()})
    return plan


@service
def complete_plan(tenant, actor, plan: TreatmentPlan, *, on: dt.date | None = None):
    """An RTP is done (any time: completing one never reopens the register)."""
    if plan.completed_on is not None:
        return plan
    plan.completed_on = on or timezone.localdate()
    plan.save(update_fields=["completed_on", "updated_at"])
    record(tenant, actor, "risk.plan.complete", plan, {"completed_on": plan.completed_on})
    return plan


@service
def record_monitoring(tenant, actor, risk: Risk, *, quarter: int, realisation: str,
                      status: str, realisation_pct: int = 0, risk_events: int = 0,
                      loss_events: str = "", loss_amount: int = 0,
                      today: dt.date | None = None) -> Monitoring:
    """The quarter's monitoring of a risk (a second entry for the quarter replaces the first).
    A quarter that has not begun cannot be reported on."""
    if quarter not in QUARTERS:
        raise DomainError("risk_quarter_invalid", _("The quarter must be 1, 2, 3 or 4."),
                          field="quarter")
    begins = dt.date(risk.register.year, 3 * (quarter - 1) + 1, 1)
    if begins > (today or timezone.localdate()):
        raise DomainError("risk_quarter_not_begun",
                          _("Quarter %(quarter)s of %(year)s has not begun yet (it starts on "
                            "%(begins)s)."), field="quarter", quarter=quarter,
                          year=risk.register.year, begins=begins.isoformat())
    if status not in Monitoring.Status.values:
        raise DomainError("risk_monitoring_status_invalid", _("Choose a status."),
                          field="status")
    if not 0 <= realisation_pct <= 100:
        raise DomainError("risk_percent_invalid", _("The realisation is a percentage 0–100."),
                          field="realisation_pct")
    if risk_events < 0 or loss_amount < 0:
        raise DomainError("risk_events_negative", _("Counts and amounts cannot be negative."),
                          field="risk_events")
    entry, created = Monitoring.objects.update_or_create(
        tenant=tenant, risk=risk, quarter=quarter,
        defaults={"realisation": _text(realisation, "realisation"), "status": status,
                  "realisation_pct": realisation_pct, "risk_events": risk_events,
                  "loss_events": loss_events.strip(), "loss_amount": loss_amount})
    record(tenant, actor, "risk.monitoring.record", entry,
           {"risk": risk.code, "quarter": quarter, "status": status,
            "risk_events": risk_events, "replaced": not created})
    return entry


# --- Activities --------------------------------------------------------------------------------

@service
def create_activity(tenant, actor, *, unit, year: int, name: str, starts_on: dt.date,
                    ends_on: dt.date, program: str = "", budget: int = 0) -> Activity:
    _check_year(year)
    if ends_on < starts_on:
        raise DomainError("risk_activity_ends_before_start",
                          _("The activity ends before it starts."), field="ends_on")
    if budget < 0:
        raise DomainError("risk_budget_negative", _("The budget cannot be negative."),
                          field="budget")
    activity = Activity.objects.create(tenant=tenant, unit=unit, year=year,
                                       name=_text(name, "name"), program=program.strip(),
                                       budget=budget, starts_on=starts_on, ends_on=ends_on)
    record(tenant, actor, "risk.activity.create", activity,
           {"unit": unit.name, "name": activity.name, "budget": budget})
    return activity


@service
def start_activity(tenant, actor, activity: Activity) -> Activity:
    """Petakan dulu risikonya: an activity starts only once a risk is mapped to it."""
    if activity.started_at is not None:
        return activity
    if not activity.risks.exists():
        raise DomainError("risk_activity_unmapped",
                          _("Map the risks of %(name)s before marking it started."),
                          name=activity.name)
    activity.started_at = timezone.now()
    activity.save(update_fields=["started_at", "updated_at"])
    record(tenant, actor, "risk.activity.start", activity, {"risks": activity.risks.count()})
    return activity


# --- SPIP maturity -----------------------------------------------------------------------------

@service
def start_maturity(tenant, actor, *, year: int) -> MaturityAssessment:
    _check_year(year)
    if MaturityAssessment.objects.filter(tenant=tenant, year=year).exists():
        raise DomainError("risk_maturity_exists",
                          _("There is already a SPIP assessment for %(year)s."), field="year",
                          year=year)
    codes = reference.sub_element_codes(dt.date(year, 12, 31))
    assessment = MaturityAssessment.objects.create(tenant=tenant, year=year)
    MaturityItem.objects.bulk_create(
        MaturityItem(tenant=tenant, assessment=assessment, code=code, level=0) for code in codes)
    record(tenant, actor, "risk.maturity.start", assessment, {"year": year, "items": len(codes)})
    return assessment


@service
def assess_item(tenant, actor, item: MaturityItem, *, level: int,
                evidence: str = "") -> MaturityItem:
    if item.assessment.status != MaturityAssessment.Status.DRAFT:
        raise DomainError("risk_maturity_locked",
                          _("The self-assessment has been submitted; it can no longer change."))
    item.level = _maturity_level(level, "level")
    item.evidence = evidence.strip()
    item.save(update_fields=["level", "evidence", "updated_at"])
    record(tenant, actor, "risk.maturity.assess", item, {"code": item.code, "level": level})
    return item


@service
def submit_maturity(tenant, actor, assessment: MaturityAssessment) -> MaturityAssessment:
    missing = list(assessment.items.filter(level__gt=0, evidence="")
                   .values_list("code", flat=True))
    if missing:
        raise DomainError("risk_maturity_evidence_missing",
                          _("Give evidence for every sub-element scored above 0: %(codes)s."),
                          codes=", ".join(missing))
    _transition(assessment, assessment.submit)
    assessment.submitted_by = _user(actor)
    _compute_maturity(assessment)
    assessment.save(update_fields=["status", "submitted_by", "score", "level", "updated_at"])
    record(tenant, actor, "risk.maturity.submit", assessment,
           {"score": str(assessment.score), "level": assessment.level})
    return assessment


@service
def assure_item(tenant, actor, item: MaturityItem, *, qa_level: int,
                qa_note: str = "") -> MaturityItem:
    if item.assessment.status != MaturityAssessment.Status.SUBMITTED:
        raise DomainError("risk_maturity_not_submitted",
                          _("Quality assurance starts once the self-assessment is submitted."))
    item.qa_level = _maturity_level(qa_level, "qa_level")
    item.qa_note = qa_note.strip()[:500]
    item.save(update_fields=["qa_level", "qa_note", "updated_at"])
    record(tenant, actor, "risk.maturity.assure_item", item,
           {"code": item.code, "level": item.level, "qa_level": item.qa_level})
    return item


@service
def conclude_maturity(tenant, actor, assessment: MaturityAssessment, *, accept: bool,
                      note: str = "") -> MaturityAssessment:
    """The Inspektorat concludes its quality assurance (the level counts its own levels where
    it gave them), or returns the self-assessment with a note."""
    if assessment.submitted_by_id is not None and assessment.submitted_by_id == getattr(
            actor, "pk", None):
        raise DomainError("risk_maturity_self_assurance",
                          _("Quality assurance must be done by someone other than the person "
                            "who submitted the self-assessment."))
    note = note.strip()
    if not accept and not note:
        raise DomainError("risk_return_note_required",
                          _("Say what must change when you return the assessment."),
                          field="note")
    _transition(assessment, assessment.assure if accept else assessment.send_back)
    assessment.qa_note = note
    if accept:
        assessment.assured_by = _user(actor)
        assessment.assured_at = timezone.now()
    _compute_maturity(assessment)
    assessment.save(update_fields=["status", "qa_note", "assured_by", "assured_at", "score",
                                   "level", "updated_at"])
    record(tenant, actor, "risk.maturity.conclude", assessment,
           {"status": assessment.status, "score": str(assessment.score),
            "level": assessment.level})
    return assessment


def _compute_maturity(assessment: MaturityAssessment) -> None:
    levels = [item.level if item.qa_level is None else item.qa_level
              for item in assessment.items.all()]
    average = Decimal(sum(levels)) / len(levels) if levels else Decimal(0)
    assessment.score = average.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    bands = reference.maturity_levels(dt.date(assessment.year, 12, 31))
    assessment.level = reference.maturity_level_for(assessment.score, bands)


# --- Helpers -----------------------------------------------------------------------------------

def _fill_risk(tenant, risk: Risk, fields: dict) -> None:
    words = reference.vocabulary()
    for name in RISK_TEXT_FIELDS:
        value = (fields.get(name) or "").strip()
        if not value and name != "controls":
            raise DomainError("risk_field_required", _("This field is required."), field=name)
        setattr(risk, name, value)
    risk.category = _choice(fields.get("category"), words.categories, "category")
    risk.source = _choice(fields.get("source"), words.sources, "source")
    risk.control_effectiveness = _choice(fields.get("control_effectiveness"),
                                         words.effectiveness, "control_effectiveness")
    risk.response = _choice(fields.get("response"), words.responses, "response")
    risk.likelihood = _scale(fields.get("likelihood"), "likelihood")
    risk.impact = _scale(fields.get("impact"), "impact")
    # Without a residual estimate the risk stays where it is: nothing is treated yet.
    risk.residual_likelihood = _scale(fields.get("residual_likelihood") or risk.likelihood,
                                      "residual_likelihood")
    risk.residual_impact = _scale(fields.get("residual_impact") or risk.impact,
                                  "residual_impact")
    risk.activity = _activity(risk.register, fields.get("activity"))
    risk.code = _risk_code(tenant, risk, (fields.get("code") or "").strip())
    _score(risk, reference.matrix_for(tenant))


def _score(risk: Risk, matrix: reference.Matrix) -> None:
    risk.score = matrix.score(risk.likelihood, risk.impact)
    risk.level = matrix.band(risk.score).code
    risk.residual_score = matrix.score(risk.residual_likelihood, risk.residual_impact)
    risk.residual_level = matrix.band(risk.residual_score).code


def _risk_code(tenant, risk: Risk, code: str) -> str:
    if not code:
        taken = set(Risk.objects.filter(tenant=tenant, register=risk.register)
                    .values_list("code", flat=True))
        code = next(f"R{n:02d}" for n in range(1, len(taken) + 2) if f"R{n:02d}" not in taken)
    if len(code) > 30:
        raise DomainError("risk_code_too_long", _("A risk code has at most 30 characters."),
                          field="code")
    clash = Risk.objects.filter(tenant=tenant, register=risk.register, code=code)
    if clash.exclude(pk=risk.pk).exists():
        raise DomainError("risk_code_taken", _("The register already has a risk %(code)s."),
                          field="code", code=code)
    return code


def _activity(register: Register, activity: Activity | None) -> Activity | None:
    if activity is None:
        return None
    if (activity.tenant_id != register.tenant_id or activity.year != register.year
            or not activity.unit.path.startswith(register.unit.path)):
        raise DomainError("risk_activity_foreign",
                          _("The activity is not one of this UPR's activities for the year."),
                          field="activity")
    return activity


def _scale(value, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value not in reference.SCALE:
        raise DomainError("risk_scale_invalid",
                          _("Likelihood and impact are scored 1 to 5 (got %(value)s)."),
                          field=field, value=value)
    return value


def _maturity_level(value, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value not in MATURITY_LEVELS:
        raise DomainError("risk_maturity_level_invalid",
                          _("Maturity levels run from 0 to 5 (got %(value)s)."), field=field,
                          value=value)
    return value


def _choice(value, items, field: str) -> str:
    if value not in {i["code"] for i in items}:
        raise DomainError("risk_choice_invalid", _("Choose one of the listed options."),
                          field=field)
    return value


def _appetite(tenant, value) -> int:
    highest = max(max(row) for row in reference.matrix_for(tenant).cells.values())
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= highest:
        raise DomainError("risk_appetite_invalid",
                          _("The appetite is a score from 1 to %(highest)s of the matrix."),
                          field="appetite", highest=highest)
    return value


def _check_year(year) -> None:
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise DomainError("risk_year_invalid", _("Give a year such as 2027."), field="year")


def _text(value: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError("risk_field_required", _("This field is required."), field=field)
    return value


def _ensure_editable(register: Register) -> None:
    if not register.is_editable:
        raise DomainError("risk_register_locked",
                          _("The register is %(status)s; it can change only while it is a draft "
                            "or has been returned."), status=register.get_status_display())


def _transition(obj, method) -> None:
    try:
        method()
    except TransitionNotAllowed:
        raise DomainError("risk_transition_not_allowed",
                          _("This step is not possible while the status is %(status)s."),
                          status=obj.get_status_display()) from None


def _risk_snapshot(risk: Risk) -> dict:
    return {"code": risk.code, "statement": risk.statement, "category": risk.category,
            "likelihood": risk.likelihood, "impact": risk.impact, "score": risk.score,
            "level": risk.level, "residual_score": risk.residual_score,
            "response": risk.response, "activity": risk.activity_id}


def _user(actor):
    return actor if getattr(actor, "pk", None) else None
