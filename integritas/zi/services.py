"""Writes of the ZI programme: pencanangan, the commitment document, SK Tim ZI, rencana kerja
and every status transition. The LKE self-assessment and evaluation are in `assessment.py`."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import TransitionNotAllowed

from integritas.audit.services import record
from integritas.core.errors import DomainError, NotFound
from integritas.core.services import service
from integritas.zi.models import (
    Predicate,
    TeamRole,
    ZiActivity,
    ZiProgramme,
    ZiStatusChange,
    ZiTeamMember,
)

AREAS = range(1, 7)
PLACE_MAX_LENGTH = ZiProgramme._meta.get_field("place").max_length
PERSON_FIELDS = ("name", "position")
MAX_PEOPLE = 20
SCAN_MAX_BYTES = 10 * 1024 * 1024
SCAN_SIGNATURES = {b"%PDF-": ".pdf", b"\xff\xd8\xff": ".jpg", b"\x89PNG\r\n\x1a\n": ".png"}
DOCUMENT_ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"

# The programme's transitions: the name of the ZiProgramme method → the label of its button.
ACTIONS = {
    "develop": _("Start (or resume) development"),
    "assess_by_tpi": _("Record the TPI assessment"),
    "find_not_eligible": _("Not eligible this year"),
    "propose": _("Propose to the TPN"),
    "award_wbk": _("Awarded Menuju WBK"),
    "award_wbbm": _("Awarded Menuju WBBM"),
    "give_guidance": _("Guidance (pembinaan)"),
    "monitor": _("Start monitoring"),
    "revoke": _("Revoke the predicate"),
}
DESTRUCTIVE_ACTIONS = frozenset({"revoke", "find_not_eligible", "give_guidance"})


# --- Pencanangan -------------------------------------------------------------------------------

@service
def declare_programme(tenant, actor, *, unit, declared_on: dt.date, place: str,
                      signers: list[dict], witnesses: list[dict]) -> ZiProgramme:
    """The pencanangan of Zona Integritas in `unit`: one programme per unit, kept over the
    years."""
    if unit.tenant_id != tenant.pk:
        raise NotFound("zi_unit_not_found", _("The unit does not exist."), field="unit")
    if ZiProgramme.objects.filter(tenant=tenant, unit=unit).exists():
        raise DomainError("zi_programme_exists",
                          _("%(unit)s already has a Zona Integritas programme."), field="unit",
                          unit=unit.name)
    programme = ZiProgramme.objects.create(
        tenant=tenant, unit=unit, declared_on=declared_on, place=_clean_place(place),
        signers=_people(signers, "signers"), witnesses=_people(witnesses, "witnesses"),
        created_by=_user(actor),
    )
    _history(tenant, actor, programme, "", programme.status, declared_on.year, declared_on, "")
    record(tenant, actor, "zi.programme.declare", programme, {
        "unit": unit.pk, "declared_on": declared_on.isoformat(), "place": programme.place,
        "signers": programme.signers, "witnesses": programme.witnesses,
    })
    return programme


@service
def update_declaration(tenant, actor, programme: ZiProgramme, *, declared_on: dt.date,
                       place: str, signers: list[dict], witnesses: list[dict]) -> ZiProgramme:
    programme = _locked(tenant, programme)
    before = {"declared_on": programme.declared_on.isoformat(), "place": programme.place,
              "signers": programme.signers, "witnesses": programme.witnesses}
    programme.declared_on = declared_on
    programme.place = _clean_place(place)
    programme.signers = _people(signers, "signers")
    programme.witnesses = _people(witnesses, "witnesses")
    programme.save(update_fields=["declared_on", "place", "signers", "witnesses", "updated_at"])
    after = {"declared_on": declared_on.isoformat(), "place": programme.place,
             "signers": programme.signers, "witnesses": programme.witnesses}
    record(tenant, actor, "zi.programme.update", programme,
           {key: [before[key], after[key]] for key in after if before[key] != after[key]})
    return programme


@service
def upload_commitment_scan(tenant, actor, programme: ZiProgramme, scan) -> ZiProgramme:
    """The scan of the commitment signed on paper at the ceremony."""
    programme = _locked(tenant, programme)
    suffix = _checked_scan(scan)
    data = scan.read()
    programme.commitment_scan.save(f"{tenant.slug}-{programme.unit_id}{suffix}",
                                   ContentFile(data), save=False)
    programme.commitment_sha256 = hashlib.sha256(data).hexdigest()
    programme.save(update_fields=["commitment_scan", "commitment_sha256", "updated_at"])
    record(tenant, actor, "zi.programme.commitment_scan", programme,
           {"sha256": programme.commitment_sha256, "bytes": len(data)})
    return programme


@service
def generate_commitment(tenant, actor, programme: ZiProgramme, *, verify_url: str
                        ) -> ZiProgramme:
    """The commitment as a PDF signed with the Pemda's key (DomainError when it has none)."""
    from integritas.zi.documents import signed_commitment_pdf

    programme = _locked(tenant, programme)
    document_id = "ZI-" + "".join(secrets.choice(DOCUMENT_ID_ALPHABET) for _i in range(8))
    pdf = signed_commitment_pdf(tenant, programme, document_id=document_id,
                                verify_url=verify_url)
    programme.commitment_pdf.save(f"{document_id}.pdf", ContentFile(pdf), save=False)
    programme.commitment_document_id = document_id
    programme.commitment_sha256 = hashlib.sha256(pdf).hexdigest()
    programme.save(update_fields=["commitment_pdf", "commitment_document_id",
                                  "commitment_sha256", "updated_at"])
    record(tenant, actor, "zi.programme.commitment_generate", programme,
           {"document_id": document_id, "sha256": programme.commitment_sha256})
    return programme


