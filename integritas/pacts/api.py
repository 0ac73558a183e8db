"""Pact texts and campaigns over the API: `/api/v1/pacts`. Same rules as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema, Status

from integritas.api.api import tenant_scope
from integritas.api.auth import require_perm
from integritas.core.errors import NotFound
from integritas.pacts import selectors, services
from integritas.pacts.models import Occasion, PactCampaign, PactTarget, PactText, TargetKind
from integritas.people.models import Employee

router = Router(tags=["pacts"])

OccasionCode = Literal[tuple(Occasion.values)]
TargetKindCode = Literal[tuple(TargetKind.values)]
CampaignStatusCode = Literal[tuple(PactCampaign.Status.values)]
TargetStatusCode = Literal[tuple(PactTarget.Status.values)]


class TextOut(Schema):
    id: int
    code: str
    version: int
    title: str
    body: str
    source: str
    confidence: str
    effective_from: dt.date
    content_hash: str
    status: str | None = Field(None, description="For a tenant's text: active, superseded, "
                                                 "retired")
    library_text_id: int | None = None


class TextIn(Schema):
    code: str = Field(max_length=60)
    title: str = Field(max_length=200)
    body: str = Field(max_length=20_000, description="Markdown-like text with placeholders "
                                                     "{nama} {nip} {jabatan} {unit} ...")
    source: str = Field("", max_length=300)
    confidence: str = Field("", max_length=200)
    effective_from: dt.date | None = None


class TextRevisionIn(Schema):
    title: str | None = Field(None, max_length=200)
    body: str | None = Field(None, max_length=20_000)
    source: str | None = Field(None, max_length=300)
    confidence: str | None = Field(None, max_length=200)
    effective_from: dt.date | None = None


class CampaignIn(Schema):
    title: str = Field(max_length=200)
    text_id: int
    occasion: OccasionCode
    opens_on: dt.date
    due_on: dt.date
    target_kind: TargetKindCode
    target_values: list[int | str] = Field(
        default_factory=list, max_length=100_000,
        description="Unit ids, roles, position kinds or employee ids, as the kind says")
    joiner_allowance_days: int | None = Field(None, ge=0, le=365)
    opd_head_witness_id: int | None = None
    regional_head_id: int | None = None
    regional_head_witness_id: int | None = None
    regional_head_witness_name: str = Field("", max_length=200)


class CampaignOut(Schema):
    id: int
    title: str
    text_id: int
    text_title: str
    text_version: int
    occasion: OccasionCode
    opens_on: dt.date
    due_on: dt.date
    target_kind: TargetKindCode
    target_values: list[int | str]
    joiner_allowance_days: int
    status: CampaignStatusCode
    opened_at: dt.datetime | None
    closed_at: dt.datetime | None


class CompletionOut(Schema):
    opd_id: int | None
    opd_name: str
    total: int
    signed: int
    witnessed: int
    paper: int
    pending: int
    overdue: int
    percent_signed: float


class CampaignCompletionOut(Schema):
    total: CompletionOut
    opds: list[CompletionOut]


class CampaignPage(Schema):
    count: int
    items: list[CampaignOut]


class TargetOut(Schema):
    id: int
    employee_id: int
    nip: str
    name: str
    opd_id: int
    opd_name: str
    unit_id: int
    unit_name: str
    position_title: str
    due_on: dt.date
    joined_late: bool
    status: TargetStatusCode
    signed_at: dt.datetime | None
    witnessed_at: dt.datetime | None


class TargetPage(Schema):
    count: int
    items: list[TargetOut]


class Paging(Schema):
    page: int = Field(1, ge=1)
    page_size: int = Field(50, ge=1, le=500)


class CampaignFilters(Paging):
    status: CampaignStatusCode | None = None


class TargetFilters(Paging):
    status: TargetStatusCode | None = None
    opd: int | None = Field(None, description="An OPD (top-level unit) id")
    overdue: bool | None = Field(None, description="Only pending signers past their due date")


# --- Texts -------------------------------------------------------------------------------------

@router.get("/texts", response=list[TextOut], summary="The Pemda's texts, every version")
def list_texts(request):
    require_perm(request, "pacts.view")
    with tenant_scope(request):
        return [_text(text) for text in selectors.all_texts(request.tenant)]


@router.get("/texts/library", response=list[TextOut], summary="The standard library texts")
def list_library_texts(request):
    require_perm(request, "pacts.view")
    return [_text(text) for text in selectors.library_texts()]


@router.post("/texts/library/{int:library_text_id}/adopt", response={201: TextOut},
             summary="Make a library text the Pemda's current version of its code")
def adopt_text(request, library_text_id: int):
    require_perm(request, "pacts.manage")
    library_text = selectors.library_texts().filter(pk=library_text_id).first()
    if library_text is None:
        raise NotFound("pact_library_text_not_found", _("The library text does not exist."))
    with tenant_scope(request):
        return Status(201, _text(services.adopt_library_text(request.tenant, request.user,
                                                             library_text)))


@router.post("/texts", response={201: TextOut})
def create_text(request, payload: TextIn):
    require_perm(request, "pacts.manage")
    with tenant_scope(request):
        return Status(201, _text(services.create_text(request.tenant, request.user,
                                                      **payload.dict())))


@router.post("/texts/{int:text_id}/revisions", response={201: TextOut},
             summary="A new version of a text (versions are never edited)")
def revise_text(request, text_id: int, payload: TextRevisionIn):
    require_perm(request, "pacts.manage")
    with tenant_scope(request):
        text = _own_text(request.tenant, text_id)
        return Status(201, _text(services.revise_text(request.tenant, request.user, text,
                                                      **payload.dict())))


# --- Campaigns ---------------------------------------------------------------------------------

@router.get("/campaigns", response=CampaignPage)
def list_campaigns(request, filters: Query[CampaignFilters]):
    grant = require_perm(request, "pacts.view")
    with tenant_scope(request):
        campaigns = selectors.campaigns_for(request.tenant, grant)
        if filters.status:
            campaigns = campaigns.filter(status=filters.status)
        return _page(campaigns, filters, _campaign)


@router.post("/campaigns", response={201: CampaignOut}, summary="A draft campaign")
def create_campaign(request, payload: CampaignIn):
    require_perm(request, "pacts.manage")
    with tenant_scope(request):
        tenant = request.tenant
        values = payload.dict()
        values["text"] = _own_text(tenant, values.pop("text_id"))
        for name in ("opd_head_witness", "regional_head", "regional_head_witness"):
            values[name] = _own_employee(tenant, values.pop(f"{name}_id"), name)
        return Status(201, _campaign(services.create_campaign(tenant, request.user, **values)))


@router.get("/campaigns/{int:campaign_id}", response=CampaignOut)
def get_campaign(request, campaign_id: int):
    grant = require_perm(request, "pacts.view")
    with tenant_scope(request):
        return _campaign(selectors.campaign_for(request.tenant, grant, campaign_id))


@router.post("/campaigns/{int:campaign_id}/open", response=CampaignOut,
             summary="Target everyone the rule names and open signing")
def open_campaign(request, campaign_id: int):
    grant = require_perm(request, "pacts.manage")
    with tenant_scope(request):
        campaign = selectors.campaign_for(request.tenant, grant, campaign_id)
        return _campaign(services.open_campaign(request.tenant, request.user, campaign))


@router.post("/campaigns/{int:campaign_id}/close", response=CampaignOut)
def close_campaign(request, campaign_id: int):
    grant = require_perm(request, "pacts.manage")
    with tenant_scope(request):
        campaign = selectors.campaign_for(request.tenant, grant, campaign_id)
        return _campaign(services.close_campaign(request.tenant, request.user, campaign))


@router.get("/campaigns/{int:campaign_id}/completion", response=CampaignCompletionOut,
            summary="Signed, pending and overdue counts, in total and per OPD")
def campaign_completion(request, campaign_id: int):
    grant = require_perm(request, "pacts.view")
    with tenant_scope(request):
        tenant, today = request.tenant, timezone.localdate()
        campaign = selectors.campaign_for(tenant, grant, campaign_id)
        return {
            "total": _completion(selectors.campaign_completion(tenant, grant, campaign,
                                                               today=today)),
            "opds": [_completion(row) for row in selectors.completion_by_opd(
                tenant, grant, campaign, today=today)],
        }


@router.get("/campaigns/{int:campaign_id}/targets", response=TargetPage,
            summary="The signers, by OPD and name")
def list_targets(request, campaign_id: int, filters: Query[TargetFilters]):
    grant = require_perm(request, "pacts.view")
    with tenant_scope(request):
        tenant = request.tenant
        campaign = selectors.campaign_for(tenant, grant, campaign_id)
        if filters.overdue:
            targets = selectors.overdue_targets(tenant, grant, campaign, opd_id=filters.opd)
        else:
            targets = (selectors.targets_for(tenant, grant, campaign)
                       .select_related("employee", "unit", "opd")
                       .order_by("opd__path", "employee__sort_name"))
            if filters.opd is not None:
                targets = targets.filter(opd_id=filters.opd)
        if filters.status:
            targets = targets.filter(status=filters.status)
        return _page(targets.order_by("opd__path", "employee__sort_name", "pk"), filters,
                     _target)


def _page(rows, paging: Paging, serialise) -> dict:
    start = (paging.page - 1) * paging.page_size
    return {"count": rows.count(),
            "items": [serialise(row) for row in rows[start:start + paging.page_size]]}


def _own_text(tenant, text_id: int) -> PactText:
    text = PactText.objects.filter(tenant=tenant, pk=text_id).first()
    if text is None:
        raise NotFound("pact_text_not_found", _("The text does not exist."), field="text_id")
    return text


def _own_employee(tenant, employee_id: int | None, field: str) -> Employee | None:
    if employee_id is None:
        return None
    employee = Employee.objects.filter(tenant=tenant, pk=employee_id).first()
    if employee is None:
        raise NotFound("pact_employee_not_found", _("The employee does not exist."),
                       field=f"{field}_id")
    return employee


def _text(text) -> dict:
    return {
        "id": text.pk, "code": text.code, "version": text.version, "title": text.title,
        "body": text.body, "source": text.source, "confidence": text.confidence,
        "effective_from": text.effective_from, "content_hash": text.content_hash,
        "status": getattr(text, "status", None),
        "library_text_id": getattr(text, "library_text_id", None),
    }


def _campaign(campaign: PactCampaign) -> dict:
    return {
        "id": campaign.pk, "title": campaign.title, "text_id": campaign.text_id,
        "text_title": campaign.text.title, "text_version": campaign.text.version,
        "occasion": campaign.occasion, "opens_on": campaign.opens_on,
        "due_on": campaign.due_on, "target_kind": campaign.target_kind,
        "target_values": campaign.target_values,
        "joiner_allowance_days": campaign.joiner_allowance_days, "status": campaign.status,
        "opened_at": campaign.opened_at, "closed_at": campaign.closed_at,
    }


def _completion(row) -> dict:
    return {"opd_id": row.opd_id, "opd_name": row.opd_name, "total": row.total,
            "signed": row.signed, "witnessed": row.witnessed, "paper": row.paper,
            "pending": row.pending, "overdue": row.overdue,
            "percent_signed": row.percent_signed}


def _target(target: PactTarget) -> dict:
    return {
        "id": target.pk, "employee_id": target.employee_id, "nip": target.employee.nip,
        "name": target.employee.name, "opd_id": target.opd_id, "opd_name": target.opd.name,
        "unit_id": target.unit_id, "unit_name": target.unit.name,
        "position_title": target.position_title, "due_on": target.due_on,
        "joined_late": target.joined_late, "status": target.status,
        "signed_at": target.signed_at, "witnessed_at": target.witnessed_at,
    }
