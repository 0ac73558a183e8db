"""Latency of the Pemda's conflict-of-interest register page with 100,000 declarations.

    .venv/bin/python bench/bench_conflicts.py [--declarations 100000] [--requests 200]
                                              [--database-url URL]

Builds a Pemda in a fresh SQLite file (or the given database): 40 OPD with 2 sub-units each,
5,000 employees, and the declarations bulk-inserted over three years, about 60 % of them with a
decision. The inspektur (whole-Pemda grant) then requests `/bench/benturan/register/` through
Django's test client with a mix of pages, filters, searches and sorts. Baseline, measured in the
same run: the same first page as one hand-written SQL query (the count and the 50 rows with
their joins), i.e. the database's share alone; for context, an empty page of the module (the
layout, session and tenant middleware). Prints p50/p95 in ms and the ratio.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OPDS = 40
EMPLOYEES = 5_000
BATCH = 5_000


def setup_django(database_url: str | None) -> None:
    data_dir = tempfile.mkdtemp(prefix="integritas-bench-conflicts-")
    os.environ.update({"DJANGO_SETTINGS_MODULE": "integritas.settings",
                       "INTEGRITAS_DATA_DIR": data_dir, "ALLOWED_HOSTS": "testserver",
                       "SECURE_TLS": "0"})
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build(declarations: int):
    from django_scopes import scopes_disabled

    from integritas.conflicts.models import CatalogueEntry
    from integritas.conflicts.tests.helpers import load_reference_data
    from integritas.core.testing.factories import TenantFactory, UnitFactory, random_nip
    from integritas.people.models import Employee

    load_reference_data()
    rng = random.Random(7)
    tenant = TenantFactory(slug="bench", name="Pemerintah Kota Bench", region_code="98.72")
    opds = [UnitFactory(tenant=tenant, name=f"Dinas {n:02d}") for n in range(OPDS)]
    units = [(UnitFactory(tenant=tenant, name=f"Bidang {k} {opd.name}", parent=opd), opd)
             for opd in opds for k in range(2)]
    types = list(CatalogueEntry.objects.filter(kind="type"))
    sources = list(CatalogueEntry.objects.filter(kind="source"))
    measures = list(CatalogueEntry.objects.filter(kind="measure", means_no_conflict=False))
    nips = set()
    while len(nips) < EMPLOYEES:
        nips.add(random_nip(rng))
    with scopes_disabled():
        staff = Employee.objects.bulk_create([
            Employee(tenant=tenant, nip=nip, name=f"Pegawai {n:05d}", sort_name=f"pegawai {n:05d}",
                     sex="M", unit=units[n % len(units)][0], position_title=f"Analis {n % 30}")
            for n, nip in enumerate(sorted(nips))], batch_size=BATCH)
        opd_of = {unit.pk: opd.pk for unit, opd in units}
        _insert_declarations(tenant, staff, opd_of, types, sources, measures, declarations,
                             rng)
    return tenant, opds


DECLARATION_COLUMNS = (
    "created_at", "updated_at", "tenant_id", "declarant_id", "unit_id", "opd_id",
    "position_title", "kind", "conflict_type_id", "source_id", "subject_kind", "subject_ref",
    "description", "declared_on", "due_on", "status")


def _insert_declarations(tenant, staff, opd_of, types, sources, measures, count, rng):
    """Plain INSERTs (the ORM's bulk_create is limited to 999 parameters a statement on SQLite,
    which makes the set-up, not the page, the slow part); decisions by one INSERT ... SELECT."""
    from django.db import connection, transaction
    from django.utils import timezone

    now = timezone.now()
    start = dt.date(2024, 1, 1)
    rows = []
    for n in range(count):
        employee = staff[n % len(staff)]
        declared = start + dt.timedelta(days=rng.randrange(0, 1060))
        rows.append((
            now, now, tenant.pk, employee.pk, employee.unit_id, opd_of[employee.unit_id],
            employee.position_title, rng.choice(["aktual", "potensial", "dirasakan"]),
            rng.choice(types).pk, rng.choice(sources).pk,
            rng.choice(["procurement", "permit", "hiring", "audit", "other"]), f"REF-{n:06d}",
            "Uraian situasi benturan kepentingan.", declared, declared + dt.timedelta(days=9),
            rng.choices(["decided", "suspended", "withdrawn"], [6, 3, 1])[0]))
    columns = ", ".join(DECLARATION_COLUMNS)
    marks = ", ".join(["%s"] * len(DECLARATION_COLUMNS))
    measure = " ".join(f"WHEN {n} THEN {m.pk}" for n, m in enumerate(measures))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO conflicts_declaration ({columns}) VALUES ({marks})",
                           rows)
        cursor.execute(
            "INSERT INTO conflicts_decision (created_at, updated_at, tenant_id, declaration_id,"
            " decided_by_id, decided_on, is_real, impact, measure_id, reasons, on_time)"
            f" SELECT %s, %s, tenant_id, id, %s, due_on, %s, '-',"
            f" CASE id %% {len(measures)} {measure} END, '-', %s"
            " FROM conflicts_declaration WHERE tenant_id = %s AND status = 'decided'",
            [now, now, staff[0].pk, True, True, tenant.pk])
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")  # as autovacuum would, before anyone opens the page


def client_for_inspektur(tenant):
    from django.test import Client

    from integritas.accounts.roles import Role
    from integritas.core.testing.factories import UserFactory, enrol_totp, grant_role
    from integritas.core.testing.personas import TEST_TOTP_SECRET

    user = UserFactory(email="inspektur@bench.example", full_name="Bench Inspektur")
    grant_role(user, tenant, Role.INSPEKTUR)
    enrol_totp(user, TEST_TOTP_SECRET)
    client = Client()
    client.force_login(user)  # the login steps are not what is measured here
    return client


def variants(opds) -> list[str]:
    from integritas.conflicts.models import CatalogueEntry

    types = list(CatalogueEntry.objects.filter(kind="type"))
    base = "/bench/benturan/register/"
    return [base, f"{base}?page=40", f"{base}?kind=aktual", f"{base}?status=suspended",
            f"{base}?opd={opds[3].pk}", f"{base}?year=2025&type={types[1].pk}",
            f"{base}?q=REF-0420", f"{base}?sort=due_on&page=7", f"{base}?q=Pegawai%2001"]


def measure(func, count: int) -> list[float]:
    timings = []
    for n in range(count):
        started = time.perf_counter()
        func(n)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def p(timings: list[float], q: int) -> float:
    return statistics.quantiles(timings, n=100, method="inclusive")[q - 1]


BASELINE_SQL = """
SELECT d.id, d.declared_on, d.kind, d.status, d.subject_kind, d.subject_ref, d.position_title,
       e.name, e.nip, u.name, o.name, t.label, s.label, m.label
