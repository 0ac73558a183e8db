"""How fast `integritas generate` bulk-loads synthetic Pemda into PostgreSQL.

    .venv/bin/python bench/bench_generate.py            # 50 tenants × 8,000 employees
    .venv/bin/python bench/bench_generate.py --full     # 550 × 8,000 = 4.4 million employees
    .venv/bin/python bench/bench_generate.py --keep     # keep `integritas_bench` for bench_list.py

Baseline, measured in the same run on the same server: a plain COPY of as many rows into a
3-column table (bigint, text, int), with the rows made in Python the same way. The ratio says how
much of the raw load rate survives our wider rows, five indexes per table, foreign keys checked
at commit, NIP and name generation, and one transaction per tenant.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
SERVER_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
BENCH_DB = "integritas_bench"
UNITS = 40


def admin_connection() -> psycopg.Connection:
    return psycopg.connect(f"{SERVER_URL}/postgres", autocommit=True)


def recreate_database() -> None:
    with admin_connection() as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {BENCH_DB}")


def drop_database() -> None:
    with admin_connection() as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")


def integritas(*args: str, env: dict[str, str]) -> float:
    """Run an `integritas` command, echoing its output; return the wall time in seconds."""
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "integritas", *args], cwd=ROOT, env=env, check=True)
    return time.monotonic() - started


def baseline_copy_rate(rows: int) -> tuple[float, float]:
    """(rows/s, seconds) of a plain COPY of `rows` rows into a 3-column table."""
    with psycopg.connect(f"{SERVER_URL}/{BENCH_DB}") as conn:
        conn.execute("CREATE TABLE bench_baseline (id bigint, name text, n integer)")
        started = time.monotonic()
        with conn.cursor() as cursor, cursor.copy(
            "COPY bench_baseline (id, name, n) FROM STDIN"
        ) as copy:
            for number in range(rows):
                copy.write_row((number, f"Pegawai {number}", number % 97))
        conn.commit()
        elapsed = time.monotonic() - started
        conn.execute("DROP TABLE bench_baseline")
        conn.commit()
    return rows / elapsed, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--full", action="store_true", help="550 tenants (4.4M employees)")
    parser.add_argument("--tenants", type=int, help="default 50, or 550 with --full")
    parser.add_argument("--employees", type=int, default=8000, help="per tenant (default 8000)")
    parser.add_argument("--keep", action="store_true", help=f"keep the {BENCH_DB} database")
    args = parser.parse_args()
    tenants = args.tenants or (550 if args.full else 50)
    rows = tenants * (UNITS + 2 * args.employees)

    print(f"== bench_generate: {tenants} tenants × {args.employees:,} employees "
          f"({rows:,} rows) into {BENCH_DB} ==", flush=True)
    recreate_database()
    with tempfile.TemporaryDirectory(prefix="integritas-bench-") as data_dir:
        env = {**os.environ, "DATABASE_URL": f"{SERVER_URL}/{BENCH_DB}",
               "INTEGRITAS_DATA_DIR": data_dir}
        integritas("migrate", "--noinput", "-v0", env=env)
        seconds = integritas("generate", "--tenants", str(tenants), "--employees",
                             str(args.employees), "--units", str(UNITS), env=env)
    rate = rows / seconds
    base_rate, base_seconds = baseline_copy_rate(rows)

    print("== results ==")
    print(f"generate:  {rows:>12,} rows in {seconds:8.1f} s = {rate:>10,.0f} rows/s "
          f"({tenants * args.employees / seconds:,.0f} employees/s)")
    print(f"baseline:  {rows:>12,} rows in {base_seconds:8.1f} s = {base_rate:>10,.0f} rows/s "
          f"(plain COPY, 3 columns, no index)")
    print(f"ratio:     {rate / base_rate:.2f} of the baseline rate")
    if args.full:
        print(f"target:    550 × 8,000 in ≤ 600 s — {'met' if seconds <= 600 else 'NOT met'}")
    if args.keep:
        print(f"kept database {BENCH_DB} (DATABASE_URL={SERVER_URL}/{BENCH_DB})")
    else:
        drop_database()


if __name__ == "__main__":
    main()
