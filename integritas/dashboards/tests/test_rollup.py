"""The provincial roll-up: a province sees figures of its own regencies and cities only."""

import datetime as dt
import io

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from integritas.accounts.roles import Role
from integritas.core.testing.factories import (
    EmployeeFactory,
    TenantFactory,
    UnitFactory,
    UserFactory,
    enrol_totp,
    grant_role,
)
from integritas.core.testing.personas import TEST_TOTP_SECRET
from integritas.dashboards.rollups import province_rollup
from integritas.tenancy.models import Tenant
from integritas.tenancy.services import create_unit


@pytest.fixture
def province(world):
    """A province with two regencies (one busy, one empty) and a viewer; `contoh` is not in it."""
    province = TenantFactory(slug="provinsi", name="Pemerintah Provinsi Contoh", region_code="97",
                             kind=Tenant.Kind.PROVINCE)
    busy = TenantFactory(slug="kab-a", name="Kabupaten A", region_code="97.01",
                         kind=Tenant.Kind.REGENCY, parent=province)
    TenantFactory(slug="kab-b", name="Kabupaten B", region_code="97.02",
                  kind=Tenant.Kind.REGENCY, parent=province)
    TenantFactory(slug="kab-c", name="Kabupaten C (tutup)", region_code="97.03",
                  kind=Tenant.Kind.REGENCY, parent=province, is_active=False)
    dinas = UnitFactory(tenant=busy, name="Dinas Kesehatan")
    UnitFactory(tenant=busy, name="Dinas Lama", is_active=False)
    EmployeeFactory(unit=dinas)
    EmployeeFactory(unit=dinas, status="retired")
    create_unit(busy, "system", name="Inspektorat")  # one audit event
    viewer = UserFactory(email="viewer@provinsi.go.id")
    grant_role(viewer, province, Role.PROVINCE_VIEWER)
    enrol_totp(viewer, TEST_TOTP_SECRET)
    province.viewer = viewer
    return province


def rollup_url(slug="provinsi"):
    return reverse("dashboards:rollup", kwargs={"tenant_slug": slug})


def test_rollup_counts_each_active_child(world, province):
    rows = {row.tenant.slug: row for row in province_rollup(province)}
    assert set(rows) == {"kab-a", "kab-b"}
    busy = rows["kab-a"]
    assert (busy.units, busy.active_employees, busy.audit_events) == (2, 1, 1)
    empty = rows["kab-b"]
    assert (empty.units, empty.active_employees, empty.audit_events) == (0, 0, 0)


def test_rollup_counts_audit_events_of_the_last_30_days_only(world, province):
    later = timezone.now() + dt.timedelta(days=31)
    busy = next(r for r in province_rollup(province, now=later) if r.tenant.slug == "kab-a")
    assert busy.audit_events == 0


def test_province_viewer_sees_the_table(world, province, client_for):
    response = client_for(province.viewer).get(rollup_url())
    assert response.status_code == 200
    assert [row.tenant.name for row in response.context["rows"]] == ["Kabupaten A",
                                                                     "Kabupaten B"]
    assert "Pemerintah Kota Contoh" not in response.content.decode()


def test_rollup_exports_excel(world, province, client_for):
    client = client_for(province.viewer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(rollup_url(), {"format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[0][0] == "Regency / city"
    assert rows[1][:5] == ("Kabupaten A", "97.01", 2, 1, 1)


def test_regency_viewer_sees_an_empty_state(world, client_for):
    viewer = UserFactory(email="viewer@contoh.go.id")
    grant_role(viewer, world.tenant, Role.PROVINCE_VIEWER)
    enrol_totp(viewer, TEST_TOTP_SECRET)
    response = client_for(viewer).get(rollup_url("contoh"))
    assert response.status_code == 200
    assert response.context["rows"] == []
    assert b'class="empty"' in response.content


def test_other_roles_cannot_see_the_rollup(world, client_for):
    assert client_for(world.users["admin"]).get(rollup_url("contoh")).status_code == 403


def test_child_regency_staff_cannot_open_the_provinces_rollup(world, province, client_for):
    assert client_for(world.users["auditor"]).get(rollup_url()).status_code == 404
