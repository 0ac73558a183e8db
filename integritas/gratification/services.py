"""Writes for gratification reports: the recipient reports, the UPG handles it up to KPK's
decision and closes it. Every step is one service with one audit event."""

from __future__ import annotations

import datetime as dt
import secrets
from pathlib import PurePath

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import TransitionNotAllowed

from integritas.audit.services import record
from integritas.core.calendar import add_working_days
from integritas.core.errors import DomainError, NotFound
from integritas.core.money import rupiah
from integritas.core.services import service
from integritas.gratification import selectors
from integritas.gratification.models import (
    Evidence,
    Form,
    GratificationReport,
    Occasion,
    Outcome,
    Relation,
    RuleSet,
)
from integritas.gratification.rules import rules_from_row

Status = GratificationReport.Status
TEXT_LIMITS = {name: GratificationReport._meta.get_field(name).max_length
               for name in ("giver_name", "giver_institution", "place", "kpk_number",
                            "decision_number", "deposit_reference")}
DESCRIPTION_MAX = 5000


# --- The recipient -----------------------------------------------------------------------------

@service
def submit_report(tenant, actor, *, giver_name: str, relation: str, form: str, description: str,
                  value: int, received_on: dt.date, place: str, occasion: str,
                  accepted: bool = True, deposited_at_upg: bool = False,
                  giver_institution: str = "", value_is_estimate: bool = False,
                  evidence=(), today: dt.date | None = None) -> GratificationReport:
    """A report by the recipient, for themselves (an offer refused is reported too)."""
    evidence = list(evidence)
    recipient = selectors.own_employee(tenant, actor)
    if recipient is None:
        raise DomainError("gratification_no_employee_record",
                          _("Your account is not linked to an employee record of this Pemda; "
                            "ask the administrator to link it before reporting."))
    today = today or timezone.localdate()
    procedure = _rules_in_force(today)
    values = _clean_gift(procedure, giver_name=giver_name, relation=relation, form=form,
                         description=description, value=value, received_on=received_on,
                         place=place, occasion=occasion, giver_institution=giver_institution,
                         today=today)
    _check_evidence(procedure, evidence, already=0)
    rule_set = selectors.rule_set_on(received_on)
    hint = selectors.hint(
        tenant, recipient, rules_from_row(rule_set) if rule_set else None,
        giver_name=values["giver_name"], relation=relation, occasion=occasion, form=form,
        value=value, received_on=received_on, accepted=accepted)
    report = GratificationReport(
        tenant=tenant, number=_next_number(tenant, today), recipient=recipient,
        unit=recipient.unit, position_title=recipient.position_title, reported_by=actor,
        giver_key=selectors.giver_key(values["giver_name"]), value_is_estimate=value_is_estimate,
        accepted=accepted, deposited_at_upg=deposited_at_upg, reported_on=today,
        rule_set=rule_set, hint=hint.code, hint_letter=hint.letter,
        hint_explanation=hint.explanation[:400],
        **values, **deadlines_for(tenant, procedure, received_on=received_on, reported_on=today))
    report.save()
    _attach(tenant, report, evidence)
    record(tenant, actor, "gratification.report.submit", report, {
        "number": report.number, "value": value, "received_on": received_on.isoformat(),
        "accepted": accepted, "hint": hint.code, "hint_letter": hint.letter,
        "evidence": len(evidence)})
    return report


@service
def complete_report(tenant, actor, report: GratificationReport, *, description: str = "",
                    evidence=()) -> GratificationReport:
    """The recipient answers the UPG's request for completion."""
    evidence = list(evidence)
    _ensure_own(tenant, report)
    if report.recipient.user_id != actor.pk:
        raise NotFound("gratification_report_not_found", _("The report does not exist."))
    if report.status != Status.VERIFYING or not report.completion_note:
        raise DomainError("gratification_no_completion_requested",
                          _("The UPG has not asked for anything to complete."))
    procedure = _rules_in_force(report.reported_on)
    _check_evidence(procedure, evidence, already=report.evidence.count())
    addition = description.strip()
    if not addition and not evidence:
        raise DomainError("gratification_completion_empty",
                          _("Add a description or a file to complete the report."),
                          field="description")
    if addition:
        report.description = f"{report.description}\n\n{addition}"[:DESCRIPTION_MAX * 2]
    request = report.completion_note
    report.completion_note, report.completion_due_on = "", None
    report.save(update_fields=["description", "completion_note", "completion_due_on",
                               "updated_at"])
    _attach(tenant, report, evidence)
    record(tenant, actor, "gratification.report.complete", report,
           {"request": request, "evidence": len(evidence)})
    return report


