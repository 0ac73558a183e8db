"""The reporter's side after filing: log in with the receipt, read the status, talk, add evidence.

A receipt opens exactly one case: its keyed hash finds the case, and the key derived from it
unseals the case's content key (never the identity key — the reporter does not need their own
identity back). A wrong receipt costs the same time and gets the same answer as someone else's.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import nacl.utils
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from integritas.audit.services import record
from integritas.cases import attachments, crypto, keys, reference, vault
from integritas.cases.intake import receipt_pepper
from integritas.cases.models import Case, CaseKey, Message, State
from integritas.core.calendar import deadline_phrase
from integritas.core.errors import DomainError
from integritas.core.services import service

REPORTER_VAULT = "reporter"
# Messages the reporter sees; internal notes never leave the workspace.
VISIBLE_KINDS = (Message.Kind.TO_REPORTER, Message.Kind.FROM_REPORTER)
# Until a handler replies for the first time, the reporter sees the first-response deadline;
# afterwards the case's current deadline, until it is closed.
OPEN_STATES = tuple(s for s in State.values if s not in (State.SELESAI, State.DITOLAK,
                                                          State.DILIMPAHKAN))


@dataclass(frozen=True)
class ReporterAccess:
    case: Case
    content_key: bytes

    def __repr__(self) -> str:
        return f"ReporterAccess({self.case.number})"


def wrong_receipt() -> DomainError:
    return DomainError("receipt_not_valid", _(
        "This receipt does not open a report here. Check it and try again; the letters O and "
        "I may be typed as 0 and 1."), field="receipt", status=401)


def open_with_receipt(tenant, text: str) -> ReporterAccess:
    """The case a receipt opens, or `wrong_receipt()` — in no less than the library's minimum
    time, and doing the same work whether the receipt is malformed, unknown or right."""
    started = time.monotonic()
    try:
        return _open(tenant, text)
    finally:
        floor = float(reference.limits()["receipt_login"]["min_seconds"])
        time.sleep(max(0.0, floor - (time.monotonic() - started)))


def _open(tenant, text: str) -> ReporterAccess:
    receipt = crypto.normalise_receipt(text) or "0000-0000-0000-0000"
    salt = keys.intake_settings(tenant).receipt_salt
    receipt_key = crypto.receipt_key(salt, receipt)
    digest = crypto.receipt_hash(receipt_pepper(), tenant.pk, receipt)
    row = (CaseKey.objects.filter(case__tenant=tenant, case__receipt_hash=digest,
                                  holder=CaseKey.Holder.RECEIPT, revoked_at=None)
           .select_related("case").first())
    sealed = row.sealed if row is not None else nacl.utils.random(72)
    try:
        content_key = crypto.unbox(receipt_key, sealed)
    except crypto.CryptoError:
        raise wrong_receipt() from None
    return ReporterAccess(row.case, content_key)


def remember(request, access: ReporterAccess) -> None:
    vault.put(request, REPORTER_VAULT, access.case.pk.to_bytes(8, "big") + access.content_key)


def recall(request, tenant) -> ReporterAccess | None:
    stored = vault.get(request, REPORTER_VAULT)
    if stored is None:
        return None
    case = Case.objects.filter(tenant=tenant, pk=int.from_bytes(stored[:8], "big")).first()
    return ReporterAccess(case, stored[8:]) if case is not None else None


def forget(request) -> None:
    vault.drop(request, REPORTER_VAULT)


def status(tenant, access: ReporterAccess) -> dict:
    """What the reporter may know: state, its plain-language text, deadline, messages, notes."""
    case, key = access.case, access.content_key
    due = _visible_due(case)
    messages = [
        {"id": m.pk, "from_reporter": m.kind == Message.Kind.FROM_REPORTER,
         "body": crypto.unbox(key, m.body_box).decode("utf-8"), "sent_at": m.created_at,
         "read_at": m.read_at,
         "files": [crypto.unbox(key, a.name_box).decode("utf-8") for a in m.attachments.all()]}
        for m in case.messages.filter(kind__in=VISIBLE_KINDS).prefetch_related("attachments")
    ]
    steps = [
        {"state": t.target, "label": State(t.target).label, "at": t.at,
         "text": reference.public_status(t.target),
         "note": crypto.unbox(key, t.public_note_box).decode("utf-8")
         if t.public_note_box is not None else ""}
        for t in case.transitions.all()
    ]
    evidence = [crypto.unbox(key, a.name_box).decode("utf-8")
                for a in case.attachments.filter(from_reporter=True, message=None)]
    return {
        "case_number": case.number, "channel": case.channel, "state": case.state,
        "state_label": State(case.state).label, "status": reference.public_status(case.state),
        "received_at": case.received_at, "due_on": due,
        "due_phrase": deadline_phrase(tenant, due) if due else "",
        "messages": messages, "steps": steps, "evidence": evidence,
        "closed": case.state not in OPEN_STATES,
    }


def _visible_due(case: Case):
    if case.state not in OPEN_STATES:
        return None
    return case.first_response_due if case.first_response_at is None else case.due_on


@service
def mark_messages_read(tenant, actor, access: ReporterAccess) -> int:
    unread = access.case.messages.filter(kind=Message.Kind.TO_REPORTER, read_at=None)
    count = unread.update(read_at=timezone.now())
    if count:
        record(tenant, None, "cases.message.read_by_reporter", access.case, {"messages": count})
    return count


def send_message(tenant, access: ReporterAccess, body: str, files: list) -> Message:
    """A message (and files) from the reporter; files are written before the transaction."""
    text = (body or "").replace("\x00", "").strip()
    limit = reference.limits()["text"]["max_chars"]
    if not text and not files:
        raise DomainError("message_empty", _("Write a message or attach a file."), field="body")
    if len(text) > limit:
        raise DomainError("message_too_long", _("Please keep this under %(max)s characters."),
                          field="body", max=limit)
    if files:
        existing = access.case.attachments.filter(from_reporter=True)
        attachments.check_count(files, already=existing.count(),
                                already_bytes=sum(existing.values_list("size", flat=True)))
    stored = attachments.store(files, access.content_key) if files else []
    try:
        return _record_message(tenant, None, access, text, stored)
    except Exception:
        attachments.discard([blob_name for _clean, blob_name, _size in stored])
        raise


@service
def _record_message(tenant, actor, access: ReporterAccess, text: str, stored) -> Message:
    if access.case.state in (State.SELESAI,):
        raise DomainError("case_closed", _("This report is closed; it cannot take new "
                                           "messages."), field="body")
    message = Message.objects.create(tenant=tenant, case=access.case,
                                     kind=Message.Kind.FROM_REPORTER,
                                     body_box=crypto.box(access.content_key, text))
    if stored:
        attachments.attachment_rows(access.case, stored, message=message, from_reporter=True,
                                    content_key=access.content_key)
    record(tenant, None, "cases.message.from_reporter", access.case,
           {"files": len(stored)})
    return message
