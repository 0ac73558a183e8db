"""The employee register as the tenant admin uses it: search, filter by unit, export."""

import pytest

from e2e.roster import sheet_rows
from integritas.core.testing.personas import TEST_TOTP_SECRET
from integritas.people.nip import format_nip

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_admin_finds_employees_by_name_nip_and_unit_and_exports_them(world, open_tab, tmp_path):
    from integritas.core.testing.factories import EmployeeFactory

    EmployeeFactory(unit=world.units["pendidikan"], name="Siti Rahayu, S.Pd.")
    siti = world.employees["dukcapil_staff"]
    budi = world.employees["pendidikan_staff"]
    tab = open_tab(accept_downloads=True)
    tab.log_in(world.users["admin"].email, TEST_TOTP_SECRET)
    page = tab.page
    tab.go("/contoh/pegawai/")

    _search(page, "siti")
    assert _names(page) == ["Siti Aminah, S.Kom.", "Siti Rahayu, S.Pd."]

    _search(page, format_nip(budi.nip))  # typed as printed: "19660801 198803 1 001"
    assert _names(page) == ["Budi Hartono"]
    assert format_nip(budi.nip) in page.locator("table.data tbody").inner_text()

    _search(page, "siti")
    with page.expect_navigation():
        page.get_by_label("Unit (beserta subunit)").select_option(
            label=f"{world.units['dukcapil'].name}")
    assert _names(page) == [siti.name]  # found through the sub-unit Bidang Pelayanan
    tab.screenshot("employee_list_filtered")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Ekspor ke Excel").click()
    workbook = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(workbook)
    assert workbook.suffix == ".xlsx"
    header, *rows = sheet_rows(workbook)
    assert header[:2] == ("NIP", "Nama")
    assert [(row[0], row[1]) for row in rows] == [(siti.nip, siti.name)]
    assert tab.console_errors() == []


def _search(page, text: str) -> None:
    page.get_by_label("Nama atau NIP").fill(text)
    with page.expect_navigation():
        page.get_by_role("button", name="Cari", exact=True).click()


def _names(page) -> list[str]:
    return page.locator("table.data tbody tr td:first-child a").all_inner_texts()
