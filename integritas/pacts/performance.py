"""Writes for perjanjian kinerja: agreements, their indicators, signing by both parties,
quarterly realisation and revision into a new version."""

from __future__ import annotations

import hashlib
import secrets
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from integritas.accounts.permissions import has_perm
from integritas.accounts.roles import Role
from integritas.accounts.selectors import active_memberships
from integritas.audit.services import record
from integritas.core.documents import (
    letterhead_context,
    render_template_pdf,
    stamp_and_sign,
    template_source,
)
from integritas.core.errors import DomainError, NotFound
from integritas.core.services import service
from integritas.pacts.models import (
    Direction,
    PerformanceAgreement,
    PerformanceIndicator,
    Realisation,
)
from integritas.pacts.performance_selectors import indicator_rows
from integritas.pacts.signing import (
    DOCUMENT_ID_ALPHABET,
    DOCUMENT_ID_LENGTH,
    SCAN_MAX_BYTES,
    SCAN_SIGNATURES,
    VERIFY_PATH,
    check_signing_password,
    verify_url,
)
from integritas.pacts.targeting import opd_path
from integritas.pacts.texts import document_date
from integritas.people.models import Employee
from integritas.people.nip import format_nip
from integritas.tenancy.models import Unit

YEAR_RANGE = range(2000, 2101)
QUARTERS = (1, 2, 3, 4)
QUARTER_FIELDS = ("q1_target", "q2_target", "q3_target", "q4_target")
TEXT_FIELDS = {"goal": 300, "name": 300, "unit_of_measure": 40, "program": 300,
               "activity": 300}
REQUIRED_TEXT = ("goal", "name", "unit_of_measure")
NAME_MAX_LENGTH = PerformanceAgreement._meta.get_field("second_party_name").max_length
NOTE_MAX_LENGTH = 2000
MAX_AMOUNT = Decimal("1e16")
Status = PerformanceAgreement.Status
PDF_TEMPLATE = "pacts/performance_pdf.html"
PDF_FIELDS = ["tempat_tanggal", "document_id", "qr"]


# --- Agreements ----------------------------------------------------------------------------------

@service
def create_agreement(tenant, actor, *, year, first_party: Employee,
                     second_party: Employee | None = None, second_party_name: str = "",
                     second_party_position: str = "",
                     parent: PerformanceAgreement | None = None) -> PerformanceAgreement:
    """A draft agreement. The second party is an employee, or the regional head by name and
    title; with a parent agreement the second party is the parent's first party (the cascade)."""
    year = _clean_year(year)
    first_party = _own_employee(tenant, first_party, "first_party")
    if parent is not None:
        parent = _own_agreement(tenant, parent)
        second_party = _parent_committer(parent, year, second_party)
    if second_party is not None:
        second_party = _own_employee(tenant, second_party, "second_party")
        if second_party.pk == first_party.pk:
            raise DomainError("performance_same_party",
                              _("The two parties must be different people."),
                              field="second_party")
        second_party_name, second_party_position = second_party.name, second_party.position_title
    else:
        second_party_name = _clean_text(second_party_name, "second_party_name", NAME_MAX_LENGTH)
        second_party_position = _clean_text(second_party_position, "second_party_position",
                                            NAME_MAX_LENGTH)
    if _current(tenant, year, first_party) is not None:
        raise DomainError("performance_agreement_exists",
                          _("%(name)s already has an agreement for %(year)s; revise it instead."),
                          field="first_party", name=first_party.name, year=year)
    unit = first_party.unit
    agreement = PerformanceAgreement.objects.create(
        tenant=tenant, year=year, first_party=first_party, first_party_name=first_party.name,
        first_party_nip=first_party.nip, first_party_position=first_party.position_title,
        unit=unit, opd=_opd_of(tenant, unit), second_party=second_party,
        second_party_name=second_party_name,
        second_party_nip=second_party.nip if second_party else "",
        second_party_position=second_party_position, parent=parent,
        created_by=_user_or_none(actor),
    )
    record(tenant, actor, "pacts.performance.create", agreement, {
        "year": year, "first_party": first_party.nip, "second_party": second_party_name,
        "parent": parent.pk if parent else None,
    })
    return agreement


