"""Writes for pact texts and signing campaigns."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import TransitionNotAllowed

from integritas.audit.services import Entry, record, record_many
from integritas.core.calendar import add_working_days
from integritas.core.errors import DomainError, NotFound
from integritas.core.services import service
from integritas.pacts import targeting
from integritas.pacts.models import (
    LibraryPactText,
    Occasion,
    PactCampaign,
    PactTarget,
    PactText,
)
from integritas.pacts.tasks import notify_campaign_opened
from integritas.pacts.texts import content_hash, validate_body
from integritas.people.models import Employee

TITLE_MAX_LENGTH = PactText._meta.get_field("title").max_length
CODE_MAX_LENGTH = PactText._meta.get_field("code").max_length
SOURCE_MAX_LENGTH = PactText._meta.get_field("source").max_length
CONFIDENCE_MAX_LENGTH = PactText._meta.get_field("confidence").max_length
WITNESS_NAME_MAX_LENGTH = PactTarget._meta.get_field("witness_name").max_length
DEFAULT_JOINER_ALLOWANCE = PactCampaign._meta.get_field("joiner_allowance_days").default
BULK_BATCH = 1000


# --- Texts -------------------------------------------------------------------------------------

@service
def adopt_library_text(tenant, actor, library_text: LibraryPactText) -> PactText:
    """Make a library text version the tenant's current version of that code (idempotent)."""
    current = _latest(tenant, library_text.code)
    if (current is not None and current.library_text_id == library_text.pk
            and current.status == PactText.Status.ACTIVE):
        return current
    text = _new_version(tenant, actor, current, code=library_text.code,
                        title=library_text.title, body=library_text.body,
                        source=library_text.source, confidence=library_text.confidence,
                        effective_from=library_text.effective_from, library_text=library_text)
    record(tenant, actor, "pacts.text.adopt", text,
           {"library_text": f"{library_text.code} v{library_text.version}",
            "version": text.version})
    return text


@service
def create_text(tenant, actor, *, code: str, title: str, body: str, source: str = "",
                confidence: str = "", effective_from: dt.date | None = None) -> PactText:
    """Version 1 of a tenant's own text."""
    code = _clean_code(code)
    if _latest(tenant, code) is not None:
        raise DomainError("pact_text_code_taken",
                          _("A text with the code %(text_code)s exists; edit it to make a new "
                            "version."), field="code", text_code=code)
    text = _new_version(tenant, actor, None, code=code, title=title, body=body, source=source,
                        confidence=confidence, effective_from=effective_from)
    record(tenant, actor, "pacts.text.create", text, _text_snapshot(text))
    return text


@service
def revise_text(tenant, actor, text: PactText, *, title: str | None = None,
                body: str | None = None, source: str | None = None,
                confidence: str | None = None,
                effective_from: dt.date | None = None) -> PactText:
    """Editing makes a new version; the old one stays, unchanged, for what was signed on it."""
    _ensure_own(tenant, text, "pact_text_not_found", _("The text does not exist."))
    latest = _latest(tenant, text.code)
    if latest.pk != text.pk:
        raise DomainError("pact_text_not_latest",
                          _("Version %(version)s has been replaced; edit the newest version."),
                          version=text.version)
    proposed = {
        "title": text.title if title is None else title,
        "body": text.body if body is None else body,
        "source": text.source if source is None else source,
        "confidence": text.confidence if confidence is None else confidence,
        "effective_from": effective_from or timezone.localdate(),
    }
    cleaned_title, cleaned_body = _clean_title(proposed["title"]), validate_body(proposed["body"])
    unchanged = (content_hash(cleaned_title, cleaned_body) == text.content_hash
                 and " ".join(proposed["source"].split()) == text.source
                 and " ".join(proposed["confidence"].split()) == text.confidence)
    if unchanged and text.status == PactText.Status.ACTIVE:
        return text
    revised = _new_version(tenant, actor, text, code=text.code, **proposed)
    record(tenant, actor, "pacts.text.revise", revised,
           {"version": [text.version, revised.version],
            "content_hash": [text.content_hash, revised.content_hash]})
    return revised