FROM conflicts_declaration d
JOIN people_employee e ON e.id = d.declarant_id
JOIN tenancy_unit u ON u.id = d.unit_id
JOIN tenancy_unit o ON o.id = d.opd_id
JOIN conflicts_catalogueentry t ON t.id = d.conflict_type_id
JOIN conflicts_catalogueentry s ON s.id = d.source_id
LEFT JOIN conflicts_decision c ON c.declaration_id = d.id
LEFT JOIN conflicts_catalogueentry m ON m.id = c.measure_id
WHERE d.tenant_id = %s
ORDER BY d.declared_on DESC, d.id DESC LIMIT 50
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--declarations", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    setup_django(args.database_url)
    from django.db import connection

    started = time.perf_counter()
    tenant, opds = build(args.declarations)
    print(f"built {args.declarations:,} declarations in {time.perf_counter() - started:.1f} s "
          f"({connection.vendor})")
    client = client_for_inspektur(tenant)
    urls = variants(opds)
    for url in urls:  # warm caches once, and check every variant answers
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code, response.get("Location"))
    page = measure(lambda n: client.get(urls[n % len(urls)]), args.requests)

    def baseline(_n):
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM conflicts_declaration WHERE tenant_id = %s",
                           [tenant.pk])
            cursor.fetchone()
            cursor.execute(BASELINE_SQL, [tenant.pk])
            cursor.fetchall()

    sql = measure(baseline, args.requests)
    empty = measure(lambda n: client.get("/bench/benturan/keputusan/"), args.requests // 2)
    print(f"register page ({len(urls)} variants, {args.requests} requests): "
          f"p50 {p(page, 50):.1f} ms, p95 {p(page, 95):.1f} ms (target p95 <= 200 ms)")
    print(f"baseline, first page as hand-written SQL: p50 {p(sql, 50):.1f} ms, "
          f"p95 {p(sql, 95):.1f} ms")
    print(f"context, an empty page of the module (layout, session, tenant): "
          f"p50 {p(empty, 50):.1f} ms, p95 {p(empty, 95):.1f} ms")
    print(f"ratio page/baseline: p50 {p(page, 50) / p(sql, 50):.1f}x, "
          f"p95 {p(page, 95) / p(sql, 95):.1f}x")


if __name__ == "__main__":
    main()