# --- The UPG -----------------------------------------------------------------------------------

@service
def start_verification(tenant, actor, report: GratificationReport) -> GratificationReport:
    _ensure_upg(tenant, actor, report)
    return _transition(tenant, actor, report, "verify", report.start_verification)


@service
def request_completion(tenant, actor, report: GratificationReport, *, note: str,
                       today: dt.date | None = None) -> GratificationReport:
    """Ask the recipient for what is missing; due within the completeness period."""
    _ensure_upg(tenant, actor, report)
    if report.status != Status.VERIFYING:
        raise _not_now(report)
    note = note.strip()
    if not note:
        raise DomainError("gratification_completion_note_required",
                          _("Say what the recipient must complete."), field="note")
    procedure = _rules_in_force(report.reported_on)
    report.completion_note = note[:DESCRIPTION_MAX]
    report.completion_due_on = add_working_days(tenant, report.reported_on,
                                                procedure.deadlines["completeness"])
    report.save(update_fields=["completion_note", "completion_due_on", "updated_at"])
    record(tenant, actor, "gratification.report.request_completion", report,
           {"note": report.completion_note,
            "completion_due_on": report.completion_due_on.isoformat()})
    return report


@service
def forward_to_kpk(tenant, actor, report: GratificationReport, *, kpk_number: str,
                   forwarded_on: dt.date | None = None) -> GratificationReport:
    _ensure_upg(tenant, actor, report)
    kpk_number = _required_text(kpk_number, "kpk_number", _("Enter KPK's report number."))
    forwarded_on = _past_date(forwarded_on, report.reported_on, "forwarded_on")
    report.kpk_number, report.forwarded_on = kpk_number, forwarded_on
    return _transition(tenant, actor, report, "forward", report.forward_to_kpk,
                       {"kpk_number": kpk_number, "forwarded_on": forwarded_on.isoformat()},
                       fields=["kpk_number", "forwarded_on"])


@service
def await_kpk_decision(tenant, actor, report: GratificationReport) -> GratificationReport:
    """KPK acknowledged the report; its decision (SK) is awaited."""
    _ensure_upg(tenant, actor, report)
    return _transition(tenant, actor, report, "await_decision", report.await_kpk_decision)


@service
def decide_by_upg(tenant, actor, report: GratificationReport, *,
                  note: str) -> GratificationReport:
    """The instansi decides itself, for what the rules leave to it (e.g. an exempt gift)."""
    _ensure_upg(tenant, actor, report)
    report.decision_note = _required_text(note, "note", _("Give the reasons for the decision."))
    return _transition(tenant, actor, report, "decide", report.decide_by_upg,
                       {"note": report.decision_note}, fields=["decision_note"])


@service
def record_outcome(tenant, actor, report: GratificationReport, *, outcome: str,
                   decision_number: str = "", decided_on: dt.date | None = None,
                   note: str = "") -> GratificationReport:
    """KPK's decision (its SK number is required) or the UPG's own outcome."""
    _ensure_upg(tenant, actor, report)
    if outcome not in Outcome.values:
        raise DomainError("gratification_outcome_unknown", _("Choose an outcome."),
                          field="outcome")
    if report.status == Status.AWAITING_KPK:
        decision_number = _required_text(decision_number, "decision_number",
                                         _("Enter the number of KPK's decision (SK)."))
    report.decision_number = decision_number.strip()
    report.decided_on = _past_date(decided_on, report.reported_on, "decided_on")
    if note.strip():
        report.decision_note = note.strip()[:DESCRIPTION_MAX]
    return _transition(tenant, actor, report, "outcome",
                       lambda: report.record_outcome(outcome),
                       {"outcome": outcome, "decision_number": report.decision_number,
                        "decided_on": report.decided_on.isoformat()},
                       fields=["decision_number", "decided_on", "decision_note"])