@service
def revise_agreement(tenant, actor, agreement: PerformanceAgreement) -> PerformanceAgreement:
    """A new draft version with a copy of the indicators and their realisations; the signed
    version is kept, unchanged, as superseded."""
    agreement = _own_agreement(tenant, agreement)
    if agreement.status != Status.SIGNED:
        raise DomainError("performance_not_signed",
                          _("Only a signed agreement is revised; edit a draft directly."))
    PerformanceAgreement.objects.filter(pk=agreement.pk).update(
        status=Status.SUPERSEDED, updated_at=timezone.now())
    revised = PerformanceAgreement.objects.get(pk=agreement.pk)
    revised.pk = None
    revised.version = agreement.version + 1
    revised.status = Status.DRAFT
    revised.supersedes = agreement
    revised.first_party_signed_at = revised.second_party_signed_at = None
    revised.second_party_signed_by = None
    revised.document_id, revised.pdf, revised.pdf_sha256 = "", "", ""
    revised.created_by = _user_or_none(actor)
    revised.save(force_insert=True)
    for indicator in agreement.indicators.prefetch_related("realisations"):
        realisations = list(indicator.realisations.all())
        indicator.pk = None
        indicator.agreement = revised
        indicator.save(force_insert=True)
        for realisation in realisations:
            realisation.pk = None
            realisation.indicator = indicator
            realisation.save(force_insert=True)
    record(tenant, actor, "pacts.performance.revise", revised,
           {"version": [agreement.version, revised.version], "supersedes": agreement.pk})
    return revised


# --- Indicators ----------------------------------------------------------------------------------

@service
def add_indicator(tenant, actor, agreement: PerformanceAgreement, **values) -> PerformanceIndicator:
    agreement = _draft(tenant, agreement)
    cleaned = _clean_indicator(values)
    cleaned.setdefault("order", agreement.indicators.count() + 1)
    indicator = PerformanceIndicator.objects.create(tenant=tenant, agreement=agreement, **cleaned)
    record(tenant, actor, "pacts.performance.indicator.add", indicator,
           {key: str(value) for key, value in cleaned.items()})
    return indicator


@service
def update_indicator(tenant, actor, indicator: PerformanceIndicator,
                     **changes) -> PerformanceIndicator:
    indicator = _own_indicator(tenant, indicator)
    _draft(tenant, indicator.agreement)
    current = {name: getattr(indicator, name) for name in _INDICATOR_FIELDS}
    cleaned = _clean_indicator({**current, **changes})
    diff = {name: [str(current[name]), str(value)] for name, value in cleaned.items()
            if current.get(name) != value}
    if diff:
        for name, value in cleaned.items():
            setattr(indicator, name, value)
        indicator.save()
        record(tenant, actor, "pacts.performance.indicator.update", indicator, diff)
    return indicator


@service
def remove_indicator(tenant, actor, indicator: PerformanceIndicator) -> None:
    indicator = _own_indicator(tenant, indicator)
    _draft(tenant, indicator.agreement)
    record(tenant, actor, "pacts.performance.indicator.remove", indicator,
           {"name": indicator.name, "agreement": indicator.agreement_id})
    indicator.delete()


# --- Signing -------------------------------------------------------------------------------------

