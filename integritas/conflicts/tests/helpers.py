"""A reporting chain on top of the `world` personas, the libraries, and small helpers.

Siti (Dukcapil staff) is the `employee` persona; her superior, the Kepala Bidang, is the
`opd_head` persona; Budi (Pendidikan) reports to the Kepala Dinas Pendidikan (no account). The
`inspektur` and `auditor` personas are employees of the Inspektorat.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django_scopes import scope

from integritas.accounts.roles import Role
from integritas.conflicts import services
from integritas.conflicts.libraries import load_conflicts
from integritas.core.errors import DomainError
from integritas.core.libraries import LIBRARIES_DIR, load_holidays, read_folder
from integritas.core.testing.factories import EmployeeFactory, UserFactory, grant_role

MONDAY = dt.date(2026, 11, 2)


def load_reference_data() -> None:
    load_holidays(read_folder(LIBRARIES_DIR / "calendar"))
    load_conflicts(read_folder(LIBRARIES_DIR / "conflicts"))


def build_org(world) -> dict:
    load_reference_data()
    units, users = world.units, world.users
    people = {}

    def person(key, unit, title, superior=None, user=None):
        people[key] = EmployeeFactory(unit=units[unit], name=key.replace("_", " ").title(),
                                      position_title=title, superior=people.get(superior),
                                      user=user)
        return people[key]

    person("kadis", "dukcapil", "Kepala Dinas")
    person("kabid", "dukcapil_bidang", "Kepala Bidang", "kadis", users["opd_head"])
    person("kadis_pendidikan", "pendidikan", "Kepala Dinas")
    person("inspektur", "inspektorat", "Inspektur", user=users["inspektur"])
    person("auditor", "inspektorat", "Auditor Ahli Muda", "inspektur", users["auditor"])
    budi_user = UserFactory(email="budi@contoh.go.id", full_name="Budi Hartono")
    grant_role(budi_user, world.tenant, Role.EMPLOYEE)
    users["budi"] = budi_user
    with scope(tenant=world.tenant.pk):
        siti = world.employees["dukcapil_staff"]
        siti.superior, siti.user, siti.position_title = people["kabid"], users["employee"], \
            "Pengadministrasi Kependudukan"
        siti.save(update_fields=["superior", "user", "position_title"])
        budi = world.employees["pendidikan_staff"]
        budi.superior, budi.user = people["kadis_pendidikan"], budi_user
        budi.save(update_fields=["superior", "user"])
    people["siti"], people["budi"] = siti, budi
    return people


def declare(world, persona="employee", today=MONDAY, **overrides):
    values = {"kind": "aktual", "conflict_type": "pemilihan-rekanan", "source": "keluarga-kerabat",
              "subject_kind": "procurement", "subject_ref": "PBJ-2026-014",
              "description": "My brother-in-law's firm bids in the tender I evaluate.",
              "parties": [("CV Maju Jaya", "business"), ("Andi", "family")]}
    values.update(overrides)
    return services.declare(world.tenant, world.users[persona], today=today, **values)


def decide(world, declaration, persona="opd_head", today=MONDAY, **overrides):
    values = {"is_real": True, "impact": "The evaluation could favour the firm.",
              "measure": "recusal", "reasons": "Another evaluator replaces her."}
    values.update(overrides)
    return services.decide(world.tenant, world.users[persona], declaration, today=today,
                           **values)


def raises(expected: str, func, *args, **kwargs) -> DomainError:
    with pytest.raises(DomainError) as caught:
        func(*args, **kwargs)
    assert caught.value.code == expected, caught.value
    return caught.value