# --- SK Tim ZI ---------------------------------------------------------------------------------

@service
def set_team_decree(tenant, actor, programme: ZiProgramme, *, number: str,
                    decided_on: dt.date | None) -> ZiProgramme:
    programme = _locked(tenant, programme)
    number = " ".join((number or "").split())
    if not number:
        raise DomainError("zi_decree_number_required", _("Enter the number of the SK Tim ZI."),
                          field="number")
    before = [programme.team_decree_number, str(programme.team_decree_date or "")]
    programme.team_decree_number = number[:120]
    programme.team_decree_date = decided_on
    programme.save(update_fields=["team_decree_number", "team_decree_date", "updated_at"])
    record(tenant, actor, "zi.programme.team_decree", programme,
           {"decree": [before, [programme.team_decree_number, str(decided_on or "")]]})
    return programme


@service
def add_team_member(tenant, actor, programme: ZiProgramme, *, employee, role: str,
                    area: int | None = None) -> ZiTeamMember:
    programme = _own(tenant, programme)
    if employee is None or employee.tenant_id != tenant.pk:
        raise NotFound("zi_employee_not_found", _("The employee does not exist."),
                       field="employee")
    if role not in TeamRole.values:
        raise DomainError("zi_team_role_unknown", _("Choose a role from the list."), field="role")
    _check_area(area, required=role == TeamRole.AREA_COORDINATOR)
    if ZiTeamMember.objects.filter(tenant=tenant, programme=programme, employee=employee,
                                   role=role).exists():
        raise DomainError("zi_team_member_exists",
                          _("%(name)s already has this role in the team."), field="employee",
                          name=employee.name)
    member = ZiTeamMember.objects.create(tenant=tenant, programme=programme, employee=employee,
                                         role=role, area=area,
                                         position_title=employee.position_title)
    record(tenant, actor, "zi.team.add", member,
           {"programme": programme.pk, "employee": employee.pk, "role": role, "area": area})
    return member


@service
def remove_team_member(tenant, actor, member: ZiTeamMember) -> None:
    if not isinstance(member, ZiTeamMember) or member.tenant_id != tenant.pk:
        raise NotFound("zi_team_member_not_found", _("The team member does not exist."))
    record(tenant, actor, "zi.team.remove", member,
           {"programme": member.programme_id, "employee": member.employee_id,
            "role": member.role})
    member.delete()


# --- Rencana kerja -----------------------------------------------------------------------------

@service
def add_activity(tenant, actor, programme: ZiProgramme, *, year: int, area: int, title: str,
                 due_on: dt.date, owner=None, note: str = "") -> ZiActivity:
    programme = _own(tenant, programme)
    _check_area(area, required=True)
    title = " ".join((title or "").split())
    if not title:
        raise DomainError("zi_activity_title_required", _("Describe the activity."),
                          field="title")
    if owner is not None and owner.tenant_id != tenant.pk:
        raise NotFound("zi_employee_not_found", _("The employee does not exist."),
                       field="owner")
    activity = ZiActivity.objects.create(
        tenant=tenant, programme=programme, year=year, area=area, title=title[:300],
        due_on=due_on, owner=owner, note=note.strip(),
    )
    record(tenant, actor, "zi.activity.add", activity,
           {"programme": programme.pk, "year": year, "area": area, "title": activity.title,
            "due_on": due_on.isoformat(), "owner": getattr(owner, "pk", None)})
    return activity


@service
def report_activity_progress(tenant, actor, activity: ZiActivity, *, progress: int,
                             status: str | None = None, note: str | None = None
                             ) -> ZiActivity:
    """Monitoring of the rencana kerja: progress 0–100; 100 % means done."""
    if not isinstance(activity, ZiActivity) or activity.tenant_id != tenant.pk:
        raise NotFound("zi_activity_not_found", _("The activity does not exist."))
    if not isinstance(progress, int) or not 0 <= progress <= 100:
        raise DomainError("zi_activity_progress_range",
                          _("Progress is a percentage from 0 to 100."), field="progress")
    if status is not None and status not in ZiActivity.Status.values:
        raise DomainError("zi_activity_status_unknown", _("Choose a status from the list."),
                          field="status")
    before = [activity.progress, activity.status]
    activity.progress = progress
    activity.status = status or _status_for(progress, activity.status)
    if note is not None:
        activity.note = note.strip()
    activity.save(update_fields=["progress", "status", "note", "updated_at"])
    record(tenant, actor, "zi.activity.progress", activity,
           {"progress": [before[0], progress], "status": [before[1], activity.status]})
    return activity


