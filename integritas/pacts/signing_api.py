"""Signing over the API: my pacts, sign, witness, download, and paper records (same services
as the pages)."""

from __future__ import annotations

import datetime as dt
import mimetypes

from django.http import FileResponse, Http404
from django.utils import timezone
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from integritas.accounts.permissions import grant
from integritas.api.api import tenant_scope
from integritas.api.auth import require_perm
from integritas.core.calendar import deadline_phrase
from integritas.pacts import signing, signing_selectors
from integritas.pacts.models import PactSignature, PactTarget

router = Router(tags=["pact signing"])


class SignatureOut(Schema):
    id: int
    document_id: str
    target_id: int
    method: str
    text_code: str
    text_version: int
    signer_name: str
    signer_nip: str
    signer_position: str
    signer_unit: str
    witness_name: str
    signed_at: dt.datetime
    is_late: bool
    pdf_sha256: str
    witnessed_at: dt.datetime | None
    verify_url: str


class MyTargetOut(Schema):
    id: int
    campaign_id: int
    campaign_title: str
    campaign_open: bool
    status: str
    due_on: dt.date
    deadline: str
    signature: SignatureOut | None


class SignIn(Schema):
    password: str
    totp_code: str | None = None


@router.get("/my-targets", response=list[MyTargetOut], summary="The caller's own pacts")
def my_targets(request):
    require_perm(request, "pacts.sign")
    with tenant_scope(request):
        today = timezone.localdate()
        return [_target_out(request.tenant, target, today)
                for target in signing_selectors.my_targets(request.tenant, request.user)]


@router.post("/targets/{int:target_id}/sign", response={201: SignatureOut},
             summary="Sign one of the caller's pacts")
def sign(request, target_id: int, body: SignIn):
    require_perm(request, "pacts.sign")
    with tenant_scope(request):
        target = signing_selectors.my_target(request.tenant, request.user, target_id)
        signature = signing.sign_pact(request.tenant, request.user, target,
                                      password=body.password, totp_code=body.totp_code)
        return Status(201, _signature_out(signature))


@router.get("/signatures/{int:signature_id}", response=SignatureOut)
def signature_detail(request, signature_id: int):
    require_perm(request, "pacts.sign")
    with tenant_scope(request):
        return _signature_out(_visible(request, signature_id))


@router.get("/signatures/{int:signature_id}/pdf",
            summary="The signed PDF, or the scan of a paper pact")
def signature_pdf(request, signature_id: int):
    require_perm(request, "pacts.sign")
    with tenant_scope(request):
        signature = _visible(request, signature_id)
        stored = signature.pdf or signature.scan
        if not stored:
            raise Http404
        name = stored.name.rsplit("/", 1)[-1]
        return FileResponse(stored.open("rb"), filename=name, as_attachment=True,
                            content_type=mimetypes.guess_type(name)[0] or "application/pdf")


@router.post("/signatures/{int:signature_id}/witness", response=SignatureOut,
             summary="Confirm, as its witness, that a pact was signed")
def witness(request, signature_id: int):
    require_perm(request, "pacts.sign")
    with tenant_scope(request):
        signature = signing.witness_pact(request.tenant, request.user,
                                         _visible(request, signature_id))
        return _signature_out(signature)


@router.post("/targets/{int:target_id}/paper", response={201: SignatureOut},
             summary="Record a pact signed on paper, with its scan")
def paper(request, target_id: int, scan: File[UploadedFile], signed_on: Form[dt.date],
          witness_name: Form[str] = ""):
    manage = require_perm(request, "pacts.manage")
    with tenant_scope(request):
        target = signing_selectors.managed_target(request.tenant, manage, target_id)
        signature = signing.record_paper_signature(request.tenant, request.user, target,
                                                   scan=scan, signed_on=signed_on,
                                                   witness_name=witness_name)
        return Status(201, _signature_out(signature))


def _visible(request, signature_id: int) -> PactSignature:
    manage = grant(request.memberships, "pacts.manage")
    return signing_selectors.signature_for(request.tenant, request.user, manage, signature_id)


def _target_out(tenant, target: PactTarget, today: dt.date) -> dict:
    signature = next(iter(target.signatures.all()), None)
    return {
        "id": target.pk, "campaign_id": target.campaign_id,
        "campaign_title": target.campaign.title,
        "campaign_open": target.campaign.status == target.campaign.Status.OPEN,
        "status": target.status, "due_on": target.due_on,
        "deadline": deadline_phrase(tenant, target.due_on, today),
        "signature": _signature_out(signature) if signature else None,
    }


def _signature_out(signature: PactSignature) -> dict:
    return {
        "id": signature.pk, "document_id": signature.document_id,
        "target_id": signature.target_id, "method": signature.method,
        "text_code": signature.text.code, "text_version": signature.text.version,
        "signer_name": signature.signer_name, "signer_nip": signature.signer_nip,
        "signer_position": signature.signer_position, "signer_unit": signature.signer_unit,
        "witness_name": signature.witness_name, "signed_at": signature.signed_at,
        "is_late": signature.is_late, "pdf_sha256": signature.pdf_sha256,
        "witnessed_at": signature.witnessed_at,
        "verify_url": signing.verify_url(signature.document_id),
    }
