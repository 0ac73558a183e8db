"""An organisation with a reporting chain on top of the `world` personas, and small helpers."""

from __future__ import annotations

import datetime as dt

import pytest
from django_scopes import scope

from integritas.core.errors import DomainError
from integritas.core.testing.factories import EmployeeFactory, UnitFactory
from integritas.pacts import services
from integritas.pacts.models import PactText
from integritas.tenancy.models import Unit

BODY = ("Saya, **{nama}**, NIP {nip}, {jabatan} pada {unit}, menyatakan:\n\n"
        "1. Tidak menerima gratifikasi;\n2. Menghindari pertentangan kepentingan.\n\n"
        "{tempat}, {tanggal}")
OPENS = dt.date(2027, 1, 4)
DUE = dt.date(2027, 1, 15)


def raises(expected: str, func, *args, **kwargs) -> DomainError:
    with pytest.raises(DomainError) as caught:
        func(*args, **kwargs)
    assert caught.value.code == expected, caught.value
    return caught.value


def build_org(world) -> dict:
    """Wali Kota and Sekda in the Setda; heads, a kabid and staff in Dukcapil and Pendidikan."""
    units = world.units
    units["setda"] = UnitFactory(tenant=world.tenant, name="Sekretariat Daerah",
                                 kind=Unit.Kind.SECRETARIAT)
    people = {}

    def person(key, unit, title, kind="pelaksana", echelon="", superior=None, **extra):
        people[key] = EmployeeFactory(unit=units[unit], name=key.replace("_", " ").title(),
                                      position_title=title, position_kind=kind, echelon=echelon,
                                      superior=people.get(superior), **extra)
        return people[key]

    person("wali_kota", "setda", "Wali Kota", "jpt")
    person("sekda", "setda", "Sekretaris Daerah", "jpt", "II.a", "wali_kota")
    person("kadis_dukcapil", "dukcapil", "Kepala Dinas", "jpt", "II.b", "sekda")
    person("kabid", "dukcapil_bidang", "Kepala Bidang", "administrator", "III.b",
           "kadis_dukcapil")
    person("kadis_pendidikan", "pendidikan", "Kepala Dinas", "jpt", "II.b", "sekda")
    person("inspektur", "inspektorat", "Inspektur", "jpt", "II.b", "wali_kota")
    person("auditor", "inspektorat", "Auditor Ahli Muda", "fungsional", "", "inspektur",
           user=world.users["auditor"])
    people["siti"] = world.employees["dukcapil_staff"]
    people["budi"] = world.employees["pendidikan_staff"]
    with scope(tenant=world.tenant.pk):
        people["siti"].superior = people["kabid"]
        people["siti"].save(update_fields=["superior"])
        people["budi"].superior = people["kadis_pendidikan"]
        people["budi"].save(update_fields=["superior"])
    return people


def adopted_text(world, body: str = BODY):
    return services.create_text(world.tenant, world.users["admin"], code="pi-asn",
                                title="Pakta Integritas", body=body)


def current_text(world):
    with scope(tenant=world.tenant.pk):
        existing = PactText.objects.filter(tenant=world.tenant, code="pi-asn",
                                           status=PactText.Status.ACTIVE).first()
    return existing or adopted_text(world)


def draft(world, text=None, **overrides):
    values = {"title": "Pakta Integritas 2027", "text": text or current_text(world),
              "occasion": "annual", "opens_on": OPENS, "due_on": DUE, "target_kind": "tenant"}
    return services.create_campaign(world.tenant, world.users["inspektur"],
                                    **(values | overrides))
