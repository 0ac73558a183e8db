"""The roster import as the tenant admin does it: upload, read the check, download or import."""

import pytest

from e2e.roster import (
    NEW_UNIT,
    commit_import,
    sheet_rows,
    upload_roster,
    valid_people,
    write_roster,
)
from integritas.core.testing.personas import TEST_TOTP_SECRET

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def admin_tab(world, open_tab):
    tab = open_tab(accept_downloads=True)
    tab.log_in(world.users["admin"].email, TEST_TOTP_SECRET)
    return tab


def test_import_with_errors_lists_each_problem_and_offers_no_import(admin_tab, tmp_path):
    first, second, third = valid_people()[:3]
    roster = write_roster(tmp_path / "roster-salah.xlsx", [
        first.cells(),
        ("1966080119880", "Bambang Susilo", "Analis Kebijakan", first.unit),  # row 3: too short
        (first.nip, "Ahmad Fauzi Lagi", "Pengadministrasi Umum", first.unit),  # row 4: duplicate
        (second.nip, second.name, second.position, None),  # row 5: no unit
        third.cells(),
    ])
    page = admin_tab.page

    upload_roster(admin_tab, roster)

    problems = page.locator("section.card", has=page.get_by_role("heading", name="Masalah"))
    table_rows = problems.locator("tbody tr")
    assert table_rows.count() == 3
    assert problems.locator("tbody td:first-child").all_inner_texts() == ["3", "4", "5"]
    for header in ("Baris", "Kolom", "Nilai", "Masalah", "Cara memperbaiki"):
        assert problems.get_by_role("columnheader", name=header, exact=True).count() == 1
    assert "(nip_length)" in table_rows.nth(0).inner_text()
    assert "(nip_duplicate)" in table_rows.nth(1).inner_text()
    assert "(unit_required)" in table_rows.nth(2).inner_text()
    for i in range(3):  # every problem says how to fix it
        assert table_rows.nth(i).locator("td").nth(4).inner_text().strip()
    assert page.get_by_role("alert").filter(has_text="3 masalah").count() == 1
    assert page.get_by_role("button", name="Impor").count() == 0
    admin_tab.screenshot("import_preview_with_errors")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Unduh laporan kesalahan").click()
    report = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(report)
    assert report.suffix == ".xlsx"
    header, *problem_rows = sheet_rows(report)
    assert header[:2] == ("Baris", "Kolom")
    assert [(row[0], row[1]) for row in problem_rows] == \
        [(3, "NIP"), (4, "NIP"), (5, "Unit Kerja")]
    assert all(row[3] and row[4] for row in problem_rows)  # what is wrong, how to fix it
    assert admin_tab.console_errors() == []


def test_valid_import_adds_employees_and_the_new_unit(admin_tab, tmp_path):
    people = valid_people()
    roster = write_roster(tmp_path / "roster-baik.xlsx", [person.cells() for person in people])
    page = admin_tab.page

    upload_roster(admin_tab, roster)
    assert _stat(page, "Pegawai baru") == "5"
    assert _stat(page, "Kesalahan") == "0"
    assert NEW_UNIT in page.locator("dl.props").inner_text()
    admin_tab.screenshot("import_preview_valid")

    commit_import(admin_tab, rows=5)
    admin_tab.screenshot("import_done")

    admin_tab.go("/contoh/pegawai/")
    table = page.locator("table.data tbody")
    for person in people:
        assert table.get_by_role("link", name=person.name).count() == 1
    assert table.get_by_text(NEW_UNIT).count() == 1
    admin_tab.screenshot("import_employees_listed")
    assert admin_tab.console_errors() == []


def _stat(page, label: str) -> str:
    stat = page.locator(".stat", has=page.locator(".label", has_text=label))
    return stat.locator(".value").inner_text()
