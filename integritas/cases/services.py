"""Staff actions on a case besides the workflow: the team (assignment, revocation, the "no
conflict" confirmation), persons named, messages to the reporter, internal notes and tasks.

Access is per case and cryptographic: assigning seals the case's keys to the handler, revoking
marks their sealed keys revoked. Nobody excluded from a case (selectors.excluded_user_ids) can be
assigned; naming a person in a case takes the case away from them at once.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from integritas.accounts.models import User
from integritas.audit.services import record
from integritas.cases import attachments, keys, selectors
from integritas.cases.models import Assignment, Case, CaseKey, CaseSubject, CaseTask, Message
from integritas.core.errors import DomainError
from integritas.core.services import service

MAX_MESSAGE = 20_000
MAX_TASK_TITLE = 300


@service
def assign(tenant, actor, case: Case, k, *, user, kind: str = Assignment.Kind.MEMBER
           ) -> Assignment:
    if kind not in (Assignment.Kind.LEAD, Assignment.Kind.MEMBER):
        raise DomainError("assignment_kind_invalid", _("Choose lead handler or team member."),
                          field="kind")
    if not selectors.assignable_users(tenant, case).filter(pk=user.pk).exists():
        raise DomainError(
            "handler_excluded",
            _("%(name)s cannot handle this case: they are not a handler here, are named in "
              "it, work in the unit concerned or declared a conflict of interest."),
            field="user", name=user.full_name or user.email)
    if Assignment.objects.filter(case=case, user=user, revoked_at__isnull=True).exists():
        raise DomainError("already_assigned", _("%(name)s is already on the team."),
                          field="user", name=user.full_name or user.email)
    if kind == Assignment.Kind.LEAD:
        Assignment.objects.filter(case=case, kind=Assignment.Kind.LEAD,
                                  revoked_at__isnull=True).update(kind=Assignment.Kind.MEMBER)
    keys.grant(case, k, user, identity=True)
    assignment = Assignment.objects.create(tenant=tenant, case=case, user=user, kind=kind,
                                           granted_by=actor, granted_at=timezone.now())
    record(tenant, actor, "cases.assignment.create", assignment,
           {"case": case.number, "user": user.pk, "kind": kind})
    return assignment


@service
def revoke(tenant, actor, case: Case, assignment: Assignment) -> Assignment:
    if assignment.case_id != case.pk or assignment.revoked_at is not None:
        raise DomainError("assignment_not_live", _("This person no longer has access."))
    now = timezone.now()
    keys.revoke(case, assignment.user, at=now)
    assignment.revoked_at, assignment.revoked_by = now, actor
    assignment.save(update_fields=["revoked_at", "revoked_by", "updated_at"])
    record(tenant, actor, "cases.assignment.revoke", assignment,
           {"case": case.number, "user": assignment.user_id})
    return assignment


@service
def confirm_no_conflict(tenant, actor, case: Case) -> Assignment:
    assignment = Assignment.objects.filter(case=case, user=actor,
                                           revoked_at__isnull=True).first()
    if assignment is None:
        raise DomainError("not_assigned", _("You are not on this case's team."))
    if assignment.no_conflict_confirmed_at is None:
        assignment.no_conflict_confirmed_at = timezone.now()
        assignment.save(update_fields=["no_conflict_confirmed_at", "updated_at"])
        record(tenant, actor, "cases.assignment.confirm_no_conflict", assignment,
               {"case": case.number})
    return assignment


@service
def add_subject(tenant, actor, case: Case, *, employee) -> CaseSubject:
    """Name an employee in the case; if they could read it, they no longer can."""
    if employee.tenant_id != tenant.pk:
        raise DomainError("employee_not_found", _("Choose an employee of this Pemda."),
                          field="employee")
    subject, created = CaseSubject.objects.get_or_create(
        tenant=tenant, case=case, employee=employee, defaults={"added_by": actor})
    if created:
        record(tenant, actor, "cases.subject.create", subject,
               {"case": case.number, "employee": employee.pk})
        if employee.user_id is not None:
            _take_away(tenant, actor, case, employee.user_id)
    return subject


def _take_away(tenant, actor, case: Case, user_id: int) -> None:
    now = timezone.now()
    had_key = CaseKey.objects.filter(case=case, user_id=user_id,
                                     revoked_at__isnull=True).exists()
    keys.revoke(case, _user(user_id), at=now)
    Assignment.objects.filter(case=case, user_id=user_id, revoked_at__isnull=True).update(
        revoked_at=now, revoked_by=actor)
    if had_key:
        record(tenant, actor, "cases.assignment.exclude", case,
               {"case": case.number, "user": user_id})


def _user(user_id: int) -> User:
    return User.objects.get(pk=user_id)


@service
def message_reporter(tenant, actor, case: Case, k, *, body: str) -> Message:
    message = _message(tenant, actor, case, k, Message.Kind.TO_REPORTER, body)
    if case.first_response_at is None:
        Case.objects.filter(pk=case.pk).update(first_response_at=message.created_at)
        case.first_response_at = message.created_at
    return message


@service
def add_note(tenant, actor, case: Case, k, *, body: str) -> Message:
    return _message(tenant, actor, case, k, Message.Kind.INTERNAL_NOTE, body)


def _message(tenant, actor, case: Case, k, kind: str, body: str) -> Message:
    body = (body or "").strip()
    if not body:
        raise DomainError("message_empty", _("Write the message first."), field="body")
    if len(body) > MAX_MESSAGE:
        raise DomainError("message_too_long", _("At most %(n)s characters."), field="body",
                          n=MAX_MESSAGE)
    message = Message.objects.create(tenant=tenant, case=case, kind=kind, author=actor,
                                     body_box=keys.seal_text(k, body))
    record(tenant, actor, f"cases.message.{kind}", message, {"case": case.number})
    return message


@service
def add_evidence(tenant, actor, case: Case, k, uploaded_file) -> list:
    """A handler's evidence file: checked by content, cleaned of metadata, encrypted."""
    added = attachments.add_attachment(tenant, actor, case, k, uploaded_file)
    record(tenant, actor, "cases.attachment.create", case,
           {"case": case.number, "attachments": [a.pk for a in added]})
    return added


@service
def add_task(tenant, actor, case: Case, k, *, title: str, assignee=None,
             due_on: dt.date | None = None) -> CaseTask:
    title = (title or "").strip()
    if not title or len(title) > MAX_TASK_TITLE:
        raise DomainError("task_title_required",
                          _("Describe the task in at most %(n)s characters."), field="title",
                          n=MAX_TASK_TITLE)
    if assignee is not None and not selectors.live_assignments(case).filter(
            user=assignee).exists():
        raise DomainError("task_assignee_not_on_team",
                          _("Give the task to someone on the case's team."), field="assignee")
    task = CaseTask.objects.create(tenant=tenant, case=case, assignee=assignee, due_on=due_on,
                                   title_box=keys.seal_text(k, title))
    record(tenant, actor, "cases.task.create", task,
           {"case": case.number, "assignee": assignee.pk if assignee else None,
            "due_on": str(due_on) if due_on else None})
    return task


@service
def complete_task(tenant, actor, case: Case, task: CaseTask) -> CaseTask:
    if task.case_id != case.pk:
        raise DomainError("task_not_found", _("This task is not part of the case."))
    if task.done_at is None:
        task.done_at = timezone.now()
        task.save(update_fields=["done_at", "updated_at"])
        record(tenant, actor, "cases.task.complete", task, {"case": case.number})
    return task
