"""Roster files built in the test, and the admin's upload of one, as the browser tests need them."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook, load_workbook

HEADERS = ("NIP", "Nama", "Jabatan", "Unit Kerja")
JOB_PAGE = re.compile(r"/pegawai/impor/\d+/$")
NEW_UNIT = "UPTD Pelayanan Adminduk Kecamatan Utara"


@dataclass(frozen=True)
class Person:
    nip: str
    name: str
    position: str
    unit: str

    def cells(self) -> tuple[str, str, str, str]:
        return (self.nip, self.name, self.position, self.unit)


def valid_people() -> list[Person]:
    """Five valid rows: four in the world's units, one in a unit the import creates."""
    from integritas.core.testing.factories import random_nip

    rng = random.Random(20270112)
    rows = [("Ahmad Fauzi, S.E.", "Analis Kependudukan", "Dinas Kependudukan dan Catatan Sipil"),
            ("Dewi Lestari", "Pengadministrasi Umum", "Dinas Kependudukan dan Catatan Sipil"),
            ("Yusuf Maulana, S.Pd.", "Guru Ahli Muda", "Dinas Pendidikan"),
            ("Rina Marlina", "Auditor Ahli Pertama", "Inspektorat"),
            ("Hendra Gunawan", "Kepala UPTD", NEW_UNIT)]
    return [Person(random_nip(rng), name, position, unit) for name, position, unit in rows]


def write_roster(path: Path, rows: list[tuple]) -> Path:
    """An .xlsx with our template's headers; NIPs are text, as the template asks."""
    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    for cell in sheet["A"]:
        cell.number_format = "@"
    book.save(path)
    return path


def sheet_rows(path: Path) -> list[tuple]:
    """The rows of the first sheet of a downloaded workbook, header included."""
    book = load_workbook(path, read_only=True)
    try:
        return [tuple(row) for row in book.worksheets[0].iter_rows(values_only=True)]
    finally:
        book.close()


def upload_roster(tab, path: Path) -> None:
    """The admin uploads the file and waits until the check is over (the page polls with htmx
    and reloads itself when the job stops running)."""
    page = tab.page
    tab.go("/contoh/pegawai/impor/baru/")
    page.set_input_files("input[name=file]", str(path))
    page.get_by_role("button", name="Unggah dan periksa").click()
    page.wait_for_url(JOB_PAGE)
    wait_until_job_settled(page)


def wait_until_job_settled(page) -> None:
    """The result cards appear only once the job is no longer running."""
    page.locator(".cards .stat").first.wait_for(timeout=20_000)


def commit_import(tab, rows: int) -> None:
    """Click "Impor n baris", confirm the browser's dialog, wait for the done state."""
    page = tab.page
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name=f"Impor {rows} baris").click()
    page.get_by_text(f"Diimpor: {rows} baru").wait_for(timeout=20_000)
