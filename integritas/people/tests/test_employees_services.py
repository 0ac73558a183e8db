"""Employee services: validation, positions over time, audit events, nothing half-written."""

import datetime as dt

import pytest
from django_scopes import scope, scopes_disabled

from integritas.audit.models import AuditEvent
from integritas.core.errors import DomainError
from integritas.core.testing.factories import UserFactory
from integritas.people import services
from integritas.people.models import Employee, Position

NIP_MALE = "198507122010011003"
NIP_FEMALE = "199001012015032004"


def create(world, **overrides):
    values = {"nip": NIP_MALE, "name": "Dr. H. Ahmad Fauzi, S.E., M.Si.",
              "unit": world.units["dukcapil"], "position_title": "Kepala Bidang",
              "position_kind": "administrator", "echelon": "III.b",
              "started_on": dt.date(2024, 1, 2)}
    return services.create_employee(world.tenant, world.users["admin"], **(values | overrides))


def events(world, action):
    with scope(tenant=world.tenant.pk):
        return list(AuditEvent.objects.filter(action=action).order_by("seq"))


def positions(employee):
    with scope(tenant=employee.tenant_id):
        return list(Position.objects.filter(employee=employee).order_by("started_on", "id"))


def raises(code, func, *args, **kwargs) -> DomainError:
    with pytest.raises(DomainError) as caught:
        func(*args, **kwargs)
    assert caught.value.code == code, caught.value
    return caught.value


def test_create_employee_keeps_the_name_as_written_and_sorts_without_titles(world):
    employee = create(world)
    assert employee.name == "Dr. H. Ahmad Fauzi, S.E., M.Si."
    assert employee.sort_name == "ahmad fauzi"
    assert employee.sex == "M"  # from digit 15 of the NIP


def test_create_employee_opens_the_first_position(world):
    employee = create(world)
    [position] = positions(employee)
    assert (position.unit, position.title, position.kind, position.echelon) == (
        world.units["dukcapil"], "Kepala Bidang", "administrator", "III.b")
    assert (position.started_on, position.ended_on) == (dt.date(2024, 1, 2), None)


def test_create_employee_writes_an_audit_event(world):
    employee = create(world)
    [event] = events(world, "people.employee.create")
    assert event.object_id == str(employee.pk)
    assert event.changes["nip"] == NIP_MALE
    assert event.changes["unit"] == world.units["dukcapil"].name
    assert event.actor == world.users["admin"]


def test_create_employee_accepts_a_nip_typed_with_spaces(world):
    assert create(world, nip="19850712 201001 1 003").nip == NIP_MALE


def test_create_pppk_employee_with_an_ni(world):
    employee = create(world, nip="199009132025242014", employment="pppk")
    assert (employee.employment, employee.sex) == ("pppk", "F")


def test_invalid_nip_is_refused_with_its_code(world):
    error = raises("nip_serial", create, world, nip="198507122010011000")
    assert error.field == "nip"


def test_duplicate_nip_in_the_tenant_is_refused(world):
    taken = world.employees["dukcapil_staff"].nip
    error = raises("employee_nip_taken", create, world, nip=taken)
    assert error.field == "nip"


def test_the_same_nip_may_exist_in_another_pemda(world):
    lain_nip = world.employees["lain_staff"].nip
    assert create(world, nip=lain_nip).nip == lain_nip


def test_sex_that_contradicts_the_nip_is_refused(world):
    error = raises("employee_sex_mismatch", create, world, sex="F")
    assert error.field == "sex"


def test_sex_matching_the_nip_is_accepted(world):
    assert create(world, nip=NIP_FEMALE, sex="F").sex == "F"


def test_unit_of_another_pemda_is_not_found(world):
    error = raises("employee_unit_not_found", create, world,
                   unit=world.units["lain_inspektorat"])
    assert error.status == 404


def test_invalid_email_is_refused_and_valid_email_is_lower_cased(world):
    raises("employee_email_invalid", create, world, email="not-an-email")
    assert create(world, email=" Ahmad@Contoh.go.id ").email == "ahmad@contoh.go.id"


def test_echelon_is_normalised_and_nonsense_refused(world):
    assert create(world, echelon="iii/a").echelon == "III.a"
    raises("employee_echelon_invalid", create, world, nip=NIP_FEMALE, echelon="X.9")


def test_empty_name_and_unknown_position_kind_are_refused(world):
    raises("employee_name_required", create, world, name="   ")
    raises("employee_position_kind_invalid", create, world, position_kind="boss")


def test_superior_from_another_pemda_is_not_found(world):
    raises("employee_superior_not_found", create, world,
           superior=world.employees["lain_staff"])


def test_a_failed_create_leaves_nothing_behind(world, unscoped):
    before = (Employee.objects.count(), Position.objects.count(), AuditEvent.objects.count())
    raises("employee_superior_not_found", create, world,
           superior=world.employees["lain_staff"])
    assert (Employee.objects.count(), Position.objects.count(),
            AuditEvent.objects.count()) == before


