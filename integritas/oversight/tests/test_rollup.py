"""A province sees its regencies' and cities' overview figures, from their latest snapshots."""

import pytest

from integritas.accounts.roles import Role
from integritas.core.testing.factories import TenantFactory, UserFactory, enrol_totp, grant_role
from integritas.core.testing.personas import TEST_TOTP_SECRET
from integritas.dashboards.rollups import province_rollup
from integritas.oversight import services
from integritas.tenancy.models import Tenant

pytestmark = pytest.mark.django_db


@pytest.fixture
def province(world):
    province = TenantFactory(slug="provinsi", name="Pemerintah Provinsi Contoh",
                             region_code="97", kind=Tenant.Kind.PROVINCE)
    for number, slug in enumerate(("kab-a", "kab-b"), start=1):
        TenantFactory(slug=slug, name=f"Kabupaten {slug[-1].upper()}",
                      region_code=f"97.0{number}", kind=Tenant.Kind.REGENCY, parent=province)
    return province


def test_rollup_shows_each_childs_latest_quarter(world, province, client_for):
    kab_a = Tenant.objects.get(slug="kab-a")
    services.take_snapshot(kab_a, None, quarter="2026-Q2",
                           figures=({"pact_completion_pct": 40.0, "cases_open": 7}, {}))
    services.take_snapshot(kab_a, None, quarter="2026-Q3",
                           figures=({"pact_completion_pct": 82.5, "secret_detail": 1}, {}))
    rows = {row.tenant.slug: row for row in province_rollup(province)}
    assert rows["kab-a"].quarter == "2026-Q3"
    assert rows["kab-a"].figures["pact_completion_pct"] == 82.5
    assert "secret_detail" not in rows["kab-a"].figures  # only the listed aggregates leave
    assert rows["kab-b"].figures is None

    viewer = UserFactory(email="viewer@provinsi.go.id")
    grant_role(viewer, province, Role.PROVINCE_VIEWER)
    enrol_totp(viewer, TEST_TOTP_SECRET)
    html = client_for(viewer).get("/provinsi/ringkasan/provinsi/").content.decode()
    assert "82.5" in html and "2026-Q3" in html