def _status_for(progress: int, current: str) -> str:
    if progress >= 100:
        return ZiActivity.Status.DONE
    if progress > 0 and current in (ZiActivity.Status.PLANNED, ZiActivity.Status.DONE):
        return ZiActivity.Status.IN_PROGRESS
    return current


# --- Status over the years ---------------------------------------------------------------------

@service
def move_programme(tenant, actor, programme: ZiProgramme, action: str, *, year: int,
                   on: dt.date | None = None, note: str = "") -> ZiProgramme:
    """Apply one transition of REFERENCE.md §1.2 (see `ACTIONS`) and keep it in the history."""
    programme = _locked(tenant, programme)
    if action not in ACTIONS:
        raise DomainError("zi_action_unknown", _("This step does not exist."), field="action")
    if action == "award_wbbm" and programme.predicate != Predicate.WBK:
        raise DomainError("zi_wbbm_needs_wbk",
                          _("A unit must hold Menuju WBK before it can be awarded WBBM."),
                          field="action")
    before = programme.status
    try:
        getattr(programme, action)()
    except TransitionNotAllowed:
        raise DomainError("zi_transition_not_allowed",
                          _("“%(step)s” is not possible while the programme is “%(current)s”."),
                          field="action", step=ACTIONS[action],
                          current=programme.get_status_display()) from None
    if action in ("award_wbk", "award_wbbm"):
        programme.predicate_year = year
    programme.save()
    on = on or timezone.localdate()
    _history(tenant, actor, programme, before, programme.status, year, on, note)
    record(tenant, actor, f"zi.programme.{action}", programme,
           {"status": [before, programme.status], "year": year, "note": note.strip()})
    return programme


def available_actions(programme: ZiProgramme) -> list[tuple[str, str]]:
    """The steps the programme can take now, with their labels, for the page's buttons."""
    names = {t.name for t in programme.get_available_status_transitions()}
    return [(name, label) for name, label in ACTIONS.items() if name in names]


# --- Shared ------------------------------------------------------------------------------------

def _history(tenant, actor, programme, source, target, year, on, note) -> None:
    ZiStatusChange.objects.create(tenant=tenant, programme=programme, year=year, source=source,
                                  target=target, occurred_on=on, note=(note or "").strip(),
                                  actor=_user(actor))


def _own(tenant, programme) -> ZiProgramme:
    if not isinstance(programme, ZiProgramme) or programme.tenant_id != tenant.pk:
        raise NotFound("zi_programme_not_found", _("The programme does not exist."))
    return programme


def _locked(tenant, programme) -> ZiProgramme:
    _own(tenant, programme)
    return ZiProgramme.objects.select_for_update().select_related("unit").get(pk=programme.pk)


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


def _clean_place(place: str) -> str:
    place = " ".join((place or "").split())
    if not place:
        raise DomainError("zi_place_required", _("Enter where the declaration took place."),
                          field="place")
    if len(place) > PLACE_MAX_LENGTH:
        raise DomainError("zi_place_too_long", _("The place is at most %(limit)s characters."),
                          field="place", limit=PLACE_MAX_LENGTH)
    return place


def _people(people, field: str) -> list[dict]:
    """Signers or witnesses as [{"name", "position"}], blank rows dropped."""
    cleaned = []
    for person in people or []:
        row = {key: " ".join(str((person or {}).get(key, "")).split())[:200]
               for key in PERSON_FIELDS}
        if not any(row.values()):
            continue
        if not row["name"]:
            raise DomainError("zi_person_name_required",
                              _("Every signer and witness needs a name."), field=field)
        cleaned.append(row)
    if len(cleaned) > MAX_PEOPLE:
        raise DomainError("zi_too_many_people", _("At most %(limit)s people per list."),
                          field=field, limit=MAX_PEOPLE)
    return cleaned


def _check_area(area, *, required: bool) -> None:
    if area is None and not required:
        return
    if area not in AREAS:
        raise DomainError("zi_area_unknown",
                          _("Choose an area of change from I to VI."), field="area")


def _checked_scan(scan) -> str:
    """The file suffix for the scan's real type, read from its first bytes, not its name."""
    if scan is None:
        raise DomainError("zi_scan_required", _("Choose the scan to upload."), field="scan")
    if scan.size > SCAN_MAX_BYTES:
        raise DomainError("zi_scan_too_large", _("The scan is %(size)s; the limit is %(limit)s."),
                          field="scan", size=filesizeformat(scan.size),
                          limit=filesizeformat(SCAN_MAX_BYTES))
    scan.seek(0)
    head = scan.read(16)
    scan.seek(0)
    for magic, suffix in SCAN_SIGNATURES.items():
        if head.startswith(magic):
            return suffix
    raise DomainError("zi_scan_type", _("Upload the scan as a PDF, JPEG or PNG file."),
                      field="scan")
