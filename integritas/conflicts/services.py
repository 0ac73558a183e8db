"""Writes of the conflicts module: declarations, withdrawals, decisions, escalation, COI officers,
the annual statement campaign and the periodic evaluation. Every write records an audit event."""

from __future__ import annotations

import datetime as dt
from pathlib import PurePath

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from integritas.audit.services import Entry, record, record_many
from integritas.conflicts import selectors
from integritas.conflicts.models import (
    CatalogueEntry,
    CoiOfficer,
    ConflictKind,
    Decision,
    Declaration,
    Evaluation,
    Evidence,
    NilStatement,
    RelatedParty,
    Relation,
    StatementCampaign,
    SubjectKind,
)
from integritas.core.calendar import add_working_days
from integritas.core.errors import DomainError, NotFound, PermissionDenied
from integritas.core.services import service
from integritas.people.models import Employee
from integritas.tenancy.models import Unit

DESCRIPTION_MAX = 5000
TEXT_MAX = 5000
REF_MAX = 120
NAME_MAX = 200
PARTIES_MAX = 20
PERIODS = {  # evaluation period: (first month, first day), (last month, last day)
    Evaluation.Period.SEMESTER_1: ((1, 1), (6, 30)),
    Evaluation.Period.SEMESTER_2: ((7, 1), (12, 31)),
    Evaluation.Period.YEAR: ((1, 1), (12, 31)),
}


# --- Declarations --------------------------------------------------------------------------------

@service
def declare(tenant, actor, *, kind: str, conflict_type: str, source: str, subject_kind: str,
            description: str, subject_ref: str = "", subject_unit: Unit | None = None,
            parties=(), files=(), declarant: Employee | None = None,
            today: dt.date | None = None) -> Declaration:
    """The actor declares a conflict of their own; the decision clock starts today.

    `declarant`, when given, must be the actor's own employee record: nobody declares on behalf
    of someone else. `parties` are (name, relation) pairs; `files` uploaded files.
    """
    today = today or timezone.localdate()
    me = _own_employee(tenant, actor)
    if declarant is not None and declarant.pk != me.pk:
        raise PermissionDenied("coi_declare_on_behalf",
                               _("You can only declare your own conflicts of interest."),
                               field="declarant")
    rules = selectors.rules_on(today)
    cleaned = {
        "kind": _choice(kind, ConflictKind, "kind", _("Choose whether the conflict is actual, "
                                                      "potential or perceived.")),
        "conflict_type": _entry(CatalogueEntry.Kind.TYPE, conflict_type, "conflict_type"),
        "source": _entry(CatalogueEntry.Kind.SOURCE, source, "source"),
        "subject_kind": _choice(subject_kind, SubjectKind, "subject_kind",
                                _("Choose the decision or activity affected.")),
        "subject_ref": _short(subject_ref, "subject_ref", REF_MAX),
        "subject_unit": _own_unit(tenant, subject_unit),
        "description": _text(description, "description", DESCRIPTION_MAX,
                             _("Describe the situation.")),
    }
    clean_parties = [_party(name, relation) for name, relation in parties]
    if len(clean_parties) > PARTIES_MAX:
        raise DomainError("coi_too_many_parties", _("At most %(max)s related parties."),
                          field="parties", max=PARTIES_MAX)
    _check_files(rules, files)
    superior = me.superior if me.superior_id and me.superior.status == "active" else None
    declaration = Declaration.objects.create(
        tenant=tenant, declarant=me, unit=me.unit, opd=_opd_of(tenant, me.unit),
        position_title=me.position_title, superior=superior, declared_on=today,
        due_on=add_working_days(tenant, today, rules.decision_working_days),
        campaign=selectors.open_campaign_on(tenant, today), **cleaned,
    )
    RelatedParty.objects.bulk_create([RelatedParty(tenant=tenant, declaration=declaration,
                                                   name=name, relation=relation)
                                      for name, relation in clean_parties])
    for upload in files:
        Evidence.objects.create(tenant=tenant, declaration=declaration, file=upload,
                                original_name=PurePath(upload.name).name[:200],
                                size=upload.size)
    record(tenant, actor, "conflicts.declaration.create", declaration, {
        "kind": declaration.kind, "conflict_type": conflict_type, "source": source,
        "subject_kind": declaration.subject_kind, "subject_ref": declaration.subject_ref,
        "subject_unit": getattr(declaration.subject_unit, "pk", None),
        "parties": len(clean_parties), "files": len(files),
        "superior": getattr(superior, "pk", None), "due_on": declaration.due_on.isoformat(),
    })
    return declaration


