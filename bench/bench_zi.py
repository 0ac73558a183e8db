"""The Pemda ranking of ZI units (200 units × 5 years of LKE) and saving one area of the LKE.

    .venv/bin/python bench/bench_zi.py                       # a fresh SQLite file
    .venv/bin/python bench/bench_zi.py --database-url \\
        postgres://postgres@127.0.0.1:5432/integritas_bench_zi   # created and dropped

Builds a Pemda with 200 units, each with a ZI programme and an LKE for each of five years. One
LKE per unit and year is scored by the engine through the services (every item answered); the
other years copy its stored scores with their own totals, as the ranking only reads the totals
that the services store on every change. Then, as the Inspektur:

- `/bench/zi/peringkat/?year=Y` with variants (filters, sort, search, a second page), against
  the baseline of the same ranking as one hand-written SQL query through the same connection;
- saving the answers of area I of one LKE (`answer_items`: validate, store, re-score the whole
  LKE, audit) against scoring the whole LKE once in memory (`lke.scoring.score`).

Target: ranking p95 ≤ 200 ms. Prints p50/p95/p99 in ms and the ratios.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import time

from bench_campaign import setup_django
from bench_completion import create_database, drop_database
from bench_list import all_of, measure, percentiles

UNITS = 200
YEARS = 5
TARGET_P95_MS = 200
INSPEKTUR_EMAIL = "inspektur@bench-zi.example"
BASELINE_SQL = """
    SELECT a.id, a.year, a.ranking_total, a.unit_total, a.tpi_total, a.tpn_total,
           a.eligible_wbk, a.eligible_wbbm, a.answered, a.item_count, u.name, p.status
    FROM zi_lkeassessment a
    JOIN tenancy_unit u ON u.id = a.unit_id
    JOIN zi_ziprogramme p ON p.id = a.programme_id
    WHERE a.tenant_id = %s AND a.year = %s
    ORDER BY a.ranking_total DESC, u.path
    LIMIT 100
