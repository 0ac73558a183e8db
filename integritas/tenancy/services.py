"""Writes for Pemda and their units."""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext_lazy as _
from django_scopes import scope

from integritas.audit.services import diff, record
from integritas.core.errors import DomainError, NotFound
from integritas.core.services import service
from integritas.core.signals import records_changed
from integritas.tenancy.logos import validated_logo
from integritas.tenancy.models import RESERVED_SLUGS, Tenant, Unit

TENANT_FIELDS = ("name", "kind", "region_code", "address", "city", "head_title", "head_name",
                 "deputy_title", "deputy_name")
UNIT_FIELDS = ("name", "short_name", "kind", "code", "is_active")
PATH_MAX_LENGTH = Unit._meta.get_field("path").max_length


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
        setattr(tenant, field, value.strip() if isinstance(value, str) else value)
    _check_tenant(tenant)
    tenant.save()
    record(tenant, actor, "tenancy.tenant.update", tenant,
           diff(before, {f: getattr(tenant, f) for f in TENANT_FIELDS}))
    return tenant


def _check_tenant(tenant: Tenant) -> None:
    if not tenant.name:
        raise DomainError("tenant_name_required", _("A Pemda needs a name."), field="name")
    if tenant.kind not in Tenant.Kind.values:
        raise DomainError("tenant_kind_invalid", _("Choose province, regency or city."),
                          field="kind")
    if not _region_code_valid(tenant.region_code):
        raise DomainError("tenant_region_invalid", _("Use the form 15 or 15.71."),
                          field="region_code")
    if Tenant.objects.filter(region_code=tenant.region_code).exclude(pk=tenant.pk).exists():
        raise DomainError("tenant_region_taken", _("Another Pemda already has this region code."),
                          field="region_code")
    is_province = tenant.kind == Tenant.Kind.PROVINCE
    if is_province and tenant.parent_id is not None:
        raise DomainError("tenant_kind_invalid", _("A province cannot belong to another "
                                                   "province."), field="kind")
    if not is_province and tenant.children.exists():
        raise DomainError("tenant_kind_invalid", _("This Pemda has regencies or cities under "
                                                   "it, so it must stay a province."),
                          field="kind")


def _region_code_valid(code: str) -> bool:
    try:
        Tenant._meta.get_field("region_code").run_validators(code)
    except ValidationError:
        return False
    return bool(code)


@service
def set_tenant_logo(tenant, actor, upload) -> Tenant:
    """Store a checked logo under a name we choose; the old file goes once the change commits."""
    content, extension = validated_logo(upload)
    previous = tenant.logo.name
    tenant.logo.save(f"{tenant.slug}-{secrets.token_hex(6)}.{extension}", content, save=True)
    if previous:
        storage = tenant.logo.storage
        transaction.on_commit(lambda: storage.delete(previous))
    record(tenant, actor, "tenancy.tenant.logo", tenant,
           {"logo": [previous or None, tenant.logo.name]})
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
    _check_parent(tenant, parent)
    if parent is not None and not parent.is_active:
        raise DomainError("unit_parent_inactive", _("The parent unit is inactive; reactivate it "
                                                    "first."), field="parent")
    if "kind" in details:
        _check_kind(details["kind"])
    _check_name_free(parent, name)
    unit = Unit(tenant=tenant, parent=parent, name=name, **details)
    unit.path = next_unit_path(tenant, parent)
    unit.depth = parent.depth + 1 if parent else 0
    _save_unit(unit)
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
        if not unit.name:
            raise DomainError("unit_name_required", _("A unit needs a name."), field="name")
        _check_name_free(unit.parent, unit.name, exclude=unit)
    if "kind" in changes:
        _check_kind(unit.kind)
    if before["is_active"] and not unit.is_active:
        _check_can_deactivate(unit)
    if unit.is_active and not before["is_active"]:
        _check_can_reactivate(unit)
    _save_unit(unit)
    record(tenant, actor, "tenancy.unit.update", unit,
           diff(before, {f: getattr(unit, f) for f in UNIT_FIELDS}))
    return unit


def deactivate_unit(tenant, actor, unit: Unit) -> Unit:
    """Refused while the unit still has active employees or active sub-units."""
    return update_unit(tenant, actor, unit, is_active=False)


