"""Roster import benchmark: 20,000 rows, ~40 units, superiors.

Times (a) openpyxl's own read-only parse of the file (every row, values only) and (b) our whole
import, dry run plus commit, on a fresh SQLite database in INTEGRITAS_DATA_DIR, and prints both
and their ratio. Run: `.venv/bin/python bench/bench_import.py [rows]`.
"""

from __future__ import annotations

import io
import os
import random
import sys
import time
from pathlib import Path

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
UNITS = 40
EXISTING_UNITS = 20  # half the units exist already, half are created by the import

DATA_DIR = Path(os.environ.setdefault("INTEGRITAS_DATA_DIR", "/tmp/itg-bench-import"))
DATA_DIR.mkdir(parents=True, exist_ok=True)
DB_FILE = DATA_DIR / "bench-import.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{DB_FILE}"
os.environ["HUEY_IMMEDIATE"] = "1"  # the queued dry run and commit run inline, as in tests
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "integritas.settings")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def fresh_database() -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{DB_FILE}{suffix}").unlink(missing_ok=True)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def roster_xlsx(rows: int) -> bytes:
    from openpyxl import Workbook

    from integritas.core.testing.factories import random_nip

    rng = random.Random(2027)
    nips: set[str] = set()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Pegawai")
    sheet.append(["NIP", "Nama", "Jabatan", "Unit Kerja", "Atasan", "Jenis Jabatan", "Eselon",
                  "Jenis Kelamin", "Status Kepegawaian", "Email"])
    heads: dict[int, str] = {}
    for index in range(rows):
        nip = random_nip(rng)
        while nip in nips:
            nip = random_nip(rng)
        nips.add(nip)
        unit = index % UNITS
        is_head = unit not in heads
        heads.setdefault(unit, nip)
        sheet.append([
            nip, f"Pegawai {index:05d}, S.Kom.", "Kepala Dinas" if is_head else "Analis",
            f"Dinas Nomor {unit:02d}", "" if is_head else heads[unit],
            "JPT" if is_head else "Pelaksana", "II.b" if is_head else "",
            "L" if nip[14] == "1" else "P", "PNS", f"pegawai{index}@contoh.go.id",
        ])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def openpyxl_parse(content: bytes) -> float:
    from openpyxl import load_workbook

    start = time.perf_counter()
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    count = sum(1 for _row in workbook.worksheets[0].iter_rows(values_only=True))
    workbook.close()
    assert count == ROWS + 1
    return time.perf_counter() - start


def full_import(content: bytes) -> tuple[float, object]:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django_scopes import scopes_disabled

    from integritas.core.testing.factories import TenantFactory, UnitFactory, UserFactory
    from integritas.people.imports import services
    from integritas.people.models import ImportJob

    tenant = TenantFactory(slug="bench", name="Pemerintah Kota Bench", region_code="99.99")
    admin = UserFactory(email="admin@bench.go.id")
    for unit in range(EXISTING_UNITS):
        UnitFactory(tenant=tenant, name=f"Dinas Nomor {unit:02d}")
    start = time.perf_counter()
    job = services.create_import_job(tenant, admin,
                                     upload=SimpleUploadedFile("roster.xlsx", content))
    with scopes_disabled():
        job = ImportJob.objects.get(pk=job.pk)
        assert job.can_commit, list(job.row_errors.values_list("row", "code")[:10])
        services.request_commit(tenant, admin, job)
        job = ImportJob.objects.get(pk=job.pk)
    elapsed = time.perf_counter() - start
    assert job.status == ImportJob.Status.DONE, job.status
    return elapsed, job


def main() -> None:
    fresh_database()
    content = roster_xlsx(ROWS)
    baseline = openpyxl_parse(content)
    ours, job = full_import(content)
    print(f"rows: {ROWS:,}  file: {len(content) / 1e6:.1f} MB  units: {UNITS} "
          f"({len(job.new_units)} created)")
    print(f"(a) openpyxl read-only parse:     {baseline:7.2f} s")
    print(f"(b) our import (validate+commit): {ours:7.2f} s  "
          f"({job.count_new:,} new, {job.count_updated:,} updated)")
    print(f"ratio (b)/(a): {ours / baseline:.1f}x")


if __name__ == "__main__":
    main()
