"""Latency of a 10,000-person pact campaign's completion page, on SQLite or PostgreSQL.

    .venv/bin/python bench/bench_completion.py [--employees 10000] [--requests 200]
    .venv/bin/python bench/bench_completion.py --database-url \
        postgres://postgres@127.0.0.1:5432/integritas_bench_c

Builds the Pemda of bench_campaign.py (40 OPD, 2 sub-units each) in a fresh SQLite file, or in
the PostgreSQL database named by --database-url, which this script creates and drops. Opens a
whole-Pemda campaign that opened four weeks ago and fell due yesterday, so every unsigned
target is also overdue (the heaviest page: both lists full). About 30 % of the targets are then
marked signed, witnessed or signed on paper with queryset updates: this is benchmark data, not
the signing path, which has its own benchmark (bench_pact_signing.py).

An inspektur (pacts.manage; user, membership and TOTP created directly, logged in with
force_login) requests `/bench/pakta/<pk>/` through Django's test client, in turn: the plain
page, `?sort=percent`, `?opd=<id>` and page 3 of the unsigned list. Baseline, measured the same
way in the same run: `/healthz` (one `SELECT 1`), the cost of the request/response cycle and
the middleware alone. Prints p50/p95/p99 in ms, the ratio, the issue's target (p95 ≤ 200 ms),
and the queries of one plain request, slowest first.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
from urllib.parse import urlsplit, urlunsplit

from bench_campaign import build_pemda, setup_django
from bench_list import all_of, measure, percentiles

TARGET_P95_MS = 200
DONE_SHARE = 0.30
INSPEKTUR_EMAIL = "inspektur@bench.example"


def create_database(url: str) -> None:
    _on_server(url, "DROP DATABASE IF EXISTS {name}", "CREATE DATABASE {name}")


def drop_database(url: str) -> None:
    from django.db import connections

    connections.close_all()
    _on_server(url, "DROP DATABASE IF EXISTS {name}")


def _on_server(url: str, *statements: str) -> None:
    """Run statements on the server's `postgres` database (a database cannot drop itself)."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    server = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as connection:
        for statement in statements:
            connection.execute(statement.format(name=name))


def open_overdue_campaign(tenant, official):
    """A whole-Pemda campaign, opened four weeks ago and due yesterday."""
    from django.utils import timezone

    from integritas.core.testing.factories import UserFactory
    from integritas.pacts import services

    actor = UserFactory(email="bench@bench.example")
    text = services.create_text(tenant, actor, code="pi", title="Pakta Integritas",
                                body="Saya, {nama}, NIP {nip}, {jabatan}, menyatakan.")
    today = timezone.localdate()
    campaign = services.create_campaign(
        tenant, actor, title="PI 2026", text=text, occasion="annual",
        opens_on=today - dt.timedelta(days=28), due_on=today - dt.timedelta(days=1),
        target_kind="tenant", opd_head_witness=official)
    services.open_campaign(tenant, actor, campaign)
    return campaign


def mark_done(campaign) -> dict[str, int]:
    """Benchmark data: ~30 % of the targets done, set in bulk by queryset updates (half signed,
    a third witnessed, the rest on paper), bypassing the signing services on purpose."""
    from django.utils import timezone
    from django_scopes import scopes_disabled

    from integritas.pacts.models import PactTarget

    now = timezone.now()
    status = PactTarget.Status
    with scopes_disabled():
        targets = PactTarget.objects.filter(campaign=campaign)
        ids = list(targets.values_list("pk", flat=True))
        done = random.Random(11).sample(ids, round(len(ids) * DONE_SHARE))
        signed, witnessed = len(done) // 2, len(done) // 3
        batches = {status.SIGNED: done[:signed],
                   status.WITNESSED: done[signed:signed + witnessed],
                   status.PAPER: done[signed + witnessed:]}
        for new_status, batch in batches.items():
            witnessed_at = now if new_status == status.WITNESSED else None
            targets.filter(pk__in=batch).update(status=new_status, signed_at=now,
                                                witnessed_at=witnessed_at)
    return {"targets": len(ids), **{str(key): len(batch) for key, batch in batches.items()}}


def refresh_planner_statistics() -> None:
    """PostgreSQL plans from table statistics, which a freshly bulk-loaded database lacks until
    autovacuum comes by; a live one has them."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


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
    client.force_login(user)  # the password and TOTP steps are not what is measured here
    return client


def page_variants(tenant, campaign) -> list[str]:
    from django.urls import reverse
    from django_scopes import scope

    from integritas.tenancy.models import Unit

    with scope(tenant=tenant.pk):
        opd_id = Unit.objects.filter(tenant=tenant, depth=0).order_by("path")[7].pk
    base = reverse("pacts:campaign_detail", kwargs={"tenant_slug": tenant.slug,
                                                    "pk": campaign.pk})
    return [base, f"{base}?sort=percent", f"{base}?opd={opd_id}", f"{base}?page=3"]


def print_queries(client, url: str) -> None:
    """The queries of one request, slowest first (the capture's own overhead is not timed)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    queries = sorted(captured.captured_queries, key=lambda query: -float(query["time"]))
    total = sum(float(query["time"]) for query in queries) * 1000
    print(f"queries of one request to {url}: {len(queries)}, {total:.1f} ms in the database;"
          " slowest:")
    for query in queries[:4]:
        sql = query["sql"]
        select, _from, rest = sql.partition(" FROM ")
        print(f"  {float(query['time']) * 1000:7.1f} ms  {select[:60]} … FROM {rest[:260]}")


def print_results(page: dict, health: dict, by_url: dict) -> None:
    print("== results (ms) ==")
    print(f"{'':16}{'p50':>8}{'p95':>8}{'p99':>8}")
    for label, values in (("completion page", page), ("/healthz", health)):
        print(f"{label:16}" + "".join(f"{values[k]:8.1f}" for k in ("p50", "p95", "p99")))
    print("ratio           " + "".join(f"{page[k] / health[k]:8.1f}" for k in ("p50", "p95", "p99"))
          + "   (completion page / baseline)")
    verdict = "met" if page["p95"] <= TARGET_P95_MS else "NOT met"
    print(f"target:         p95 ≤ {TARGET_P95_MS} ms — {verdict} ({page['p95']:.1f} ms)")
    print("median by variant:")
    for url, values in by_url.items():
        print(f"  {statistics.median(values):7.1f}  {url}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--employees", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=200)
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

    tenant, official, _insert_seconds = build_pemda(args.employees)
    campaign = open_overdue_campaign(tenant, official)
    counts = mark_done(campaign)
    refresh_planner_statistics()
    print(f"== bench_completion: {args.requests} requests on {connection.vendor}, "
          f"{counts['targets']:,} targets, {counts['signed']:,} signed, "
          f"{counts['witnessed']:,} witnessed, {counts['paper']:,} on paper ==", flush=True)
    client = inspektur_client(tenant)
    urls = page_variants(tenant, campaign)
    measure(client, urls + ["/healthz"], len(urls) + 1)  # warm caches and connections
    by_url = measure(client, urls, args.requests)
    page = percentiles(all_of(by_url))
    health = percentiles(all_of(measure(client, ["/healthz"], args.requests)))
    print_results(page, health, by_url)
    print_queries(client, urls[0])


if __name__ == "__main__":
    main()