@service
def withdraw(tenant, actor, declaration: Declaration) -> Declaration:
    """The declarant takes a declaration back while its decision is still suspended."""
    declaration = _locked(tenant, declaration)
    me = selectors.employee_of(tenant, actor)
    if me is None or me.pk != declaration.declarant_id:
        raise PermissionDenied("coi_withdraw_not_declarant",
                               _("Only the declarant can withdraw a declaration."))
    if declaration.status != Declaration.Status.SUSPENDED:
        raise DomainError("coi_withdraw_not_suspended",
                          _("A declaration can be withdrawn only before it is decided."),
                          field="status")
    declaration.status = Declaration.Status.WITHDRAWN
    declaration.withdrawn_at = timezone.now()
    declaration.save(update_fields=["status", "withdrawn_at", "updated_at"])
    record(tenant, actor, "conflicts.declaration.withdraw", declaration,
           {"status": ["suspended", "withdrawn"]})
    return declaration


# --- Decisions -----------------------------------------------------------------------------------

@service
def decide(tenant, actor, declaration: Declaration, *, is_real: bool, impact: str,
           measure: str, reasons: str, today: dt.date | None = None) -> Decision:
    """The superior's (or COI officer's) analysis and control measure, ending the suspension."""
    today = today or timezone.localdate()
    declaration = _locked(tenant, declaration)
    me = selectors.employee_of(tenant, actor)
    if me is not None and me.pk == declaration.declarant_id:
        raise PermissionDenied("coi_decide_own_declaration",
                               _("You cannot decide on your own declaration; your superior "
                                 "or the COI officer does."))
    if declaration.status == Declaration.Status.WITHDRAWN:
        raise DomainError("coi_decide_withdrawn",
                          _("The declaration was withdrawn; there is nothing to decide."),
                          field="status")
    if declaration.status == Declaration.Status.DECIDED:
        raise DomainError("coi_already_decided", _("The declaration has already been decided."),
                          field="status")
    if not selectors.may_decide(tenant, actor, declaration):
        raise PermissionDenied("coi_not_decider",
                               _("Only the declarant's direct superior or the unit's COI "
                                 "officer decides this declaration."))
    if not isinstance(is_real, bool):
        raise DomainError("coi_is_real_required", _("Say whether the conflict is real."),
                          field="is_real")
    chosen = _entry(CatalogueEntry.Kind.MEASURE, measure, "measure")
    if is_real and chosen.means_no_conflict:
        raise DomainError("coi_measure_mismatch",
                          _("A real conflict needs a control measure other than “%(label)s”."),
                          field="measure", label=chosen.label)
    if not is_real and not chosen.means_no_conflict:
        raise DomainError("coi_measure_mismatch",
                          _("A conflict that is not real takes no measure; choose “%(label)s”."),
                          field="measure", label=_no_conflict_label())
    decision = Decision.objects.create(
        tenant=tenant, declaration=declaration, decided_by=me, decided_on=today,
        is_real=is_real, measure=chosen, on_time=today <= declaration.due_on,
        impact=_text(impact, "impact", TEXT_MAX, _("Describe the possible impact.")),
        reasons=_text(reasons, "reasons", TEXT_MAX, _("Give the reasons for the measure.")),
    )
    declaration.status = Declaration.Status.DECIDED
    declaration.save(update_fields=["status", "updated_at"])
    record(tenant, actor, "conflicts.declaration.decide", declaration, {
        "status": ["suspended", "decided"], "is_real": is_real, "measure": chosen.code,
        "decided_on": today.isoformat(), "on_time": decision.on_time,
    })
    return decision


@service
def escalate_overdue(tenant, actor, *, today: dt.date | None = None) -> int:
    """Hand every suspended declaration past its deadline to the Inspektorat, once."""
    today = today or timezone.localdate()
    rows = list(Declaration.objects.filter(
        tenant=tenant, status=Declaration.Status.SUSPENDED, due_on__lt=today,
        escalated_at__isnull=True).order_by("pk"))
    if not rows:
        return 0
    now = timezone.now()
    Declaration.objects.filter(pk__in=[d.pk for d in rows]).update(escalated_at=now,
                                                                    updated_at=now)
    record_many(tenant, actor, [
        Entry("conflicts.declaration.escalate", d, {"due_on": d.due_on.isoformat()})
        for d in rows])
    return len(rows)


