"""Who may open a case, and the reads of the handlers' workspace.

A role only lets one reach the workspace; a case is open to a user only while a live `CaseKey`
is sealed to them (the Inspektur and intake handlers at intake, a team through `assign`, an
external viewer through a referral), and never to anyone excluded from it: a person named in it
(`CaseSubject`), anyone placed in the unit it concerns (or below), anyone with a standing
declared conflict on it. Anything else reads as "not found", so existence is not leaked.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from integritas.accounts.models import Membership, User
from integritas.accounts.permissions import Grant, roles_with
from integritas.accounts.roles import Role
from integritas.accounts.selectors import active_users_with_roles
from integritas.cases import keys
from integritas.cases.models import Assignment, Case, CaseKey, CaseSubject
from integritas.conflicts.selectors import conflicted_subjects
from integritas.core.errors import NotFound
from integritas.people.models import Employee


def _live_key(user) -> QuerySet:
    return CaseKey.objects.filter(case=OuterRef("pk"), holder=CaseKey.Holder.HANDLER,
                                  purpose=CaseKey.Purpose.CONTENT, user=user,
                                  revoked_at__isnull=True)


def excluded_user_ids(tenant, case: Case) -> set[int]:
    """Users who may never be assigned to the case or read it: those intake excludes (the unit's
    people, declared conflicts) and every person named in it."""
    named = set(Employee.objects.filter(
        tenant=tenant, pk__in=CaseSubject.objects.filter(case=case).values("employee"),
        user__isnull=False).values_list("user_id", flat=True))
    return named | keys.excluded_user_ids(tenant, case.unit, case.number)


def is_excluded(tenant, case: Case, user) -> bool:
    return user.pk in excluded_user_ids(tenant, case)


def cases_for(tenant, user, grant: Grant) -> QuerySet[Case]:
    """The cases sealed to the user, without those naming them, concerning their unit or on
    which they declared a conflict (`case_for` checks the same again when one is opened)."""
    if not grant.allowed:
        return Case.objects.none()
    own_units = _own_unit_paths(tenant, user)
    named = CaseSubject.objects.filter(case=OuterRef("pk"), employee__user=user)
    conflicted_numbers, conflicted_units = conflicted_subjects(tenant, user, subject_kind="case")
    queryset = (Case.objects.filter(tenant=tenant)
                .filter(Exists(_live_key(user))).exclude(Exists(named))
                .exclude(number__in=conflicted_numbers).exclude(unit__in=conflicted_units)
                .select_related("unit"))
    for path in own_units:
        queryset = queryset.exclude(unit__path__startswith=path)
    return queryset


def _own_unit_paths(tenant, user) -> set[str]:
    """The units a user works in (employee record or unit-limited role): a case concerning one
    of them, or a unit below it, is not theirs to read."""
    paths = set(Employee.objects.filter(tenant=tenant, user=user)
                .values_list("unit__path", flat=True))
    paths |= set(Membership.objects.filter(tenant=tenant, user=user, is_active=True,
                                           unit__isnull=False)
                 .values_list("unit__path", flat=True))
    return paths


def case_for(tenant, user, grant: Grant, number: str) -> Case:
    case = cases_for(tenant, user, grant).filter(number=number).first()
    if case is None or is_excluded(tenant, case, user):
        raise NotFound("case_not_found", _("There is no case with this number, or it is not "
                                           "shared with you."))
    return case


def live_assignments(case: Case) -> QuerySet[Assignment]:
    return (Assignment.objects.filter(case=case, revoked_at__isnull=True)
            .select_related("user").order_by("granted_at", "pk"))


def my_assignment(case: Case, user) -> Assignment | None:
    return live_assignments(case).filter(user=user).first()


def with_lead(queryset: QuerySet[Case]) -> QuerySet[Case]:
    """Each case's live lead handler(s) in `case.live_leads`, in one extra query."""
    leads = Assignment.objects.filter(revoked_at__isnull=True,
                                      kind=Assignment.Kind.LEAD).select_related("user")
    return queryset.prefetch_related(Prefetch("assignments", queryset=leads,
                                              to_attr="live_leads"))


def handlers(tenant) -> QuerySet[User]:
    """Staff whose role lets them handle cases in this Pemda."""
    return active_users_with_roles(tenant, roles_with("cases.handle"))


def assignable_users(tenant, case: Case) -> QuerySet[User]:
    """Handlers who are not excluded from this case."""
    return handlers(tenant).exclude(pk__in=excluded_user_ids(tenant, case))


def external_viewers(tenant) -> QuerySet:
    return active_users_with_roles(tenant, [Role.EXTERNAL_VIEWER])


def q_assignee(user_id: str) -> Q:
    return Q(assignments__user_id=user_id, assignments__revoked_at__isnull=True)
