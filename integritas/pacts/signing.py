"""Writes for signing a pact: electronically (password, TOTP, signed PDF), by witness
confirmation, and on paper (an officer uploads the scan).

Per signer the cost is one stamp and one signature: the pact template is rendered once per text
version (and day, since the date is in the text) and cached by `render_template_pdf`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from html import escape

from django.conf import settings
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from integritas.audit.services import record
from integritas.core.documents import (
    PACT_FIELDS,
    PACT_TEMPLATE,
    letterhead_context,
    render_template_pdf,
    stamp_and_sign,
    stamp_slot,
    template_source,
)
from integritas.core.errors import DomainError, NotFound
from integritas.core.services import service
from integritas.pacts.models import PactCampaign, PactSignature, PactTarget
from integritas.pacts.texts import document_date, render_html

DOCUMENT_ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"  # base32: no 0/O or 1/I confusion
DOCUMENT_ID_LENGTH = 6
SCAN_MAX_BYTES = 10 * 1024 * 1024
WITNESS_NAME_MAX_LENGTH = PactSignature._meta.get_field("witness_name").max_length
PAPER_SIGNING_HOUR = dt.time(12)  # a paper pact has a date, not a time
SCAN_SIGNATURES = {b"%PDF-": ".pdf", b"\xff\xd8\xff": ".jpg", b"\x89PNG\r\n\x1a\n": ".png"}
VERIFY_PATH = "/verifikasi/"
# Signer placeholders become inline stamp slots; the rest are the same for every signer.
_SIGNER_SLOTS = {"nama": "nama", "nip": "nip", "jabatan": "jabatan", "unit": "unit"}
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


# --- Electronic signing --------------------------------------------------------------------------

@service
def sign_pact(tenant, actor, target: PactTarget, *, password: str, totp_code: str | None = None,
              today: dt.date | None = None) -> PactSignature:
    """Sign `target`'s pact as its employee: check the password (and TOTP when enrolled), make
    the signed PDF and store it with the signature row, or store nothing."""
    target = _own_target(tenant, target)
    if target.employee.user_id is None or target.employee.user_id != getattr(actor, "pk", None):
        raise NotFound("pact_not_targeted", _("This pact is not yours to sign."))
    if target.campaign.status != PactCampaign.Status.OPEN:
        raise DomainError("pact_campaign_not_open", _("Signing is not open for this campaign."))
    if target.status != PactTarget.Status.PENDING or target.signatures.exists():
        raise DomainError("pact_already_signed", _("You have already signed this pact."))
    check_signing_password(actor, password)
    _check_totp(actor, totp_code)
    today = today or timezone.localdate()
    signature = _signature_row(tenant, target, method=PactSignature.Method.ELECTRONIC,
                               signed_on=today, signed_at=timezone.now())
    pdf = _signed_pdf(tenant, target, signature, today)
    signature.pdf.save(f"{signature.document_id}.pdf", ContentFile(pdf), save=False)
    signature.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    signature.save()
    _mark_target(target, PactTarget.Status.SIGNED, signature.signed_at)
    record(tenant, actor, "pacts.signature.sign", signature, {
        "document_id": signature.document_id, "target": target.pk, "late": signature.is_late,
        "text": f"{signature.text.code} v{signature.text.version}",
        "pdf_sha256": signature.pdf_sha256,
    })
    return signature


def check_signing_password(actor, password) -> None:
    if not password or not actor.check_password(password):
        raise DomainError("pact_password_wrong", _("The password is not correct."),
                          field="password")


def _check_totp(actor, code) -> None:
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    authenticator = Authenticator.objects.filter(user=actor,
                                                 type=Authenticator.Type.TOTP).first()
    if authenticator is None:
        return
    code = "".join(str(code or "").split())
    if not code:
        raise DomainError("pact_totp_required",
                          _("Enter the code from your authenticator app."), field="totp_code")
    if not TOTP(authenticator).validate_code(code):
        raise DomainError("pact_totp_wrong", _("The authenticator code is not correct."),
                          field="totp_code")


def needs_totp(user) -> bool:
    """Whether signing asks this user for an authenticator code."""
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def _signed_pdf(tenant, target: PactTarget, signature: PactSignature, today: dt.date) -> bytes:
    template = render_template_pdf(template_source(PACT_TEMPLATE),
                                   pact_template_context(tenant, target.campaign, today),
                                   fields=PACT_FIELDS)
    values = {
        "nama": signature.signer_name, "nip": signature.signer_nip,
        "jabatan": signature.signer_position, "unit": signature.signer_unit,
        "tempat_tanggal": f"{tenant.city}, {document_date(today)}",
        "saksi_nama": signature.witness_name, "saksi_nip": signature.witness_nip,
        "saksi_jabatan": signature.witness_position,
    }
    return stamp_and_sign(tenant, template, values, document_id=signature.document_id,
                          verify_url=verify_url(signature.document_id),
                          signer_label=signature.signer_name)


def pact_template_context(tenant, campaign: PactCampaign, day: dt.date) -> dict:
    """The documents/pact.html context of a campaign's text version; the same for every signer
    on one day, so the rendered template is cached."""
    text = campaign.text
    return {
        "title": text.title,
        "letterhead": letterhead_context(tenant),
        "body_html": body_with_slots(text.body, tenant, day),
        "verify_base_url": settings.SITE_ROOT + VERIFY_PATH,
    }


def body_with_slots(body: str, tenant, day: dt.date) -> SafeString:
    """The text as HTML with signer placeholders as stamp slots and the others filled in.

    The document already introduces the signer ("Saya yang bertanda tangan di bawah ini:" and the
    identity table), so the text's own introduction of the signer is left out up to its last
    signer placeholder; the rest of that sentence ("menyatakan sebagai berikut:") follows the
    table. Stamping names into the running sentence would leave fixed-width gaps."""
    body = _without_signer_introduction(body)
    shared = {"instansi": tenant.name, "tempat": tenant.city, "tanggal": document_date(day)}

    def replace(match: re.Match) -> str:
        name = match.group(1)
        if name in _SIGNER_SLOTS:
            return stamp_slot(_SIGNER_SLOTS[name], css_class="stamp-inline stamp-nip")
        return escape(shared.get(name, match.group(0)))

    # render_html escapes the text and keeps placeholders as written; only they are replaced.
    return mark_safe(_PLACEHOLDER.sub(replace, render_html(body)))  # noqa: S308


def _without_signer_introduction(body: str) -> str:
    first, separator, rest = body.strip().partition("\n\n")
    signer_placeholders = [m for m in _PLACEHOLDER.finditer(first) if m.group(1) in _SIGNER_SLOTS]
    if not signer_placeholders:
        return body
    tail = first[signer_placeholders[-1].end():].lstrip(" ,;:*\n")
    return f"{tail}{separator}{rest}" if tail else rest


def verify_url(document_id: str) -> str:
    return f"{settings.SITE_ROOT}{VERIFY_PATH}{document_id}"


# --- Witnessing ----------------------------------------------------------------------------------

@service
def witness_pact(tenant, actor, signature: PactSignature) -> PactSignature:
    """The named witness confirms an electronic signature, once."""
    signature = _own_signature(tenant, signature)
    target = signature.target
    witness = target.witness
    if witness is None or witness.user_id is None or witness.user_id != getattr(actor, "pk",
                                                                                None):
        raise NotFound("pact_not_witness", _("You are not the witness of this pact."))
    if witness.pk == target.employee_id or target.employee.user_id == actor.pk:
        raise DomainError("pact_witness_is_signer", _("A signer cannot witness their own pact."))
    if signature.witnessed_at is not None or target.status != PactTarget.Status.SIGNED:
        raise DomainError("pact_already_witnessed", _("This pact has already been witnessed."))
    signature.witnessed_at = timezone.now()
    signature.witnessed_by = actor
    signature.save(update_fields=["witnessed_at", "witnessed_by", "updated_at"])
    target.status, target.witnessed_at = PactTarget.Status.WITNESSED, signature.witnessed_at
    target.save(update_fields=["status", "witnessed_at", "updated_at"])
    record(tenant, actor, "pacts.signature.witness", signature,
           {"document_id": signature.document_id, "status": ["signed", "witnessed"]})
    return signature


# --- Paper ---------------------------------------------------------------------------------------

@service
def record_paper_signature(tenant, actor, target: PactTarget, *, scan, signed_on: dt.date,
                           witness_name: str = "", today: dt.date | None = None) -> PactSignature:
    """Record a pact signed on paper, with its scan (PDF, JPEG or PNG up to 10 MB)."""
    target = _own_target(tenant, target)
    if target.status != PactTarget.Status.PENDING or target.signatures.exists():
        raise DomainError("pact_already_signed", _("This pact has already been signed."))
    if not isinstance(signed_on, dt.date):
        raise DomainError("pact_signed_on_required", _("Enter the date of signing."),
                          field="signed_on")
    if signed_on > (today or timezone.localdate()):
        raise DomainError("pact_signed_on_future", _("The date of signing cannot be in the "
                                                     "future."), field="signed_on")
    suffix = _checked_scan(scan)
    witness_name = " ".join(str(witness_name or "").split())
    if len(witness_name) > WITNESS_NAME_MAX_LENGTH:
        raise DomainError("pact_witness_name_too_long", _("At most %(max)s characters."),
                          field="witness_name", max=WITNESS_NAME_MAX_LENGTH)
    signed_at = timezone.make_aware(dt.datetime.combine(signed_on, PAPER_SIGNING_HOUR))
    signature = _signature_row(tenant, target, method=PactSignature.Method.PAPER,
                               signed_on=signed_on, signed_at=signed_at)
    if witness_name:
        signature.witness_name, signature.witness_nip, signature.witness_position = (
            witness_name, "", "")
    signature.recorded_by = actor if getattr(actor, "pk", None) else None
    scan.seek(0)
    signature.scan.save(f"{signature.document_id}{suffix}", scan, save=False)
    signature.save()
    _mark_target(target, PactTarget.Status.PAPER, signature.signed_at)
    record(tenant, actor, "pacts.signature.paper", signature, {
        "document_id": signature.document_id, "target": target.pk,
        "signed_on": signed_on.isoformat(), "late": signature.is_late,
    })
    return signature


def _checked_scan(scan) -> str:
    """The file suffix for the scan's real type, read from its first bytes, not its name."""
    if scan is None:
        raise DomainError("pact_scan_required", _("Choose the scan to upload."), field="scan")
    if scan.size > SCAN_MAX_BYTES:
        raise DomainError("pact_scan_too_large",
                          _("The scan is %(size)s; the limit is %(limit)s."), field="scan",
                          size=filesizeformat(scan.size), limit=filesizeformat(SCAN_MAX_BYTES))
    scan.seek(0)
    head = scan.read(16)
    for magic, suffix in SCAN_SIGNATURES.items():
        if head.startswith(magic):
            return suffix
    raise DomainError("pact_scan_type", _("Upload the scan as a PDF, JPEG or PNG file."),
                      field="scan")


