"""Roster import pages and API: upload, progress, preview, error report, commit, access."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled
from openpyxl import load_workbook

from integritas.accounts.models import ApiToken
from integritas.accounts.roles import Role
from integritas.core.testing.factories import grant_role
from integritas.people.imports.services import create_import_job
from integritas.people.models import Employee, ImportJob
from integritas.people.tests.import_files import roster_rows, upload, xlsx_bytes


def url(name, *args):
    return reverse(f"people:{name}", args=["contoh", *args])


@pytest.fixture
def admin(world, client_for):
    return client_for(world.users["admin"])


@pytest.fixture
def post_file(admin, django_capture_on_commit_callbacks):
    def post(content: bytes, name: str = "pegawai.xlsx", **data):
        with django_capture_on_commit_callbacks(execute=True):
            return admin.post(url("import_create"), {"file": upload(content, name),
                                                     "create_units": "on", **data})
    return post


def only_job() -> ImportJob:
    with scopes_disabled():
        return ImportJob.objects.get()


def test_admin_uploads_previews_and_imports_a_roster(world, admin, post_file,
                                                     django_capture_on_commit_callbacks):
    rows = roster_rows(3, unit="Dinas Baru")
    response = post_file(xlsx_bytes(rows))
    job = only_job()
    assert response.status_code == 302
    assert response["Location"] == url("import_detail", job.pk)

    page = admin.get(url("import_detail", job.pk)).content.decode()
    assert "Dinas Baru" in page  # the unit that will be created
    assert "Unit Kerja" in page  # the mapping
    assert 'data-confirm="Import 3 rows into the employee register?"' in page

    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(url("import_commit", job.pk))
    assert response.status_code == 302
    assert only_job().status == ImportJob.Status.DONE
    with scopes_disabled():
        assert Employee.objects.filter(nip__in=[r[0] for r in rows]).count() == 3
    page = admin.get(url("import_detail", job.pk)).content.decode()
    assert "Imported: 3 new, 0 updated, 0 unchanged." in page
    assert "Import 3 rows" not in page


def test_page_polls_progress_while_running_and_reloads_when_done(world, admin):
    with scopes_disabled():  # queued but not yet run: no on-commit callbacks in this test
        job = create_import_job(world.tenant, world.users["admin"],
                                upload=upload(xlsx_bytes(roster_rows(2))))
    page = admin.get(url("import_detail", job.pk)).content.decode()
    assert 'hx-trigger="every 1s"' in page
    assert f'hx-get="{url("import_progress", job.pk)}"' in page

    with scopes_disabled():
        ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.VALIDATED)
    fragment = admin.get(url("import_progress", job.pk), HTTP_HX_REQUEST="true")
    assert fragment["HX-Refresh"] == "true"
    assert "every 1s" not in fragment.content.decode()


def test_error_report_lists_row_column_value_problem_and_fix(world, admin, post_file):
    rows = roster_rows(3)
    rows[1][0] = "1.96608E+17"
    post_file(xlsx_bytes(rows))
    job = only_job()
    page = admin.get(url("import_detail", job.pk)).content.decode()
    assert "Import 3 rows" not in page
    assert "nip_scientific" in page

    response = admin.get(url("import_errors_xlsx", job.pk))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == ("Row", "Column", "Value", "What is wrong", "How to fix it")
    row, column, value, problem, fix = values[1]
    assert (row, column, value) == (3, "NIP", "1.96608E+17")
    assert "scientific notation" in problem
    assert "Text" in fix


def test_template_has_every_header_with_nip_as_text(admin):
    response = admin.get(url("import_template"))
    workbook = load_workbook(io.BytesIO(response.content))
    headers = [cell.value for cell in workbook.worksheets[0][1]]
    assert headers[:4] == ["NIP", "Nama", "Jabatan", "Unit Kerja"]
    assert workbook.worksheets[0].column_dimensions["A"].number_format == "@"


def test_oversized_upload_is_refused_with_a_clear_error(world, post_file, settings):
    settings.IMPORT_MAX_BYTES = 1024
    response = post_file(b"x" * 4096, "besar.csv")
    assert response.status_code == 400
    assert "the limit is 1.0" in response.content.decode()
    with scopes_disabled():
        assert not ImportJob.objects.exists()


def test_wrong_file_type_is_refused(post_file):
    response = post_file(b"%PDF-1.4", "pegawai.pdf")
    assert response.status_code == 400
    assert "Upload an Excel (.xlsx) or CSV (.csv) file." in response.content.decode()


def test_list_shows_past_imports_and_searches(world, admin, post_file):
    post_file(xlsx_bytes(roster_rows(2)), "januari.xlsx")
    post_file(xlsx_bytes(roster_rows(2)), "februari.xlsx")
    page = admin.get(url("import_list"), {"q": "janu"}).content.decode()
    assert "januari.xlsx" in page and "februari.xlsx" not in page


def test_outsider_gets_404_for_a_job_of_another_pemda(world, client_for, post_file):
    post_file(xlsx_bytes(roster_rows(2)))
    job = only_job()
    client = client_for(world.users["outsider"])
    assert client.get(url("import_detail", job.pk)).status_code == 404
    assert client.get(url("import_errors_xlsx", job.pk)).status_code == 404


@pytest.mark.parametrize("persona", ["opd_head", "zi_coordinator", "auditor"])
def test_roles_other_than_tenant_admin_cannot_import(world, client_for, persona):
    client = client_for(world.users[persona])
    assert client.get(url("import_list")).status_code == 403
    response = client.post(url("import_create"),
                           {"file": upload(xlsx_bytes(roster_rows(2)))})
    assert response.status_code == 403
    with scopes_disabled():
        assert not ImportJob.objects.exists()


# --- API ------------------------------------------------------------------------------------

def bearer(tenant, user) -> dict:
    secret = ApiToken.new_secret(tenant.slug)
    with scopes_disabled():
        ApiToken.objects.create(tenant=tenant, user=user, name="test",
                                key_hash=ApiToken.digest(secret), hint=secret[-4:])
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_api_uploads_reports_errors_and_commits(world, client,
                                                django_capture_on_commit_callbacks):
    auth = bearer(world.tenant, world.users["admin"])
    rows = roster_rows(3)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/imports/", {"file": upload(xlsx_bytes(rows))}, **auth)
    assert response.status_code == 201, response.content
    job = response.json()
    assert job["status"] == "uploaded"  # the dry run is queued

    status = client.get(f"/api/v1/imports/{job['id']}", **auth).json()
    assert (status["status"], status["new"], status["can_commit"]) == ("validated", 3, True)
    assert (status["total_rows"], status["mapping"]["nip"]) == (3, "NIP")
    errors = client.get(f"/api/v1/imports/{job['id']}/errors", **auth).json()
    assert errors["count"] == 0

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/api/v1/imports/{job['id']}/commit", **auth)
    assert response.status_code == 202
    assert client.get(f"/api/v1/imports/{job['id']}", **auth).json()["status"] == "done"
    again = client.post(f"/api/v1/imports/{job['id']}/commit", **auth)
    assert again.status_code == 409
    assert again.json()["code"] == "import_not_ready"


def test_api_lists_row_errors_with_codes(world, client, django_capture_on_commit_callbacks):
    auth = bearer(world.tenant, world.users["admin"])
    rows = roster_rows(3)
    rows[2][3] = ""
    with django_capture_on_commit_callbacks(execute=True):
        job = client.post("/api/v1/imports/", {"file": upload(xlsx_bytes(rows))}, **auth).json()
    assert client.get(f"/api/v1/imports/{job['id']}", **auth).json()["can_commit"] is False
    errors = client.get(f"/api/v1/imports/{job['id']}/errors", **auth).json()
    assert errors["items"][0] | {"message": "", "fix": ""} == {
        "row": 4, "column": "Unit Kerja", "value": "", "code": "unit_required",
        "message": "", "fix": ""}


def test_api_job_of_another_pemda_is_404_and_other_roles_403(world, client,
                                                              django_capture_on_commit_callbacks):
    auth = bearer(world.tenant, world.users["admin"])
    with django_capture_on_commit_callbacks(execute=True):
        job = client.post("/api/v1/imports/", {"file": upload(xlsx_bytes(roster_rows(2)))},
                          **auth).json()
    outsider = bearer(world.other_tenant, world.users["outsider"])
    grant_role(world.users["outsider"], world.other_tenant, Role.TENANT_ADMIN)
    assert client.get(f"/api/v1/imports/{job['id']}", **outsider).status_code == 404
    auditor = bearer(world.tenant, world.users["auditor"])
    assert client.get(f"/api/v1/imports/{job['id']}", **auditor).status_code == 403
