"""A year's perjanjian kinerja chain on top of `build_org`: Wali Kota ↔ Kadis Dukcapil ↔ Kabid."""

from __future__ import annotations

from dataclasses import dataclass

from django_scopes import scope

from integritas.core.documents.keys import init_local_ca
from integritas.core.testing.factories import DEMO_PASSWORD
from integritas.pacts import performance
from integritas.pacts.models import PerformanceAgreement
from integritas.pacts.tests.helpers import build_org

YEAR = 2027
PASSWORD = DEMO_PASSWORD


@dataclass
class Chain:
    people: dict
    head: PerformanceAgreement  # Kadis Dukcapil commits to the Wali Kota


def build_chain(world) -> Chain:
    """Users linked: Kadis Dukcapil = opd_head, Wali Kota = regional_head, Kabid =
    zi_coordinator."""
    people = build_org(world)
    init_local_ca(world.tenant, world.users["admin"])
    with scope(tenant=world.tenant.pk):
        for key, persona in (("kadis_dukcapil", "opd_head"), ("wali_kota", "regional_head"),
                             ("kabid", "zi_coordinator")):
            people[key].user = world.users[persona]
            people[key].save(update_fields=["user"])
    head = performance.create_agreement(world.tenant, world.users["admin"], year=YEAR,
                                        first_party=people["kadis_dukcapil"],
                                        second_party=people["wali_kota"])
    return Chain(people, head)


def add_indicator(world, agreement, **overrides):
    values = {"goal": "Meningkatnya kualitas pelayanan adminduk",
              "name": "Persentase penduduk ber-KTP-el", "unit_of_measure": "%",
              "target": "90", "q1_target": "80", "q2_target": "84", "q3_target": "87",
              "q4_target": "90", "program": "Program Pendaftaran Penduduk",
              "activity": "Pelayanan Pendaftaran Penduduk", "budget": 1_500_000_000}
    return performance.add_indicator(world.tenant, world.users["admin"], agreement,
                                     **(values | overrides))


def sign_both(world, agreement):
    performance.sign_agreement(world.tenant, world.users["opd_head"], agreement,
                               password=PASSWORD)
    return performance.sign_agreement(world.tenant, world.users["regional_head"], agreement,
                                      password=PASSWORD)


def signed_chain(world) -> Chain:
    chain = build_chain(world)
    add_indicator(world, chain.head)
    add_indicator(world, chain.head, name="Jumlah aduan layanan", unit_of_measure="aduan",
                  target="10", q1_target="", q2_target="", q3_target="", q4_target="",
                  direction="lower", budget=0)
    chain.head = sign_both(world, chain.head)
    return chain
