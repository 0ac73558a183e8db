"""Roster files for the import tests, built in memory."""

from __future__ import annotations

import csv
import io
import random
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from integritas.core.testing.factories import random_nip

HEADERS = ["NIP", "Nama", "Jabatan", "Unit Kerja", "Atasan", "Jenis Jabatan", "Eselon",
           "Jenis Kelamin", "Status Kepegawaian", "Email"]


def roster_rows(count: int = 5, *, seed: int = 7, unit: str = "Inspektorat") -> list[list]:
    """A head and `count - 1` staff reporting to them, all in `unit`."""
    rng = random.Random(seed)
    nips = []
    while len(nips) < count:
        nip = random_nip(rng)
        if nip not in nips:
            nips.append(nip)
    head = [nips[0], "Dr. H. Ahmad Fauzi, S.E., M.Si.", "Inspektur", unit, "", "JPT", "II.a",
            "L" if nips[0][14] == "1" else "P", "PNS", "ahmad@contoh.go.id"]
    staff = [[nip, f"Pegawai {i}", "Auditor Ahli Muda", unit, nips[0], "Fungsional", "",
              "", "PNS", ""] for i, nip in enumerate(nips[1:], start=1)]
    return [head, *staff]


def xlsx_bytes(rows: list[list], headers: list[str] = HEADERS) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_with_numeric_nips(rows: list[list]) -> bytes:
    """NIP and Atasan as exact whole-number cells (`<v>196608011988031001</v>`), as some
    personnel systems write them; openpyxl itself would write a rounded float."""
    placeholders: dict[str, str] = {}
    numbered = []
    for row in rows:
        row = list(row)
        for index in (0, 4):
            if row[index]:
                key = placeholders.setdefault(row[index], str(900001 + len(placeholders)))
                row[index] = int(key)
        numbered.append(row)
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes(numbered)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                for nip, key in placeholders.items():
                    text = text.replace(f"<v>{key}</v>", f"<v>{nip}</v>")
                data = text.encode()
            target.writestr(item, data)
    return buffer.getvalue()


def csv_bytes(rows: list[list], headers: list[str] = HEADERS, *, delimiter: str = ";",
              encoding: str = "utf-8-sig") -> bytes:
    text = io.StringIO()
    writer = csv.writer(text, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(rows)
    return text.getvalue().encode(encoding)


def upload(content: bytes, name: str = "pegawai.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)