def reactivate_unit(tenant, actor, unit: Unit) -> Unit:
    return update_unit(tenant, actor, unit, is_active=True)


@service
def move_unit(tenant, actor, unit: Unit, new_parent: Unit | None) -> Unit:
    """Put a unit (and its whole subtree) under another parent, or at the top with None.

    Every path in the subtree is rewritten by one UPDATE: the old prefix is swapped for a fresh
    path under the new parent. That fresh prefix belongs to no existing unit, so no intermediate
    row can collide with another's path.
    """
    _check_parent(tenant, new_parent)
    if new_parent is not None and new_parent.path.startswith(unit.path):
        raise DomainError("unit_move_into_own_subtree", _("A unit cannot be moved under itself "
                                                          "or one of its own sub-units."),
                          field="parent")
    if new_parent is not None and not new_parent.is_active:
        raise DomainError("unit_parent_inactive", _("The new parent unit is inactive; "
                                                    "reactivate it first."), field="parent")
    if unit.parent_id == (new_parent.pk if new_parent else None):
        raise DomainError("unit_move_same_parent", _("The unit is already there."),
                          field="parent")
    _check_name_free(new_parent, unit.name, exclude=unit)
    old_path, old_parent = unit.path, unit.parent
    new_path = next_unit_path(tenant, new_parent)
    subtree = Unit.objects.filter(tenant=tenant, path__startswith=old_path)
    deepest = max(len(path) for path in subtree.values_list("path", flat=True))
    if deepest - len(old_path) + len(new_path) > PATH_MAX_LENGTH:
        raise DomainError("unit_too_deep", _("The tree would become too deep there."),
                          field="parent")
    depth_change = (new_parent.depth + 1 if new_parent else 0) - unit.depth
    try:
        with transaction.atomic():
            moved = subtree.update(
                path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
                depth=F("depth") + depth_change,
            )
            Unit.objects.filter(pk=unit.pk).update(parent=new_parent)
    except IntegrityError as exc:
        raise _concurrent_change() from exc
    records_changed.send(sender=Unit, tenant=tenant)
    unit.refresh_from_db()
    record(tenant, actor, "tenancy.unit.move", unit, {
        "parent": [old_parent.name if old_parent else None,
                   new_parent.name if new_parent else None],
        "path": [old_path, new_path],
        "units_moved": moved,
    })
    return unit


def _check_parent(tenant, parent: Unit | None) -> None:
    if parent is not None and parent.tenant_id != tenant.pk:
        raise NotFound("unit_parent_not_found", _("The parent unit does not exist."),
                       field="parent")


def _check_kind(kind: str) -> None:
    if kind not in Unit.Kind.values:
        raise DomainError("unit_kind_invalid", _("Choose one of the listed unit kinds."),
                          field="kind")


def _check_name_free(parent: Unit | None, name: str, exclude: Unit | None = None) -> None:
    clash = Unit.objects.filter(parent=parent, name__iexact=name)
    if exclude is not None:
        clash = clash.exclude(pk=exclude.pk)
    if clash.exists():
        raise DomainError("unit_name_taken", _("A unit with this name already exists here."),
                          field="name")


def _check_can_deactivate(unit: Unit) -> None:
    from integritas.people.models import Employee

    if Unit.objects.filter(parent=unit, is_active=True).exists():
        raise DomainError("unit_has_active_subunits", _("Deactivate or move its active sub-units "
                                                        "first."), field="is_active")
    if Employee.objects.filter(unit=unit, status=Employee.Status.ACTIVE).exists():
        raise DomainError("unit_has_active_employees", _("Move its active employees to another "
                                                         "unit first."), field="is_active")


def _check_can_reactivate(unit: Unit) -> None:
    if unit.parent is not None and not unit.parent.is_active:
        raise DomainError("unit_parent_inactive", _("The parent unit is inactive; reactivate it "
                                                    "first."), field="is_active")


def _save_unit(unit: Unit) -> None:
    try:
        with transaction.atomic():
            unit.save()
    except IntegrityError as exc:
        raise _concurrent_change() from exc


def _concurrent_change() -> DomainError:
    return DomainError("unit_conflict", _("The unit could not be saved because another change "
                                          "happened at the same time; try again."))
