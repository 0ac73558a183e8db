"""The public face of a signed pact: the few facts anyone holding its document id may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django_scopes import scopes_disabled

from integritas.people.nip import mask


@dataclass(frozen=True)
class PublicDocument:
    document_id: str
    signer_name: str
    signer_nip_masked: str
    signer_position: str
    signer_unit: str
    pemda: str
    text_title: str
    text_version: int
    signed_at: dt.datetime
    method: str  # PactSignature.Method value
    method_label: str
    witness_name: str
    witness_confirmed: bool
    status: str  # PactTarget.Status value
    status_label: str


def signature_by_document_id(document_id: str) -> PublicDocument | None:
    """The public facts of the signature with this document id, in whichever Pemda it lives.

    This is one of the two cross-tenant reads (the other is dashboards/rollups.py), so it runs
    with scopes disabled: the verification page is reached by scanning a pact's QR code, before
    anyone knows (or should have to say) which Pemda issued it. That is safe because the
    document id is unguessable and only the minimal public fields below leave this function —
    the NIP masked, nothing about the tenant beyond its name.
    """
    from integritas.pacts.models import PactSignature

    with scopes_disabled():
        signature = (PactSignature.objects
                     .select_related("tenant", "text", "target")
                     .filter(document_id=document_id, tenant__is_active=True)
                     .first())
        return _public(signature) if signature is not None else None


def _public(signature) -> PublicDocument:
    return PublicDocument(
        document_id=signature.document_id,
        signer_name=signature.signer_name,
        signer_nip_masked=mask(signature.signer_nip) if signature.signer_nip else "",
        signer_position=signature.signer_position,
        signer_unit=signature.signer_unit,
        pemda=signature.tenant.name,
        text_title=signature.text.title,
        text_version=signature.text.version,
        signed_at=signature.signed_at,
        method=signature.method,
        method_label=str(signature.get_method_display()),
        witness_name=signature.witness_name,
        witness_confirmed=signature.witnessed_at is not None,
        status=signature.target.status,
        status_label=str(signature.target.get_status_display()),
    )
