"""Latency of the leadership overview for one Pemda and of a province's roll-up of 40
regencies/cities, on PostgreSQL, each against the same aggregates as one hand-written SQL query.

    .venv/bin/python bench/bench_overview.py [--employees 10000] [--children 40] \
        [--child-employees 2000] [--requests 100] \
        [--database-url postgres://postgres@127.0.0.1:5432/h_oversight_bench]

The database named by --database-url is created, migrated and dropped by this script.

1. One Pemda (bench_campaign.py's: 40 OPD with 2 sub-units each, --employees people) with a
   whole-Pemda pact campaign, ~30 % done (bench_completion.py), Ombudsman results for every OPD
   over two years and the MCP indicators of the year with verified scores (bulk inserts: this is
   benchmark data, not the services' path). An inspektur requests `/<pemda>/pengawasan/ikhtisar/`
   (plain and sorted), then again with the metrics cache emptied before each request (the first
   visit after a write). The overview calls every module's `metrics.py`; modules without data
   yet cost their (empty) queries. The hand-written SQL computes the same per-OPD pact completion,
   the latest Ombudsman zone per unit and the MCP area scores in one statement.
2. A province with --children regencies/cities made by `integritas generate` (--child-employees
   each), each with four quarterly snapshots; a province viewer requests the roll-up page. The
   hand-written SQL returns the same per-child counts and latest-snapshot figures.

Prints p50/p95/p99 in ms of each page, of its SQL, and of `/healthz`, the ratios, and the
targets (overview p95 ≤ 300 ms, roll-up p95 ≤ 1 s).
"""

from __future__ import annotations

import argparse
import os
import random
import time

from bench_campaign import build_pemda, setup_django
from bench_completion import (
    create_database,
    drop_database,
    inspektur_client,
    mark_done,
    open_overdue_campaign,
    refresh_planner_statistics,
)
from bench_list import all_of, measure, percentiles

OVERVIEW_TARGET_MS = 300
ROLLUP_TARGET_MS = 1000
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/h_oversight_bench"
QUARTERS = ("2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4")

OVERVIEW_SQL = """
WITH campaign AS (
    SELECT id FROM pacts_pactcampaign WHERE tenant_id = %(tenant)s AND status = 'open'
    ORDER BY opens_on DESC, id DESC LIMIT 1),
pacts AS (
    SELECT t.opd_id AS unit_id, 100.0 * count(*) FILTER (
        WHERE t.status IN ('signed', 'witnessed', 'paper')) / count(*) AS pct
    FROM pacts_pacttarget t JOIN campaign c ON c.id = t.campaign_id GROUP BY t.opd_id),
zones AS (
    SELECT DISTINCT ON (unit_id) unit_id, zone FROM oversight_ombudsmanassessment
    WHERE tenant_id = %(tenant)s ORDER BY unit_id, year DESC),
indicators AS (
    SELECT i.area, p.weight, sum(i.weight * coalesce(t.score, 0)) / sum(i.weight) AS score
    FROM oversight_mcptask t JOIN oversight_mcpindicator i ON i.id = t.indicator_id
    JOIN oversight_mcpindicator p ON p.id = i.parent_id
    WHERE t.tenant_id = %(tenant)s AND i.year = %(year)s GROUP BY i.area, p.id, p.weight),
areas AS (
    SELECT area, sum(weight * score) / sum(weight) AS score FROM indicators GROUP BY area)
SELECT u.id, u.name, pacts.pct, zones.zone, (SELECT avg(score) FROM areas) AS mcp
FROM tenancy_unit u LEFT JOIN pacts ON pacts.unit_id = u.id
LEFT JOIN zones ON zones.unit_id = u.id
WHERE u.tenant_id = %(tenant)s AND u.is_active ORDER BY u.path
"""

