"""Signed, verifiable PDF documents: render a template once, stamp each signer, sign with PAdES.

    template = render_template_pdf(template_source("documents/pact.html"), context,
                                   fields=PACT_FIELDS)
    pdf = stamp_and_sign(tenant, template, values, document_id=..., verify_url=...,
                         signer_label=...)
    result = verify_pdf(tenant_or_none, pdf)
"""

from integritas.core.documents.render import (
    FieldBox,
    TemplatePdf,
    letterhead_context,
    render_template_pdf,
    stamp_slot,
    template_source,
)
from integritas.core.documents.signing import stamp_and_sign
from integritas.core.documents.verify import VerificationResult, verify_pdf

# The slots of documents/pact.html; `qr` and `document_id` are filled by stamp_and_sign itself.
PACT_TEMPLATE = "documents/pact.html"
PACT_FIELDS = ["nama", "nip", "jabatan", "unit", "tempat_tanggal", "saksi_nama", "saksi_nip",
               "saksi_jabatan", "document_id", "qr"]

__all__ = [
    "PACT_FIELDS", "PACT_TEMPLATE", "FieldBox", "TemplatePdf", "VerificationResult",
    "letterhead_context", "render_template_pdf", "stamp_and_sign", "stamp_slot",
    "template_source", "verify_pdf",
]