@service
def close_report(tenant, actor, report: GratificationReport, *, deposit_reference: str = "",
                 deposit_proof=None, today: dt.date | None = None) -> GratificationReport:
    """Close a decided report; a gift that became state property needs its deposit proof."""
    _ensure_upg(tenant, actor, report)
    if report.status == Status.STATE_PROPERTY:
        report.deposit_reference = _required_text(
            deposit_reference, "deposit_reference",
            _("Enter the deposit reference (NTPN or the receipt number)."))
        if deposit_proof is None:
            raise DomainError("gratification_deposit_proof_required",
                              _("Attach the proof of deposit to the state treasury."),
                              field="deposit_proof")
        _check_file(_rules_in_force(report.reported_on), deposit_proof, "deposit_proof")
        report.deposit_proof.save(f"{report.pk}-{secrets.token_hex(8)}"
                                  f"{PurePath(deposit_proof.name).suffix.lower()}",
                                  deposit_proof, save=False)
    report.closed_on = today or timezone.localdate()
    return _transition(tenant, actor, report, "close", report.close,
                       {"deposit_reference": report.deposit_reference},
                       fields=["deposit_reference", "deposit_proof", "closed_on"])


# --- Rules and deadlines -----------------------------------------------------------------------

def deadlines_for(tenant, procedure: RuleSet, *, received_on: dt.date,
                  reported_on: dt.date) -> dict[str, dt.date]:
    """The report's clocks, in working days: to the UPG and to KPK from the day received, the
    UPG's forwarding from the day reported."""
    days = procedure.deadlines
    return {
        "upg_due_on": add_working_days(tenant, received_on, days["to_upg"]),
        "forward_due_on": add_working_days(tenant, reported_on, days["upg_to_kpk"]),
        "kpk_due_on": add_working_days(tenant, received_on, days["to_kpk"]),
    }


def _rules_in_force(day: dt.date) -> RuleSet:
    rule_set = selectors.rule_set_on(day)
    if rule_set is None:
        raise DomainError("gratification_rules_missing",
                          _("The gratification rules are not loaded; ask the administrator to "
                            "run load_libraries."))
    return rule_set


def _clean_gift(procedure: RuleSet, *, giver_name, relation, form, description, value,
                received_on, place, occasion, giver_institution, today) -> dict:
    if relation not in Relation.values:
        raise DomainError("gratification_relation_unknown", _("Choose the relation."),
                          field="relation")
    if form not in Form.values:
        raise DomainError("gratification_form_unknown", _("Choose the form."), field="form")
    if occasion not in Occasion.values:
        raise DomainError("gratification_occasion_unknown", _("Choose the occasion."),
                          field="occasion")
    _check_value(procedure, value)
    if received_on > today:
        raise DomainError("gratification_received_in_future",
                          _("The date received cannot be in the future."), field="received_on")
    description = description.strip()
    if not description:
        raise DomainError("gratification_description_required", _("Describe the gift."),
                          field="description")
    return {
        "giver_name": _required_text(giver_name, "giver_name", _("Enter the giver's name.")),
        "giver_institution": _limited(giver_institution, "giver_institution"),
        "place": _required_text(place, "place", _("Enter where it was received.")),
        "relation": relation, "form": form, "occasion": occasion, "value": value,
        "received_on": received_on, "description": description[:DESCRIPTION_MAX],
    }


def _check_value(procedure: RuleSet, value) -> None:
    ceiling = procedure.report_form["max_value"]
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise DomainError("gratification_value_not_positive",
                          _("The value must be a positive amount of rupiah."), field="value")
    if value > ceiling:
        raise DomainError("gratification_value_absurd",
                          _("%(value)s is more than %(ceiling)s; check the amount."),
                          field="value", value=rupiah(value), ceiling=rupiah(ceiling))


