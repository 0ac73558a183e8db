"""The ZI documents rendered to PDF: the signed commitment of a pencanangan and the summary of a
unit's LKE."""

from __future__ import annotations

from integritas.core.documents import (
    letterhead_context,
    render_template_pdf,
    stamp_and_sign,
    template_source,
)
from integritas.pacts.texts import document_date

COMMITMENT_TEMPLATE = "zi/documents/commitment.html"
COMMITMENT_FIELDS = ["document_id", "qr"]


def signed_commitment_pdf(tenant, programme, *, document_id: str, verify_url: str) -> bytes:
    """The commitment, signed (PAdES) with the Pemda's key; raises `signing_key_missing`."""
    context = {
        "title": "Pernyataan Komitmen Zona Integritas",
        "letterhead": letterhead_context(tenant, unit=programme.unit.name),
        "programme": programme,
        "declared_on": document_date(programme.declared_on),
        "place_and_date": f"{tenant.city or programme.place}, "
                          f"{document_date(programme.declared_on)}",
        "verify_url": verify_url,
    }
    template = render_template_pdf(template_source(COMMITMENT_TEMPLATE), context,
                                   fields=COMMITMENT_FIELDS)
    signer = programme.signers[0]["name"] if programme.signers else tenant.name
    return stamp_and_sign(tenant, template, {}, document_id=document_id,
                          verify_url=verify_url, signer_label=signer)
