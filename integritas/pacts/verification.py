"""Checking an uploaded PDF: is it an authentic, unaltered pact of this installation, and which?

Shared by the public page and the public API. An upload is refused as too large from its
declared Content-Length, before Django reads the body: a 100 MB upload costs nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from integritas.core.documents import verify_pdf
from integritas.core.errors import DomainError
from integritas.pacts.public_selectors import PublicDocument, signature_by_document_id

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
# Room for the multipart boundaries and headers around the file itself.
MULTIPART_ALLOWANCE = 64 * 1024

REASONS = {
    "valid": _("This is an authentic, unaltered document of this application."),
    "empty_file": _("The file is empty."),
    "not_pdf": _("The file is not a PDF document."),
    "no_signature": _("The PDF carries no electronic signature of this application."),
    "modified": _("The document was altered after it was signed: its content no longer "
                  "matches the signature."),
    "changed_after_signing": _("Something was added to the document after it was signed."),
    "untrusted_signer": _("The signature was not made by a Pemda registered in this "
                          "application."),
    "invalid_signature": _("The signature is damaged or not acceptable."),
    "unknown_document": _("The document number is not registered in this application."),
}


@dataclass(frozen=True)
class Verdict:
    valid: bool
    reason: str
    document_id: str | None = None
    document: PublicDocument | None = None

    @property
    def message(self) -> str:
        return str(REASONS[self.reason])

    @property
    def signer(self) -> str | None:
        return self.document.signer_name if self.document else None

    @property
    def signed_at(self) -> dt.datetime | None:
        return self.document.signed_at if self.document else None


def too_large_error(size: int) -> DomainError:
    return DomainError("file_too_large",
                       _("The file is %(size)s; the limit is %(limit)s."), field="file",
                       status=413, size=filesizeformat(size),
                       limit=filesizeformat(MAX_UPLOAD_BYTES))


def check_declared_size(request) -> None:
    """Refuse a request whose body is too large before anything reads it."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > MAX_UPLOAD_BYTES + MULTIPART_ALLOWANCE:
        raise too_large_error(declared)


def read_upload(upload) -> bytes:
    if upload is None:
        raise DomainError("file_required", _("Choose a PDF file to check."), field="file",
                          status=422)
    if upload.size > MAX_UPLOAD_BYTES:
        raise too_large_error(upload.size)
    return upload.read()


def verify_upload(data: bytes) -> Verdict:
    """The verdict on a PDF: its signature against every active Pemda's roots, and its id here."""
    result = verify_pdf(None, data)
    if not result.valid:
        return Verdict(False, result.reason)
    document = signature_by_document_id(result.document_id)
    if document is None:
        return Verdict(False, "unknown_document", document_id=result.document_id)
    return Verdict(True, "valid", document_id=result.document_id, document=document)
