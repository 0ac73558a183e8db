"""Is this PDF an authentic, unaltered document of this installation, and which one?

Validation uses pyHanko's validation API with the Pemda roots known here as the only trust
anchors, and accepts a document only if the signature is intact, valid, trusted, and covers the
entire file: any byte changed, appended, or re-saved makes it invalid, with a reason code:

- `empty_file`, `not_pdf`: nothing, or not a readable PDF;
- `no_signature`: a PDF without our signature;
- `modified`: the signed bytes changed (digest mismatch, e.g. one byte flipped or re-saved);
- `changed_after_signing`: bytes or revisions added after the signature;
- `untrusted_signer`: signed by a key that does not chain to a root of this installation;
- `invalid_signature`: a signature that is cryptographically or otherwise unacceptable;
- `unknown_document`: validly signed, but without our document id.

The signing certificate is checked at the signature's own signing time: a pact signed in 2027
stays verifiable after the certificate's two years run out. The signing time is the signer's
own claim (PAdES B-B has no timestamp authority), which is sound as long as the key stayed
in this installation; rotating a leaked key retires it.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from dataclasses import dataclass

from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from integritas.core.documents.keys import trust_roots
from integritas.core.documents.signing import DOCUMENT_ID_KEY, DOCUMENT_ID_PATTERN

logger = logging.getLogger(__name__)
PDF_MAGIC = b"%PDF-"
MAGIC_WINDOW = 1024  # the PDF header may follow a few bytes of junk, as readers tolerate


@dataclass(frozen=True)
class VerificationResult:
    valid: bool
    reason: str  # "valid" or one of the codes above
    document_id: str | None = None
    signer: str | None = None  # the signature's /Name: who the Pemda signed for
    certificate_subject: str | None = None
    signed_at: dt.datetime | None = None


def verify_pdf(tenant, data: bytes) -> VerificationResult:
    """Verify `data` against `tenant`'s roots, or against all active tenants' if tenant is None."""
    if not data:
        return VerificationResult(False, "empty_file")
    if PDF_MAGIC not in data[:MAGIC_WINDOW]:
        return VerificationResult(False, "not_pdf")
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = reader.embedded_signatures
    except (PdfError, ValueError, KeyError, TypeError, IndexError, AttributeError):
        return VerificationResult(False, "not_pdf")
    if not signatures:
        return VerificationResult(False, "no_signature")
    return _verify_signature(tenant, reader, signatures[0])


def _verify_signature(tenant, reader: PdfFileReader, signature) -> VerificationResult:
    signed_at = signature.self_reported_timestamp
    roots = trust_roots(tenant)
    context = ValidationContext(trust_roots=roots, allow_fetching=False,
                                revocation_mode="soft-fail", moment=signed_at)
    facts = {"signer": _text(signature.sig_object.get("/Name")), "signed_at": signed_at}
    try:
        facts["certificate_subject"] = signature.signer_cert.subject.human_friendly
        status = validate_pdf_signature(signature, signer_validation_context=context)
    except (SignatureValidationError, PdfError, ValueError, KeyError, TypeError) as error:
        logger.info("signature validation failed: %s", error)
        return VerificationResult(False, "invalid_signature", **facts)
    if not status.intact:
        return VerificationResult(False, "modified", **facts)
    if status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
        return VerificationResult(False, "changed_after_signing", **facts)
    if not roots or not status.trusted:
        return VerificationResult(False, "untrusted_signer", **facts)
    if not (status.valid and status.bottom_line):
        return VerificationResult(False, "invalid_signature", **facts)
    document_id = _document_id(reader)
    if document_id is None:
        return VerificationResult(False, "unknown_document", **facts)
    return VerificationResult(True, "valid", document_id=document_id, **facts)


def _document_id(reader: PdfFileReader) -> str | None:
    info = reader.trailer_view.get("/Info") if "/Info" in reader.trailer_view else None
    value = _text(info.get_object().get(DOCUMENT_ID_KEY)) if info is not None else None
    return value if value and DOCUMENT_ID_PATTERN.match(value) else None


def _text(value) -> str | None:
    return str(value) if value is not None else None