@service
def designate_officer(tenant, actor, *, unit: Unit, employee: Employee) -> CoiOfficer:
    unit = _own_unit(tenant, unit)
    if unit is None:
        raise DomainError("coi_officer_unit_required", _("Choose the unit."), field="unit")
    if not isinstance(employee, Employee) or employee.tenant_id != tenant.pk:
        raise NotFound("coi_employee_not_found", _("The employee does not exist."),
                       field="employee")
    if employee.status != Employee.Status.ACTIVE:
        raise DomainError("coi_officer_inactive", _("%(name)s is no longer an active employee."),
                          field="employee", name=employee.name)
    officer, created = CoiOfficer.objects.get_or_create(tenant=tenant, unit=unit,
                                                        employee=employee)
    if created:
        record(tenant, actor, "conflicts.officer.create", officer,
               {"unit": unit.pk, "employee": employee.pk})
    return officer


@service
def remove_officer(tenant, actor, officer: CoiOfficer) -> None:
    if officer.tenant_id != tenant.pk:
        raise NotFound("coi_officer_not_found", _("The COI officer does not exist."))
    record(tenant, actor, "conflicts.officer.delete", officer,
           {"unit": officer.unit_id, "employee": officer.employee_id})
    officer.delete()


# --- The annual statement ------------------------------------------------------------------------

@service
def open_campaign(tenant, actor, *, year: int, opens_on: dt.date,
                  due_on: dt.date) -> StatementCampaign:
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise DomainError("coi_campaign_year_invalid", _("Enter a year between 2000 and 2100."),
                          field="year")
    if opens_on.year != year or due_on <= opens_on:
        raise DomainError("coi_campaign_dates_invalid",
                          _("The campaign opens in its year and is due after it opens."),
                          field="due_on")
    if selectors.campaigns(tenant).filter(year=year).exists():
        raise DomainError("coi_campaign_exists", _("The campaign of %(year)s already exists."),
                          field="year", year=year)
    campaign = StatementCampaign.objects.create(tenant=tenant, year=year, opens_on=opens_on,
                                                due_on=due_on)
    record(tenant, actor, "conflicts.campaign.open", campaign,
           {"year": year, "opens_on": opens_on.isoformat(), "due_on": due_on.isoformat()})
    return campaign


@service
def close_campaign(tenant, actor, campaign: StatementCampaign) -> StatementCampaign:
    if campaign.tenant_id != tenant.pk:
        raise NotFound("coi_campaign_not_found", _("The statement campaign does not exist."))
    if campaign.status != StatementCampaign.Status.OPEN:
        raise DomainError("coi_campaign_not_open", _("The campaign is already closed."),
                          field="status")
    campaign.status = StatementCampaign.Status.CLOSED
    campaign.save(update_fields=["status", "updated_at"])
    record(tenant, actor, "conflicts.campaign.close", campaign, {"status": ["open", "closed"]})
    return campaign


@service
def file_nil_statement(tenant, actor, campaign: StatementCampaign) -> NilStatement:
    """"Nothing to declare" for the year; someone who declared this year has filed already."""
    if campaign.tenant_id != tenant.pk:
        raise NotFound("coi_campaign_not_found", _("The statement campaign does not exist."))
    me = _own_employee(tenant, actor)
    if campaign.status != StatementCampaign.Status.OPEN:
        raise DomainError("coi_campaign_not_open", _("The campaign is closed."), field="status")
    if selectors.has_filed(tenant, campaign, me):
        raise DomainError("coi_statement_already_filed",
                          _("You have already filed your statement for %(year)s."),
                          year=campaign.year)
    statement = NilStatement.objects.create(tenant=tenant, campaign=campaign, employee=me,
                                            unit=me.unit)
    record(tenant, actor, "conflicts.statement.create", statement, {"year": campaign.year})
    return statement


# --- Evaluation ----------------------------------------------------------------------------------

