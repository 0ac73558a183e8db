"""The matrix as data: a tenant's own matrix is validated and rescoring follows it."""

import pytest
from django_scopes import scope

from integritas.risk import reference, services
from integritas.risk.models import RiskMatrix
from integritas.risk.tests.helpers import make_register, raises, risk_fields

pytestmark = pytest.mark.usefixtures("risk_library")


def _library_matrix(world):
    with scope(tenant=world.tenant.pk):
        return reference.library_matrix().as_data()


def test_a_matrix_with_a_missing_cell_is_refused_naming_the_cell(world):
    data = _library_matrix(world)
    data["cells"]["3"] = data["cells"]["3"][:4]
    error = raises("risk_matrix_invalid", services.configure_matrix, world.tenant,
                   world.users["inspektur"], **data)
    assert "likelihood 3 × impact 5" in error.render("en")
    with scope(tenant=world.tenant.pk):
        assert not RiskMatrix.objects.exists()


def test_overlapping_bands_are_refused_naming_both(world):
    data = _library_matrix(world)
    data["bands"][2]["min"] = 9  # sedang now starts inside rendah (6–10)
    error = raises("risk_matrix_invalid", services.configure_matrix, world.tenant,
                   world.users["inspektur"], **data)
    assert "rendah and sedang overlap" in error.render("en")


def test_a_tenants_own_bands_rescore_its_risks(world):
    register = make_register(world)
    risk = services.add_risk(world.tenant, world.users["opd_head"], register,
                             **risk_fields(likelihood=3, impact=3))
    assert risk.level == "sedang"  # 14
    data = _library_matrix(world)
    data["bands"][2]["max"] = 13
    data["bands"][3]["min"] = 14
    services.configure_matrix(world.tenant, world.users["inspektur"], **data)
    risk.refresh_from_db()
    assert risk.level == "tinggi"


def test_loading_the_unchanged_risk_library_again_changes_nothing(world):
    from integritas.core.libraries import LIBRARIES_DIR, read_folder
    from integritas.risk.libraries import load_risk_library

    again = load_risk_library(read_folder(LIBRARIES_DIR / "risk"))
    assert (again.created, again.updated, again.deleted) == (0, 0, 0)
