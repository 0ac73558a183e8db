"""Gratification over the API: `/api/v1/gratifications`. Same rules as the pages: anyone with a
role reports for themselves and may check a gift; the UPG handles the reports of its Pemda."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from integritas.accounts.permissions import grant
from integritas.api.api import tenant_scope
from integritas.api.auth import require_perm
from integritas.core.errors import DomainError, NotFound
from integritas.gratification import selectors, services
from integritas.gratification.models import Form as GiftForm
from integritas.gratification.models import GratificationReport, Occasion, Outcome, Relation
from integritas.gratification.rules import parse_rupiah
from integritas.people.models import Employee
from integritas.people.selectors import covers
from integritas.tenancy.models import Unit

router = Router(tags=["gratification"])

OccasionCode = Literal[tuple(Occasion.values)]
RelationCode = Literal[tuple(Relation.values)]
FormCode = Literal[tuple(GiftForm.values)]
OutcomeCode = Literal[tuple(Outcome.values)]
StatusCode = Literal[tuple(GratificationReport.Status.values)]
Amount = int | str


class GiftIn(Schema):
    received_on: dt.date
    occasion: OccasionCode
    form: FormCode
    relation: RelationCode
    value: Amount = Field(description="Rupiah: 1500000 or \"Rp1.500.000\"")
    giver_name: str = Field(max_length=200)
    accepted: bool = True


class CheckIn(GiftIn):
    recipient_id: int | None = Field(
        None, description="The recipient's employee id (the UPG checking for someone); "
                          "default: the caller's own employee record")


class CheckOut(Schema):
    hint: str = Field(description="exempt, report, report_refusal or no_rules")
    rule_applied: str = Field(description="The exemption point (a–q) applied or exceeded")
    regulation: str
    explanation: str
    limit_per_giver: int | None
    limit_per_year: int | None
    year_total: int | None = Field(description="This gift plus the accepted gifts from the same "
                                               "giver earlier in the year")


class ReportIn(GiftIn):
    giver_institution: str = Field("", max_length=300)
    description: str = Field(max_length=5000)
    value_is_estimate: bool = False
    place: str = Field(max_length=200)
    deposited_at_upg: bool = False


class ReportOut(Schema):
    id: int
    number: str
    status: StatusCode
    recipient_id: int
    recipient_name: str
    unit_id: int
    unit_name: str
    giver_name: str
    giver_institution: str
    relation: RelationCode
    form: FormCode
    occasion: OccasionCode
    description: str
    value: int
    value_is_estimate: bool
    received_on: dt.date
    place: str
    accepted: bool
    deposited_at_upg: bool
    reported_on: dt.date
    hint: str
    hint_letter: str
    hint_explanation: str
    upg_due_on: dt.date
    forward_due_on: dt.date
    kpk_due_on: dt.date
    completion_note: str
    completion_due_on: dt.date | None
    kpk_number: str
    forwarded_on: dt.date | None
    decision_number: str
    decided_on: dt.date | None
    decision_note: str
    deposit_reference: str
    closed_on: dt.date | None


class ReportPage(Schema):
    count: int
    items: list[ReportOut]


class RegisterFilters(Schema):
    page: int = Field(1, ge=1)
    page_size: int = Field(50, ge=1, le=500)
    status: StatusCode | None = None
    unit: int | None = Field(None, description="A unit id (its sub-units included)")
    year: int | None = Field(None, ge=2000, le=2100, description="Year reported")


class NoteIn(Schema):
    note: str = Field(max_length=5000)


class CompleteIn(Schema):
    description: str = Field(max_length=5000)


class ForwardIn(Schema):
    kpk_number: str = Field(max_length=60)
    forwarded_on: dt.date | None = None


class OutcomeIn(Schema):
    outcome: OutcomeCode
    decision_number: str = Field("", max_length=100)
    decided_on: dt.date | None = None
    note: str = Field("", max_length=5000)


class TotalsOut(Schema):
    reports: int
    value: int
    forwarded: int
    value_forwarded: int
    on_time_pct: float | None


class GroupOut(TotalsOut):
    label: str
    unit_id: int | None = None


class StatisticsOut(Schema):
    totals: TotalsOut
    by_occasion: list[GroupOut]
    by_unit: list[GroupOut]
    by_month: list[dict]


# --- Checking and reporting --------------------------------------------------------------------

@router.post("/check", response=CheckOut,
             summary="Is a gift reportable? The hint, the point applied and why (advice only)")
def check(request, payload: CheckIn):
    require_perm(request, "gratification.report")
    with tenant_scope(request):
        tenant = request.tenant
        recipient = _recipient(request, payload.recipient_id)
        result = selectors.check(
            tenant, recipient, giver_name=payload.giver_name, relation=payload.relation,
            occasion=payload.occasion, form=payload.form, value=_amount(payload.value),
            received_on=payload.received_on, accepted=payload.accepted)
        return {"hint": result.code, "rule_applied": result.letter,
                "regulation": result.regulation, "explanation": result.explanation,
                "limit_per_giver": result.limit, "limit_per_year": result.year_limit,
                "year_total": result.year_total}


@router.post("/reports", response={201: ReportOut},
             summary="Report a gift received or refused (for yourself)")
def submit_report(request, payload: ReportIn):
    require_perm(request, "gratification.report")
    with tenant_scope(request):
        values = payload.dict()
        values["value"] = _amount(values["value"])
        return Status(201, _report(services.submit_report(request.tenant, request.user,
                                                          **values)))


@router.get("/reports/mine", response=ReportPage, summary="Your own reports")
def my_reports(request, filters: Query[RegisterFilters]):
    require_perm(request, "gratification.report")
    with tenant_scope(request):
        return _page(_filtered(request.tenant, selectors.my_reports(request.tenant, request.user),
                               filters),
                     filters)


@router.get("/reports", response=ReportPage, summary="The register (the UPG, the Inspektorat, "
                                                      "heads of OPD for their units)")
def register(request, filters: Query[RegisterFilters]):
    grant = require_perm(request, "gratification.view")
    with tenant_scope(request):
        reports = selectors.register(request.tenant, grant)
        return _page(_filtered(request.tenant, reports, filters), filters)


@router.get("/reports/{int:report_id}", response=ReportOut)
def get_report(request, report_id: int):
    with tenant_scope(request):
        return _report(_visible(request, report_id))


@router.post("/reports/{int:report_id}/complete", response=ReportOut,
             summary="The recipient adds what the UPG asked for")
def complete_report(request, report_id: int, payload: CompleteIn):
    require_perm(request, "gratification.report")
    with tenant_scope(request):
        report = _visible(request, report_id)
        return _report(services.complete_report(request.tenant, request.user, report,
                                                description=payload.description))


# --- The UPG's steps ---------------------------------------------------------------------------

@router.post("/reports/{int:report_id}/verify", response=ReportOut)
def verify(request, report_id: int):
    return _upg_step(request, report_id, services.start_verification)


@router.post("/reports/{int:report_id}/request-completion", response=ReportOut)
def request_completion(request, report_id: int, payload: NoteIn):
    return _upg_step(request, report_id, services.request_completion, note=payload.note)


@router.post("/reports/{int:report_id}/forward", response=ReportOut,
             summary="Forwarded to KPK, with KPK's report number")
def forward(request, report_id: int, payload: ForwardIn):
    return _upg_step(request, report_id, services.forward_to_kpk, **payload.dict())


@router.post("/reports/{int:report_id}/await-decision", response=ReportOut)
def await_decision(request, report_id: int):
    return _upg_step(request, report_id, services.await_kpk_decision)


@router.post("/reports/{int:report_id}/decide", response=ReportOut,
             summary="Decided by the UPG, for what the rules leave to the instansi")
def decide(request, report_id: int, payload: NoteIn):
    return _upg_step(request, report_id, services.decide_by_upg, note=payload.note)


@router.post("/reports/{int:report_id}/outcome", response=ReportOut)
def outcome(request, report_id: int, payload: OutcomeIn):
    return _upg_step(request, report_id, services.record_outcome, **payload.dict())


@router.post("/reports/{int:report_id}/close", response=ReportOut,
             summary="Close; state property needs the deposit reference and proof (multipart)")
def close(request, report_id: int, deposit_reference: Form[str] = "",
          deposit_proof: File[UploadedFile] = None):
    return _upg_step(request, report_id, services.close_report,
                     deposit_reference=deposit_reference, deposit_proof=deposit_proof)


# --- Statistics --------------------------------------------------------------------------------

@router.get("/statistics", response=StatisticsOut,
            summary="Counts, value, value forwarded and % reported on time")
def statistics(request, year: int | None = None):
    grant = require_perm(request, "gratification.view")
    with tenant_scope(request):
        reports = selectors.register(request.tenant, grant)
        if year is not None:
            reports = reports.filter(reported_on__year=year)
        today = timezone.localdate()
        return {
            "totals": _totals(selectors.totals(reports)),
            "by_occasion": [{"label": label, **_totals(t)}
                            for label, t in selectors.by_occasion(reports)],
            "by_unit": [{"label": name, "unit_id": pk, **_totals(t)}
                        for pk, name, t in selectors.by_unit(reports)],
            "by_month": selectors.by_month(reports, selectors.twelve_months_back(today)),
        }


# --- Helpers -----------------------------------------------------------------------------------

def _upg_step(request, report_id: int, step, **values):
    grant = require_perm(request, "gratification.process")
    with tenant_scope(request):
        report = selectors.report_for(request.tenant, request.user, grant, report_id)
        return _report(step(request.tenant, request.user, report, **values))


def _visible(request, report_id: int) -> GratificationReport:
    """A report for its recipient, or for a reader whose grant covers it."""
    require_perm(request, "gratification.report")
    return selectors.report_for(request.tenant, request.user,
                                grant(request.memberships, "gratification.view"), report_id)


def _recipient(request, recipient_id: int | None) -> Employee | None:
    """The caller by default; someone else only for a reader whose grant covers them."""
    own = selectors.own_employee(request.tenant, request.user)
    if recipient_id is None or (own is not None and own.pk == recipient_id):
        return own
    grant = require_perm(request, "gratification.view")
    employee = (Employee.objects.filter(tenant=request.tenant, pk=recipient_id)
                .select_related("unit").first())
    if employee is None or not covers(grant, employee.unit):
        raise NotFound("gratification_recipient_not_found", _("The employee does not exist."),
                       field="recipient_id")
    return employee


def _amount(value: int | str) -> int:
    if isinstance(value, int):
        return value
    parsed = parse_rupiah(value)
    if parsed is None:
        raise DomainError("gratification_value_invalid",
                          _("Write the value in rupiah, like 1.500.000."), field="value")
    return parsed


def _filtered(tenant, reports, filters: RegisterFilters):
    if filters.status:
        reports = reports.filter(status=filters.status)
    if filters.unit is not None:
        unit = Unit.objects.filter(tenant=tenant, pk=filters.unit).first()
        reports = reports.filter(unit__path__startswith=unit.path) if unit else reports.none()
    if filters.year is not None:
        reports = reports.filter(reported_on__year=filters.year)
    return reports.select_related("recipient", "unit").order_by("-reported_on", "-pk")


def _page(reports, filters: RegisterFilters) -> dict:
    start = (filters.page - 1) * filters.page_size
    return {"count": reports.count(),
            "items": [_report(r) for r in reports[start:start + filters.page_size]]}


def _totals(totals: selectors.Totals) -> dict:
    return {"reports": totals.reports, "value": totals.value, "forwarded": totals.forwarded,
            "value_forwarded": totals.value_forwarded, "on_time_pct": totals.on_time_pct}


def _report(report: GratificationReport) -> dict:
    fields = {name: getattr(report, name) for name in ReportOut.model_fields
              if hasattr(report, name) and name not in ("recipient_name", "unit_name")}
    return {**fields, "recipient_name": report.recipient.name, "unit_name": report.unit.name}
