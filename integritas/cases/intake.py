"""Public intake: validate a report, encrypt it, seal its keys, give it a number and a receipt.

What a report reads about its Pemda (settings, escrow key, units, recipients, first deadline)
comes from the process's `IntakeContext` (intake_cache.py), checked with one query; then one
short transaction of inserts. No password-style key derivation (the receipt's 80 random bits make
a fast one safe), no IP address or user agent stored, and an audit event that names the channel,
category and unit but never the content.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from integritas.audit.services import record
from integritas.cases import attachments, categories, crypto, keys, reference
from integritas.cases.intake_cache import IntakeContext
from integritas.cases.models import Case, CaseCounter, CaseKey, DueKind
from integritas.core.errors import DomainError
from integritas.core.services import service
from integritas.tenancy.models import Unit

NIK = re.compile(r"^\d{16}$")
IDENTITY_FIELDS = ("name", "contact", "nik")
UNKNOWN_UNIT = "unknown"


class InvalidReport(DomainError):
    """Every field error of a report at once; `errors` maps field names to messages."""

    def __init__(self, errors: dict):
        self.errors = errors
        first = next(iter(errors))
        super().__init__("invalid_report", errors[first], field=first)

    def as_dict(self):
        return {**super().as_dict(), "errors": {k: str(v) for k, v in self.errors.items()}}


@dataclass
class Report:
    channel: str
    category: str
    answers: dict
    unit: Unit | None = None
    identity: dict | None = None
    files: list = field(default_factory=list)


@dataclass(frozen=True)
class Filed:
    case: Case
    receipt: str


def validate_report(context: IntakeContext, data: dict) -> Report:
    """A `Report` from submitted fields (form or JSON), or InvalidReport with every error."""
    errors: dict = {}
    channel_code = _text(data.get("channel"))
    spec = reference.channel(channel_code)
    if spec is None:
        raise InvalidReport({"channel": _("Choose where the report goes: WBS or complaint.")})
    category = _text(data.get("category"))
    if category not in categories.offered_codes(context.settings, channel_code):
        errors["category"] = _("Choose a category from the list.")
    answers = {}
    limit = reference.limits()["text"]
    for question in spec.questions:
        value = data.get(question.code)
        if question.kind == "money":
            amount = _amount(value)
            if amount is False:
                errors[question.code] = _("Write the amount in rupiah, digits only.")
            elif amount is not None:
                answers[question.code] = amount
            continue
        text = _text(value)
        maximum = limit["max_chars"] if question.kind == "long" else limit["short_max_chars"]
        if question.required and not text:
            errors[question.code] = _("Please answer this question.")
        elif len(text) > maximum:
            errors[question.code] = _("Please keep this under %(max)s characters.") % {
                "max": maximum}
        elif text:
            answers[question.code] = text
    unit = _unit(context, data.get("unit"), errors)
    identity = _identity(data.get("identity"), limit["short_max_chars"], errors)
    if errors:
        raise InvalidReport(errors)
    return Report(channel_code, category, answers, unit, identity)


@dataclass(frozen=True)
class PreparedCase:
    """Everything of a new case that needs no lock: its encrypted fields and its sealed keys."""

    fields: dict
    sealed_keys: list
    receipt: str


def file_report(context: IntakeContext, report: Report) -> Filed:
    """File a report. The reads and the cryptography happen first, outside the transaction, so
    that the locks it takes (the case counter, the audit chain, SQLite's write lock) are held
    only for the inserts; files are encrypted to storage before it and removed if it fails."""
    case_keys = keys.CaseKeys(crypto.new_data_key(),
                              crypto.new_data_key() if report.identity else None)
    prepared = prepare_case(context, report, case_keys)
    stored = attachments.store(report.files, case_keys.content) if report.files else []
    try:
        return submit_report(context.tenant, None, report, prepared, stored, case_keys)
    except Exception:
        attachments.discard([blob_name for _clean, blob_name, _size in stored])
        raise


def prepare_case(context: IntakeContext, report: Report, case_keys: keys.CaseKeys
                 ) -> PreparedCase:
    tenant = context.tenant
    now = timezone.now()
    receipt = crypto.new_receipt()
    first_due = context.first_response_due(report.channel, timezone.localdate(now))
    fields = {
        "tenant": tenant, "channel": report.channel, "category": report.category,
        "unit": report.unit, "received_at": now, "first_response_due": first_due,
        "due_on": first_due, "due_kind": DueKind.FIRST_RESPONSE,
        "content_box": crypto.box_json(case_keys.content, {
            "answers": report.answers, "unit_known": report.unit is not None}),
        "identity_box": (crypto.box_json(case_keys.identity, report.identity)
                         if report.identity else None),
        "receipt_hash": crypto.receipt_hash(receipt_pepper(), tenant.pk, receipt),
    }
    sealed = keys.sealed_case_keys(
        tenant, case_keys, context.recipients(report.unit), context.escrow,
        crypto.receipt_key(context.settings.receipt_salt, receipt))
    return PreparedCase(fields, sealed, receipt)


@service
def submit_report(tenant, actor, report: Report, prepared: PreparedCase, stored_files: list,
                  case_keys: keys.CaseKeys) -> Filed:
    # The rows go in first, under a provisional number that no other transaction ever sees; the
    # two locks that serialise a Pemda's intakes (its case counter, its audit chain) come last,
    # so that on PostgreSQL they are held for a few short statements, not the whole transaction.
    case = Case(number=f"~{secrets.token_hex(8)}", **prepared.fields)
    case.save(force_insert=True)
    for row in prepared.sealed_keys:
        row.case = case
    CaseKey.objects.bulk_create(prepared.sealed_keys)
    if stored_files:
        attachments.attachment_rows(case, stored_files, from_reporter=True,
                                    content_key=case_keys.content)
    year = timezone.localdate(case.received_at).year
    case.number = next_number(tenant, report.channel, year)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {Case._meta.db_table} SET number = %s WHERE id = %s",
                       [case.number, case.pk])
    record(tenant, None, "cases.case.receive", case, {
        "channel": case.channel, "category": case.category, "unit": case.unit_id,
        "files": len(report.files), "identified": report.identity is not None,
    })
    return Filed(case, prepared.receipt)


def next_number(tenant, channel_code: str, year: int) -> str:
    """`WBS-2026-00042`. The counter row's update takes its lock, so concurrent intakes get
    consecutive numbers; RETURNING reads the new value in the same statement."""
    prefix = reference.channel(channel_code).prefix
    bump = (f"UPDATE {CaseCounter._meta.db_table} SET last = last + 1 "
            "WHERE tenant_id = %s AND prefix = %s AND year = %s RETURNING last")
    with connection.cursor() as cursor:
        cursor.execute(bump, [tenant.pk, prefix, year])
        row = cursor.fetchone()
        if row is None:  # the first case of the year for this channel
            CaseCounter.objects.get_or_create(tenant=tenant, prefix=prefix, year=year)
            cursor.execute(bump, [tenant.pk, prefix, year])
            row = cursor.fetchone()
    return f"{prefix}-{year}-{row[0]:05d}"


def receipt_pepper() -> bytes:
    """The server secret of receipt hashes: `CASES_RECEIPT_PEPPER` if set, else derived from
    SECRET_KEY (set the pepper explicitly before ever rotating SECRET_KEY)."""
    import hashlib

    configured = getattr(settings, "CASES_RECEIPT_PEPPER", "")
    if configured:
        return configured.encode()
    return hashlib.blake2b(settings.SECRET_KEY.encode(), digest_size=32,
                           person=b"itg-case-pepper").digest()


def _text(value) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        value = str(value)
    return value.replace("\x00", "").replace("\r\n", "\n").strip()


def _amount(value):
    if value in (None, ""):
        return None
    digits = re.sub(r"[.\s]|^Rp", "", str(value).strip(), flags=re.IGNORECASE)
    if not digits.isdigit() or len(digits) > 15:
        return False
    return int(digits)


def _unit(context: IntakeContext, value, errors: dict) -> Unit | None:
    if value in (None, "", UNKNOWN_UNIT):
        return None
    unit = context.units.get(int(value)) if str(value).isdecimal() else None
    if unit is None:
        errors["unit"] = _("Choose a unit from the list, or \u201cI don't know\u201d.")
    return unit


def _identity(value, maximum: int, errors: dict) -> dict | None:
    if value in (None, "", {}):
        return None
    if not isinstance(value, dict):
        errors["identity"] = _("Identity must have a name, a contact and optionally a NIK.")
        return None
    identity = {name: _text(value.get(name)) for name in IDENTITY_FIELDS}
    for name, text in identity.items():
        if len(text) > maximum:
            errors[f"identity_{name}"] = _("Please keep this under %(max)s characters.") % {
                "max": maximum}
    if identity["nik"] and not NIK.match(identity["nik"]):
        errors["identity_nik"] = _("A NIK has exactly 16 digits.")
    if not any(identity.values()):
        return None
    return {name: text for name, text in identity.items() if text}
