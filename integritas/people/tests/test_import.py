"""Roster import through its services: the dry run, the commit, and every kind of bad input."""

from __future__ import annotations

import pytest
from django_scopes import scope, scopes_disabled

from integritas.audit.models import AuditEvent
from integritas.core.errors import DomainError
from integritas.core.testing.factories import EmployeeFactory
from integritas.people.imports import services
from integritas.people.models import Employee, ImportJob, Position
from integritas.people.tests.import_files import (
    HEADERS,
    csv_bytes,
    roster_rows,
    upload,
    xlsx_bytes,
    xlsx_with_numeric_nips,
)
from integritas.tenancy.models import Unit


@pytest.fixture
def importer(world, django_capture_on_commit_callbacks):
    """Upload a file as the admin and let the queued dry run (and commit) run."""

    def run(content: bytes, name: str = "pegawai.xlsx", *, commit: bool = False,
            create_units: bool = True) -> ImportJob:
        with django_capture_on_commit_callbacks(execute=True):
            job = services.create_import_job(world.tenant, world.users["admin"],
                                             upload=upload(content, name),
                                             create_units=create_units)
        job = reload(job)
        if commit and job.can_commit:
            job = commit_job(job)
        return job

    def commit_job(job: ImportJob) -> ImportJob:
        with django_capture_on_commit_callbacks(execute=True):
            services.request_commit(world.tenant, world.users["admin"], job)
        return reload(job)

    run.commit = commit_job
    return run


def reload(job: ImportJob) -> ImportJob:
    with scopes_disabled():
        return ImportJob.objects.get(pk=job.pk)


def codes(job: ImportJob) -> list[tuple[int | None, str]]:
    with scopes_disabled():
        return list(job.row_errors.order_by("row", "id").values_list("row", "code"))


def employee(nip: str) -> Employee:
    with scopes_disabled():
        return Employee.objects.select_related("unit", "superior").get(nip=nip)


def test_xlsx_roster_is_previewed_then_imported_with_units_superiors_and_positions(world, importer,
                                                                                   unscoped):
    rows = roster_rows(4, unit="Badan Perencanaan Pembangunan Daerah")
    rows[1][3] = "  inspektorat "  # an existing unit, written loosely
    job = importer(xlsx_bytes(rows))
    assert job.status == ImportJob.Status.VALIDATED
    assert (job.count_new, job.count_updated, job.count_unchanged, job.count_errors) == (4, 0, 0, 0)
    assert job.new_units == ["Badan Perencanaan Pembangunan Daerah"]
    assert job.mapping["unit"] == "Unit Kerja"
    assert not Employee.objects.filter(nip=rows[0][0]).exists()  # a dry run writes nothing

    job = importer.commit(job)
    assert job.status == ImportJob.Status.DONE
    head, staff = employee(rows[0][0]), employee(rows[1][0])
    assert head.sort_name == "ahmad fauzi"
    assert (head.position_kind, head.echelon, head.email) == ("jpt", "II.a", "ahmad@contoh.go.id")
    assert head.unit.kind == Unit.Kind.BOARD
    assert staff.unit == world.units["inspektorat"]
    assert staff.superior == head
    assert staff.sex == ("M" if rows[1][0][14] == "1" else "F")
    assert Position.objects.filter(employee=staff, ended_on__isnull=True).count() == 1
    actions = list(AuditEvent.objects.filter(tenant=world.tenant).values_list("action", flat=True))
    assert actions.count("people.employee.create") == 4
    assert actions.count("people.import.commit") == 1


def test_csv_roster_with_comma_delimiter_and_synonym_headers_imports(world, importer, unscoped):
    headers = ["NIP Baru", "Nama Lengkap", "Nama Jabatan", "OPD", "NIP Atasan"]
    rows = [row[:5] for row in roster_rows(3)]
    job = importer(csv_bytes(rows, headers, delimiter=","), "pegawai.csv", commit=True)
    assert job.status == ImportJob.Status.DONE, codes(job)
    assert job.count_new == 3
    assert employee(rows[2][0]).superior.nip == rows[0][0]


def test_importing_the_same_file_twice_leaves_everything_unchanged(world, importer, unscoped):
    content = xlsx_bytes(roster_rows(5))
    importer(content, commit=True)
    employee_events = AuditEvent.objects.filter(action__startswith="people.employee").count()
    second = importer(content, commit=True)
    assert second.status == ImportJob.Status.DONE
    assert (second.count_new, second.count_updated, second.count_unchanged) == (0, 0, 5)
    assert Employee.objects.filter(tenant=world.tenant).count() == 5 + 2
    assert Position.objects.filter(employee__nip__in=[r[0] for r in roster_rows(5)]).count() == 5
    assert AuditEvent.objects.filter(
        action__startswith="people.employee").count() == employee_events


