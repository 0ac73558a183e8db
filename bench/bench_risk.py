"""The risk map and the risk figures of the leadership overview for a large Pemda.

    .venv/bin/python bench/bench_risk.py [--risks-per-register 60] [--database-url URL]

Builds a Pemda in a fresh database (SQLite unless --database-url): 40 OPDs, three years of
registers each with `--risks-per-register` risks, two RTPs per risk (a quarter overdue) and 20
activities per OPD (some without risks). Then, over 30 runs each, the p50/p95 of:
- `heat_maps` (inherent and residual 5×5 counts for the whole Pemda and the newest year),
  against a baseline measured in the same run: the same two GROUP BY queries in raw SQL;
- `unit_metrics` + `tenant_metrics` (the overview contract), against one hand-written SQL
  query per figure;
- the whole heat-map page through the Django test client (auth, template, top risks, overdue).
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
YEARS = 3
ACTIVITIES_PER_OPD = 20
RUNS = 30


def setup_django(database_url: str | None) -> None:
    data_dir = tempfile.mkdtemp(prefix="integritas-bench-risk-")
    os.environ.update({"DJANGO_SETTINGS_MODULE": "integritas.settings",
                       "INTEGRITAS_DATA_DIR": data_dir})
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from integritas.core.libraries import LIBRARIES_DIR, read_folder
    from integritas.risk.libraries import load_risk_library

    load_risk_library(read_folder(LIBRARIES_DIR / "risk"))


def build_pemda(per_register: int):
    from django_scopes import scope

    from integritas.core.testing.factories import TenantFactory, UnitFactory
    from integritas.risk import reference
    from integritas.risk.models import Activity, Register, Risk, TreatmentPlan

    rng = random.Random(11)
    tenant = TenantFactory(slug="bench-risk", name="Pemerintah Kota Bench", region_code="98.72")
    opds = [UnitFactory(tenant=tenant, name=f"Dinas {n:02d}") for n in range(OPDS)]
    today = dt.date.today()
    with scope(tenant=tenant.pk):
        matrix = reference.matrix_for(tenant)
        registers = Register.objects.bulk_create(
            Register(tenant=tenant, unit=opd, year=today.year - y, level="opd",
                     goal="Sasaran", appetite=10, status="direviu")
            for opd in opds for y in range(YEARS))
        activities = Activity.objects.bulk_create(
            Activity(tenant=tenant, unit=opd, year=today.year, name=f"Kegiatan {n}",
                     starts_on=today, ends_on=today + dt.timedelta(days=30))
            for opd in opds for n in range(ACTIVITIES_PER_OPD))
        by_unit = {}
        for activity in activities:
            by_unit.setdefault(activity.unit_id, []).append(activity)
        risks = []
        for register in registers:
            mapped = by_unit.get(register.unit_id, []) if register.year == today.year else []
            for n in range(per_register):
                li, im = rng.randint(1, 5), rng.randint(1, 5)
                rl, ri = max(1, li - rng.randint(0, 2)), max(1, im - rng.randint(0, 1))
                score, rscore = matrix.score(li, im), matrix.score(rl, ri)
                risks.append(Risk(
                    tenant=tenant, register=register, code=f"R{n:03d}", statement="Risiko",
                    category=rng.choice(("fraud", "kepatuhan", "operasional")),
                    source="internal", cause="c", consequence="d",
                    control_effectiveness="memadai", likelihood=li, impact=im, score=score,
                    level=matrix.band(score).code, response="kurangi", residual_likelihood=rl,
                    residual_impact=ri, residual_score=rscore,
                    residual_level=matrix.band(rscore).code,
                    activity=mapped[n] if n < len(mapped) - 5 else None))
        risks = Risk.objects.bulk_create(risks, batch_size=2000)
        TreatmentPlan.objects.bulk_create(
            (TreatmentPlan(tenant=tenant, risk=risk, action="RTP", kind="preventif", owner="x",
                           starts_on=today - dt.timedelta(days=200),
                           due_on=today + dt.timedelta(days=rng.randint(-60, 180)),
                           output_indicator="y")
             for risk in risks for _ in range(2)), batch_size=2000)
    return tenant, len(risks)


def timed(func, runs: int = RUNS) -> tuple[float, float]:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        func()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(0.95 * (len(samples) - 1))]


HEAT_SQL = """SELECT r.{l}, r.{i}, COUNT(*) FROM risk_risk r
JOIN risk_register g ON g.id = r.register_id
WHERE r.tenant_id = %s AND g.year = %s GROUP BY r.{l}, r.{i}"""

METRIC_SQL = (
    """SELECT g.unit_id, COUNT(*), SUM(CASE WHEN r.residual_score >= %s THEN 1 ELSE 0 END)
    FROM risk_risk r JOIN risk_register g ON g.id = r.register_id
    WHERE r.tenant_id = %s AND g.year = %s GROUP BY g.unit_id""",
    """SELECT g.unit_id, COUNT(*) FROM risk_treatmentplan p
    JOIN risk_risk r ON r.id = p.risk_id JOIN risk_register g ON g.id = r.register_id
    WHERE p.tenant_id = %s AND g.year = %s AND p.completed_on IS NULL AND p.due_on < %s
    GROUP BY g.unit_id""",
    """SELECT a.unit_id, COUNT(*) FROM risk_activity a WHERE a.tenant_id = %s AND a.year = %s
    AND NOT EXISTS (SELECT 1 FROM risk_risk r WHERE r.activity_id = a.id) GROUP BY a.unit_id""",
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--risks-per-register", type=int, default=60)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    setup_django(args.database_url)

    from django.db import connection
    from django.test import Client
    from django_scopes import scope

    from integritas.accounts.permissions import Grant
    from integritas.accounts.roles import Role
    from integritas.core.testing.factories import UserFactory, enrol_totp, grant_role
    from integritas.risk import metrics, reference, selectors

    tenant, count = build_pemda(args.risks_per_register)
    year = dt.date.today().year
    print(f"{connection.vendor}: {OPDS} OPDs x {YEARS} years, {count} risks, "
          f"{2 * count} RTPs, {OPDS * ACTIVITIES_PER_OPD} activities")

    def raw(sql, *params):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    with scope(tenant=tenant.pk):
        matrix = reference.matrix_for(tenant)
        risks = selectors.risks_for(tenant, Grant(True, None)).filter(register__year=year)
        floor = selectors.high_score_floor(tenant)
        heat = timed(lambda: selectors.heat_maps(tenant, risks, matrix))
        heat_base = timed(lambda: [raw(HEAT_SQL.format(l=li, i=im), tenant.pk, year)
                                   for li, im in (("likelihood", "impact"),
                                                  ("residual_likelihood", "residual_impact"))])
        figures = timed(lambda: (metrics.unit_metrics(tenant), metrics.tenant_metrics(tenant)))
        figures_base = timed(lambda: (raw(METRIC_SQL[0], floor, tenant.pk, year),
                                      raw(METRIC_SQL[1], tenant.pk, year, dt.date.today()),
                                      raw(METRIC_SQL[2], tenant.pk, year)))

    user = UserFactory(email="bench-risk@contoh.go.id")
    grant_role(user, tenant, Role.INSPEKTUR)
    enrol_totp(user, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")  # staff roles need MFA enrolled
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    assert client.get(f"/{tenant.slug}/risiko/?year={year}").status_code == 200
    page = timed(lambda: client.get(f"/{tenant.slug}/risiko/?year={year}"), runs=15)

    def line(name, result, base=None):
        ratio = f"  ratio p50 {result[0] / base[0]:.1f}x" if base else ""
        print(f"{name:<38} p50 {result[0]:8.1f} ms  p95 {result[1]:8.1f} ms{ratio}")

    line("heat map, 2 grouped queries", heat, heat_base)
    line("  baseline: raw SQL GROUP BY x2", heat_base)
    line("overview figures (unit + tenant)", figures, figures_base)
    line("  baseline: hand-written SQL x3", figures_base)
    line("heat-map page (client, full render)", page)


if __name__ == "__main__":
    main()