@service
def sign_agreement(tenant, actor, agreement: PerformanceAgreement, *, password: str,
                   on_behalf_of_regional_head: bool = False) -> PerformanceAgreement:
    """Sign as the party linked to `actor`. When the second party is the regional head named by
    text (no account), a tenant admin may sign on their behalf, only if they say so; the audit
    event records it. Both signatures make the agreement signed."""
    agreement = _draft(tenant, agreement)
    if not agreement.indicators.exists():
        raise DomainError("performance_no_indicators",
                          _("Add at least one indicator before signing."))
    party = _party_of(tenant, actor, agreement, on_behalf_of_regional_head)
    signed_at_field = f"{party}_signed_at"
    if getattr(agreement, signed_at_field) is not None:
        raise DomainError("performance_already_signed",
                          _("This party has already signed the agreement."))
    check_signing_password(actor, password)
    now = timezone.now()
    setattr(agreement, signed_at_field, now)
    if party == "second_party":
        agreement.second_party_signed_by = actor
    if agreement.first_party_signed_at and agreement.second_party_signed_at:
        agreement.status = Status.SIGNED
        _attach_signed_pdf(tenant, agreement, timezone.localdate())
    agreement.save()
    record(tenant, actor, "pacts.performance.sign", agreement, {
        "party": party, "on_behalf_of_regional_head": party == "second_party"
        and agreement.second_party_id is None, "status": agreement.status,
        "document_id": agreement.document_id, "pdf_sha256": agreement.pdf_sha256,
    })
    return agreement


def _attach_signed_pdf(tenant, agreement: PerformanceAgreement, today) -> None:
    """The agreement rendered in full (so the signature covers its content), stamped with the
    place and date, the document number and the QR, and signed with the tenant's key."""
    rows = indicator_rows(agreement)
    context = {
        "title": f"Perjanjian Kinerja Tahun {agreement.year}",
        "letterhead": letterhead_context(tenant, unit=agreement.opd.name),
        "agreement": agreement, "rows": rows,
        "budget_rows": [row.indicator for row in rows if row.indicator.program],
        "first_party_nip": format_nip(agreement.first_party_nip),
        "second_party_nip": format_nip(agreement.second_party_nip),
        "verify_base_url": settings.SITE_ROOT + VERIFY_PATH,
    }
    template = render_template_pdf(template_source(PDF_TEMPLATE), context, fields=PDF_FIELDS)
    agreement.document_id = _new_document_id(tenant, agreement.year)
    pdf = stamp_and_sign(tenant, template,
                         {"tempat_tanggal": f"{tenant.city}, {document_date(today)}"},
                         document_id=agreement.document_id,
                         verify_url=verify_url(agreement.document_id),
                         signer_label=agreement.first_party_name)
    agreement.pdf.save(f"{agreement.document_id}.pdf", ContentFile(pdf), save=False)
    agreement.pdf_sha256 = hashlib.sha256(pdf).hexdigest()


def _new_document_id(tenant, year: int) -> str:
    while True:
        suffix = "".join(secrets.choice(DOCUMENT_ID_ALPHABET) for _ in range(DOCUMENT_ID_LENGTH))
        document_id = f"PK-{year}-{suffix}"
        if not PerformanceAgreement.objects.filter(tenant=tenant,
                                                   document_id=document_id).exists():
            return document_id


def _party_of(tenant, actor, agreement: PerformanceAgreement, on_behalf: bool) -> str:
    user_id = getattr(actor, "pk", None)
    if user_id is not None and agreement.first_party.user_id == user_id:
        return "first_party"
    second = agreement.second_party
    if second is not None and user_id is not None and second.user_id == user_id:
        return "second_party"
    if second is None and on_behalf and any(
            m.role == Role.TENANT_ADMIN for m in active_memberships(actor, tenant)):
        return "second_party"
    raise NotFound("performance_not_a_party", _("You are not a party to this agreement."))


# --- Realisation ---------------------------------------------------------------------------------

