"""Public verification over the API: no token. Check a PDF, or read a document's public facts."""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext_lazy as _
from ninja import Field, Router, Schema

from integritas.core.errors import NotFound
from integritas.pacts.public_selectors import PublicDocument, signature_by_document_id
from integritas.pacts.verification import check_declared_size, read_upload, verify_upload

router = Router(tags=["public verification"])


class VerdictOut(Schema):
    valid: bool
    reason: str
    message: str
    document_id: str | None
    signer: str | None
    signed_at: datetime | None


class DocumentOut(Schema):
    document_id: str
    kind: str = Field(description="pact or performance_agreement")
    year: int
    signer_name: str = Field(description="The signer of a pact, the first party of an agreement")
    signer_nip_masked: str
    signer_position: str
    signer_unit: str
    pemda: str
    signed_at: datetime
    status: str
    second_party_name: str = Field(description="Performance agreements only")
    text_title: str = Field(description="Pacts only")
    text_version: int | None = Field(description="Pacts only")
    method: str = Field(description="Pacts only")
    witness_name: str = Field(description="Pacts only")
    witness_confirmed: bool = Field(description="Pacts only")


class ErrorOut(Schema):
    code: str
    message: str


UPLOAD_BODY = {"requestBody": {"content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["file"],
    "properties": {"file": {"type": "string", "format": "binary",
                            "description": "The PDF to check, up to 20 MB"}},
}}}}}


@router.post("/verify", auth=None, response={200: VerdictOut, 413: ErrorOut, 422: ErrorOut},
             summary="Check whether a PDF is an authentic, unaltered document",
             openapi_extra=UPLOAD_BODY)
def verify(request):
    """HTTP 200 with `valid` true or false and the `reason` code for any verdict; 413 for a file
    over 20 MB (refused before it is read), 422 when the `file` field is missing."""
    check_declared_size(request)
    # Read only after the size check: the file field is parsed here, not by the framework.
    return verify_upload(read_upload(request.FILES.get("file")))


@router.get("/documents/{document_id}", auth=None, response={200: DocumentOut, 404: ErrorOut},
            summary="The public facts of a signed document (NIP masked)")
def document(request, document_id: str):
    found: PublicDocument | None = signature_by_document_id(document_id)
    if found is None:
        raise NotFound("document_not_found",
                       _("This document number is not registered in this application."))
    return found
