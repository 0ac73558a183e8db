"""Named people per tenant and role (the healthchecks habit), shared by every app's tests."""

from __future__ import annotations

from dataclasses import dataclass, field

from integritas.accounts.roles import Role
from integritas.core.testing.factories import (
    EmployeeFactory,
    TenantFactory,
    UnitFactory,
    UserFactory,
    enrol_totp,
    grant_role,
)
from integritas.tenancy.models import Tenant, Unit

TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@dataclass
class World:
    tenant: object
    other_tenant: object
    units: dict = field(default_factory=dict)
    users: dict = field(default_factory=dict)
    employees: dict = field(default_factory=dict)


PERSONAS = {
    # name: (role, unit key or None)
    "admin": (Role.TENANT_ADMIN, None),
    "inspektur": (Role.INSPEKTUR, None),
    "auditor": (Role.AUDITOR, None),
    "upg": (Role.UPG, None),
    "opd_head": (Role.OPD_HEAD, "dukcapil"),
    "zi_coordinator": (Role.ZI_COORDINATOR, "dukcapil"),
    "tpi": (Role.TPI_EVALUATOR, None),
    "regional_head": (Role.REGIONAL_HEAD, None),
    "external": (Role.EXTERNAL_VIEWER, None),
    "employee": (Role.EMPLOYEE, None),
}


def build_world() -> World:
    tenant = TenantFactory(slug="contoh", name="Pemerintah Kota Contoh", region_code="99.71")
    other = TenantFactory(slug="lain", name="Pemerintah Kabupaten Lain", region_code="99.02",
                          kind=Tenant.Kind.REGENCY)
    world = World(tenant=tenant, other_tenant=other)
    world.units["inspektorat"] = UnitFactory(tenant=tenant, name="Inspektorat",
                                             kind=Unit.Kind.INSPECTORATE)
    world.units["dukcapil"] = UnitFactory(
        tenant=tenant, name="Dinas Kependudukan dan Catatan Sipil", short_name="Disdukcapil")
    world.units["dukcapil_bidang"] = UnitFactory(
        tenant=tenant, name="Bidang Pelayanan Pendaftaran Penduduk", kind=Unit.Kind.DIVISION,
        parent=world.units["dukcapil"])
    world.units["pendidikan"] = UnitFactory(tenant=tenant, name="Dinas Pendidikan")
    world.units["lain_inspektorat"] = UnitFactory(tenant=other, name="Inspektorat",
                                                  kind=Unit.Kind.INSPECTORATE)
    for name, (role, unit_key) in PERSONAS.items():
        user = UserFactory(email=f"{name}@contoh.go.id", full_name=name.replace("_", " ").title())
        grant_role(user, tenant, role, world.units.get(unit_key) if unit_key else None)
        if role != Role.EMPLOYEE:
            enrol_totp(user, TEST_TOTP_SECRET)
        world.users[name] = user
    outsider = UserFactory(email="auditor@lain.go.id", full_name="Outsider Auditor")
    grant_role(outsider, other, Role.AUDITOR)
    enrol_totp(outsider, TEST_TOTP_SECRET)
    world.users["outsider"] = outsider
    world.employees["dukcapil_staff"] = EmployeeFactory(unit=world.units["dukcapil_bidang"],
                                                        name="Siti Aminah, S.Kom.")
    world.employees["pendidikan_staff"] = EmployeeFactory(unit=world.units["pendidikan"],
                                                          name="Budi Hartono")
    world.employees["lain_staff"] = EmployeeFactory(unit=world.units["lain_inspektorat"],
                                                    name="Rahmat Hidayat")
    return world