ROLLUP_SQL = """
SELECT t.id, t.name,
  (SELECT count(*) FROM tenancy_unit u WHERE u.tenant_id = t.id AND u.is_active),
  (SELECT count(*) FROM people_employee e WHERE e.tenant_id = t.id AND e.status = 'active'),
  (SELECT count(*) FROM audit_auditevent a WHERE a.tenant_id = t.id
     AND a.occurred_at >= now() - interval '30 days'),
  (SELECT s.tenant_figures FROM oversight_metricsnapshot s WHERE s.tenant_id = t.id
     ORDER BY s.quarter DESC LIMIT 1)
FROM tenancy_tenant t WHERE t.parent_id = %(province)s AND t.is_active ORDER BY t.name
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--employees", type=int, default=10_000)
    parser.add_argument("--children", type=int, default=40)
    parser.add_argument("--child-employees", type=int, default=2_000)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--database-url", default=DEFAULT_DATABASE)
    args = parser.parse_args()
    os.environ.update({"ALLOWED_HOSTS": "testserver", "SECURE_TLS": "0"})
    create_database(args.database_url)
    try:
        run(args)
    finally:
        drop_database(args.database_url)


def run(args) -> None:
    setup_django(args.database_url)
    from django.db import connection

    started = time.perf_counter()
    tenant = build_overview_pemda(args.employees)
    province = build_province(args.children, args.child_employees)
    refresh_planner_statistics()
    print(f"== bench_overview on {connection.vendor}: data built in "
          f"{time.perf_counter() - started:.0f} s ==", flush=True)

    client = inspektur_client(tenant)
    base = f"/{tenant.slug}/pengawasan/ikhtisar/"
    urls = [base, f"{base}?sort=-ombudsman_zone", f"{base}?sort=pact_completion_pct"]
    measure(client, urls + ["/healthz"], len(urls) + 1)
    overview = percentiles(all_of(measure(client, urls, args.requests)))
    cold = percentiles(measure_uncached(client, urls, args.requests // 2))
    overview_sql = percentiles(time_sql(OVERVIEW_SQL, {"tenant": tenant.pk, "year": 2026},
                                        args.requests))

    viewer = province_client(province)
    rollup_url = f"/{province.slug}/ringkasan/provinsi/"
    measure(viewer, [rollup_url], 2)
    rollup = percentiles(all_of(measure(viewer, [rollup_url], max(args.requests // 2, 20))))
    rollup_sql = percentiles(time_sql(ROLLUP_SQL, {"province": province.pk},
                                      max(args.requests // 2, 20)))
    health = percentiles(all_of(measure(client, ["/healthz"], args.requests)))

    print("== results (ms) ==")
    print(f"{'':34}{'p50':>8}{'p95':>8}{'p99':>8}")
    for label, values in (("overview page", overview),
                          ("overview page, figures recomputed", cold),
                          ("overview, one hand-written SQL",
                                                        overview_sql),
                          (f"roll-up of {args.children} (page)", rollup),
                          ("roll-up, one hand-written SQL", rollup_sql),
                          ("/healthz (request cycle)", health)):
        print(f"{label:34}" + "".join(f"{values[k]:8.1f}" for k in ("p50", "p95", "p99")))
    print(f"ratio overview / its SQL (p95):    {overview['p95'] / overview_sql['p95']:8.1f}")
    print(f"ratio recomputed / its SQL (p95):  {cold['p95'] / overview_sql['p95']:8.1f}")
    print(f"ratio roll-up / its SQL (p95):     {rollup['p95'] / rollup_sql['p95']:8.1f}")
    print(f"ratio overview / healthz (p95):    {overview['p95'] / health['p95']:8.1f}")
    print_module_costs(tenant, args.requests // 5 or 1)
    for label, values, target in (("overview", overview, OVERVIEW_TARGET_MS),
                                  ("roll-up", rollup, ROLLUP_TARGET_MS)):
        verdict = "met" if values["p95"] <= target else "NOT met"
        print(f"target {label}: p95 ≤ {target} ms — {verdict} ({values['p95']:.1f} ms)")


def build_overview_pemda(employees: int):
    from django_scopes import scopes_disabled

    from integritas.core.libraries import LIBRARIES_DIR, read_folder
    from integritas.oversight import services
    from integritas.oversight.libraries import load_oversight_references
    from integritas.oversight.models import McpTask, OmbudsmanAssessment
    from integritas.tenancy.models import Unit

    load_oversight_references(read_folder(LIBRARIES_DIR / "oversight"))
    tenant, official, _seconds = build_pemda(employees)
    mark_done(open_overdue_campaign(tenant, official))
    rng = random.Random(5)
    with scopes_disabled():
        opds = list(Unit.objects.filter(tenant=tenant, depth=0))
        OmbudsmanAssessment.objects.bulk_create(
            OmbudsmanAssessment(tenant=tenant, unit=unit, year=year, score=score,
                                instrument="Opini Ombudsman", grade=grade, grade_label=grade,
                                zone=zone)
            for unit in opds for year in (2025, 2026)
            for score, grade, zone in [rng.choice(((90, "A", "hijau"), (70, "C", "kuning"),
                                                   (40, "D", "merah")))])
    services.open_mcp_year(tenant, None, year=2026)
    with scopes_disabled():
        for task in McpTask.objects.filter(tenant=tenant):
            McpTask.objects.filter(pk=task.pk).update(score=rng.choice((None, 50, 75, 100)))
    return tenant


def build_province(children: int, employees: int):
    from django.core.management import call_command
    from django.utils import timezone

    from integritas.core.testing.factories import TenantFactory
    from integritas.oversight import services
    from integritas.tenancy.models import Tenant

    province = TenantFactory(slug="prov-bench", name="Pemerintah Provinsi Bench",
                             region_code="39", kind=Tenant.Kind.PROVINCE)
    call_command("generate", tenants=children, employees=employees, units=40, verbosity=0)
    Tenant.objects.filter(slug__startswith="gen-").update(parent=province)
    rng = random.Random(9)
    for child in Tenant.objects.filter(parent=province):
        for quarter in QUARTERS:
            figures = {"pact_completion_pct": round(rng.uniform(40, 99), 1),
                       "cases_open": rng.randint(0, 40), "risks_high": rng.randint(0, 25),
                       "mcp_score": round(rng.uniform(30, 95), 2),
                       "ombudsman_green": rng.randint(0, 20), "detail": list(range(50))}
            services.take_snapshot(child, None, now=timezone.now(), quarter=quarter,
                                   figures=(figures, {}))
    return province


def province_client(province):
    from django.test import Client

    from integritas.accounts.models import User
    from integritas.accounts.roles import Role
    from integritas.core.testing.factories import enrol_totp, grant_role
    from integritas.core.testing.personas import TEST_TOTP_SECRET

    user = User.objects.create_user("viewer@prov.example", None, full_name="Bench Viewer")
    grant_role(user, province, Role.PROVINCE_VIEWER)
    enrol_totp(user, TEST_TOTP_SECRET)
    client = Client()
    client.force_login(user)
    return client


def measure_uncached(client, urls: list[str], count: int) -> list[float]:
    """The first visit after a write: the metrics cache is emptied before each request (the
    emptying itself is not timed)."""
    from django.core.cache import cache

    timings = []
    for index in range(count):
        cache.clear()
        started = time.perf_counter()
        client.get(urls[index % len(urls)])
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def print_module_costs(tenant, count: int) -> None:
    """Median ms of each module's metrics for the Pemda: where the overview's time goes."""
    import importlib
    import statistics

    from django_scopes import scope

    from integritas.oversight.overview import MODULES

    print("median ms of each module's unit_metrics + tenant_metrics:")
    with scope(tenant=tenant.pk):
        for module in MODULES:
            metrics = importlib.import_module(f"integritas.{module}.metrics")
            timings = []
            for _ in range(count):
                started = time.perf_counter()
                metrics.unit_metrics(tenant)
                metrics.tenant_metrics(tenant)
                timings.append((time.perf_counter() - started) * 1000)
            print(f"  {statistics.median(timings):7.1f}  {module}")


def time_sql(sql: str, params: dict, count: int) -> list[float]:
    from django.db import connection

    timings = []
    with connection.cursor() as cursor:
        for _ in range(count):
            started = time.perf_counter()
            cursor.execute(sql, params)
            cursor.fetchall()
            timings.append((time.perf_counter() - started) * 1000)
    return timings


if __name__ == "__main__":
    main()
