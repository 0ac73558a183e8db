"""Demo data of the trackers: Ombudsman results for about ten units over two years, the MCP
indicators of 2025 and 2026 with verified evidence, BPK WTP, AKIP BB, Indeks RB, a public
service with its components, and past quarterly snapshots for the overview's trends."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from integritas.oversight import services
from integritas.oversight.libraries import load_oversight_references
from integritas.oversight.models import McpTask, OversightReference
from integritas.oversight.overview import collect_metrics, colour_thresholds
from integritas.tenancy.models import Unit

ACTOR = None
PAST_QUARTERS = 5


def seed_demo(tenant, rng) -> None:
    _ensure_references()
    year = timezone.localdate().year
    units = list(Unit.objects.filter(tenant=tenant, is_active=True, parent__isnull=True)
                 .order_by("path")[:10])
    for unit in units:
        base = rng.uniform(55, 92)
        for offset, drift in ((2, -6), (1, 0)):
            services.record_ombudsman(tenant, ACTOR, unit=unit, year=year - offset,
                                      score=round(min(base + drift + rng.uniform(-3, 3), 99), 2))
    for past in (year - 2, year - 1):
        services.record_instansi_assessment(tenant, ACTOR, year=past, bpk_opinion="WTP",
                                            akip_score=round(rng.uniform(71, 79), 2),
                                            indeks_rb=round(rng.uniform(66, 74), 2))
    for mcp_year in (year - 1, year):
        _mcp(tenant, rng, mcp_year, units, progress=0.9 if mcp_year < year else 0.6)
    if units:
        _service(tenant, units[0])
    _snapshots(tenant, rng)


def _ensure_references() -> None:
    """`make run` loads the libraries first; a bare `load_demo` still gets the trackers' data."""
    if not OversightReference.objects.exists():
        from integritas.core.libraries import LIBRARIES_DIR, read_folder

        load_oversight_references(read_folder(LIBRARIES_DIR / "oversight"))


def _mcp(tenant, rng, year, units, progress: float) -> None:
    services.open_mcp_year(tenant, ACTOR, year=year)
    for task in McpTask.objects.filter(tenant=tenant, indicator__year=year).order_by("pk"):
        if units:
            services.assign_mcp_task(tenant, ACTOR, task, unit=rng.choice(units))
        if rng.random() > progress:
            continue
        evidence = services.submit_mcp_evidence(
            tenant, ACTOR, task, description=f"Dokumen pendukung {task.indicator.code}",
            url=f"https://jaga.id/mcp/{year}/{task.indicator.code}")
        if rng.random() < 0.85:
            services.verify_mcp_evidence(tenant, ACTOR, evidence,
                                         score=rng.choice((50, 75, 100, 100)))


def _service(tenant, unit) -> None:
    service = services.add_public_service(tenant, ACTOR, unit=unit,
                                          name="Penerbitan surat keterangan")
    for index, component in enumerate(service.components.order_by("pk")):
        if index < 10:
            services.update_service_component(
                tenant, ACTOR, component, published=True,
                evidence_url=f"https://contoh.go.id/standar-pelayanan#{component.component}")
        else:
            services.update_service_component(tenant, ACTOR, component, published=False,
                                              gap="Belum dipublikasikan di papan informasi")


def _snapshots(tenant, rng) -> None:
    """Past quarters invented backwards from today's figures: a steady improvement to today,
    with some noise, so the trend charts have a story to tell."""
    figures, units = collect_metrics(tenant)
    lower_is_better = {key for key, rule in colour_thresholds().items()
                       if not rule["higher_is_better"]}
    now = timezone.now()
    today = timezone.localdate()
    for back in range(PAST_QUARTERS, 0, -1):
        month = today.month - 3 * back
        day = dt.date(today.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)
        past = {key: _earlier(value, back, rng, key in lower_is_better)
                for key, value in figures.items()}
        services.take_snapshot(tenant, ACTOR, now=now - dt.timedelta(days=91 * back),
                               quarter=services.quarter_of(day), figures=(past, units))
    services.take_snapshot(tenant, ACTOR)


def _earlier(value, back: int, rng, lower_is_better: bool):
    """A number `back` quarters ago: a little worse each quarter back (more of what should
    fall, less of what should rise); other values as today."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return value
    change = 0.08 * back + rng.uniform(-0.03, 0.03)
    factor = 1 + change if lower_is_better else max(0.0, 1 - change)
    return int(value * factor) if isinstance(value, int) else round(float(value) * factor, 2)