def test_changed_unit_updates_the_employee_and_opens_a_new_position(world, importer, unscoped):
    rows = roster_rows(2)
    importer(xlsx_bytes(rows), commit=True)
    rows[1][3] = "Dinas Pendidikan"
    rows[1][2] = "Analis Kebijakan Ahli Muda"
    job = importer(xlsx_bytes(rows), commit=True)
    assert (job.count_updated, job.count_unchanged) == (1, 1)
    moved = employee(rows[1][0])
    assert moved.unit == world.units["pendidikan"]
    positions = list(Position.objects.filter(employee=moved).order_by("id"))
    assert positions[0].ended_on is not None and positions[1].ended_on is None
    assert positions[1].title == "Analis Kebijakan Ahli Muda"
    event = AuditEvent.objects.filter(action="people.employee.update").get()
    assert event.changes["unit"] == ["Inspektorat", "Dinas Pendidikan"]


def test_superior_can_be_an_employee_already_in_the_system(world, importer, unscoped):
    rows = roster_rows(2)
    rows[1][4] = world.employees["pendidikan_staff"].nip
    job = importer(xlsx_bytes(rows), commit=True)
    assert job.status == ImportJob.Status.DONE
    assert employee(rows[1][0]).superior == world.employees["pendidikan_staff"]


@pytest.mark.parametrize(("cell", "code"), [
    ("12345", "nip_length"),
    ("1.96608E+17", "nip_scientific"),
    ("19661301 198803 1 001", "nip_birth_date"),
    ("", "nip_required"),
])
def test_malformed_nip_is_a_row_error(world, importer, cell, code):
    rows = roster_rows(3)
    rows[1][0] = cell
    job = importer(xlsx_bytes(rows))
    assert (3, code) in codes(job)
    assert not job.can_commit


def test_nip_column_stored_as_whole_numbers_is_read_exactly(world, importer, unscoped):
    rows = roster_rows(2)
    job = importer(xlsx_with_numeric_nips(rows), commit=True)
    assert job.status == ImportJob.Status.DONE, codes(job)
    assert employee(rows[1][0]).superior.nip == rows[0][0]


def test_nip_stored_as_a_rounded_excel_number_is_refused_with_a_clear_error(world, importer):
    rows = roster_rows(2)
    rows[1][0] = int(rows[1][0])  # openpyxl, like Excel, stores it as a 15-digit float
    job = importer(xlsx_bytes(rows))
    assert codes(job) == [(3, "nip_number")]
    with scopes_disabled():
        error = job.row_errors.get()
    assert "Text" in error.fix


def test_duplicate_nip_in_one_file_names_the_first_row(world, importer):
    rows = roster_rows(3)
    rows.append(list(rows[1]))
    job = importer(xlsx_bytes(rows))
    assert codes(job) == [(5, "nip_duplicate")]
    with scopes_disabled():
        assert job.row_errors.get().params == {"row": 3}


def test_blank_unit_is_an_error_and_unknown_unit_too_when_creating_units_is_off(world, importer):
    rows = roster_rows(3)
    rows[1][3] = ""
    rows[2][3] = "Dinas Yang Tidak Ada"
    job = importer(xlsx_bytes(rows), create_units=False)
    assert codes(job) == [(3, "unit_required"), (4, "unit_unknown")]


def test_unknown_superior_is_an_error(world, importer):
    rows = roster_rows(2)
    rows[1][4] = "199001012015011001"
    job = importer(xlsx_bytes(rows))
    assert codes(job) == [(3, "superior_unknown")]


def test_formula_cell_is_refused_and_never_evaluated(world, importer):
    rows = roster_rows(2)
    rows[1][1] = '=HYPERLINK("http://evil.example","klik")'
    job = importer(xlsx_bytes(rows))
    assert codes(job) == [(3, "cell_formula")]


def test_missing_required_columns_are_named(world, importer):
    headers = ["NIP", "Nama", "Atasan"]
    job = importer(xlsx_bytes([[r[0], r[1], r[4]] for r in roster_rows(2)], headers))
    assert codes(job) == [(1, "column_missing"), (1, "column_missing")]
    with scopes_disabled():
        assert {e.params["header"] for e in job.row_errors.all()} == {"Jabatan", "Unit Kerja"}