"""


def build(rng: random.Random):
    from django.core.management import call_command
    from django_scopes import scope

    from integritas.core.testing.factories import TenantFactory, UnitFactory
    from integritas.zi import assessment as lke
    from integritas.zi import services
    from integritas.zi.models import LkeAssessment, ZiProgramme

    call_command("load_libraries", verbosity=0)
    tenant = TenantFactory(slug="bench", name="Pemerintah Kota Bench", region_code="98.72")
    units = [UnitFactory(tenant=tenant, name=f"Dinas {n:03d}") for n in range(UNITS)]
    first_year = dt.date.today().year - YEARS + 1
    with scope(tenant=tenant.pk):
        programmes = [services.declare_programme(
            tenant, None, unit=unit, declared_on=dt.date(first_year - 1, 7, 9), place="Aula",
            signers=[], witnesses=[]) for unit in units]
        template = lke.start_assessment(tenant, None, programmes[0], year=first_year)
        framework = _framework(template)
        lke.answer_items(tenant, None, template, {
            item.code: {"value": _answer(item, rng)} for item in framework.items
            if not item.computed_from})
        template.refresh_from_db()
        rows = []
        for programme in programmes:
            for year in range(first_year, first_year + YEARS):
                if programme.pk == template.programme_id and year == first_year:
                    continue
                total = round(rng.uniform(40, 95), 2)
                tpi = round(total - rng.uniform(0, 8), 2) if rng.random() < 0.4 else None
                rows.append(LkeAssessment(
                    tenant=tenant, programme=programme, unit_id=programme.unit_id, year=year,
                    framework_id=template.framework_id, unit_total=total, tpi_total=tpi,
                    ranking_total=tpi if tpi is not None else total,
                    ranking_source="tpi" if tpi is not None else "unit",
                    eligible_wbk=(tpi or total) >= 75, eligible_wbbm=(tpi or total) >= 85,
                    item_count=template.item_count, answered=template.answered,
                    scores=template.scores, scored_at=template.scored_at))
        LkeAssessment.objects.bulk_create(rows, batch_size=500)
        assert LkeAssessment.objects.filter(tenant=tenant).count() == UNITS * YEARS
        assert ZiProgramme.objects.filter(tenant=tenant).count() == UNITS
    return tenant, template, framework, first_year + YEARS - 1


def _framework(assessment):
    from integritas.lke.selectors import parsed

    return parsed(assessment.framework)


def _answer(item, rng) -> str:
    if item.is_choice:
        return rng.choice(item.choices)
    if item.answer_type == "jumlah":
        return str(rng.randrange(1, 30))
    if item.answer_type == "indeks":
        return f"{rng.uniform(2.8, 3.9):.2f}"
    return str(rng.randrange(40, 101))


def inspektur_client(tenant):
    from django.test import Client

    from integritas.accounts.models import User
    from integritas.accounts.roles import Role
    from integritas.core.testing.factories import enrol_totp, grant_role
    from integritas.core.testing.personas import TEST_TOTP_SECRET

    user = User.objects.create_user(INSPEKTUR_EMAIL, None, full_name="Bench Inspektur")
    grant_role(user, tenant, Role.INSPEKTUR)
    enrol_totp(user, TEST_TOTP_SECRET)
    client = Client()
    client.force_login(user)
    return client


def baseline_sql(tenant, year: int, count: int) -> list[float]:
    from django.db import connection

    timings = []
    with connection.cursor() as cursor:
        for _ in range(count):
            started = time.perf_counter()
            cursor.execute(BASELINE_SQL, [tenant.pk, year])
            cursor.fetchall()
            timings.append((time.perf_counter() - started) * 1000)
    return timings


def save_area(tenant, template, framework, rng, count: int) -> tuple[list[float], list[float]]:
    from django_scopes import scope

    from integritas.lke.scoring import score
    from integritas.zi import assessment as lke

    area_1 = [i for i in framework.items
              if framework.area_of(i.code) == 1 and not i.computed_from]
    saves, scorings = [], []
    with scope(tenant=tenant.pk):
        answers = {a.item_code: a.unit_value for a in template.answers.all() if a.unit_value}
        for _ in range(count):
            batch = {item.code: {"value": _answer(item, rng)} for item in area_1}
            started = time.perf_counter()
            lke.answer_items(tenant, None, template, batch)
            saves.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            score(framework, answers)
            scorings.append((time.perf_counter() - started) * 1000)
    return saves, scorings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--saves", type=int, default=40)
    parser.add_argument("--database-url", help="PostgreSQL database to create and drop; "
                                               "default: a fresh SQLite file")
    args = parser.parse_args()
    os.environ.update({"ALLOWED_HOSTS": "testserver", "SECURE_TLS": "0"})
    if args.database_url:
        create_database(args.database_url)
    try:
        run(args)
    finally:
        if args.database_url:
            drop_database(args.database_url)


def run(args) -> None:
    setup_django(args.database_url)
    from django.db import connection

    rng = random.Random(11)
    started = time.perf_counter()
    tenant, template, framework, year = build(rng)
    print(f"== bench_zi on {connection.vendor}: {UNITS} units × {YEARS} years = "
          f"{UNITS * YEARS} LKE, built in {time.perf_counter() - started:.1f} s ==", flush=True)
    client = inspektur_client(tenant)
    base = "/bench/zi/peringkat/"
    urls = [f"{base}?year={year}", f"{base}?year={year}&eligible=wbk",
            f"{base}?year={year}&sort=unit", f"{base}?year={year}&q=Dinas+01",
            f"{base}?year={year - 1}&page=2", f"{base}?year={year}&status=dicanangkan"]
    measure(client, urls, len(urls) * 2)  # warm caches and connections
    page = percentiles(all_of(measure(client, urls, args.requests)))
    sql = percentiles(baseline_sql(tenant, year, args.requests))
    verdict = "met" if page["p95"] <= TARGET_P95_MS else "MISSED"
    print(f"ranking page   {_figures(page)}   (target p95 ≤ {TARGET_P95_MS} ms: {verdict})")
    print(f"baseline SQL   {_figures(sql)}   (the same ranking, one hand-written query)")
    print(f"ratio page/SQL at p95: {page['p95'] / sql['p95']:.1f}×")
    saves, scorings = save_area(tenant, template, framework, rng, args.saves)
    save, scoring = percentiles(saves), percentiles(scorings)
    print(f"save area I    p50 {save['p50']:7.1f}  p95 {save['p95']:7.1f} ms"
          f"   ({len(saves)} saves: validate, store, re-score unit/TPI/TPN, audit)")
    print(f"score one LKE  p50 {scoring['p50']:7.1f}  p95 {scoring['p95']:7.1f} ms"
          f"   (baseline: the engine alone, in memory); ratio at p50: "
          f"{save['p50'] / statistics.median(scorings):.1f}×")


def _figures(cuts: dict) -> str:
    return f"p50 {cuts['p50']:7.1f}  p95 {cuts['p95']:7.1f}  p99 {cuts['p99']:7.1f} ms"


if __name__ == "__main__":
    main()
