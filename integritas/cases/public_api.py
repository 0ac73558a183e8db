"""Anonymous reporting over the API: `/api/v1/public/{tenant}/reports` (no token).

- `POST /{tenant}/reports` — JSON `channel`, `category`, `what`, `who`, `unit` (id or
  "unknown"), `where`, `when`, `how`, optional `estimated_loss`, `how_known`, `identity`
  (`{"name", "contact", "nik"}`) → 201 `{"case_number", "receipt"}`; 400 with `errors` per field.
- `GET /{tenant}/reports/status` with `Authorization: Receipt <receipt>` → the public-safe status.
- `POST /{tenant}/reports/messages` (same header), JSON `{"body"}` → 201, the reporter's message.

Bursts get 429 (throttle.py); a wrong receipt gets 401 after the same time as a right one.
"""

from __future__ import annotations

import json
from datetime import date, datetime

from django.core.exceptions import RequestDataTooBig
from django.utils.translation import gettext_lazy as _
from django_scopes import scope
from ninja import Router, Schema, Status

from integritas.cases import intake, intake_cache, reporter, throttle
from integritas.cases.public_views import throttled
from integritas.core.errors import DomainError, NotFound
from integritas.tenancy.models import Tenant

router = Router(tags=["public reporting"])


class FiledOut(Schema):
    case_number: str
    receipt: str


class MessageOut(Schema):
    from_reporter: bool
    body: str
    sent_at: datetime
    files: list[str]


class StepOut(Schema):
    state: str
    text: str
    note: str
    at: datetime


class StatusOut(Schema):
    case_number: str
    channel: str
    state: str
    status: str
    received_at: datetime
    due_on: date | None
    messages: list[MessageOut]
    steps: list[StepOut]


class SentOut(Schema):
    sent_at: datetime


@router.post("/{tenant}/reports", auth=None, response={201: FiledOut})
def submit(request, tenant: str):
    context = intake_cache.context_for_slug(tenant)
    if context is None:
        raise _no_such_tenant()
    with scope(tenant=context.tenant.pk):
        if not throttle.allow(request, context.tenant, "submit"):
            raise throttled()
        report = intake.validate_report(context, _json(request))
        filed = intake.file_report(context, report)
    return Status(201, {"case_number": filed.case.number, "receipt": filed.receipt})


@router.get("/{tenant}/reports/status", auth=None, response=StatusOut)
def status(request, tenant: str):
    found = _tenant(tenant)
    with scope(tenant=found.pk):
        access = _access(request, found)
        view = reporter.status(found, access)
        reporter.mark_messages_read(found, None, access)
    return view


@router.post("/{tenant}/reports/messages", auth=None, response={201: SentOut})
def message(request, tenant: str):
    found = _tenant(tenant)
    with scope(tenant=found.pk):
        access = _access(request, found)
        body = _json(request).get("body")
        if not isinstance(body, str):
            raise DomainError("message_empty", _("Write a message."), field="body")
        sent = reporter.send_message(found, access, body, [])
    return Status(201, {"sent_at": sent.created_at})


def _tenant(slug: str) -> Tenant:
    found = Tenant.objects.filter(slug=slug, is_active=True).first()
    if found is None:
        raise _no_such_tenant()
    return found


def _no_such_tenant() -> NotFound:
    return NotFound("tenant_not_found", _("There is no such Pemda."))


def _access(request, tenant) -> reporter.ReporterAccess:
    scheme, _space, value = request.headers.get("Authorization", "").partition(" ")
    if not throttle.allow(request, tenant, "login"):
        raise throttled()
    if scheme.lower() != "receipt" or not value.strip():
        raise DomainError("receipt_required", _("Send the receipt as `Authorization: Receipt "
                                                "<receipt>`."), status=401)
    return reporter.open_with_receipt(tenant, value.strip())


def _json(request) -> dict:
    try:
        data = json.loads(request.body or b"{}")
    except RequestDataTooBig:
        raise DomainError("report_too_large", _("The request is too large. Shorten the "
                                                "text."), status=413) from None
    except (ValueError, UnicodeDecodeError):
        raise DomainError("invalid_json", _("The body must be a JSON object.")) from None
    if not isinstance(data, dict):
        raise DomainError("invalid_json", _("The body must be a JSON object."))
    return data
