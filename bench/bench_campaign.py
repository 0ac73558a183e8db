"""Opening a pact campaign for 10,000 employees, and its completion query, on SQLite.

    .venv/bin/python bench/bench_campaign.py [--employees 10000] [--database-url URL]

Builds a Pemda in a fresh SQLite file (40 OPD, 2 sub-units each, a reporting chain of head ->
kabid -> staff), then times `open_campaign` for a whole-Pemda campaign with a named witness for
heads of OPD: the targeting query, the witness of every target, the bulk insert and one audit
event per target. Baseline, measured in the same run: bulk-inserting the same number of
employees (the cost of writing that many rows, with no logic and no audit). Then the p50/p95 of
`completion_by_opd` over the opened campaign.
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
SUB_UNITS = 2


def setup_django(database_url: str | None) -> None:
    data_dir = tempfile.mkdtemp(prefix="integritas-bench-campaign-")
    os.environ.update({"DJANGO_SETTINGS_MODULE": "integritas.settings",
                       "INTEGRITAS_DATA_DIR": data_dir})
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build_pemda(size: int):
    """A tenant, its units and `size` employees; returns (tenant, seconds to insert employees)."""
    from django_scopes import scopes_disabled

    from integritas.core.testing.factories import TenantFactory, UnitFactory, random_nip
    from integritas.people.models import Employee

    rng = random.Random(7)
    tenant = TenantFactory(slug="bench", name="Pemerintah Kota Bench", region_code="98.71")
    opds = [UnitFactory(tenant=tenant, name=f"Dinas {n:02d}") for n in range(OPDS)]
    subs = {opd.pk: [UnitFactory(tenant=tenant, name=f"Bidang {k}", parent=opd)
                     for k in range(SUB_UNITS)] for opd in opds}
    nips = set()
    while len(nips) < size:
        nips.add(random_nip(rng))
    nips = sorted(nips)

    def employee(index, unit, title, kind, superior_id=None):
        return Employee(tenant=tenant, nip=nips[index], name=f"Pegawai {index:05d}",
                        sort_name=f"pegawai {index:05d}", sex="M", unit=unit,
                        position_title=title, position_kind=kind, superior_id=superior_id)

    started = time.perf_counter()
    with scopes_disabled():
        heads = Employee.objects.bulk_create(
            [employee(n, opd, "Kepala Dinas", "jpt") for n, opd in enumerate(opds)])
        kabids = Employee.objects.bulk_create(_kabids(employee, heads, opds, subs))
        first_staff = len(heads) + len(kabids)
        Employee.objects.bulk_create(
            [employee(n, kabids[n % len(kabids)].unit, "Analis", "pelaksana",
                      kabids[n % len(kabids)].pk) for n in range(first_staff, size)],
            batch_size=1000)
    return tenant, heads[0], time.perf_counter() - started


def _kabids(employee, heads, opds, subs):
    rows, index = [], len(heads)
    for head, opd in zip(heads, opds, strict=True):
        for sub in subs[opd.pk]:
            rows.append(employee(index, sub, "Kepala Bidang", "administrator", head.pk))
            index += 1
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--employees", type=int, default=10_000)
    parser.add_argument("--database-url", help="default: a fresh SQLite file")
    args = parser.parse_args()
    setup_django(args.database_url)
    from django.db import connection
    from django_scopes import scope

    from integritas.accounts.permissions import Grant
    from integritas.core.testing.factories import UserFactory
    from integritas.pacts import selectors, services

    tenant, official, insert_seconds = build_pemda(args.employees)
    actor = UserFactory(email="bench@bench.example")
    text = services.create_text(tenant, actor, code="pi", title="Pakta Integritas",
                                body="Saya, {nama}, NIP {nip}, {jabatan}, menyatakan.")
    campaign = services.create_campaign(
        tenant, actor, title="PI 2027", text=text, occasion="annual",
        opens_on=dt.date(2027, 1, 4), due_on=dt.date(2027, 1, 29), target_kind="tenant",
        opd_head_witness=official)
    print(f"== bench_campaign: {args.employees:,} employees on {connection.vendor} ==",
          flush=True)
    started = time.perf_counter()
    services.open_campaign(tenant, actor, campaign)
    open_seconds = time.perf_counter() - started
    with scope(tenant=tenant.pk):
        targets = campaign.targets.count()
        timings = []
        for _ in range(50):
            started = time.perf_counter()
            selectors.completion_by_opd(tenant, Grant(True), campaign)
            timings.append((time.perf_counter() - started) * 1000)
    cuts = statistics.quantiles(timings, n=100, method="inclusive")
    print(f"open_campaign: {targets:,} targets in {open_seconds:6.2f} s "
          f"= {targets / open_seconds:,.0f} targets/s")
    print(f"baseline:      {args.employees:,} employees bulk-inserted in {insert_seconds:6.2f} s")
    print(f"ratio:         {open_seconds / insert_seconds:.1f}× the baseline time")
    print(f"completion_by_opd ({OPDS} OPD): p50 {cuts[49]:.1f} ms, p95 {cuts[94]:.1f} ms")


if __name__ == "__main__":
    main()
