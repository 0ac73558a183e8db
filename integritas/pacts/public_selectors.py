"""The public face of a signed document (a pact or a performance agreement): the few facts
anyone holding its document id may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled

from integritas.people.nip import mask

PACT = "pact"
PERFORMANCE_AGREEMENT = "performance_agreement"
KIND_LABELS = {PACT: _("Pakta Integritas"), PERFORMANCE_AGREEMENT: _("Perjanjian Kinerja")}
# Performance agreements' document ids start with this; pact ids never do.
PERFORMANCE_AGREEMENT_PREFIX = "PK-"


@dataclass(frozen=True)
class PublicDocument:
    document_id: str
    kind: str  # PACT or PERFORMANCE_AGREEMENT
    kind_label: str
    year: int
    signer_name: str  # the first party of a performance agreement
    signer_nip_masked: str
    signer_position: str
    signer_unit: str
    pemda: str
    signed_at: dt.datetime
    status: str  # PactTarget.Status or PerformanceAgreement.Status value
    status_label: str
    second_party_name: str = ""  # performance agreements only
    # Pacts only:
    text_title: str = ""
    text_version: int | None = None
    method: str = ""  # PactSignature.Method value
    method_label: str = ""
    witness_name: str = ""
    witness_confirmed: bool = False


def signature_by_document_id(document_id: str) -> PublicDocument | None:
    """The public facts of the signed document with this id, in whichever Pemda it lives.

    This is one of the two cross-tenant reads (the other is dashboards/rollups.py), so it runs
    with scopes disabled: the verification page is reached by scanning a document's QR code,
    before anyone knows (or should have to say) which Pemda issued it. That is safe because the
    document id is unguessable and only the minimal public fields below leave this function —
    the NIP masked, nothing about the tenant beyond its name.
    """
    if not document_id:
        return None
    with scopes_disabled():
        if document_id.startswith(PERFORMANCE_AGREEMENT_PREFIX):
            return _agreement_document(document_id)
        return _pact_document(document_id)


def _pact_document(document_id: str) -> PublicDocument | None:
    from integritas.pacts.models import PactSignature

    signature = (PactSignature.objects
                 .select_related("tenant", "text", "target")
                 .filter(document_id=document_id, tenant__is_active=True)
                 .first())
    if signature is None:
        return None
    return PublicDocument(
        document_id=signature.document_id,
        kind=PACT,
        kind_label=str(KIND_LABELS[PACT]),
        year=timezone.localtime(signature.signed_at).year,
        signer_name=signature.signer_name,
        signer_nip_masked=_masked(signature.signer_nip),
        signer_position=signature.signer_position,
        signer_unit=signature.signer_unit,
        pemda=signature.tenant.name,
        signed_at=signature.signed_at,
        status=signature.target.status,
        status_label=str(signature.target.get_status_display()),
        text_title=signature.text.title,
        text_version=signature.text.version,
        method=signature.method,
        method_label=str(signature.get_method_display()),
        witness_name=signature.witness_name,
        witness_confirmed=signature.witnessed_at is not None,
    )


def _agreement_document(document_id: str) -> PublicDocument | None:
    from integritas.pacts.models import PerformanceAgreement

    agreement = (PerformanceAgreement.objects
                 .select_related("tenant", "unit")
                 .filter(document_id=document_id, tenant__is_active=True)
                 .exclude(status=PerformanceAgreement.Status.DRAFT)
                 .first())
    if agreement is None:
        return None
    return PublicDocument(
        document_id=agreement.document_id,
        kind=PERFORMANCE_AGREEMENT,
        kind_label=str(KIND_LABELS[PERFORMANCE_AGREEMENT]),
        year=agreement.year,
        signer_name=agreement.first_party_name,
        signer_nip_masked=_masked(agreement.first_party_nip),
        signer_position=agreement.first_party_position,
        signer_unit=agreement.unit.name,
        pemda=agreement.tenant.name,
        # Signed when the later of the two parties signed.
        signed_at=max(agreement.first_party_signed_at, agreement.second_party_signed_at),
        status=agreement.status,
        status_label=str(agreement.get_status_display()),
        second_party_name=agreement.second_party_name,
    )


def _masked(nip: str) -> str:
    return mask(nip) if nip else ""