@service
def record_realisation(tenant, actor, indicator: PerformanceIndicator, *, quarter, value,
                       note: str = "", evidence=None) -> Realisation:
    """Enter or correct a quarter's realisation of a signed agreement's indicator, by the first
    party or a pacts manager; a correction keeps the old values in the audit event."""
    indicator = _own_indicator(tenant, indicator)
    agreement = indicator.agreement
    if agreement.status != Status.SIGNED:
        raise DomainError("performance_not_signed",
                          _("Realisation is entered once the agreement is signed."))
    if agreement.first_party.user_id != getattr(actor, "pk", None) and not has_perm(
            active_memberships(actor, tenant), "pacts.manage"):
        raise NotFound("performance_not_a_party", _("You are not a party to this agreement."))
    quarter = _clean_quarter(quarter)
    value = _clean_amount(value, "value")
    note = " ".join(str(note or "").split())
    if len(note) > NOTE_MAX_LENGTH:
        raise DomainError("performance_note_too_long",
                          _("Keep the note under %(max)s characters."), field="note",
                          max=NOTE_MAX_LENGTH)
    suffix = _evidence_suffix(evidence) if evidence else None
    realisation = Realisation.objects.filter(tenant=tenant, indicator=indicator,
                                             quarter=quarter).first()
    before = ({"value": str(realisation.value), "note": realisation.note,
               "evidence": realisation.evidence.name} if realisation else {})
    if realisation is None:
        realisation = Realisation(tenant=tenant, indicator=indicator, quarter=quarter)
    realisation.value, realisation.note = value, note
    realisation.entered_by, realisation.entered_at = _user_or_none(actor), timezone.now()
    if suffix:
        realisation.evidence.save(f"evidence{suffix}", evidence, save=False)
    realisation.save()
    after = {"value": str(value), "note": note, "evidence": realisation.evidence.name}
    record(tenant, actor, "pacts.performance.realisation", realisation, {
        "quarter": quarter,
        **{key: [before.get(key), new] for key, new in after.items() if before.get(key) != new},
    })
    return realisation


def _evidence_suffix(upload) -> str:
    """PDF, JPEG or PNG up to 10 MB, judged by the file's first bytes, not its name."""
    if upload.size > SCAN_MAX_BYTES:
        raise DomainError("performance_evidence_too_large",
                          _("The evidence file is larger than 10 MB."), field="evidence")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for magic, suffix in SCAN_SIGNATURES.items():
        if head.startswith(magic):
            return suffix
    raise DomainError("performance_evidence_type",
                      _("Evidence must be a PDF, JPEG or PNG file."), field="evidence")


# --- Validation helpers --------------------------------------------------------------------------

_INDICATOR_FIELDS = (*TEXT_FIELDS, "target", *QUARTER_FIELDS, "direction", "budget", "order")


def _clean_indicator(values: dict) -> dict:
    unknown = set(values) - set(_INDICATOR_FIELDS)
    if unknown:
        raise DomainError("performance_indicator_unknown_field",
                          _("Unknown indicator field: %(name)s."), name=", ".join(sorted(unknown)))
    cleaned = {}
    for name, limit in TEXT_FIELDS.items():
        text = " ".join(str(values.get(name) or "").split())
        if name in REQUIRED_TEXT and not text:
            raise DomainError("performance_field_required", _("This field is required."),
                              field=name)
        if len(text) > limit:
            raise DomainError("performance_text_too_long",
                              _("Use at most %(max)s characters."), field=name, max=limit)
        cleaned[name] = text
    cleaned["target"] = _clean_amount(values.get("target"), "target")
    for name in QUARTER_FIELDS:
        raw = values.get(name)
        cleaned[name] = None if raw in (None, "") else _clean_amount(raw, name)
    direction = values.get("direction") or Direction.HIGHER_IS_BETTER
    if direction not in Direction.values:
        raise DomainError("performance_direction_invalid",
                          _("Choose whether higher or lower is better."), field="direction")
    cleaned["direction"] = direction
    budget = _clean_amount(values.get("budget") or 0, "budget")
    if budget != budget.to_integral_value():
        raise DomainError("performance_budget_not_whole",
                          _("Enter the budget in whole Rupiah."), field="budget")
    cleaned["budget"] = int(budget)
    if values.get("order") not in (None, ""):
        cleaned["order"] = _clean_order(values["order"])
    return cleaned


