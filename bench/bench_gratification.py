"""Throughput of the gratification reportability check, on SQLite or PostgreSQL.

    .venv/bin/python bench/bench_gratification.py [--checks 5000] [--earlier 1000]
    .venv/bin/python bench/bench_gratification.py --database-url \
        postgres://postgres@127.0.0.1:5432/integritas_bench_g

Builds one Pemda with one recipient who has `--earlier` reports (default 1,000) in the year,
from 40 givers, inserted with bulk_create (benchmark data, not the reporting path). A check is
`integritas.gratification.selectors.check`: the rule version in force on the date received (from
the process's copy of the rules, re-read every minute), the recipient's yearly sum from that
giver (one aggregate query over the index on recipient, giver and date), and the pure hint
function. Checks cycle through colleague, wedding and supplier
gifts from givers with history.

Baseline, measured the same way in the same run: the same checks for a recipient with no
earlier report (so the ratio is the cost of the history). Also printed: the pure hint function
alone, one database round trip (`SELECT 1`, the floor: a check makes one query), and
`POST /api/v1/gratifications/check` through Django's test client with a bearer token.
The issue's target is ≥ 2,000 checks/s with 1,000 earlier reports.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import time

from bench_campaign import setup_django
from bench_completion import create_database, drop_database

TARGET_PER_SECOND = 2_000
GIVERS = 40
API_CHECKS = 500


def build(earlier: int):
    from django.db import connection
    from django_scopes import scopes_disabled

    from integritas.core.libraries import LIBRARIES_DIR, load_holidays, read_folder
    from integritas.core.testing.factories import EmployeeFactory, TenantFactory, UnitFactory
    from integritas.gratification.libraries import load_rule_sets
    from integritas.gratification.models import GratificationReport
    from integritas.gratification.selectors import giver_key, rule_set_on

    load_holidays(read_folder(LIBRARIES_DIR / "calendar"))
    load_rule_sets(read_folder(LIBRARIES_DIR / "gratification"))
    tenant = TenantFactory(slug="bench-g", name="Pemerintah Kota Bench", region_code="98.72")
    unit = UnitFactory(tenant=tenant, name="Dinas Bench")
    busy = EmployeeFactory(unit=unit, name="Penerima Sibuk")
    fresh = EmployeeFactory(unit=unit, name="Penerima Baru")
    rng = random.Random(5)
    rule_set = rule_set_on(dt.date(2026, 6, 1))
    rows = []
    for number in range(earlier):
        giver = f"Pemberi {number % GIVERS}"
        day = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randint(0, 300))
        rows.append(GratificationReport(
            tenant=tenant, number=f"GRT-2026-{number + 1:05d}", recipient=busy, unit=unit,
            position_title="Analis", giver_name=giver, giver_key=giver_key(giver),
            relation="colleague", form="goods", description="bench", value=rng.randint(1, 9) *
            50_000, received_on=day, place="Kantor", occasion="none", reported_on=day,
            rule_set=rule_set, hint="exempt", hint_explanation="bench", upg_due_on=day,
            forward_due_on=day, kpk_due_on=day))
    with scopes_disabled():
        GratificationReport.objects.bulk_create(rows, batch_size=1000)
    if connection.vendor == "postgresql":
        # Statistics, as autovacuum keeps them on a table with history; without them the planner
        # scans the tenant index instead of the (tenant, recipient, giver, date) one.
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {GratificationReport._meta.db_table}")
    return tenant, busy, fresh


def gifts(count: int) -> list[dict]:
    kinds = (("colleague", "none", "goods", 200_000), ("service_user", "wedding", "money",
                                                       1_200_000),
             ("supplier", "none", "money", 500_000))
    result = []
    for n in range(count):
        relation, occasion, form, value = kinds[n % len(kinds)]
        result.append({"giver_name": f"pemberi  {n % GIVERS}", "relation": relation,
                       "occasion": occasion, "form": form, "value": value + n,
                       "received_on": dt.date(2026, 11, 2) - dt.timedelta(days=n % 200)})
    return result


def rate(run, items) -> float:
    start = time.perf_counter()
    for item in items:
        run(item)
    return len(items) / (time.perf_counter() - start)


def _select_one(connection) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def api_rate(tenant, recipient) -> float:
    from django.test import Client
    from django_scopes import scopes_disabled

    from integritas.accounts.models import ApiToken
    from integritas.accounts.roles import Role
    from integritas.core.testing.factories import UserFactory, grant_role
    from integritas.people.models import Employee

    user = UserFactory(email="bench@bench-g.example")
    grant_role(user, tenant, Role.EMPLOYEE)
    secret = ApiToken.new_secret(tenant.slug)
    with scopes_disabled():
        Employee.objects.filter(pk=recipient.pk).update(user=user)
        ApiToken.objects.create(tenant=tenant, user=user, name="bench",
                                key_hash=ApiToken.digest(secret), hint=secret[-4:])
    client = Client()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}

    def post(gift):
        body = {**gift, "received_on": gift["received_on"].isoformat()}
        response = client.post("/api/v1/gratifications/check", body,
                               content_type="application/json", **headers)
        assert response.status_code == 200, response.content

    rate(post, gifts(20))  # warm-up: the first request imports every URLconf and API router
    return rate(post, gifts(API_CHECKS))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--checks", type=int, default=5000)
    parser.add_argument("--earlier", type=int, default=1000)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    if args.database_url:
        create_database(args.database_url)
    os.environ.update({"ALLOWED_HOSTS": "testserver", "SECURE_TLS": "0"})  # the test client
    setup_django(args.database_url)
    try:
        run(args)
    finally:
        if args.database_url:
            drop_database(args.database_url)


def run(args) -> None:
    from django.db import connection
    from django_scopes import scope

    from integritas.gratification import rules, selectors

    tenant, busy, fresh = build(args.earlier)
    items = gifts(args.checks)
    with scope(tenant=tenant.pk):
        def check_for(recipient):
            return lambda gift: selectors.check(tenant, recipient, **gift)

        rate(check_for(busy), items[:200])  # warm-up: connection, caches, query plans
        with_history = rate(check_for(busy), items)
        baseline = rate(check_for(fresh), items)
        rules_now = selectors.rules_on(dt.date(2026, 6, 1))
        round_trip = rate(lambda _gift: _select_one(connection), items)
        pure = rate(lambda g: rules.assess(rules_now, rules.Gift(
            g["relation"], g["occasion"], g["form"], g["value"], earlier_this_year=300_000)),
            items)
    over_api = api_rate(tenant, busy)
    print(f"database: {connection.vendor}; {args.earlier:,} earlier reports from {GIVERS} "
          f"givers; {args.checks:,} checks")
    print(f"check, recipient with history: {with_history:10,.0f} checks/s "
          f"({1e6 / with_history:6.0f} µs each)  target ≥ {TARGET_PER_SECOND:,}/s: "
          f"{'met' if with_history >= TARGET_PER_SECOND else 'NOT met'}")
    print(f"baseline, no history:          {baseline:10,.0f} checks/s "
          f"({1e6 / baseline:6.0f} µs each)  ratio {baseline / with_history:.2f}")
    print(f"pure hint function alone:      {pure:10,.0f} checks/s")
    print(f"one database round trip:       {round_trip:10,.0f} SELECT 1/s (the floor of a "
          f"check, which needs one)")
    print(f"POST /api/v1/.../check:        {over_api:10,.0f} checks/s "
          f"({API_CHECKS} requests through the test client, bearer token)")


if __name__ == "__main__":
    main()