def test_empty_workbook_is_an_error(world, importer):
    job = importer(xlsx_bytes([], headers=[]))
    assert codes(job) == [(None, "file_no_rows")]


def test_headers_without_rows_is_an_error(world, importer):
    assert codes(importer(xlsx_bytes([]))) == [(None, "file_no_rows")]


def test_corrupt_xlsx_is_an_error(world, importer):
    content = xlsx_bytes(roster_rows(2))
    assert codes(importer(content[:400])) == [(None, "xlsx_corrupt")]
    assert codes(importer(b"not a spreadsheet")) == [(None, "xlsx_corrupt")]


def test_csv_in_cp1252_is_read_when_it_decodes_cleanly(world, importer, unscoped):
    rows = roster_rows(2)
    rows[1][1] = "Dra. Ni Luh Putu Ayu Śri"[:-4] + "Andréa"
    job = importer(csv_bytes(rows, encoding="cp1252"), "pegawai.csv", commit=True)
    assert job.status == ImportJob.Status.DONE, codes(job)
    assert employee(rows[1][0]).name.endswith("Andréa")


def test_csv_in_an_unreadable_encoding_asks_for_csv_utf8(world, importer):
    content = csv_bytes(roster_rows(2), encoding="utf-16")
    job = importer(content, "pegawai.csv")
    assert codes(job) == [(None, "csv_encoding")]
    with scopes_disabled():
        assert "CSV UTF-8" in job.row_errors.get().fix


def test_file_over_the_limit_is_refused_before_it_is_stored(world, settings):
    big = upload(b"x" * (50 * 1024 * 1024), "besar.csv")
    with pytest.raises(DomainError) as caught:
        services.create_import_job(world.tenant, world.users["admin"], upload=big)
    assert caught.value.code == "import_file_too_large"
    assert caught.value.status == 413
    with scopes_disabled():
        assert not ImportJob.objects.exists()


def test_commit_is_refused_while_the_dry_run_has_errors(world, importer):
    rows = roster_rows(2)
    rows[1][0] = "123"
    job = importer(xlsx_bytes(rows))
    with pytest.raises(DomainError) as caught, scope(tenant=world.tenant.pk):
        services.request_commit(world.tenant, world.users["admin"], job)
    assert caught.value.code == "import_not_ready"


def test_commit_rechecks_and_writes_nothing_when_the_data_changed(world, importer, unscoped):
    rows = roster_rows(3, unit="Dinas Baru")
    rows[1][4] = world.employees["pendidikan_staff"].nip
    job = importer(xlsx_bytes(rows))
    assert job.can_commit
    before = (Employee.objects.count(), Unit.objects.count(), AuditEvent.objects.count())
    world.employees["pendidikan_staff"].delete()  # the superior leaves before the commit

    job = importer.commit(job)
    assert job.status == ImportJob.Status.FAILED
    assert ("superior_unknown" in {code for _row, code in codes(job)})
    assert (None, "import_stale") in codes(job)
    assert Employee.objects.count() == before[0] - 1
    assert Unit.objects.count() == before[1]
    assert not Employee.objects.filter(nip__in=[r[0] for r in rows]).exists()
    assert not AuditEvent.objects.filter(action="people.employee.create").exists()


def test_commit_rechecks_the_stored_file(world, importer, unscoped):
    job = importer(xlsx_bytes(roster_rows(3)))
    with job.file.open("wb") as handle:  # the stored file is replaced behind our back
        handle.write(xlsx_bytes([["123", "X", "Y", "Inspektorat"]], HEADERS[:4]))
    job = importer.commit(job)
    assert job.status == ImportJob.Status.FAILED
    assert not Employee.objects.filter(nip__in=[r[0] for r in roster_rows(3)]).exists()


def test_unit_scoped_role_cannot_read_imports(world):
    from integritas.accounts.permissions import grant
    from integritas.accounts.selectors import active_memberships
    from integritas.people.imports.selectors import jobs_for

    memberships = active_memberships(world.users["opd_head"], world.tenant)
    assert not grant(memberships, "people.import").allowed
    with scope(tenant=world.tenant.pk):
        assert not jobs_for(world.tenant, grant(memberships, "people.view")).exists()


def test_existing_employee_is_updated_not_duplicated(world, importer, unscoped):
    existing = EmployeeFactory(unit=world.units["pendidikan"], name="Budi Lama")
    row = roster_rows(1)[0]
    row[0] = existing.nip
    row[7] = ""
    job = importer(xlsx_bytes([row]), commit=True)
    assert (job.count_new, job.count_updated) == (0, 1)
    assert employee(existing.nip).name == row[1]
