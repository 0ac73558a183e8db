"""Figures this module gives the leadership overview and the public transparency page.

Contract (read by `integritas.oversight`): `unit_metrics(tenant)` returns `{unit_id: {key: value}}`
for the units with data; `tenant_metrics(tenant)` returns the Pemda-wide `{key: value}`. Callers
run inside the tenant's scope. Keys:

- unit (one entry per unit with a ZI programme):
  `zi_status` — the programme's status code (`dicanangkan`, `dibangun`, `dinilai_tpi`,
  `tidak_memenuhi`, `diusulkan_tpn`, `predikat_wbk`, `predikat_wbbm`, `pembinaan`, `dipantau`,
  `dicabut`); `zi_score` — Decimal, the LKE total of the unit's latest year: the TPI value if
  the TPI has evaluated, else the unit's own value (None without an assessment);
  `zi_predicate` — "wbk", "wbbm" or None.
- tenant: `zi_units` (units with a programme), `zi_wbk` and `zi_wbbm` (units holding that
  predicate now).

One query each, from the totals stored on every assessment: nothing is re-scored.
"""

from __future__ import annotations

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from integritas.zi.models import LkeAssessment, Predicate, ZiProgramme


def unit_metrics(tenant) -> dict[int, dict]:
    latest = (LkeAssessment.objects.filter(tenant=tenant, unit=OuterRef("unit"))
              .order_by("-year").annotate(best=Coalesce("tpi_total", "unit_total")))
    rows = (ZiProgramme.objects.filter(tenant=tenant)
            .annotate(score=Subquery(latest.values("best")[:1]))
            .values_list("unit_id", "status", "score", "predicate"))
    return {unit_id: {"zi_status": status, "zi_score": score, "zi_predicate": predicate or None}
            for unit_id, status, score, predicate in rows}


def tenant_metrics(tenant) -> dict:
    counts = ZiProgramme.objects.filter(tenant=tenant).aggregate(
        zi_units=Count("pk"),
        zi_wbk=Count("pk", filter=Q(predicate=Predicate.WBK)),
        zi_wbbm=Count("pk", filter=Q(predicate=Predicate.WBBM)),
    )
    return counts if counts["zi_units"] else {}
