"""The cases figures the leadership overview asks for, over a busy Pemda's case history.

    .venv/bin/python bench/bench_cases_ws.py [--cases 5000] [--runs 30] [--database-url URL]

Builds 40 OPD (2 sub-units each) and `--cases` cases spread over 18 months in a fresh SQLite
file, or in the PostgreSQL database named by --database-url (created and dropped here). The
cases are bulk-inserted with dummy ciphertext (benchmark data, not the intake path, which
bench_intake.py measures): a mix of channels, categories, units and states, a first response
for most, closure and outcome for the finished ones, about one in ten breached.

Times `metrics.tenant_metrics` + `metrics.unit_metrics` together (what the overview calls per
Pemda) and, the baseline measured the same way in the same run, one `COUNT(*)` of the tenant's
cases. Prints p50/p95/p99 in ms, the ratio, and the contract's budget (≤ 300 ms for the whole
overview, every module together).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time

from bench_campaign import setup_django
from bench_completion import create_database, drop_database
from bench_list import percentiles

OPDS = 40
MONTHS = 18
BUDGET_MS = 300


def build(count: int):
    from django.utils import timezone
    from django_scopes import scopes_disabled

    from integritas.cases.models import Case, Outcome, State
    from integritas.core.testing.factories import TenantFactory, UnitFactory

    rng = random.Random(11)
    tenant = TenantFactory(slug="bench", name="Pemerintah Kota Bench", region_code="98.71")
    units = []
    for n in range(OPDS):
        opd = UnitFactory(tenant=tenant, name=f"Dinas {n:02d}")
        units += [opd, *(UnitFactory(tenant=tenant, name=f"Bidang {k}", parent=opd)
                         for k in range(2))]
    now = timezone.now()
    states = [State.DITERIMA, State.VERIFIKASI, State.TELAAH, State.PEMERIKSAAN,
              State.TINDAK_LANJUT, State.DILIMPAHKAN, State.SELESAI, State.SELESAI,
              State.SELESAI, State.DITOLAK]
    rows = []
    for n in range(count):
        received = now - dt.timedelta(days=rng.uniform(0, MONTHS * 30))
        state = rng.choice(states)
        closed = state in (State.SELESAI, State.DITOLAK)
        day = timezone.localdate(received)
        rows.append(Case(
            tenant=tenant, number=f"WBS-{n:06d}", channel=rng.choice(["wbs", "complaint"]),
            category=rng.choice(["suap", "pungli", "korupsi", "pelayanan_publik"]),
            unit=rng.choice(units) if rng.random() > 0.2 else None, state=state,
            received_at=received, first_response_due=day + dt.timedelta(days=5),
            first_response_at=None if state == State.DITERIMA
            else received + dt.timedelta(days=rng.randint(0, 6)),
            due_on=None if closed else day + dt.timedelta(days=rng.randint(5, 80)),
            breached_at=received + dt.timedelta(days=9) if rng.random() < 0.1 else None,
            closed_at=received + dt.timedelta(days=rng.randint(5, 90)) if closed else None,
            outcome=rng.choice(Outcome.values) if state == State.SELESAI else "",
            content_box=b"x" * 64, receipt_hash=f"{n:064d}"))
    with scopes_disabled():
        Case.objects.bulk_create(rows, batch_size=1000)
    return tenant


def timed(function, runs: int) -> list[float]:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    if args.database_url:
        create_database(args.database_url)
    setup_django(args.database_url)
    try:
        from django_scopes import scope

        from integritas.cases import metrics
        from integritas.cases.models import Case

        tenant = build(args.cases)
        with scope(tenant=tenant.pk):
            metrics.tenant_metrics(tenant)  # warm the calendar cache, as a running server is
            figures = timed(lambda: (metrics.tenant_metrics(tenant),
                                     metrics.unit_metrics(tenant)), args.runs)
            baseline = timed(lambda: Case.objects.filter(tenant=tenant).count(), args.runs)
        engine = "PostgreSQL" if args.database_url else "SQLite"
        ours, base = percentiles(figures), percentiles(baseline)
        print(f"{engine}, {args.cases} cases, {args.runs} runs")
        print("cases metrics (tenant + unit): " + ", ".join(
            f"{k} {v:.1f} ms" for k, v in ours.items()))
        print("baseline COUNT(*):             " + ", ".join(
            f"{k} {v:.1f} ms" for k, v in base.items()))
        print(f"ratio p50 {ours['p50'] / base['p50']:.1f}x; budget for the whole overview "
              f"{BUDGET_MS} ms: {'within' if ours['p95'] <= BUDGET_MS else 'OVER'}")
    finally:
        if args.database_url:
            drop_database(args.database_url)


if __name__ == "__main__":
    main()