def _check_evidence(procedure: RuleSet, files: list, *, already: int) -> None:
    limit = procedure.report_form["max_files"]
    if already + len(files) > limit:
        raise DomainError("gratification_too_many_files",
                          _("Attach at most %(limit)s files to a report."), field="evidence",
                          limit=limit)
    for upload in files:
        _check_file(procedure, upload, "evidence")


def _check_file(procedure: RuleSet, upload, field: str) -> None:
    form = procedure.report_form
    suffix = PurePath(upload.name or "").suffix.lower().lstrip(".")
    if suffix not in form["extensions"]:
        raise DomainError("gratification_file_type",
                          _("%(name)s: only %(types)s files are accepted."), field=field,
                          name=upload.name, types=", ".join(form["extensions"]).upper())
    if upload.size > form["max_megabytes"] * 1024 * 1024:
        raise DomainError("gratification_file_too_large",
                          _("%(name)s is larger than %(limit)s MB."), field=field,
                          name=upload.name, limit=form["max_megabytes"])


def _attach(tenant, report: GratificationReport, files) -> None:
    for upload in files:
        evidence = Evidence(tenant=tenant, report=report, token=secrets.token_hex(16),
                            original_name=PurePath(upload.name).name[:255], size=upload.size)
        evidence.file.save(upload.name, upload, save=False)
        evidence.save()


def _next_number(tenant, today: dt.date) -> str:
    """`GRT-2026-0001`: numbered per Pemda and year of reporting."""
    prefix = f"GRT-{today.year}-"
    last = (GratificationReport.objects.filter(tenant=tenant, number__startswith=prefix)
            .aggregate(last=Max("number"))["last"])
    sequence = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{sequence:04d}"


# --- Guards ------------------------------------------------------------------------------------

def _ensure_own(tenant, report: GratificationReport) -> None:
    if report.tenant_id != tenant.pk:
        raise NotFound("gratification_report_not_found", _("The report does not exist."))


def _ensure_upg(tenant, actor, report: GratificationReport) -> None:
    """The UPG handles reports of its own Pemda, never a report its officer made."""
    _ensure_own(tenant, report)
    if actor is not None and report.recipient.user_id == actor.pk:
        raise DomainError("gratification_own_report",
                          _("You cannot handle your own report; another UPG officer must."),
                          status=403)


def _transition(tenant, actor, report: GratificationReport, verb: str, step,
                changes: dict | None = None, fields=()) -> GratificationReport:
    before = report.status
    try:
        step()
    except TransitionNotAllowed:
        raise _not_now(report, before) from None
    report.save(update_fields=["status", *fields, "updated_at"])
    record(tenant, actor, f"gratification.report.{verb}", report,
           {"status": [before, report.status], **(changes or {})})
    return report


def _not_now(report: GratificationReport, status: str | None = None) -> DomainError:
    return DomainError("gratification_wrong_status",
                       _("This step is not possible while the report is %(status)s."),
                       status=str(Status(status or report.status).label).lower())


def _required_text(value: str, field: str, message) -> str:
    value = " ".join((value or "").split())
    if not value:
        raise DomainError(f"gratification_{field}_required", message, field=field)
    return _limited(value, field)


def _limited(value: str, field: str) -> str:
    value = " ".join((value or "").split())
    limit = TEXT_LIMITS.get(field, DESCRIPTION_MAX)
    if len(value) > limit:
        raise DomainError("gratification_text_too_long",
                          _("Use at most %(limit)s characters."), field=field, limit=limit)
    return value


def _past_date(day: dt.date | None, not_before: dt.date, field: str) -> dt.date:
    today = timezone.localdate()
    day = day or today
    if day > today:
        raise DomainError("gratification_date_in_future", _("The date cannot be in the future."),
                          field=field)
    if day < not_before:
        raise DomainError("gratification_date_before_report",
                          _("The date cannot be before the report was made."), field=field)
    return day
