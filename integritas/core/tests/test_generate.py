from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from integritas.audit.models import AuditEvent
from integritas.people import nip
from integritas.people.models import Employee, Position
from integritas.people.names import sort_name
from integritas.tenancy.models import Tenant, Unit


def generate(*args: str) -> str:
    out = StringIO()
    call_command("generate", *args, stdout=out)
    return out.getvalue()


def test_generate_loads_valid_synthetic_tenants(transactional_db, unscoped):
    output = generate("--tenants", "2", "--employees", "120", "--units", "10")
    assert "rows/s" in output
    tenant = Tenant.objects.get(slug="gen-0002")
    assert Unit.objects.filter(tenant=tenant).count() == 10
    employees = Employee.objects.filter(tenant=tenant)
    assert employees.count() == 120
    assert Position.objects.filter(tenant=tenant, ended_on=None).count() == 120
    for employee in employees:
        nip.validate(employee.nip)
        assert employee.sort_name == sort_name(employee.name)
        assert employee.sex == ("M" if employee.nip[14] == "1" else "F")
    subunit = Unit.objects.filter(tenant=tenant, depth=1).first()
    assert subunit.path.startswith(subunit.parent.path)
    staff = employees.exclude(position_kind="jpt")
    assert all(e.superior is not None for e in staff)


def test_generate_says_in_the_audit_log_that_it_bypassed_the_services(transactional_db,
                                                                       unscoped):
    generate("--tenants", "1", "--employees", "5", "--units", "3")
    event = AuditEvent.objects.get(tenant__slug="gen-0001")
    assert event.action == "core.synthetic_data.load"
    assert event.actor_label == "integritas generate"
    assert "outside the services" in event.changes["note"]


def test_generate_rerun_skips_existing_tenants(transactional_db, unscoped):
    generate("--tenants", "1", "--employees", "30", "--units", "4")
    output = generate("--tenants", "2", "--employees", "30", "--units", "4")
    assert "Generated 1 tenants (1 already there)" in output
    assert Employee.objects.count() == 60


def test_generate_refuses_more_tenants_than_region_codes(db):
    with pytest.raises(CommandError):
        generate("--tenants", "1001", "--employees", "1")
