"""Reads of conflict-of-interest declarations, limited to what a person or a grant may see.

A declaration is seen by its declarant, by whoever may decide it (the superior named on it, a COI
officer of its unit, and the Inspektorat once it is escalated), and by holders of
`conflicts.view` whose grant covers its unit.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from integritas.accounts.permissions import Grant, has_perm
from integritas.accounts.selectors import active_memberships
from integritas.conflicts.models import (
    CatalogueEntry,
    CoiOfficer,
    ConflictRules,
    Decision,
    Declaration,
    Evaluation,
    NilStatement,
    StatementCampaign,
)
from integritas.core.errors import DomainError, NotFound
from integritas.people.models import Employee
from integritas.tenancy.models import Unit
from integritas.tenancy.selectors import unit_paths_q

SUSPENDED = Declaration.Status.SUSPENDED
# A conflict stands until it is withdrawn or its decision finds it is not real.
STANDING = ~Q(status=Declaration.Status.WITHDRAWN) & ~Q(decision__is_real=False)


# --- Reference data ------------------------------------------------------------------------------

def rules_on(day: dt.date) -> ConflictRules:
    """The version of the rules in force on `day`."""
    rules = ConflictRules.objects.filter(effective_from__lte=day).first()
    if rules is None:
        raise DomainError("coi_rules_missing",
                          _("The conflict-of-interest rules are not loaded; ask the "
                            "administrator to run load_libraries."))
    return rules


def catalogue(kind: str) -> QuerySet[CatalogueEntry]:
    return CatalogueEntry.objects.filter(kind=kind)


# --- People --------------------------------------------------------------------------------------

def employee_of(tenant, user) -> Employee | None:
    """The active employee record linked to a user in this Pemda, if any."""
    if not getattr(user, "pk", None):
        return None
    return (Employee.objects.filter(tenant=tenant, user=user, status=Employee.Status.ACTIVE)
            .select_related("unit", "superior").first())


def officer_unit_paths(tenant, employee: Employee | None) -> list[str]:
    if employee is None:
        return []
    return list(CoiOfficer.objects.filter(tenant=tenant, employee=employee)
                .values_list("unit__path", flat=True))


def may_decide(tenant, user, declaration: Declaration) -> bool:
    """The superior named on the declaration, a COI officer of its unit (or a unit above), or
    the Inspektorat once the decision is overdue and escalated. Never the declarant."""
    employee = employee_of(tenant, user)
    if employee is None or employee.pk == declaration.declarant_id:
        return False
    if declaration.superior_id == employee.pk:
        return True
    path = declaration.unit.path
    if any(path.startswith(p) for p in officer_unit_paths(tenant, employee)):
        return True
    return (declaration.escalated_at is not None
            and has_perm(active_memberships(user, tenant), "conflicts.manage"))


# --- Declarations --------------------------------------------------------------------------------

def _declarations(tenant) -> QuerySet[Declaration]:
    return Declaration.objects.filter(tenant=tenant).select_related(
        "declarant", "unit", "opd", "superior", "conflict_type", "source",
        "decision__measure", "decision__decided_by")


def own_declarations(tenant, user) -> QuerySet[Declaration]:
    return _declarations(tenant).filter(declarant__user=user)


def declarations_to_decide(tenant, user) -> QuerySet[Declaration]:
    """Suspended declarations this user may decide, oldest deadline first."""
    employee = employee_of(tenant, user)
    if employee is None:
        return Declaration.objects.none()
    condition = Q(superior=employee)
    for path in officer_unit_paths(tenant, employee):
        condition |= Q(unit__path__startswith=path)
    if has_perm(active_memberships(user, tenant), "conflicts.manage"):
        condition |= Q(escalated_at__isnull=False)
    return (_declarations(tenant).filter(condition, status=SUSPENDED)
            .exclude(declarant=employee).order_by("due_on", "pk"))


def register(tenant, grant: Grant) -> QuerySet[Declaration]:
    """The COI register as the grant covers it (unit-limited roles see their subtree)."""
    if not grant.allowed:
        return Declaration.objects.none()
    return _declarations(tenant).filter(unit_paths_q(grant, "unit__path"))


def declaration_for(tenant, user, grant: Grant, pk) -> Declaration:
    """One declaration the user may see; anything else (another Pemda's too) is not found."""
    declaration = _declarations(tenant).filter(pk=pk).first()
    if declaration is None or not _may_see(tenant, user, grant, declaration):
        raise NotFound("coi_declaration_not_found", _("The declaration does not exist."))
    return declaration


def _may_see(tenant, user, grant: Grant, declaration: Declaration) -> bool:
    if declaration.declarant.user_id == user.pk:
        return True
    if grant.allowed and (grant.unit_paths is None or any(
            declaration.unit.path.startswith(p) for p in grant.unit_paths)):
        return True
    return may_decide(tenant, user, declaration)


def overdue(tenant, grant: Grant, today: dt.date | None = None) -> QuerySet[Declaration]:
    """Suspended declarations past their decision deadline, the oldest first."""
    today = today or timezone.localdate()
    return register(tenant, grant).filter(status=SUSPENDED, due_on__lt=today).order_by(
        "due_on", "pk")


def declaration_years(tenant) -> list[int]:
    """From the latest year declared back to the first, each end read from the index (a
    DISTINCT over the year of 100,000 dates costs more than the register page itself)."""
    dates = Declaration.objects.filter(tenant=tenant).values_list("declared_on", flat=True)
    first, last = dates.order_by("declared_on").first(), dates.order_by("-declared_on").first()
    if first is None:
        return []
    return list(range(last.year, first.year - 1, -1))


# --- The contracts other modules call ------------------------------------------------------------

def conflicted_user_ids(tenant, *, subject_kind: str, subject_ref: str = "",
                        unit=None) -> set[int]:
    """Ids of the users whose employee record has a standing (not withdrawn) conflict declaration
    on the subject (`subject_kind` such as "case" or "zi_assessment", `subject_ref` its id or
    number) or, when `unit` is given, on that unit. Cases and ZI exclude these users.

    A declaration stands until it is withdrawn or decided "no real conflict"; a control measure
    such as a recusal keeps it standing, since the exclusion is what the measure asks for.
    References compare without case or surrounding spaces ("LPR-2026-001" = " lpr-2026-001").
    """
    ref = (subject_ref or "").strip()
    if not ref and unit is None:
        return set()  # no subject named: nobody can have declared a conflict on it
    condition = (Q(subject_kind=subject_kind, subject_ref__iexact=ref) if ref
                 else Q(pk__in=[]))
    if unit is not None:
        condition |= Q(subject_unit=unit)
    return set(Declaration.objects.filter(tenant=tenant).filter(STANDING).filter(condition)
               .filter(declarant__user__isnull=False)
               .values_list("declarant__user_id", flat=True).distinct())


def conflicted_subjects(tenant, user, *, subject_kind: str) -> tuple[set[str], set[int]]:
    """The other side of `conflicted_user_ids` for one user: the references (upper case) of the
    `subject_kind` subjects and the ids of the units on which they have a standing conflict. A
    list of subjects leaves these out, so that what opening refuses is not listed either."""
    standing = (Declaration.objects.filter(tenant=tenant, declarant__user=user).filter(STANDING)
                .values_list("subject_kind", "subject_ref", "subject_unit_id"))
    refs, unit_ids = set(), set()
    for kind, ref, unit_id in standing:
        if kind == subject_kind and (ref or "").strip():
            refs.add(ref.strip().upper())
        if unit_id is not None:
            unit_ids.add(unit_id)
    return refs, unit_ids


def coi_risk_map(tenant, grant: Grant | None = None) -> list[dict]:
    """The COI risk map per jabatan: for each unit, position title and type, the standing
    declarations and the level the rules in force give them (aktual counting more).

    Each dict: `unit_id`, `unit_name`, `position_title`, `conflict_type` (code),
    `conflict_type_label`, `declarations`, `actual`, `level` ("rendah"|"sedang"|"tinggi").
    """
    rows = Declaration.objects.filter(tenant=tenant).filter(STANDING)
    if grant is not None:
        rows = rows.filter(unit_paths_q(grant, "unit__path"))
    # Grouped on ids only; the few unit and type names are read apart.
    grouped = list(rows.values("unit_id", "position_title", "conflict_type_id")
                   .annotate(declarations=Count("pk"),
                             actual=Count("pk", filter=Q(kind="aktual")))
                   .order_by())
    if not grouped:
        return []
    rules = rules_on(timezone.localdate())
    units = dict(Unit.objects.filter(tenant=tenant).values_list("pk", "name"))
    types = {e.pk: e for e in catalogue(CatalogueEntry.Kind.TYPE)}
    result = []
    for row in grouped:
        score = row["declarations"] + (rules.risk_actual_weight - 1) * row["actual"]
        entry = types[row["conflict_type_id"]]
        result.append({
            "unit_id": row["unit_id"], "unit_name": units[row["unit_id"]],
            "position_title": row["position_title"], "conflict_type": entry.code,
            "conflict_type_label": entry.label, "declarations": row["declarations"],
            "actual": row["actual"], "level": risk_level(rules, score),
        })
    return sorted(result, key=lambda r: (r["unit_name"], r["position_title"],
                                         r["conflict_type"]))


def risk_level(rules: ConflictRules, score: int) -> str:
    if score >= rules.risk_high_from:
        return "tinggi"
    if score >= rules.risk_medium_from:
        return "sedang"
    return "rendah"


# --- Campaigns and evaluations -------------------------------------------------------------------

def campaigns(tenant) -> QuerySet[StatementCampaign]:
    return StatementCampaign.objects.filter(tenant=tenant)


def open_campaign_on(tenant, day: dt.date) -> StatementCampaign | None:
    return campaigns(tenant).filter(status=StatementCampaign.Status.OPEN, year=day.year).first()


def campaign_for(tenant, pk) -> StatementCampaign:
    campaign = campaigns(tenant).filter(pk=pk).first()
    if campaign is None:
        raise NotFound("coi_campaign_not_found", _("The statement campaign does not exist."))
    return campaign


def has_filed(tenant, campaign: StatementCampaign, employee: Employee) -> bool:
    return (NilStatement.objects.filter(tenant=tenant, campaign=campaign, employee=employee)
            .exists() or campaign.declarations.filter(declarant=employee).exists())


def campaign_completion(tenant, grant: Grant, campaign: StatementCampaign) -> list[dict]:
    """Per OPD: active employees, nil statements, declarants, and the percent who filed."""
    opds = {u.path: u for u in Unit.objects.filter(tenant=tenant, parent__isnull=True)
            .filter(unit_paths_q(grant) | _above_grant(grant))}
    staff = _per_opd(Employee.objects.filter(tenant=tenant, status=Employee.Status.ACTIVE)
                     .filter(unit_paths_q(grant, "unit__path")), "unit__path")
    nil = _per_opd(NilStatement.objects.filter(tenant=tenant, campaign=campaign)
                   .filter(unit_paths_q(grant, "unit__path")), "unit__path")
    declared = _per_opd(campaign.declarations.filter(unit_paths_q(grant, "unit__path"))
                        .values("declarant").distinct(), "unit__path", distinct="declarant")
    rows = []
    for path, opd in sorted(opds.items(), key=lambda item: item[1].name):
        total = staff.get(path, 0)
        filed = nil.get(path, 0) + declared.get(path, 0)
        rows.append({"opd": opd, "employees": total, "nil": nil.get(path, 0),
                     "declared": declared.get(path, 0), "filed": min(filed, total),
                     "percent": round(100 * min(filed, total) / total, 1) if total else None})
    return [row for row in rows if row["employees"]]


def _above_grant(grant: Grant) -> Q:
    """A unit-limited grant still shows the OPD row its units belong to."""
    if grant.unit_paths is None:
        return Q()
    return Q(path__in=[p[:Unit.PATH_STEP] for p in grant.unit_paths])


def _per_opd(rows, path_field: str, distinct: str | None = None) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    grouped = rows.values(path_field).annotate(
        n=Count(distinct or "pk", distinct=bool(distinct))).order_by()
    for row in grouped:
        counts[row[path_field][:Unit.PATH_STEP]] += row["n"]
    return counts


def evaluations(tenant) -> QuerySet[Evaluation]:
    return Evaluation.objects.filter(tenant=tenant).select_related("written_by")


def evaluation_for(tenant, pk) -> Evaluation:
    evaluation = evaluations(tenant).filter(pk=pk).first()
    if evaluation is None:
        raise NotFound("coi_evaluation_not_found", _("The evaluation does not exist."))
    return evaluation


def period_figures(tenant, starts_on: dt.date, ends_on: dt.date) -> dict:
    """What an evaluation reports: declarations of the period by status, kind and OPD, the
    decisions on time, and the measures chosen."""
    rows = Declaration.objects.filter(tenant=tenant, declared_on__range=(starts_on, ends_on))
    decided = Decision.objects.filter(tenant=tenant,
                                      declaration__declared_on__range=(starts_on, ends_on))
    totals = rows.aggregate(
        declarations=Count("pk"),
        suspended=Count("pk", filter=Q(status=SUSPENDED)),
        withdrawn=Count("pk", filter=Q(status=Declaration.Status.WITHDRAWN)),
        decided=Count("pk", filter=Q(status=Declaration.Status.DECIDED)),
        overdue=Count("pk", filter=Q(status=SUSPENDED, due_on__lt=timezone.localdate())),
        escalated=Count("pk", filter=Q(escalated_at__isnull=False)),
    )
    on_time = decided.filter(on_time=True).count()
    totals["decided_on_time_pct"] = (round(100 * on_time / totals["decided"], 1)
                                     if totals["decided"] else None)
    totals["by_kind"] = dict(rows.values_list("kind").annotate(n=Count("pk")).order_by())
    totals["by_opd"] = [{"opd": name, "declarations": n} for name, n in
                        rows.values_list("opd__name").annotate(n=Count("pk")).order_by("-n")]
    totals["by_measure"] = [{"measure": label, "decisions": n} for label, n in
                            decided.values_list("measure__label").annotate(n=Count("pk"))
                            .order_by("-n")]
    return totals
