"""The examination workflow (REFERENCE §4): one service moves a case one step.

`advance(tenant, actor, case, k, step, **data)` checks the step is allowed from the current state
(else a coded 409), applies what the step decides (classification, examination kind, referral,
conclusion, outcome), records a `Transition` with the handler's reason and the note the reporter
reads (both encrypted under the case's content key `k`), moves the working-day clock and writes
one audit event with codes only. The reporter reads the state's plain-language text
(`reference.public_status`) and the note.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import can_proceed

from integritas.audit.services import record
from integritas.cases import deadlines, keys, referrals
from integritas.cases.models import (
    AdminCriterion,
    Case,
    Conclusion,
    ExamKind,
    FollowUp,
    Message,
    Outcome,
    Referral,
    State,
    Transition,
)
from integritas.core.errors import DomainError
from integritas.core.services import service

MAX_TEXT = 20_000


REFERRAL_INPUTS = ("authority_kind", "authority_name", "unit", "letter_number", "letter_date",
                   "received_on", "shared_with", "notes")


@dataclass(frozen=True)
class Step:
    name: str
    label: str
    # What the step decides besides the reason and the reporter's note; other input is ignored.
    inputs: tuple[str, ...] = ()
    # The reporter must be told why (a rejection) or what is needed (a request for information).
    needs_public_note: bool = False
    danger: bool = False


STEPS = {step.name: step for step in (
    Step("verify", _("Check completeness")),
    Step("request_information", _("Ask the reporter for more"), needs_public_note=True),
    Step("review", _("Complete: start the review")),
    Step("examine", _("Open an examination"), ("exam_kind",)),
    Step("refer", _("Refer to another authority"),
         ("audit_relevant", "within_authority", *REFERRAL_INPUTS)),
    Step("reject", _("Reject"), needs_public_note=True, danger=True),
    Step("follow_up", _("Conclude: administrative error"),
         ("admin_criterion", "findings", "recommendations", "sanctions", "recovered_amount")),
    Step("close", _("Close the case"), ("outcome",)),
)}


class TransitionNotAllowed(DomainError):
    status = 409


def allowed_steps(case: Case) -> list[Step]:
    return [step for name, step in STEPS.items() if can_proceed(getattr(case, name))]


@service
def advance(tenant, actor, case: Case, k, step: str, *, reason: str = "", public_note: str = "",
            **data) -> Case:
    case = Case.objects.select_for_update(of=("self",)).select_related("unit").get(pk=case.pk)
    spec = STEPS.get(step)
    if spec is None or not can_proceed(getattr(case, step)):
        raise TransitionNotAllowed(
            "transition_not_allowed",
            _("A case in state “%(state)s” cannot take the step “%(step)s”."),
            field="step", state=case.get_state_display(), step=spec.label if spec else step)
    reason, public_note = _text(reason, "reason"), _text(public_note, "public_note")
    if spec.needs_public_note and not public_note:
        raise DomainError("public_note_required",
                          _("Write what the reporter will read: the reason, or what is needed."),
                          field="public_note")
    source = case.state
    now = timezone.now()
    details = APPLY[step](tenant, actor, case, k, now=now,
                          **{name: value for name, value in data.items() if name in spec.inputs})
    getattr(case, step)()
    if step == "request_information":
        _message_reporter(tenant, actor, case, k, public_note)
    if case.state in (State.SELESAI, State.DITOLAK):
        case.closed_at = now
    case.first_response_at = case.first_response_at or now
    deadlines.restart_clock(tenant, case, timezone.localdate(now))
    case.save()
    Transition.objects.create(
        tenant=tenant, case=case, source=source, target=case.state, actor=actor, at=now,
        reason_box=keys.seal_text(k, reason) if reason else None,
        public_note_box=keys.seal_text(k, public_note) if public_note else None)
    record(tenant, actor, f"cases.case.{step}", case,
           {"state": [source, case.state], **details})
    return case


def _text(value, field: str) -> str:
    value = (value or "").strip()
    if len(value) > MAX_TEXT:
        raise DomainError("text_too_long", _("At most %(n)s characters."), field=field,
                          n=MAX_TEXT)
    return value


def _choice(value, choices, field: str, message) -> str:
    if value not in choices.values:
        raise DomainError(f"{field}_required", message, field=field)
    return value


def _message_reporter(tenant, actor, case: Case, k, body: str) -> None:
    Message.objects.create(tenant=tenant, case=case, kind=Message.Kind.TO_REPORTER,
                           author=actor, body_box=keys.seal_text(k, body))


# --- what each step decides ----------------------------------------------------------------------

def _nothing(tenant, actor, case, k, *, now, **data) -> dict:
    return {}


def _examine(tenant, actor, case, k, *, now, exam_kind="", **data) -> dict:
    case.exam_kind = _choice(exam_kind, ExamKind, "exam_kind",
                             _("Choose clarification or investigative audit."))
    case.audit_relevant = True
    case.within_authority = True
    return {"exam_kind": case.exam_kind}


def _refer(tenant, actor, case, k, *, now, audit_relevant=None, within_authority=None,
           **referral) -> dict:
    if case.state == State.PEMERIKSAAN:
        # An examination that found an indication of a crime goes to the APH (MoU APIP–APH).
        if referral.get("authority_kind") not in referrals.APH:
            raise DomainError("aph_required",
                              _("An indication of a crime is referred to the Kejaksaan or "
                                "Polri."), field="authority_kind")
        case.conclusion = Conclusion.INDIKASI_PIDANA
    else:
        case.audit_relevant = audit_relevant if audit_relevant is not None else case.audit_relevant
        case.within_authority = within_authority if within_authority is not None else False
    made = referrals.add_referral(tenant, actor, case, k, direction=Referral.Direction.OUT,
                                  **referral)
    return {"referral": made.pk, "authority_kind": made.authority_kind,
            "conclusion": case.conclusion}


def _follow_up(tenant, actor, case, k, *, now, admin_criterion="", findings="",
               recommendations="", sanctions="", recovered_amount=0, **data) -> dict:
    case.conclusion = Conclusion.ADMINISTRATIF
    case.admin_criterion = _choice(admin_criterion, AdminCriterion, "admin_criterion",
                                   _("Say which of the four criteria of an administrative "
                                     "error applies."))
    if case.admin_criterion == AdminCriterion.TGR_SETTLED:
        case.tgr_due = referrals.tgr_due(timezone.localdate(now))
    recovered = _amount(recovered_amount)
    FollowUp.objects.create(
        tenant=tenant, case=case, created_by=actor, recovered_amount=recovered,
        body_box=keys.seal_json(k, {"findings": _text(findings, "findings"),
                                    "recommendations": _text(recommendations, "recommendations"),
                                    "sanctions": _text(sanctions, "sanctions")}))
    case.recovered_amount += recovered
    return {"conclusion": case.conclusion, "admin_criterion": case.admin_criterion,
            "recovered_amount": recovered}


def _close(tenant, actor, case, k, *, now, outcome="", **data) -> dict:
    case.outcome = _choice(outcome, Outcome, "outcome",
                           _("Choose the outcome: substantiated, partly or not substantiated."))
    return {"outcome": case.outcome}


def _amount(value) -> int:
    try:
        amount = int(value or 0)
    except (TypeError, ValueError):
        amount = -1
    if amount < 0:
        raise DomainError("amount_invalid", _("Enter an amount in rupiah, 0 or more."),
                          field="recovered_amount")
    return amount


APPLY = {
    "verify": _nothing,
    "request_information": _nothing,
    "review": _nothing,
    "examine": _examine,
    "refer": _refer,
    "reject": _nothing,
    "follow_up": _follow_up,
    "close": _close,
}