@service
def retire_text(tenant, actor, text: PactText) -> PactText:
    """No new campaign may use the text; campaigns and signatures made on it keep it."""
    _ensure_own(tenant, text, "pact_text_not_found", _("The text does not exist."))
    if text.status == PactText.Status.RETIRED:
        return text
    before = text.status
    text.status = PactText.Status.RETIRED
    text.save(update_fields=["status", "updated_at"])
    record(tenant, actor, "pacts.text.retire", text, {"status": [before, text.status]})
    return text


def _latest(tenant, code: str) -> PactText | None:
    return PactText.objects.filter(tenant=tenant, code=code).order_by("-version").first()


def _new_version(tenant, actor, previous: PactText | None, *, code: str, title: str,
                 body: str, source: str, confidence: str, effective_from: dt.date | None,
                 library_text: LibraryPactText | None = None) -> PactText:
    title, body = _clean_title(title), validate_body(body)
    version = (PactText.objects.filter(tenant=tenant, code=code)
               .aggregate(top=Max("version"))["top"] or 0) + 1
    text = PactText.objects.create(
        tenant=tenant, code=code, version=version, title=title, body=body,
        source=_clean_short(source, "source", SOURCE_MAX_LENGTH),
        confidence=_clean_short(confidence, "confidence", CONFIDENCE_MAX_LENGTH),
        effective_from=effective_from or timezone.localdate(),
        content_hash=content_hash(title, body), library_text=library_text,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    if previous is not None:
        PactText.objects.filter(tenant=tenant, code=code, status=PactText.Status.ACTIVE).exclude(
            pk=text.pk).update(status=PactText.Status.SUPERSEDED, updated_at=timezone.now())
    return text


def _clean_code(raw) -> str:
    code = str(raw or "").strip().lower()
    if not code or len(code) > CODE_MAX_LENGTH or not all(
            c.isascii() and (c.isalnum() or c == "-") for c in code):
        raise DomainError("pact_text_code_invalid",
                          _("Use a short code of letters, digits and hyphens (at most %(max)s)."),
                          field="code", max=CODE_MAX_LENGTH)
    return code


def _clean_title(raw) -> str:
    title = " ".join(str(raw or "").split())
    if not title:
        raise DomainError("pact_text_title_required", _("Enter a title."), field="title")
    if len(title) > TITLE_MAX_LENGTH:
        raise DomainError("pact_text_title_too_long", _("A title has at most %(max)s characters."),
                          field="title", max=TITLE_MAX_LENGTH)
    return title


def _clean_short(raw, field: str, max_length: int) -> str:
    value = " ".join(str(raw or "").split())
    if len(value) > max_length:
        raise DomainError("pact_text_field_too_long", _("At most %(max)s characters."),
                          field=field, max=max_length)
    return value


def _text_snapshot(text: PactText) -> dict:
    return {"code": text.code, "version": text.version, "title": text.title,
            "content_hash": text.content_hash, "source": text.source,
            "effective_from": text.effective_from.isoformat()}


# --- Campaigns ---------------------------------------------------------------------------------

@service
def create_campaign(tenant, actor, *, title: str, text: PactText, occasion: str,
                    opens_on: dt.date, due_on: dt.date, target_kind: str,
                    target_values=(), joiner_allowance_days: int | None = None,
                    opd_head_witness: Employee | None = None,
                    regional_head: Employee | None = None,
                    regional_head_witness: Employee | None = None,
                    regional_head_witness_name: str = "") -> PactCampaign:
    """A draft campaign; nobody is targeted until it opens."""
    title = _clean_campaign_title(title)
    _ensure_usable_text(tenant, text)
    if occasion not in Occasion.values:
        raise DomainError("pact_campaign_occasion_invalid", _("Choose the occasion."),
                          field="occasion")
    _check_dates(opens_on, due_on)
    values = targeting.clean_target_values(tenant, target_kind, target_values)
    if not targeting.targeted_employees(tenant, target_kind, values).exists():
        raise _no_targets()
    allowance = _clean_allowance(joiner_allowance_days)
    witnesses = _checked_witnesses(tenant, opd_head_witness, regional_head,
                                   regional_head_witness, regional_head_witness_name)
    campaign = PactCampaign.objects.create(
        tenant=tenant, title=title, text=text, occasion=occasion, opens_on=opens_on,
        due_on=due_on, target_kind=target_kind, target_values=values,
        joiner_allowance_days=allowance, created_by=actor if getattr(actor, "pk", None) else None,
        **witnesses,
    )
    record(tenant, actor, "pacts.campaign.create", campaign, {
        "title": title, "text": f"{text.code} v{text.version}", "occasion": occasion,
        "opens_on": opens_on.isoformat(), "due_on": due_on.isoformat(),
        "target_kind": target_kind, "target_values": values,
    })
    return campaign


@service
def open_campaign(tenant, actor, campaign: PactCampaign) -> PactCampaign:
    """Target everyone the rule names, in bulk, each with their witness, and open signing."""
    _ensure_own(tenant, campaign, "pact_campaign_not_found", _("The campaign does not exist."))
    _ensure_usable_text(tenant, campaign.text)
    _transition(campaign, campaign.open, "pact_campaign_not_draft",
                _("Only a draft campaign can be opened."))
    targets = _build_targets(campaign, targeting.campaign_employees(campaign), campaign.due_on)
    if not targets:
        raise _no_targets()
    PactTarget.objects.bulk_create(targets, batch_size=BULK_BATCH)
    campaign.opened_at = timezone.now()
    campaign.save(update_fields=["status", "opened_at", "updated_at"])
    record_many(tenant, actor, [
        Entry("pacts.campaign.open", campaign,
              {"status": ["draft", "open"], "targets": len(targets),
               "without_witness": sum(1 for t in targets
                                      if t.witness_id is None and not t.witness_name)}),
        *(_target_entry(target) for target in targets),
    ])
    transaction.on_commit(lambda: notify_campaign_opened(tenant.pk, campaign.pk))
    return campaign


@service
def close_campaign(tenant, actor, campaign: PactCampaign) -> PactCampaign:
    _ensure_own(tenant, campaign, "pact_campaign_not_found", _("The campaign does not exist."))
    _transition(campaign, campaign.close, "pact_campaign_not_open",
                _("Only an open campaign can be closed."))
    campaign.closed_at = timezone.now()
    campaign.save(update_fields=["status", "closed_at", "updated_at"])
    record(tenant, actor, "pacts.campaign.close", campaign, {"status": ["open", "closed"]})
    return campaign


@service
def enrol_in_open_campaigns(tenant, actor, employee: Employee, *,
                            today: dt.date | None = None) -> list[PactTarget]:
    """Target an employee who joined or moved into a targeted group while campaigns are open."""
    _ensure_own(tenant, employee, "employee_not_found", _("The employee does not exist."))
    return enrol_many_in_open_campaigns(tenant, actor, [employee.pk], today=today)


@service
def enrol_many_in_open_campaigns(tenant, actor, employee_ids, *,
                                 today: dt.date | None = None) -> list[PactTarget]:
    """Target the employees, hired or moved (one by one or by a roster import), whom an open
    campaign's rule now names and who are not its targets yet.

    Each newcomer gets the campaign's allowance of working days from today, never less time than
    the others had. With no open campaign this costs one query, however many employees.
    """
    campaigns = list(PactCampaign.objects.filter(tenant=tenant, status=PactCampaign.Status.OPEN)
                     .select_related("tenant"))
    if not campaigns:
        return []
    ids = list(employee_ids)
    today = today or timezone.localdate()
    added = []
    for campaign in campaigns:
        newcomers = (targeting.campaign_employees(campaign).filter(pk__in=ids)
                     .exclude(pact_targets__campaign=campaign))
        due = max(add_working_days(tenant, today, campaign.joiner_allowance_days),
                  campaign.due_on)
        added += _build_targets(campaign, newcomers, due, joined_late=True)
    PactTarget.objects.bulk_create(added, batch_size=BULK_BATCH)
    if added:
        record_many(tenant, actor, [_target_entry(target) for target in added])
    return added


def enrol_placed_employee(sender, *, tenant, actor, employee, **kwargs) -> None:
    """Receiver of `people.signals.employee_placed`: hires and moves join open campaigns."""
    enrol_in_open_campaigns(tenant, actor, employee)


def enrol_placed_employees(sender, *, tenant, actor, employee_ids, **kwargs) -> None:
    """Receiver of `people.signals.employees_placed`: a roster import's hires and moves join
    open campaigns."""
    enrol_many_in_open_campaigns(tenant, actor, employee_ids)


@service
def set_target_witness(tenant, actor, target: PactTarget, *, witness: Employee | None = None,
                       witness_name: str = "") -> PactTarget:
    """Name the witness of one signer by hand (a missing superior, an absent official)."""
    _ensure_own(tenant, target, "pact_target_not_found", _("The signer does not exist."))
    if target.status not in (PactTarget.Status.PENDING, PactTarget.Status.SIGNED):
        raise DomainError("pact_target_already_witnessed",
                          _("This pact has already been witnessed or recorded on paper."),
                          field="witness")
    if target.campaign.status == PactCampaign.Status.CLOSED:
        raise DomainError("pact_campaign_closed", _("The campaign is closed."), field="witness")
    chosen = _checked_witness(tenant, witness, witness_name, signer_id=target.employee_id,
                              field="witness")
    before = {"witness": target.witness_id, "witness_name": target.witness_name}
    target.witness_id, target.witness_name = chosen.employee_id, chosen.name
    target.save(update_fields=["witness", "witness_name", "updated_at"])
    record(tenant, actor, "pacts.target.witness", target, {
        "witness": [before["witness"], target.witness_id],
        "witness_name": [before["witness_name"], target.witness_name],
    })
    return target


def _build_targets(campaign: PactCampaign, employees, due_on: dt.date, *,
                   joined_late: bool = False) -> list[PactTarget]:
    """Unsaved targets for the employees, the witness of each decided from loaded values."""
    plan = targeting.WitnessPlan.of(campaign)
    opds = targeting.opd_ids(campaign.tenant)
    rows = (employees.select_related("unit", "superior__unit")
            .only(*targeting.EMPLOYEE_FIELDS).order_by())
    targets = []
    for employee in rows:
        superior = employee.superior if employee.superior_id else None
        if superior is not None and superior.status != Employee.Status.ACTIVE:
            superior = None  # a superior who has left cannot witness; named by hand instead
        witness = plan.witness_for(employee.pk, employee.unit.path, getattr(superior, "pk", None),
                                   superior.unit.path if superior else None)
        targets.append(PactTarget(
            tenant_id=campaign.tenant_id, campaign=campaign, employee=employee,
            unit_id=employee.unit_id, opd_id=opds[targeting.opd_path(employee.unit.path)],
            position_title=employee.position_title, position_kind=employee.position_kind,
            echelon=employee.echelon, due_on=due_on, joined_late=joined_late,
            witness_id=witness.employee_id, witness_name=witness.name,
        ))
    return targets


def _target_entry(target: PactTarget) -> Entry:
    return Entry("pacts.target.create", target, {
        "campaign": target.campaign_id, "employee": target.employee_id,
        "due_on": target.due_on.isoformat(), "witness": target.witness_id,
        "witness_name": target.witness_name, "joined_late": target.joined_late,
    })


def _transition(campaign: PactCampaign, step, code: str, message) -> None:
    try:
        step()
    except TransitionNotAllowed as exc:
        raise DomainError(code, message, field="status") from exc


def _ensure_usable_text(tenant, text) -> None:
    if not isinstance(text, PactText) or text.tenant_id != tenant.pk:
        raise NotFound("pact_text_not_found", _("The text does not exist."), field="text")
    if text.status != PactText.Status.ACTIVE:
        raise DomainError("pact_text_inactive",
                          _("Version %(version)s of %(title)s is no longer in use; choose the "
                            "current version."), field="text", version=text.version,
                          title=text.title)


def _check_dates(opens_on, due_on) -> None:
    if not isinstance(opens_on, dt.date):
        raise DomainError("pact_campaign_opens_on_required", _("Enter the opening date."),
                          field="opens_on")
    if not isinstance(due_on, dt.date):
        raise DomainError("pact_campaign_due_on_required", _("Enter the due date."),
                          field="due_on")
    if due_on <= opens_on:
        raise DomainError("pact_campaign_due_before_opening",
                          _("The due date must be after the opening date."), field="due_on")


def _clean_campaign_title(raw) -> str:
    title = " ".join(str(raw or "").split())
    if not title:
        raise DomainError("pact_campaign_title_required", _("Enter a title."), field="title")
    if len(title) > TITLE_MAX_LENGTH:
        raise DomainError("pact_campaign_title_too_long",
                          _("A title has at most %(max)s characters."), field="title",
                          max=TITLE_MAX_LENGTH)
    return title


def _clean_allowance(days) -> int:
    if days is None:
        return DEFAULT_JOINER_ALLOWANCE
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= 365:
        raise DomainError("pact_campaign_allowance_invalid",
                          _("Give late joiners between 1 and 365 working days."),
                          field="joiner_allowance_days")
    return days


def _checked_witnesses(tenant, opd_head_witness, regional_head, regional_head_witness,
                       regional_head_witness_name) -> dict:
    for field, person in (("opd_head_witness", opd_head_witness),
                          ("regional_head", regional_head)):
        _checked_employee(tenant, person, field)
    chosen = _checked_witness(tenant, regional_head_witness, regional_head_witness_name,
                              signer_id=getattr(regional_head, "pk", None),
                              field="regional_head_witness")
    return {"opd_head_witness": opd_head_witness, "regional_head": regional_head,
            "regional_head_witness_id": chosen.employee_id,
            "regional_head_witness_name": chosen.name}


def _checked_witness(tenant, witness, witness_name, *, signer_id, field) -> targeting.Witness:
    name = " ".join(str(witness_name or "").split())
    if witness is not None and name:
        raise DomainError("pact_witness_ambiguous",
                          _("Choose an employee or type a name, not both."), field=field)
    if len(name) > WITNESS_NAME_MAX_LENGTH:
        raise DomainError("pact_witness_name_too_long", _("At most %(max)s characters."),
                          field=field, max=WITNESS_NAME_MAX_LENGTH)
    _checked_employee(tenant, witness, field)
    if witness is not None and witness.pk == signer_id:
        raise DomainError("pact_witness_is_signer",
                          _("The witness cannot be the person who signs."), field=field)
    return targeting.Witness(getattr(witness, "pk", None), name)


def _checked_employee(tenant, person, field: str) -> None:
    if person is None:
        return
    if not isinstance(person, Employee) or person.tenant_id != tenant.pk:
        raise NotFound("pact_employee_not_found", _("The employee does not exist."), field=field)
    if person.status != Employee.Status.ACTIVE:
        raise DomainError("pact_employee_inactive",
                          _("%(name)s is no longer an active employee."), field=field,
                          name=person.name)


def _ensure_own(tenant, obj, code: str, message) -> None:
    if obj.tenant_id != tenant.pk:
        raise NotFound(code, message)


def _no_targets() -> DomainError:
    return DomainError("pact_campaign_no_targets",
                       _("Nobody matches who must sign; choose other units, roles or people."),
                       field="target_values")

