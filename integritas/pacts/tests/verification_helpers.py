"""A really signed pact PDF whose document id is registered as a `PactSignature`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django_scopes import scope

from integritas.core.documents import (
    PACT_FIELDS,
    PACT_TEMPLATE,
    render_template_pdf,
    stamp_and_sign,
    template_source,
)
from integritas.core.documents.keys import init_local_ca
from integritas.core.testing.documents import SAMPLE_VALUES, sample_pact_context
from integritas.pacts import services
from integritas.pacts.models import PactSignature, PactTarget
from integritas.pacts.tests.helpers import draft

DOCUMENT_ID = "PI-2027-7Q4X9K2M"
SIGNED_AT = dt.datetime(2027, 1, 12, 9, 30, tzinfo=dt.UTC)


@dataclass
class SignedPact:
    pdf: bytes
    signature: PactSignature
    nip: str


def sign_sample(tenant, document_id: str = DOCUMENT_ID) -> bytes:
    template = render_template_pdf(template_source(PACT_TEMPLATE), sample_pact_context(tenant),
                                   fields=PACT_FIELDS)
    return stamp_and_sign(tenant, template, SAMPLE_VALUES, document_id=document_id,
                          verify_url=f"https://integritas.contoh.go.id/verifikasi/{document_id}/",
                          signer_label=SAMPLE_VALUES["nama"])


def signed_pact(world) -> SignedPact:
    """Siti's pact, signed electronically and not yet witnessed, with the PDF that proves it."""
    employee = world.employees["dukcapil_staff"]
    campaign = draft(world, target_kind="employees", target_values=[employee.pk])
    services.open_campaign(world.tenant, world.users["inspektur"], campaign)
    init_local_ca(world.tenant, world.users["admin"])
    pdf = sign_sample(world.tenant)
    with scope(tenant=world.tenant.pk):
        target = PactTarget.objects.get(campaign=campaign)
        target.status = PactTarget.Status.SIGNED
        target.signed_at = SIGNED_AT
        target.save(update_fields=["status", "signed_at"])
        signature = PactSignature.objects.create(
            tenant=world.tenant, target=target, document_id=DOCUMENT_ID, text=campaign.text,
            method=PactSignature.Method.ELECTRONIC, signer_name=employee.name,
            signer_nip=employee.nip, signer_position=target.position_title,
            signer_unit=target.unit.name, witness_name="Kepala Bidang Pelayanan",
            signed_at=SIGNED_AT, pdf_sha256="0" * 64)
    return SignedPact(pdf, signature, employee.nip)


def witnessed(world, signature: PactSignature) -> None:
    with scope(tenant=world.tenant.pk):
        signature.witnessed_at = timezone.now()
        signature.save(update_fields=["witnessed_at"])
        signature.target.status = PactTarget.Status.WITNESSED
        signature.target.save(update_fields=["status"])