def test_changing_the_unit_closes_the_position_and_opens_a_new_one(world):
    employee = create(world)
    services.update_employee(world.tenant, world.users["admin"], employee,
                             unit=world.units["pendidikan"], effective_on=dt.date(2025, 3, 1))
    old, new = positions(employee)
    assert (old.unit, old.started_on, old.ended_on) == (
        world.units["dukcapil"], dt.date(2024, 1, 2), dt.date(2025, 3, 1))
    assert (new.unit, new.started_on, new.ended_on) == (
        world.units["pendidikan"], dt.date(2025, 3, 1), None)


def test_changing_the_position_title_or_echelon_starts_a_new_position(world):
    employee = create(world)
    services.update_employee(world.tenant, world.users["admin"], employee,
                             position_title="Sekretaris", echelon="III.a",
                             effective_on=dt.date(2025, 1, 1))
    assert [(p.title, p.echelon) for p in positions(employee)] == [
        ("Kepala Bidang", "III.b"), ("Sekretaris", "III.a")]


def test_changing_the_name_keeps_the_position_and_updates_the_sort_name(world):
    employee = create(world)
    services.update_employee(world.tenant, world.users["admin"], employee,
                             name="Prof. Ahmad Fauzan")
    assert employee.sort_name == "ahmad fauzan"
    assert len(positions(employee)) == 1


def test_update_writes_the_changed_fields_to_the_audit_log(world):
    employee = create(world)
    services.update_employee(world.tenant, world.users["admin"], employee,
                             email="fauzi@contoh.go.id", unit=world.units["pendidikan"])
    [event] = events(world, "people.employee.update")
    assert event.changes == {
        "email": ["", "fauzi@contoh.go.id"],
        "unit": [world.units["dukcapil"].name, world.units["pendidikan"].name],
    }


def test_update_without_a_change_writes_nothing(world):
    employee = create(world)
    services.update_employee(world.tenant, world.users["admin"], employee,
                             name=employee.name)
    assert events(world, "people.employee.update") == []


def test_update_of_an_unknown_field_is_refused(world):
    employee = create(world)
    raises("unknown_field", services.update_employee, world.tenant, world.users["admin"],
           employee, status="retired")


def test_new_nip_on_update_rederives_the_sex(world):
    employee = create(world)
    services.update_employee(world.tenant, world.users["admin"], employee, nip=NIP_FEMALE)
    assert (employee.nip, employee.sex) == (NIP_FEMALE, "F")


def test_a_change_dated_before_the_current_position_is_refused_and_nothing_changes(world):
    employee = create(world)
    raises("employee_position_date_order", services.update_employee, world.tenant,
           world.users["admin"], employee, unit=world.units["pendidikan"],
           effective_on=dt.date(2023, 1, 1))
    with scope(tenant=world.tenant.pk):
        assert Employee.objects.get(pk=employee.pk).unit == world.units["dukcapil"]
    assert len(positions(employee)) == 1


def test_employee_cannot_be_their_own_superior(world):
    employee = create(world)
    raises("employee_superior_self", services.update_employee, world.tenant,
           world.users["admin"], employee, superior=employee)


def test_superior_chain_cannot_loop(world):
    head = create(world)
    deputy = create(world, nip=NIP_FEMALE, name="Rina", superior=head)
    error = raises("employee_superior_cycle", services.update_employee, world.tenant,
                   world.users["admin"], head, superior=deputy)
    assert error.field == "superior"


def test_update_of_another_pemdas_employee_is_not_found(world):
    raises("employee_not_found", services.update_employee, world.tenant, world.users["admin"],
           world.employees["lain_staff"], name="X")


def test_moving_out_closes_the_position_and_returning_opens_one(world):
    employee = create(world)
    services.set_employee_status(world.tenant, world.users["admin"], employee, "moved",
                                 effective_on=dt.date(2025, 6, 30))
    [closed] = positions(employee)
    assert (employee.status, closed.ended_on) == ("moved", dt.date(2025, 6, 30))
    services.set_employee_status(world.tenant, world.users["admin"], employee, "active",
                                 effective_on=dt.date(2025, 8, 1))
    assert [p.ended_on for p in positions(employee)] == [dt.date(2025, 6, 30), None]
    assert [e.changes["status"] for e in events(world, "people.employee.status")] == [
        ["active", "moved"], ["moved", "active"]]


def test_unknown_status_is_refused(world):
    raises("employee_status_invalid", services.set_employee_status, world.tenant,
           world.users["admin"], create(world), "fired")


def test_link_user_links_the_account_once(world):
    employee = create(world)
    user = UserFactory(email="fauzi@contoh.go.id")
    services.link_user(world.tenant, world.users["admin"], employee, user)
    assert employee.user == user
    [event] = events(world, "people.employee.link_user")
    assert event.changes == {"user": [None, "fauzi@contoh.go.id"]}
    other = world.employees["dukcapil_staff"]
    raises("employee_user_taken", services.link_user, world.tenant, world.users["admin"],
           other, user)


def test_a_transferred_employee_keeps_one_login_in_both_pemda(world):
    user = UserFactory(email="pindah@contoh.go.id")
    services.link_user(world.tenant, world.users["admin"], world.employees["dukcapil_staff"], user)
    services.link_user(world.other_tenant, world.users["outsider"],
                       world.employees["lain_staff"], user)
    with scopes_disabled():
        assert set(user.employee_records.values_list("tenant__slug", flat=True)) == {
            "contoh", "lain"}
