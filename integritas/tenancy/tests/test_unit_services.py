"""Unit writes: creation, moving a subtree, deactivation rules, name clashes."""

import pytest
from django_scopes import scope

from integritas.core.errors import DomainError
from integritas.core.testing.factories import EmployeeFactory, UnitFactory
from integritas.tenancy.models import Unit
from integritas.tenancy.services import (
    create_unit,
    deactivate_unit,
    move_unit,
    reactivate_unit,
    update_unit,
)


def fresh(unit):
    with scope(tenant=unit.tenant_id):
        return Unit.objects.get(pk=unit.pk)


def test_create_unit_under_parent_extends_its_path(world):
    admin, dukcapil = world.users["admin"], world.units["dukcapil"]
    unit = create_unit(world.tenant, admin, name="Bidang  Dafduk ", parent=dukcapil,
                       kind=Unit.Kind.DIVISION)
    assert unit.name == "Bidang Dafduk"
    assert unit.path.startswith(dukcapil.path) and len(unit.path) == len(dukcapil.path) + 4
    assert unit.depth == 1


def test_create_unit_refuses_unknown_kind(world):
    with pytest.raises(DomainError) as error:
        create_unit(world.tenant, world.users["admin"], name="X", kind="ministry")
    assert (error.value.code, error.value.field) == ("unit_kind_invalid", "kind")


def test_create_unit_refuses_inactive_parent(world):
    admin = world.users["admin"]
    parent = create_unit(world.tenant, admin, name="Dinas Lama")
    deactivate_unit(world.tenant, admin, parent)
    with pytest.raises(DomainError) as error:
        create_unit(world.tenant, admin, name="Seksi", parent=parent)
    assert error.value.code == "unit_parent_inactive"


def test_rename_to_a_sibling_name_is_refused(world):
    with pytest.raises(DomainError) as error:
        update_unit(world.tenant, world.users["admin"], world.units["pendidikan"],
                    name="inspektorat")
    assert (error.value.code, error.value.field) == ("unit_name_taken", "name")


def test_move_unit_rewrites_paths_and_depths_of_whole_subtree(world):
    admin = world.users["admin"]
    dukcapil, bidang = world.units["dukcapil"], world.units["dukcapil_bidang"]
    seksi = create_unit(world.tenant, admin, name="Seksi Identitas", parent=bidang)
    target = world.units["pendidikan"]
    moved = move_unit(world.tenant, admin, dukcapil, target)
    assert moved.parent_id == target.pk
    assert moved.path.startswith(target.path) and moved.depth == 1
    bidang, seksi = fresh(bidang), fresh(seksi)
    assert bidang.path.startswith(moved.path) and bidang.depth == 2
    assert seksi.path.startswith(bidang.path) and seksi.depth == 3


def test_move_unit_to_top_level(world):
    bidang = world.units["dukcapil_bidang"]
    moved = move_unit(world.tenant, world.users["admin"], bidang, None)
    assert moved.parent_id is None and moved.depth == 0 and len(moved.path) == 4


def test_move_unit_under_its_own_descendant_is_refused(world):
    with pytest.raises(DomainError) as error:
        move_unit(world.tenant, world.users["admin"], world.units["dukcapil"],
                  world.units["dukcapil_bidang"])
    assert error.value.code == "unit_move_into_own_subtree"
    assert fresh(world.units["dukcapil"]).path == world.units["dukcapil"].path


def test_move_unit_under_itself_is_refused(world):
    unit = world.units["pendidikan"]
    with pytest.raises(DomainError) as error:
        move_unit(world.tenant, world.users["admin"], unit, unit)
    assert error.value.code == "unit_move_into_own_subtree"


def test_move_unit_under_another_pemdas_unit_is_not_found(world):
    with pytest.raises(DomainError) as error:
        move_unit(world.tenant, world.users["admin"], world.units["pendidikan"],
                  world.units["lain_inspektorat"])
    assert (error.value.code, error.value.status) == ("unit_parent_not_found", 404)


def test_move_unit_refuses_a_name_taken_under_the_new_parent(world):
    admin = world.users["admin"]
    create_unit(world.tenant, admin, name="Dinas Pendidikan", parent=world.units["dukcapil"])
    with pytest.raises(DomainError) as error:
        move_unit(world.tenant, admin, world.units["pendidikan"], world.units["dukcapil"])
    assert error.value.code == "unit_name_taken"


def test_move_unit_is_audited(world, unscoped):
    from integritas.audit.models import AuditEvent

    move_unit(world.tenant, world.users["admin"], world.units["dukcapil_bidang"],
              world.units["pendidikan"])
    event = AuditEvent.objects.filter(tenant=world.tenant).order_by("-seq").first()
    assert event.action == "tenancy.unit.move"
    assert event.changes["units_moved"] == 1


def test_deactivate_unit_with_active_employees_is_refused(world):
    with pytest.raises(DomainError) as error:
        deactivate_unit(world.tenant, world.users["admin"], world.units["pendidikan"])
    assert error.value.code == "unit_has_active_employees"


def test_deactivate_unit_with_active_subunits_is_refused(world):
    with pytest.raises(DomainError) as error:
        deactivate_unit(world.tenant, world.users["admin"], world.units["dukcapil"])
    assert error.value.code == "unit_has_active_subunits"


def test_deactivate_and_reactivate_empty_unit(world):
    admin, unit = world.users["admin"], world.units["inspektorat"]
    assert deactivate_unit(world.tenant, admin, unit).is_active is False
    assert reactivate_unit(world.tenant, admin, unit).is_active is True


def test_reactivate_under_inactive_parent_is_refused(world):
    admin = world.users["admin"]
    parent = UnitFactory(tenant=world.tenant, name="Dinas Tutup", is_active=False)
    child = UnitFactory(tenant=world.tenant, name="UPT Tutup", parent=parent, is_active=False)
    with pytest.raises(DomainError) as error:
        reactivate_unit(world.tenant, admin, child)
    assert error.value.code == "unit_parent_inactive"


def test_employees_who_left_do_not_block_deactivation(world):
    unit = UnitFactory(tenant=world.tenant, name="Dinas Bubar")
    EmployeeFactory(unit=unit, status="retired")
    assert deactivate_unit(world.tenant, world.users["admin"], unit).is_active is False
