"""`conflicted_user_ids` (cases and ZI exclude these people) and the COI risk map per jabatan."""

from django_scopes import scope

from integritas.conflicts import services
from integritas.conflicts.selectors import coi_risk_map, conflicted_user_ids
from integritas.conflicts.tests.helpers import decide, declare


def ids(world, **kwargs) -> set[int]:
    with scope(tenant=world.tenant.pk):
        return conflicted_user_ids(world.tenant, **kwargs)


def test_a_declared_conflict_on_a_case_excludes_the_declarant_from_that_case(world, org):
    declare(world, subject_kind="case", subject_ref="LPR-2026-0007")
    siti = world.users["employee"].pk
    assert ids(world, subject_kind="case", subject_ref="LPR-2026-0007") == {siti}
    assert ids(world, subject_kind="case", subject_ref=" lpr-2026-0007 ") == {siti}
    assert ids(world, subject_kind="case", subject_ref="LPR-2026-0008") == set()
    assert ids(world, subject_kind="zi_assessment", subject_ref="LPR-2026-0007") == set()


def test_a_conflict_on_a_unit_excludes_the_declarant_from_anything_about_that_unit(world, org):
    declare(world, subject_kind="zi_assessment", subject_ref="",
            subject_unit=world.units["pendidikan"])
    siti = world.users["employee"].pk
    assert ids(world, subject_kind="zi_assessment", unit=world.units["pendidikan"]) == {siti}
    assert ids(world, subject_kind="case", subject_ref="X-1",
               unit=world.units["pendidikan"]) == {siti}
    assert ids(world, subject_kind="zi_assessment", unit=world.units["dukcapil"]) == set()


def test_withdrawn_and_not_real_conflicts_no_longer_exclude_but_a_recusal_does(world, org):
    withdrawn = declare(world, persona="budi", subject_kind="case", subject_ref="A")
    services.withdraw(world.tenant, world.users["budi"], withdrawn)
    not_real = declare(world, subject_kind="case", subject_ref="A")
    decide(world, not_real, is_real=False, measure="no-action")
    assert ids(world, subject_kind="case", subject_ref="A") == set()
    recused = declare(world, subject_kind="case", subject_ref="A")
    decide(world, recused, measure="recusal")
    assert ids(world, subject_kind="case", subject_ref="A") == {world.users["employee"].pk}


def test_conflicts_of_another_pemda_are_not_seen(world, org):
    declare(world, subject_kind="case", subject_ref="A")
    with scope(tenant=world.other_tenant.pk):
        assert conflicted_user_ids(world.other_tenant, subject_kind="case",
                                   subject_ref="A") == set()


def test_the_risk_map_rates_each_position_and_type_by_its_standing_declarations(world, org):
    for _ in range(2):
        declare(world, kind="potensial")
    declare(world, persona="budi", conflict_type="izin-diskriminatif", kind="aktual")
    declare(world, persona="budi", conflict_type="izin-diskriminatif", kind="aktual")
    with scope(tenant=world.tenant.pk):
        rows = {(r["position_title"], r["conflict_type"]): r for r in coi_risk_map(world.tenant)}
    siti = rows[("Pengadministrasi Kependudukan", "pemilihan-rekanan")]
    assert (siti["declarations"], siti["level"]) == (2, "sedang")
    assert siti["unit_id"] == world.units["dukcapil_bidang"].pk
    budi = rows[("Analis Kebijakan", "izin-diskriminatif")]
    assert (budi["declarations"], budi["actual"], budi["level"]) == (2, 2, "tinggi")
    assert budi["conflict_type_label"] == "Pemberian izin yang diskriminatif"


def test_a_subject_without_reference_or_unit_excludes_nobody(world, org):
    declare(world, subject_kind="case", subject_ref="LPR-2026-0007")
    assert ids(world, subject_kind="case") == set()