@service
def create_evaluation(tenant, actor, *, year: int, period: str, findings: str,
                      follow_ups: str) -> Evaluation:
    """The Inspektorat's evaluation of a semester or year, with the figures frozen as of now."""
    if period not in PERIODS:
        raise DomainError("coi_evaluation_period_invalid", _("Choose the period."),
                          field="period")
    if not isinstance(year, int) or not 2000 <= year <= timezone.localdate().year:
        raise DomainError("coi_evaluation_year_invalid",
                          _("Enter a year between 2000 and this year."), field="year")
    (m1, d1), (m2, d2) = PERIODS[period]
    starts_on, ends_on = dt.date(year, m1, d1), dt.date(year, m2, d2)
    if selectors.evaluations(tenant).filter(year=year, period=period).exists():
        raise DomainError("coi_evaluation_exists",
                          _("This period has already been evaluated."), field="period")
    evaluation = Evaluation.objects.create(
        tenant=tenant, year=year, period=period, starts_on=starts_on, ends_on=ends_on,
        figures=selectors.period_figures(tenant, starts_on, ends_on),
        findings=_text(findings, "findings", TEXT_MAX, _("Write the findings.")),
        follow_ups=_text(follow_ups, "follow_ups", TEXT_MAX, _("Write the follow-ups.")),
        written_by=actor if getattr(actor, "pk", None) else None,
    )
    record(tenant, actor, "conflicts.evaluation.create", evaluation,
           {"year": year, "period": period})
    return evaluation


# --- Checks --------------------------------------------------------------------------------------

def _own_employee(tenant, actor) -> Employee:
    me = selectors.employee_of(tenant, actor)
    if me is None:
        raise DomainError("coi_no_employee_record",
                          _("Your account is not linked to an active employee record of this "
                            "Pemda; ask the administrator to link it."))
    return me


def _locked(tenant, declaration) -> Declaration:
    """The declaration as it is now, locked: a withdrawal and a decision never cross."""
    if not isinstance(declaration, Declaration) or declaration.tenant_id != tenant.pk:
        raise NotFound("coi_declaration_not_found", _("The declaration does not exist."))
    return Declaration.objects.select_for_update().select_related("unit").get(
        pk=declaration.pk)


def _own_unit(tenant, unit) -> Unit | None:
    if unit is None:
        return None
    if not isinstance(unit, Unit) or unit.tenant_id != tenant.pk:
        raise NotFound("coi_unit_not_found", _("The unit does not exist."), field="subject_unit")
    return unit


def _opd_of(tenant, unit: Unit) -> Unit:
    return Unit.objects.get(tenant=tenant, path=unit.path[:Unit.PATH_STEP])


def _choice(value, choices, field: str, message) -> str:
    if value not in choices.values:
        raise DomainError(f"coi_{field}_invalid", message, field=field)
    return value


def _entry(kind: str, code, field: str) -> CatalogueEntry:
    entry = selectors.catalogue(kind).filter(code=str(code or "")).first()
    if entry is None:
        raise DomainError(f"coi_{field}_invalid", _("Choose one of the listed options."),
                          field=field)
    return entry


def _no_conflict_label() -> str:
    entry = selectors.catalogue(CatalogueEntry.Kind.MEASURE).filter(
        means_no_conflict=True).first()
    return entry.label if entry else ""


def _short(raw, field: str, max_length: int) -> str:
    value = " ".join(str(raw or "").split())
    if len(value) > max_length:
        raise DomainError("coi_field_too_long", _("At most %(max)s characters."), field=field,
                          max=max_length)
    return value


def _text(raw, field: str, max_length: int, missing) -> str:
    value = str(raw or "").strip()
    if not value:
        raise DomainError(f"coi_{field}_required", missing, field=field)
    if len(value) > max_length:
        raise DomainError("coi_field_too_long", _("At most %(max)s characters."), field=field,
                          max=max_length)
    return value


def _party(name, relation) -> tuple[str, str]:
    clean = _short(name, "parties", NAME_MAX)
    if not clean:
        raise DomainError("coi_party_name_required", _("Give each related party's name."),
                          field="parties")
    if relation not in Relation.values:
        raise DomainError("coi_party_relation_invalid",
                          _("Choose the relation of %(name)s."), field="parties", name=clean)
    return clean, relation


def _check_files(rules, files) -> None:
    if len(files) > rules.max_files:
        raise DomainError("coi_too_many_files", _("At most %(max)s evidence files."),
                          field="files", max=rules.max_files)
    for upload in files:
        suffix = PurePath(upload.name or "").suffix.lower().lstrip(".")
        if suffix not in rules.extensions:
            raise DomainError("coi_file_type", _("%(name)s: only %(types)s files are accepted."),
                              field="files", name=upload.name,
                              types=", ".join(rules.extensions))
        if upload.size > rules.max_bytes:
            raise DomainError("coi_file_too_large",
                              _("%(name)s is larger than %(max)s MB."), field="files",
                              name=upload.name, max=round(rules.max_bytes / 1_048_576, 1))
