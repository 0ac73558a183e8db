"""The Pemda profile and the OPD tree for integrations (mounted at /api/v1/)."""

from __future__ import annotations

from django_scopes import scope
from ninja import Field, File, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import ConfigDict

from integritas.api.auth import require_perm
from integritas.tenancy import selectors, services
from integritas.tenancy.models import Tenant, Unit

router = Router(tags=["organisation"])


class TenantOut(Schema):
    slug: str
    name: str
    kind: str
    region_code: str
    parent_slug: str | None = Field(None, description="The province, for a regency or city.")
    address: str
    city: str
    head_title: str
    head_name: str
    deputy_title: str
    deputy_name: str
    logo_url: str | None = Field(None, description="Null until a logo is uploaded.")

    @staticmethod
    def resolve_parent_slug(tenant) -> str | None:
        return tenant.parent.slug if tenant.parent_id else None

    @staticmethod
    def resolve_logo_url(tenant) -> str | None:
        return tenant.logo.url if tenant.logo else None


class TenantPatch(Schema):
    """The profile fields of the settings page; the region code is fixed once the Pemda exists,
    so sending it (or any unknown field) is refused rather than ignored."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(None, max_length=200)
    kind: Tenant.Kind | None = None
    address: str | None = None
    city: str | None = Field(None, max_length=100)
    head_title: str | None = Field(None, max_length=60)
    head_name: str | None = Field(None, max_length=200)
    deputy_title: str | None = Field(None, max_length=60)
    deputy_name: str | None = Field(None, max_length=200)


class UnitOut(Schema):
    id: int
    parent_id: int | None
    name: str
    short_name: str
    kind: str
    code: str
    depth: int
    path: str
    is_active: bool


class UnitCreateIn(Schema):
    name: str = Field(..., max_length=200)
    parent_id: int | None = None
    short_name: str = Field("", max_length=60)
    kind: Unit.Kind = Unit.Kind.OTHER
    code: str = Field("", max_length=30)


class UnitUpdateIn(Schema):
    name: str | None = Field(None, max_length=200)
    short_name: str | None = Field(None, max_length=60)
    kind: Unit.Kind | None = None
    code: str | None = Field(None, max_length=30)
    is_active: bool | None = None


class UnitMoveIn(Schema):
    parent_id: int | None = Field(None, description="The new parent; null for the top level.")


@router.get("/tenant", response=TenantOut, summary="The token's Pemda profile")
def get_tenant(request):
    require_perm(request, "dashboard.view")
    return request.tenant


@router.patch("/tenant", response=TenantOut, summary="Change the Pemda profile")
def update_tenant(request, payload: TenantPatch):
    require_perm(request, "tenant.manage")
    with scope(tenant=request.tenant.pk):
        changes = payload.dict(exclude_unset=True, exclude_none=True)
        return services.update_tenant(request.tenant, request.user, **changes)


@router.post("/tenant/logo", response=TenantOut,
             summary="Replace the Pemda logo (PNG, JPEG or SVG, at most 1 MB)")
def upload_logo(request, file: File[UploadedFile]):
    require_perm(request, "tenant.manage")
    with scope(tenant=request.tenant.pk):
        return services.set_tenant_logo(request.tenant, request.user, file)


@router.get("/units", response=list[UnitOut], summary="Units in tree order")
def list_units(request, q: str = "", kind: Unit.Kind | None = None, active: bool | None = None,
               parent_id: int | None = None):
    grant = require_perm(request, "units.view")
    with scope(tenant=request.tenant.pk):
        units, _matched = selectors.search_units(request.tenant, grant, query=q.strip(),
                                                 kind=kind or "")
        if active is not None:
            units = units.filter(is_active=active)
        if parent_id is not None:
            units = units.filter(parent_id=parent_id)
        return list(units.order_by("path"))


@router.get("/units/{unit_id}", response=UnitOut, summary="One unit")
def get_unit(request, unit_id: int):
    grant = require_perm(request, "units.view")
    with scope(tenant=request.tenant.pk):
        return selectors.unit_for(request.tenant, grant, unit_id)


@router.post("/units", response={201: UnitOut}, summary="Create a unit")
def create_unit(request, payload: UnitCreateIn):
    grant = require_perm(request, "units.manage")
    with scope(tenant=request.tenant.pk):
        data = payload.dict()
        parent_id = data.pop("parent_id")
        parent = _parent(request, grant, parent_id)
        return Status(201, services.create_unit(request.tenant, request.user, parent=parent,
                                                **data))


@router.patch("/units/{unit_id}", response=UnitOut, summary="Change a unit's fields")
def update_unit(request, unit_id: int, payload: UnitUpdateIn):
    grant = require_perm(request, "units.manage")
    with scope(tenant=request.tenant.pk):
        unit = selectors.unit_for(request.tenant, grant, unit_id)
        changes = payload.dict(exclude_unset=True, exclude_none=True)
        return services.update_unit(request.tenant, request.user, unit, **changes)


@router.post("/units/{unit_id}/move", response=UnitOut,
             summary="Move a unit and its subtree under another parent")
def move_unit(request, unit_id: int, payload: UnitMoveIn):
    grant = require_perm(request, "units.manage")
    with scope(tenant=request.tenant.pk):
        unit = selectors.unit_for(request.tenant, grant, unit_id)
        parent = _parent(request, grant, payload.parent_id)
        return services.move_unit(request.tenant, request.user, unit, parent)


def _parent(request, grant, parent_id: int | None) -> Unit | None:
    return None if parent_id is None else selectors.unit_for(request.tenant, grant, parent_id)
