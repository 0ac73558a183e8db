"""The handlers' workspace over the API: `/api/v1/cases` (Bearer token). Same rules as the pages:
a case is reachable only while a live key is sealed to the token's user, and only with a token
enabled for cases (`keys.enable_token`), which carries the user's key; anything else is 404.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema, Status

from integritas.accounts.models import User
from integritas.api.api import tenant_scope
from integritas.api.auth import require_perm
from integritas.cases import deadlines, keys, referrals, selectors, services, workflow
from integritas.cases.models import (
    AdminCriterion,
    Assignment,
    Case,
    Channel,
    ExamKind,
    Outcome,
    Referral,
    State,
)
from integritas.core.errors import DomainError, NotFound
from integritas.tenancy.models import Unit

router = Router(tags=["cases"])

StateCode = Literal[tuple(State.values)]
ChannelCode = Literal[tuple(Channel.values)]
StepCode = Literal[tuple(workflow.STEPS)]
AuthorityCode = Literal[tuple(Referral.Authority.values)]
DirectionCode = Literal[tuple(Referral.Direction.values)]


class CaseOut(Schema):
    number: str
    channel: ChannelCode
    category: str
    unit_id: int | None
    state: StateCode
    received_at: dt.datetime
    first_response_due: dt.date
    first_response_at: dt.datetime | None
    due_on: dt.date | None
    due_kind: str
    working_days_left: int | None
    breached_at: dt.datetime | None
    closed_at: dt.datetime | None
    outcome: str


class CasePage(Schema):
    count: int
    items: list[CaseOut]


class MessageOut(Schema):
    kind: str
    body: str
    author_id: int | None
    created_at: dt.datetime


class TransitionOut(Schema):
    source: StateCode
    target: StateCode
    actor_id: int | None
    at: dt.datetime
    reason: str
    public_note: str


class ReferralOut(Schema):
    id: int
    direction: DirectionCode
    authority_kind: AuthorityCode
    authority_name: str
    unit_id: int | None
    letter_number: str
    letter_date: dt.date
    received_on: dt.date | None
    shared_with_id: int | None
    notes: str


class AssignmentOut(Schema):
    id: int
    user_id: int
    kind: str
    granted_at: dt.datetime
    no_conflict_confirmed_at: dt.datetime | None


class CaseDetailOut(CaseOut):
    answers: dict
    identity: dict | None = Field(None, description="Only for holders of the identity key; "
                                                    "never for an external viewer")
    audit_relevant: bool | None
    within_authority: bool | None
    exam_kind: str
    conclusion: str
    admin_criterion: str
    tgr_due: dt.date | None
    recovered_amount: int
    transitions: list[TransitionOut]
    messages: list[MessageOut]
    referrals: list[ReferralOut]
    team: list[AssignmentOut]
    allowed_steps: list[StepCode]


class CaseFilters(Schema):
    page: int = Field(1, ge=1)
    page_size: int = Field(50, ge=1, le=500)
    channel: ChannelCode | None = None
    state: StateCode | None = None
    category: str | None = Field(None, max_length=40)
    unit: int | None = None
    assignee: int | None = None
    overdue: bool | None = Field(None, description="Only cases past their current deadline")
    number: str | None = Field(None, max_length=20, description="Part of the case number")


class ReferralIn(Schema):
    authority_kind: AuthorityCode
    authority_name: str = Field("", max_length=200)
    unit_id: int | None = None
    letter_number: str = Field(max_length=100)
    letter_date: dt.date
    received_on: dt.date | None = None
    shared_with_id: int | None = Field(None, description="An external viewer of this Pemda")
    notes: str = Field("", max_length=20_000)


class NewReferralIn(ReferralIn):
    direction: DirectionCode


class StepIn(Schema):
    step: StepCode
    reason: str = Field("", max_length=20_000)
    public_note: str = Field("", max_length=20_000)
    exam_kind: Literal[tuple(ExamKind.values)] | None = None
    audit_relevant: bool | None = None
    referral: ReferralIn | None = Field(None, description="For `refer`")
    admin_criterion: Literal[tuple(AdminCriterion.values)] | None = None
    findings: str = Field("", max_length=20_000)
    recommendations: str = Field("", max_length=20_000)
    sanctions: str = Field("", max_length=20_000)
    recovered_amount: int = Field(0, ge=0)
    outcome: Literal[tuple(Outcome.values)] | None = None


class MessageIn(Schema):
    kind: Literal["to_reporter", "internal_note"] = "to_reporter"
    body: str = Field(max_length=20_000)


class AssignmentIn(Schema):
    user_id: int
    kind: Literal["lead", "member"] = "member"


def _summary(tenant, case: Case, today: dt.date) -> dict:
    return {
        "number": case.number, "channel": case.channel, "category": case.category,
        "unit_id": case.unit_id, "state": case.state, "received_at": case.received_at,
        "first_response_due": case.first_response_due,
        "first_response_at": case.first_response_at, "due_on": case.due_on,
        "due_kind": case.due_kind if case.due_on else "",
        "working_days_left": deadlines.days_left(tenant, case, today),
        "breached_at": case.breached_at, "closed_at": case.closed_at, "outcome": case.outcome,
    }


def _open(request, number: str, permission: str = "cases.view") -> tuple[Case, keys.CaseKeys]:
    """The case and its keys; 404 for a case not shared with the user or one they are excluded
    from, 403 when their role lacks `permission` (an external viewer changes nothing)."""
    grant = require_perm(request, permission)
    case = selectors.case_for(request.tenant, request.user, grant, number)
    return case, keys.case_keys(request, case)


def _detail(request, case: Case, k) -> dict:
    tenant = request.tenant
    external = Assignment.objects.filter(case=case, user=request.user, revoked_at__isnull=True,
                                         kind=Assignment.Kind.EXTERNAL).exists()
    can_handle = not external and require_perm_quietly(request, "cases.handle")
    messages = [] if external else [
        {"kind": m.kind, "body": keys.open_text(k, m.body_box), "author_id": m.author_id,
         "created_at": m.created_at} for m in case.messages.all()]
    return _summary(tenant, case, timezone.localdate()) | {
        "answers": keys.content(k, case).get("answers", {}),
        "identity": None if external else keys.identity(k, case),
        "audit_relevant": case.audit_relevant, "within_authority": case.within_authority,
        "exam_kind": case.exam_kind, "conclusion": case.conclusion,
        "admin_criterion": case.admin_criterion, "tgr_due": case.tgr_due,
        "recovered_amount": case.recovered_amount,
        "transitions": [
            {"source": t.source, "target": t.target, "actor_id": t.actor_id, "at": t.at,
             "reason": "" if external else keys.open_text(k, t.reason_box),
             "public_note": keys.open_text(k, t.public_note_box)}
            for t in case.transitions.all()],
        "messages": messages,
        "referrals": [_referral(r, k) for r in case.referrals.all()],
        "team": [] if external else list(selectors.live_assignments(case)),
        "allowed_steps": [s.name for s in workflow.allowed_steps(case)] if can_handle else [],
    }


def require_perm_quietly(request, permission: str) -> bool:
    try:
        require_perm(request, permission)
    except DomainError:
        return False
    return True


def _referral(referral: Referral, k) -> dict:
    return {
        "id": referral.pk, "direction": referral.direction,
        "authority_kind": referral.authority_kind, "authority_name": referral.authority_name,
        "unit_id": referral.unit_id, "letter_number": referral.letter_number,
        "letter_date": referral.letter_date, "received_on": referral.received_on,
        "shared_with_id": referral.shared_with_id, "notes": keys.open_text(k, referral.notes_box),
    }


def _referral_values(request, payload: ReferralIn) -> dict:
    values = payload.dict(exclude={"unit_id", "shared_with_id"})
    values["unit"] = (Unit.objects.filter(tenant=request.tenant, pk=payload.unit_id).first()
                      if payload.unit_id else None)
    if payload.unit_id and values["unit"] is None:
        raise DomainError("unit_not_found", _("The unit does not exist."), field="unit_id")
    values["shared_with"] = (User.objects.filter(pk=payload.shared_with_id).first()
                             if payload.shared_with_id else None)
    if payload.shared_with_id and values["shared_with"] is None:
        raise DomainError("not_external_viewer", _("Share a referral only with an external "
                                                   "viewer of this Pemda."),
                          field="shared_with_id")
    return values


@router.get("", response=CasePage, summary="The cases shared with the token's user")
def list_cases(request, filters: Query[CaseFilters]):
    grant = require_perm(request, "cases.view")
    with tenant_scope(request):
        cases = selectors.cases_for(request.tenant, request.user, grant)
        for name in ("channel", "state", "category"):
            if getattr(filters, name):
                cases = cases.filter(**{name: getattr(filters, name)})
        if filters.unit:
            cases = cases.filter(unit_id=filters.unit)
        if filters.assignee:
            cases = cases.filter(selectors.q_assignee(str(filters.assignee))).distinct()
        if filters.overdue is not None:
            today = timezone.localdate()
            cases = (cases.filter(due_on__lt=today) if filters.overdue
                     else cases.exclude(due_on__lt=today))
        if filters.number:
            cases = cases.filter(number__icontains=filters.number)
        cases = cases.order_by("-received_at", "pk")
        start = (filters.page - 1) * filters.page_size
        today = timezone.localdate()
        return {"count": cases.count(), "items": [
            _summary(request.tenant, c, today) for c in cases[start:start + filters.page_size]]}


@router.get("/{number}", response=CaseDetailOut, summary="One case, decrypted for the reader")
def read_case(request, number: str):
    with tenant_scope(request):
        case, k = _open(request, number)
        return _detail(request, case, k)


@router.post("/{number}/transitions", response={200: CaseDetailOut},
             summary="Move the case one step (409 when the step is not allowed now)")
def transition(request, number: str, payload: StepIn):
    with tenant_scope(request):
        case, k = _open(request, number, "cases.handle")
        values = payload.dict(exclude={"step", "referral"}, exclude_none=True)
        if payload.referral is not None:
            values |= _referral_values(request, payload.referral)
        workflow.advance(request.tenant, request.user, case, k, payload.step, **values)
        return _detail(request, Case.objects.get(pk=case.pk), k)


@router.post("/{number}/messages", response={201: MessageOut},
             summary="A message to the reporter, or an internal note")
def post_message(request, number: str, payload: MessageIn):
    with tenant_scope(request):
        case, k = _open(request, number, "cases.handle")
        post = (services.message_reporter if payload.kind == "to_reporter"
                else services.add_note)
        message = post(request.tenant, request.user, case, k, body=payload.body)
        return Status(201, {"kind": message.kind, "body": payload.body.strip(),
                            "author_id": message.author_id, "created_at": message.created_at})


@router.post("/{number}/assignments", response={201: AssignmentOut},
             summary="Give a handler access (the Inspektur)")
def assign(request, number: str, payload: AssignmentIn):
    with tenant_scope(request):
        case, k = _open(request, number, "cases.manage")
        user = User.objects.filter(pk=payload.user_id).first()
        if user is None:
            raise DomainError("user_not_found", _("The user does not exist."), field="user_id")
        return Status(201, services.assign(request.tenant, request.user, case, k, user=user,
                                           kind=payload.kind))


@router.delete("/{number}/assignments/{int:assignment_id}", response={204: None},
               summary="Revoke a person's access: their keys to the case are withdrawn")
def revoke(request, number: str, assignment_id: int):
    with tenant_scope(request):
        case, _keys = _open(request, number, "cases.manage")
        assignment = selectors.live_assignments(case).filter(pk=assignment_id).first()
        if assignment is None:
            raise NotFound("assignment_not_found", _("This person has no access to revoke."))
        services.revoke(request.tenant, request.user, case, assignment)
        return Status(204, None)


@router.post("/{number}/referrals", response={201: ReferralOut},
             summary="Record a referral letter in either direction (the state does not move)")
def add_referral(request, number: str, payload: NewReferralIn):
    with tenant_scope(request):
        case, k = _open(request, number, "cases.handle")
        values = _referral_values(request, payload) | {"direction": payload.direction}
        made = referrals.record_referral(request.tenant, request.user, case, k, **values)
        return Status(201, _referral(made, k))