def _clean_amount(raw, field: str) -> Decimal:
    """A number ≥ 0 with at most two decimals (a comma is accepted as the decimal mark)."""
    try:
        value = Decimal(str(raw).strip().replace(",", ".")) if raw not in (None, "") else None
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        raise DomainError("performance_number_invalid", _("Enter a number."), field=field)
    if value < 0:
        raise DomainError("performance_number_negative", _("Enter a number of 0 or more."),
                          field=field)
    if value >= MAX_AMOUNT or value != value.quantize(Decimal("0.01")):
        raise DomainError("performance_number_precision",
                          _("Enter a number below 10^16 with at most two decimals."),
                          field=field)
    return value


def _clean_order(raw) -> int:
    try:
        order = int(raw)
    except (TypeError, ValueError):
        order = -1
    if not 0 <= order <= 999:
        raise DomainError("performance_order_invalid", _("Enter a position from 0 to 999."),
                          field="order")
    return order


def _clean_quarter(raw) -> int:
    try:
        quarter = int(raw)
    except (TypeError, ValueError):
        quarter = 0
    if quarter not in QUARTERS:
        raise DomainError("performance_quarter_invalid", _("Choose a quarter from 1 to 4."),
                          field="quarter")
    return quarter


def _clean_year(raw) -> int:
    try:
        year = int(raw)
    except (TypeError, ValueError):
        year = 0
    if year not in YEAR_RANGE:
        raise DomainError("performance_year_invalid", _("Enter a year from 2000 to 2100."),
                          field="year")
    return year


def _clean_text(raw, field: str, limit: int) -> str:
    text = " ".join(str(raw or "").split())
    if not text:
        raise DomainError("performance_field_required", _("This field is required."),
                          field=field)
    if len(text) > limit:
        raise DomainError("performance_text_too_long", _("Use at most %(max)s characters."),
                          field=field, max=limit)
    return text


def _parent_committer(parent: PerformanceAgreement, year: int,
                      second_party: Employee | None) -> Employee:
    """In a cascade the superior of the new agreement is the one who committed in the parent."""
    if parent.year != year or parent.status == Status.SUPERSEDED:
        raise DomainError("performance_parent_invalid",
                          _("The parent agreement must be a current agreement of the same year."),
                          field="parent")
    if second_party is not None and second_party.pk != parent.first_party_id:
        raise DomainError("performance_parent_mismatch",
                          _("The second party must be the first party of the parent agreement."),
                          field="second_party")
    return parent.first_party


def _current(tenant, year: int, employee: Employee) -> PerformanceAgreement | None:
    return (PerformanceAgreement.objects.filter(tenant=tenant, year=year, first_party=employee)
            .exclude(status=Status.SUPERSEDED).first())


def _own_employee(tenant, employee, field: str) -> Employee:
    found = Employee.objects.filter(tenant=tenant, pk=getattr(employee, "pk", None),
                                    status=Employee.Status.ACTIVE).first()
    if found is None:
        raise DomainError("performance_employee_not_found",
                          _("No active employee with this NIP in this Pemda."), field=field)
    return found


def _own_agreement(tenant, agreement) -> PerformanceAgreement:
    found = (PerformanceAgreement.objects.select_for_update()
             .filter(tenant=tenant, pk=getattr(agreement, "pk", None)).first())
    if found is None:
        raise NotFound("performance_agreement_not_found", _("The agreement does not exist."))
    return found


def _own_indicator(tenant, indicator) -> PerformanceIndicator:
    found = (PerformanceIndicator.objects.select_related("agreement__first_party")
             .filter(tenant=tenant, pk=getattr(indicator, "pk", None)).first())
    if found is None:
        raise NotFound("performance_indicator_not_found", _("The indicator does not exist."))
    return found


def _draft(tenant, agreement) -> PerformanceAgreement:
    agreement = _own_agreement(tenant, agreement)
    if agreement.status != Status.DRAFT:
        raise DomainError("performance_not_draft",
                          _("A signed agreement is not edited; revise it to make a new version."))
    return agreement


def _opd_of(tenant, unit: Unit) -> Unit:
    return Unit.objects.get(tenant=tenant, path=opd_path(unit.path))


def _user_or_none(actor):
    return actor if getattr(actor, "pk", None) else None
