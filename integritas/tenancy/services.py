"""Writes for Pemda and their units."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _
from django_scopes import scope

from integritas.audit.services import diff, record
from integritas.core.errors import DomainError
from integritas.core.services import service
from integritas.tenancy.models import RESERVED_SLUGS, Tenant, Unit

TENANT_FIELDS = ("name", "kind", "region_code", "address", "city", "head_title", "head_name",
                 "deputy_title", "deputy_name")
UNIT_FIELDS = ("name", "short_name", "kind", "code", "is_active")


def create_tenant(actor, *, slug: str, name: str, kind: str, region_code: str,
                  parent: Tenant | None = None, **details) -> Tenant:
    """A new Pemda. Platform-level: the first event of the new tenant's chain records it."""
    if slug in RESERVED_SLUGS:
        raise DomainError("tenant_slug_reserved", _("This slug is reserved; choose another."),
                          field="slug")
    with transaction.atomic():
        if Tenant.objects.filter(slug=slug).exists():
            raise DomainError("tenant_slug_taken", _("Another Pemda already uses this slug."),
                              field="slug")
        if Tenant.objects.filter(region_code=region_code).exists():
            raise DomainError("tenant_region_taken",
                              _("Another Pemda already has this region code."),
                              field="region_code")
        tenant = Tenant.objects.create(slug=slug, name=name, kind=kind, region_code=region_code,
                                       parent=parent, **details)
        with scope(tenant=tenant.pk):
            record(tenant, actor, "tenancy.tenant.create", tenant,
                   {"slug": slug, "name": name, "kind": kind, "region_code": region_code})
    return tenant


@service
def update_tenant(tenant, actor, **changes) -> Tenant:
    before = {f: getattr(tenant, f) for f in TENANT_FIELDS}
    for field, value in changes.items():
        if field not in TENANT_FIELDS:
            raise DomainError("unknown_field", _("Unknown field %(field)s."), field=field)
        setattr(tenant, field, value)
    tenant.save()
    record(tenant, actor, "tenancy.tenant.update", tenant,
           diff(before, {f: getattr(tenant, f) for f in TENANT_FIELDS}))
    return tenant


@service
def set_tenant_logo(tenant, actor, upload) -> Tenant:
    tenant.logo.save(upload.name, upload, save=True)
    record(tenant, actor, "tenancy.tenant.logo", tenant, {"logo": tenant.logo.name})
    return tenant


def next_unit_path(tenant, parent: Unit | None) -> str:
    prefix = parent.path if parent else ""
    siblings = Unit.objects.with_scopes_disabled().filter(tenant=tenant, parent=parent)
    last = siblings.order_by("-path").values_list("path", flat=True).first()
    number = int(last[-Unit.PATH_STEP:]) + 1 if last else 1
    if number >= 10 ** Unit.PATH_STEP:
        raise DomainError("unit_too_many_children", _("A unit cannot have more than 9,999 "
                                                      "direct sub-units."))
    return f"{prefix}{number:0{Unit.PATH_STEP}d}"


@service
def create_unit(tenant, actor, *, name: str, parent: Unit | None = None, **details) -> Unit:
    name = " ".join(name.split())
    if not name:
        raise DomainError("unit_name_required", _("A unit needs a name."), field="name")
    if parent is not None and parent.tenant_id != tenant.pk:
        raise DomainError("unit_parent_not_found", _("The parent unit does not exist."),
                          field="parent", status=404)
    if Unit.objects.filter(parent=parent, name__iexact=name).exists():
        raise DomainError("unit_name_taken", _("A unit with this name already exists here."),
                          field="name")
    unit = Unit(tenant=tenant, parent=parent, name=name, **details)
    unit.path = next_unit_path(tenant, parent)
    unit.depth = parent.depth + 1 if parent else 0
    try:
        with transaction.atomic():
            unit.save()
    except IntegrityError as exc:
        raise DomainError("unit_conflict", _("The unit could not be saved because another "
                                             "change happened at the same time; try again.")) from exc
    record(tenant, actor, "tenancy.unit.create", unit,
           {"name": unit.name, "parent": parent.name if parent else None, "kind": unit.kind})
    return unit


@service
def update_unit(tenant, actor, unit: Unit, **changes) -> Unit:
    before = {f: getattr(unit, f) for f in UNIT_FIELDS}
    for field, value in changes.items():
        if field not in UNIT_FIELDS:
            raise DomainError("unknown_field", _("Unknown field %(field)s."), field=field)
        setattr(unit, field, value)
    if "name" in changes:
        unit.name = " ".join(unit.name.split())
        clash = Unit.objects.filter(parent=unit.parent, name__iexact=unit.name).exclude(pk=unit.pk)
        if clash.exists():
            raise DomainError("unit_name_taken", _("A unit with this name already exists here."),
                              field="name")
    unit.save()
    record(tenant, actor, "tenancy.unit.update", unit,
           diff(before, {f: getattr(unit, f) for f in UNIT_FIELDS}))
    return unit
