"""Latency of the employee list page on a national-scale database.

    .venv/bin/python bench/bench_generate.py --full --keep   # 4.4M employees in integritas_bench
    .venv/bin/python bench/bench_list.py                     # then this, 200 requests

A tenant administrator of `gen-0001` (user, membership and TOTP created directly) requests
`/gen-0001/pegawai/` through Django's test client with a mix of searches, filters, sorts and
pages. Baseline, measured the same way in the same run: `/healthz` (one `SELECT 1`), which is the
cost of the request/response cycle and the middleware alone. Prints p50/p95/p99 in ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVER_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
BENCH_DB = "integritas_bench"
TENANT = "gen-0001"
ADMIN_EMAIL = "bench-admin@gen-0001.example"


def setup_django() -> None:
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "integritas.settings",
        "DATABASE_URL": f"{SERVER_URL}/{BENCH_DB}",
        "INTEGRITAS_DATA_DIR": tempfile.mkdtemp(prefix="integritas-bench-"),
        "ALLOWED_HOSTS": "testserver",
        "SECURE_TLS": "0",
    })
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def logged_in_client(tenant):
    from django.test import Client

    from integritas.accounts.models import User
    from integritas.accounts.roles import Role
    from integritas.core.testing.factories import enrol_totp, grant_role
    from integritas.core.testing.personas import TEST_TOTP_SECRET

    user = User.objects.filter(email=ADMIN_EMAIL).first() or User.objects.create_user(
        ADMIN_EMAIL, None, full_name="Bench Admin")
    grant_role(user, tenant, Role.TENANT_ADMIN)
    enrol_totp(user, TEST_TOTP_SECRET)
    client = Client()
    client.force_login(user)  # the password and TOTP steps are not what is measured here
    return client


def list_variants(tenant) -> list[str]:
    from django_scopes import scope

    from integritas.tenancy.models import Unit

    with scope(tenant=tenant.pk):
        unit = Unit.objects.filter(tenant=tenant, depth=0).order_by("path")[7]
    base = f"/{TENANT}/pegawai/"
    return [
        base,
        f"{base}?q=agus",
        f"{base}?q=santoso",
        f"{base}?q=1985",
        f"{base}?unit={unit.pk}",
        f"{base}?kind=fungsional&sort=-name",
        f"{base}?status=active&page=40",
        f"{base}?employment=pns&unit={unit.pk}&q=sri",
    ]


def measure(client, urls: list[str], count: int) -> dict[str, list[float]]:
    """Milliseconds per request, by URL, requesting the URLs in turn `count` times in all."""
    timings: dict[str, list[float]] = {url: [] for url in urls}
    for number in range(count):
        url = urls[number % len(urls)]
        started = time.perf_counter()
        response = client.get(url)
        timings[url].append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    return timings


def all_of(timings: dict[str, list[float]]) -> list[float]:
    return [ms for values in timings.values() for ms in values]


def percentiles(timings: list[float]) -> dict[str, float]:
    cuts = statistics.quantiles(timings, n=100, method="inclusive")
    return {"p50": cuts[49], "p95": cuts[94], "p99": cuts[98]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    setup_django()
    from django.db import connection
    from django_scopes import scopes_disabled

    from integritas.people.models import Employee
    from integritas.tenancy.models import Tenant

    tenant = Tenant.objects.filter(slug=TENANT).first()
    if tenant is None:
        raise SystemExit(f"{BENCH_DB} has no {TENANT}: run bench/bench_generate.py --keep first")
    with scopes_disabled():
        total = Employee.objects.count()
    print(f"== bench_list: {args.requests} requests on {connection.settings_dict['NAME']} "
          f"({total:,} employees in all tenants) ==", flush=True)
    client = logged_in_client(tenant)
    urls = list_variants(tenant)
    measure(client, urls + ["/healthz"], len(urls) + 1)  # warm caches and connections
    by_url = measure(client, urls, args.requests)
    page = percentiles(all_of(by_url))
    health = percentiles(all_of(measure(client, ["/healthz"], args.requests)))

    print("== results (ms) ==")
    print(f"{'':12}{'p50':>8}{'p95':>8}{'p99':>8}")
    for label, values in (("list page", page), ("/healthz", health)):
        print(f"{label:12}" + "".join(f"{values[k]:8.1f}" for k in ("p50", "p95", "p99")))
    print("ratio       " + "".join(f"{page[k] / health[k]:8.1f}" for k in ("p50", "p95", "p99"))
          + "   (list page / baseline)")
    print("median by variant:")
    for url, values in by_url.items():
        print(f"  {statistics.median(values):7.1f}  {url}")


if __name__ == "__main__":
    main()
