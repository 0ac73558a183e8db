"""Past imports and the Excel error report over the API, as on the import pages."""

from __future__ import annotations

import io

import pytest
from django_scopes import scope
from openpyxl import load_workbook

from integritas.accounts.roles import Role
from integritas.core.testing.factories import grant_role
from integritas.people.imports.services import create_import_job
from integritas.people.tests.import_files import roster_rows, upload, xlsx_bytes
from integritas.people.tests.test_import_web import bearer

BASE = "/api/v1/imports"


@pytest.fixture
def make_job(world, django_capture_on_commit_callbacks):
    """An uploaded roster, checked by its dry run."""

    def make(rows, name="pegawai.xlsx", tenant=None, user=None):
        tenant, user = tenant or world.tenant, user or world.users["admin"]
        with scope(tenant=tenant.pk), django_capture_on_commit_callbacks(execute=True):
            return create_import_job(tenant, user, upload=upload(xlsx_bytes(rows), name),
                                     create_units=True)

    return make


@pytest.fixture
def admin_auth(world):
    return bearer(world.tenant, world.users["admin"])


def test_imports_are_listed_newest_first_with_their_counts(world, client, make_job, admin_auth):
    make_job(roster_rows(2), "januari.xlsx")
    make_job(roster_rows(3), "februari.xlsx")
    body = client.get(f"{BASE}/", **admin_auth).json()
    assert (body["count"], body["page"], body["pages"]) == (2, 1, 1)
    assert [(job["file_name"], job["new"], job["status"]) for job in body["items"]] == [
        ("februari.xlsx", 3, "validated"), ("januari.xlsx", 2, "validated")]
    assert body["items"][0]["uploaded_by"] == "admin@contoh.go.id"


def test_import_list_searches_sorts_and_pages(world, client, make_job, admin_auth):
    make_job(roster_rows(2), "januari.xlsx")
    make_job(roster_rows(2), "februari.xlsx")

    def names(**params):
        return [job["file_name"]
                for job in client.get(f"{BASE}/", params, **admin_auth).json()["items"]]

    assert names(q="JANU") == ["januari.xlsx"]
    assert names(sort="name") == ["februari.xlsx", "januari.xlsx"]
    assert names(sort="-name", page=2, page_size=1) == ["februari.xlsx"]


def test_import_list_with_a_bad_sort_is_422(client, admin_auth):
    response = client.get(f"{BASE}/", {"sort": "size"}, **admin_auth)
    assert (response.status_code, response.json()["code"]) == (422, "invalid_input")


def test_another_pemdas_imports_are_not_listed(world, client, make_job):
    make_job(roster_rows(2))
    grant_role(world.users["outsider"], world.other_tenant, Role.TENANT_ADMIN)
    outsider = bearer(world.other_tenant, world.users["outsider"])
    assert client.get(f"{BASE}/", **outsider).json()["count"] == 0


@pytest.mark.parametrize("persona", ["auditor", "opd_head", "employee"])
def test_only_importers_list_imports(world, client, persona):
    response = client.get(f"{BASE}/", **bearer(world.tenant, world.users[persona]))
    assert (response.status_code, response.json()["code"]) == (403, "permission_denied")


def test_error_report_is_the_workbook_the_import_page_offers(world, client, make_job,
                                                            admin_auth):
    rows = roster_rows(3)
    rows[1][0] = "1.96608E+17"
    job = make_job(rows)
    response = client.get(f"{BASE}/{job.pk}/errors.xlsx", **admin_auth)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert f"kesalahan-impor-{job.pk}.xlsx" in response["Content-Disposition"]
    values = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert values[0] == ("Row", "Column", "Value", "What is wrong", "How to fix it")
    assert values[1][:3] == (3, "NIP", "1.96608E+17")


def test_error_report_of_another_pemdas_job_is_a_coded_404(world, client, make_job):
    job = make_job(roster_rows(2))
    grant_role(world.users["outsider"], world.other_tenant, Role.TENANT_ADMIN)
    response = client.get(f"{BASE}/{job.pk}/errors.xlsx",
                          **bearer(world.other_tenant, world.users["outsider"]))
    assert (response.status_code, response.json()["code"]) == (404, "import_not_found")


def test_auditor_cannot_download_an_error_report(world, client, make_job):
    job = make_job(roster_rows(2))
    response = client.get(f"{BASE}/{job.pk}/errors.xlsx",
                          **bearer(world.tenant, world.users["auditor"]))
    assert response.status_code == 403


def test_template_download_has_our_headers(client, admin_auth):
    response = client.get(f"{BASE}/template.xlsx", **admin_auth)
    headers = [cell.value for cell in load_workbook(io.BytesIO(response.content)).active[1]]
    assert headers[:4] == ["NIP", "Nama", "Jabatan", "Unit Kerja"]