# --- Shared --------------------------------------------------------------------------------------

def _own_target(tenant, target) -> PactTarget:
    if not isinstance(target, PactTarget) or target.tenant_id != tenant.pk:
        raise NotFound("pact_target_not_found", _("The signer does not exist."))
    # Locked, so two clicks on "Sign" cannot make two signatures.
    return (PactTarget.objects.select_for_update(of=("self",))
            .select_related("campaign__text", "employee", "unit", "witness", "tenant")
            .get(tenant=tenant, pk=target.pk))


def _own_signature(tenant, signature) -> PactSignature:
    if not isinstance(signature, PactSignature) or signature.tenant_id != tenant.pk:
        raise NotFound("pact_signature_not_found", _("The signature does not exist."))
    return (PactSignature.objects.select_for_update(of=("self",))
            .select_related("target__employee", "target__witness")
            .get(tenant=tenant, pk=signature.pk))


def _signature_row(tenant, target: PactTarget, *, method: str, signed_on: dt.date,
                   signed_at: dt.datetime) -> PactSignature:
    """The unsaved row, with the signer and witness as they are now."""
    witness = target.witness
    return PactSignature(
        tenant=tenant, target=target, document_id=_new_document_id(tenant, signed_at.year),
        text=target.campaign.text, method=method, signer_name=target.employee.name,
        signer_nip=target.employee.nip, signer_position=target.position_title,
        signer_unit=target.unit.name,
        witness_name=witness.name if witness else target.witness_name,
        witness_nip=witness.nip if witness else "",
        witness_position=witness.position_title if witness else "",
        signed_at=signed_at, is_late=signed_on > target.due_on,
    )


def _new_document_id(tenant, year: int) -> str:
    """PI-<year>-<6 random base32 characters>: unguessable enough for a public check page."""
    while True:
        suffix = "".join(secrets.choice(DOCUMENT_ID_ALPHABET) for _ in range(DOCUMENT_ID_LENGTH))
        document_id = f"PI-{year}-{suffix}"
        if not PactSignature.objects.filter(tenant=tenant, document_id=document_id).exists():
            return document_id


def _mark_target(target: PactTarget, status: str, signed_at) -> None:
    target.status, target.signed_at = status, signed_at
    target.save(update_fields=["status", "signed_at", "updated_at"])

