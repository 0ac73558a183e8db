"""Stamp a signer's details onto a rendered template and sign the result with PAdES.

One incremental revision holds the stamp (page content, QR), the document id in the document
information dictionary, and the signature; the signature's byte range covers the whole file, so
every byte a reader sees is signed. The private key is decrypted once per process (keys.py) and
the pyHanko signer built once per key, so per signer the cost is the stamp and one ECDSA signature.
"""

from __future__ import annotations

import functools
import io
import re

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko_certvalidator.registry import SimpleCertificateStore

from integritas.core.documents.keys import ActiveSigner, active_signer
from integritas.core.documents.render import TemplatePdf
from integritas.core.documents.stamp import QR_FIELD, apply_stamp
from integritas.people.nip import format_nip, normalise

DOCUMENT_ID_FIELD = "document_id"
DOCUMENT_ID_KEY = "/IntegritasDocumentId"
SIGNATURE_FIELD = "IntegritasSignature"
DOCUMENT_ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
AUTOMATIC_FIELDS = frozenset({QR_FIELD, DOCUMENT_ID_FIELD})


def stamp_and_sign(tenant, template: TemplatePdf, values: dict[str, str], *, document_id: str,
                   verify_url: str, signer_label: str) -> bytes:
    """The signed PDF: `template` with `values`, the document id and a QR to `verify_url`.

    `values` gives every slot of the template except `qr` and `document_id` (an empty string
    leaves a slot blank); fields whose name ends in `nip` are printed as `19660801 198803 1 001`.
    `signer_label` is the signature's /Name (the person the Pemda signs for). Raises DomainError
    `signing_key_missing`, `signing_key_expired` or `signing_key_unreadable`.
    """
    _check_arguments(template, values, document_id)
    signer = _pdf_signer(active_signer(tenant))
    writer = IncrementalPdfFileWriter(io.BytesIO(template.data))
    stamped = {field: _printable(field, value) for field, value in values.items()}
    apply_stamp(writer, template, {**stamped, DOCUMENT_ID_FIELD: document_id}, qr_url=verify_url)
    _set_document_id(writer, document_id)
    metadata = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD, subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256", name=signer_label[:200], reason=f"Integritas {document_id}",
    )
    output = signers.PdfSigner(metadata, signer=signer).sign_pdf(writer)
    return output.getvalue()


def _check_arguments(template: TemplatePdf, values: dict[str, str], document_id: str) -> None:
    """Mismatches are the calling code's bugs, not a user's input: ValueError, not DomainError."""
    if not DOCUMENT_ID_PATTERN.match(document_id or ""):
        raise ValueError(f"document id {document_id!r} must match {DOCUMENT_ID_PATTERN.pattern}")
    expected = template.fields - AUTOMATIC_FIELDS
    if set(values) != expected:
        raise ValueError(f"values for {sorted(values)} but the template's slots are "
                         f"{sorted(expected)}")


def _printable(field: str, value: str) -> str:
    value = " ".join(str(value or "").split())
    return format_nip(normalise(value)) if field.endswith("nip") and value else value


def _set_document_id(writer: IncrementalPdfFileWriter, document_id: str) -> None:
    """Record the id in the information dictionary; the signature covers it like the page."""
    info_ref = writer.trailer.raw_get("/Info")
    info_ref.get_object()[generic.NameObject(DOCUMENT_ID_KEY)] = generic.pdf_string(document_id)
    writer.mark_update(info_ref)


@functools.lru_cache(maxsize=64)
def _pdf_signer(active: ActiveSigner) -> signers.SimpleSigner:
    key_der = active.private_key.private_bytes(serialization.Encoding.DER,
                                               serialization.PrivateFormat.PKCS8,
                                               serialization.NoEncryption())
    certificate = _asn1(active.certificate)
    chain = [_asn1(c) for c in active.chain]
    return signers.SimpleSigner(
        signing_cert=certificate,
        signing_key=asn1_keys.PrivateKeyInfo.load(key_der),
        cert_registry=SimpleCertificateStore.from_certs([certificate, *chain]),
    )


def _asn1(certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))
