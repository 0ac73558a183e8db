"""Anonymous report intake with encryption, through the real WSGI app under gunicorn.

    .venv/bin/python bench/bench_intake.py [--seconds 10] [--clients 32] [--workers 3]
                                           [--only sqlite|postgresql]

For SQLite (a fresh file) and PostgreSQL (`BENCH_PG_URL`, default database `h_cases_core_bench`,
created and dropped here): migrate, create a Pemda with an Inspektur, one more intake handler and
an escrow key (so every report is sealed to two handlers, the escrow and the receipt), start
gunicorn, and for `--seconds` keep `--clients` concurrent clients posting
`POST /api/v1/public/<tenant>/reports` (no attachment). In the same run and the same way:

- (a) the ceiling: a minimal view behind the same middleware that only encrypts the body with a
  fresh key (secretbox) and inserts one row;
- (b) GlobaLeaks 4.15's per-submission key derivation (two Argon2id at 128 MiB with opslimit 16
  and 17, plus three X25519 key pairs), timed in this process; its rate on this machine is
  `cores / seconds per submission` (an upper bound: it assumes perfect parallel scaling).

Prints submissions/s, p50/p95/p99 latency, the ratios to (a) and (b), and counts the rows after
each run: every 201 must be a stored case (nothing lost). Throttling is lifted for the run (all
clients share one address); the load generator runs on the same two cores as the server.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/h_cases_core_bench")
TARGET_RATE, TARGET_P95_MS = 300, 100
REPORT = {
    "channel": "wbs", "category": "suap", "unit": "unknown",
    "what": "Kepala seksi meminta uang pelicin sebesar dua juta rupiah untuk izin usaha saya; "
            "permintaan disampaikan di loket dan diulang lewat telepon keesokan harinya.",
    "who": "Kepala Seksi Perizinan", "where": "Loket 3", "when": "Senin, 2 November",
    "how": "Secara lisan", "estimated_loss": "2000000",
}

WSGI = textwrap.dedent('''
    import os
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "integritas.settings")
    import django
    django.setup()
    from django.conf import settings
    # One address for all clients: lift the per-address limits for the measurement.
    settings.CASES_THROTTLE = {"window_seconds": 60, "submissions_per_address": 10**9,
                               "submissions_per_tenant": 10**9, "logins_per_address": 10**9,
                               "logins_per_tenant": 10**9}
    settings.ROOT_URLCONF = "bench_urls"
    from django.core.wsgi import get_wsgi_application
    application = get_wsgi_application()
''')

URLS = textwrap.dedent('''
    import nacl.secret, nacl.utils
    from django.db import connection
    from django.http import JsonResponse
    from django.urls import include, path
    from django.views.decorators.csrf import csrf_exempt

    @csrf_exempt
    def ceiling(request):
        box = nacl.secret.SecretBox(nacl.utils.random(32)).encrypt(request.body)
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO bench_ceiling (box) VALUES (%s)", [bytes(box)])
        return JsonResponse({"ok": True}, status=201)

    urlpatterns = [path("bench/ceiling", ceiling), path("", include("integritas.urls"))]
''')

SETUP = textwrap.dedent('''
    import os
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "integritas.settings")
    import django
    django.setup()
    from django.db import connection
    from django_scopes import scope
    from integritas.accounts.roles import Role
    from integritas.cases import keys
    from integritas.cases.testing import give_handler_key
    from integritas.core.testing.factories import TenantFactory, UserFactory, grant_role
    tenant = TenantFactory(slug="bench", name="Pemerintah Kota Bench", region_code="98.71")
    inspektur = UserFactory(email="inspektur@bench.go.id")
    auditor = UserFactory(email="auditor@bench.go.id")
    grant_role(inspektur, tenant, Role.INSPEKTUR)
    grant_role(auditor, tenant, Role.AUDITOR)
    give_handler_key(inspektur)
    give_handler_key(auditor)
    with scope(tenant=tenant.pk):
        keys.intake_settings(tenant).intake_handlers.add(auditor)
        keys.create_escrow_key(tenant, inspektur)
    blob = "BYTEA" if connection.vendor == "postgresql" else "BLOB"
    serial = "SERIAL" if connection.vendor == "postgresql" else "INTEGER"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE bench_ceiling (id {serial} PRIMARY KEY, box {blob})")
''')

COUNT = textwrap.dedent('''
    import os
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "integritas.settings")
    import django
    django.setup()
    from django.db import connection
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM cases_case")
        cases = cursor.fetchone()[0]
        cursor.execute("SELECT COUNT(*) FROM bench_ceiling")
        print(cases, cursor.fetchone()[0])
''')


def run_python(code: str, env: dict) -> str:
    return subprocess.run([PYTHON, "-c", code], env=env, cwd=ROOT, check=True,
                          capture_output=True, text=True).stdout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def one_request(port: int, request: bytes) -> tuple[int, float]:
    started = time.perf_counter()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(request)
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = next((int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
                   if line.lower().startswith(b"content-length:")), 0)
    await reader.readexactly(length)
    writer.close()
    return status, time.perf_counter() - started


async def load(port: int, path: str, seconds: float, clients: int) -> dict:
    body = json.dumps(REPORT).encode()
    request = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
               f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode() + body
    statuses: dict[int, int] = {}
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds

    async def client():
        while time.perf_counter() < deadline:
            status, latency = await one_request(port, request)
            statuses[status] = statuses.get(status, 0) + 1
            latencies.append(latency)

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    elapsed = time.perf_counter() - started
    latencies.sort()

    def pct(p):
        return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] * 1000

    return {"ok": statuses.get(201, 0), "statuses": statuses, "rate": statuses.get(201, 0)
            / elapsed, "p50": pct(50), "p95": pct(95), "p99": pct(99)}


def wait_until_up(port: int, server: subprocess.Popen) -> None:
    for _attempt in range(300):
        if server.poll() is not None:
            raise RuntimeError("gunicorn exited: " + server.stderr.read().decode()[-2000:])
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not start")


def bench_backend(name: str, database_url: str, args, work: Path) -> dict:
    data_dir = work / name
    data_dir.mkdir()
    (data_dir / "bench_wsgi.py").write_text(WSGI)
    (data_dir / "bench_urls.py").write_text(URLS)
    env = {**os.environ, "INTEGRITAS_DATA_DIR": str(data_dir), "DATABASE_URL": database_url,
           "PYTHONPATH": f"{data_dir}:{ROOT}"}
    subprocess.run([PYTHON, "-m", "integritas", "migrate", "-v", "0"], env=env, cwd=ROOT,
                   check=True)
    run_python(SETUP, env)
    port = free_port()
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "bench_wsgi:application", "-w", str(args.workers), "-b",
         f"127.0.0.1:{port}", "--backlog", "2048", "--log-level", "warning"],
        env=env, cwd=data_dir, stderr=subprocess.PIPE)
    try:
        wait_until_up(port, server)
        intake_path = "/api/v1/public/bench/reports"
        warm_intake = asyncio.run(load(port, intake_path, 2, args.clients))
        warm_ceiling = asyncio.run(load(port, "/bench/ceiling", 1, args.clients))
        intake = asyncio.run(load(port, intake_path, args.seconds, args.clients))
        ceiling = asyncio.run(load(port, "/bench/ceiling", args.seconds, args.clients))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    stored_cases, stored_rows = (int(n) for n in run_python(COUNT, env).split())
    return {"intake": intake, "ceiling": ceiling, "stored_cases": stored_cases,
            "stored_rows": stored_rows, "accepted_cases": warm_intake["ok"] + intake["ok"],
            "accepted_rows": warm_ceiling["ok"] + ceiling["ok"]}


def globaleaks_seconds_per_submission() -> float:
    """GlobaLeaks 4.15 derives, per submission, two Argon2id keys at 128 MiB (opslimit 16 for
    the receipt, 17 for the submission's key) and makes three key pairs."""
    import nacl.pwhash
    from nacl.public import PrivateKey

    started = time.perf_counter()
    for opslimit in (16, 17):
        nacl.pwhash.argon2id.kdf(32, b"0123456789012345", b"s" * 16, opslimit=opslimit,
                                 memlimit=128 * 1024 * 1024)
    for _pair in range(3):
        PrivateKey.generate()
    return time.perf_counter() - started


def create_pg(url: str, drop_only: bool = False) -> None:
    base, name = url.rsplit("/", 1)
    for sql in ([f'DROP DATABASE IF EXISTS "{name}"'] if drop_only else
                [f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"']):
        subprocess.run([PYTHON, "-c", textwrap.dedent(f'''
            import psycopg
            with psycopg.connect("{base}/postgres", autocommit=True) as c:
                c.execute('{sql}')
        ''')], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-intake-"))
    results = {}
    try:
        if args.only in (None, "sqlite"):
            results["SQLite"] = bench_backend(
                "sqlite", f"sqlite:///{work / 'sqlite' / 'bench.sqlite3'}", args, work)
        if args.only in (None, "postgresql"):
            create_pg(PG_URL)
            try:
                results["PostgreSQL"] = bench_backend("postgresql", PG_URL, args, work)
            finally:
                create_pg(PG_URL, drop_only=True)
        peer_seconds = globaleaks_seconds_per_submission()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    cores = os.cpu_count() or 1
    peer_rate = cores / peer_seconds
    print(f"{args.clients} concurrent clients, {args.seconds:.0f} s per run, gunicorn "
          f"{args.workers} sync workers, {cores} cores (load generator on the same cores)\n")
    print(f"{'':24}{'subm/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}   responses")
    for backend, result in results.items():
        for label, key in (("intake", "intake"), ("(a) encrypt+insert", "ceiling")):
            r = result[key]
            print(f"{backend + ' ' + label:24}{r['rate']:9.1f}{r['p50']:9.1f}{r['p95']:9.1f}"
                  f"{r['p99']:9.1f}   {r['statuses']}")
        intake = result["intake"]
        met = intake["rate"] >= TARGET_RATE and intake["p95"] <= TARGET_P95_MS
        print(f"{'':24}ratio to (a): {intake['rate'] / result['ceiling']['rate']:.2f}; "
              f"ratio to (b): {intake['rate'] / peer_rate:.0f}x; target ≥ {TARGET_RATE}/s and "
              f"p95 ≤ {TARGET_P95_MS} ms: {'met' if met else 'NOT met'}")
        lost = result["accepted_cases"] - result["stored_cases"]
        print(f"{'':24}201 answers {result['accepted_cases']} (warm-up included), stored cases "
              f"{result['stored_cases']}: {'none lost' if lost == 0 else f'{lost} LOST'}; "
              f"ceiling {result['accepted_rows']} answers, {result['stored_rows']} rows")
    print(f"\n(b) GlobaLeaks 4.15 key derivation: {peer_seconds:.2f} s per submission = "
          f"{peer_rate:.2f} submissions/s on {cores} cores")


if __name__ == "__main__":
    main()
