"""Figures this module gives the leadership overview and the public transparency page.

Contract (read by `integritas.oversight.overview`): `unit_metrics(tenant)` returns
`{unit_id: {key: value}}` for units with an Ombudsman result; `tenant_metrics(tenant)` the
Pemda-wide `{key: value}`; both empty when no tracker has been filled in.
- unit: `ombudsman_zone` ("hijau"|"kuning"|"merah"), `ombudsman_grade` (code of that year's
  method), `ombudsman_score` (Decimal), `ombudsman_year` — of the unit's latest assessment.
- tenant: `ombudsman_units` (units assessed), `ombudsman_green`, `ombudsman_yellow`,
  `ombudsman_red` (by their latest zone), `mcp_year`, `mcp_score` (Decimal|None),
  `mcp_band` (KPK colour code), `bpk_opinion`, `akip`, `indeks_rb` (latest year recorded).
"""

from __future__ import annotations

from collections import Counter

from integritas.oversight import selectors


def unit_metrics(tenant) -> dict[int, dict]:
    return {unit_id: {"ombudsman_zone": a.zone, "ombudsman_grade": a.grade,
                      "ombudsman_score": a.score, "ombudsman_year": a.year}
            for unit_id, a in selectors.latest_ombudsman_by_unit(tenant).items()}


def tenant_metrics(tenant) -> dict:
    figures: dict = {}
    zones = Counter(a.zone for a in selectors.latest_ombudsman_by_unit(tenant).values())
    if zones:
        figures.update(ombudsman_units=sum(zones.values()), ombudsman_green=zones["hijau"],
                       ombudsman_yellow=zones["kuning"], ombudsman_red=zones["merah"])
    years = selectors.mcp_years(tenant)
    score = selectors.mcp_score(tenant, years[0]) if years else None
    if score is not None:
        figures.update(mcp_year=score.year, mcp_score=score.total, mcp_band=score.band["code"])
    latest = selectors.instansi_assessments(tenant).first()
    if latest is not None:
        figures.update(bpk_opinion=latest.bpk_opinion or None, akip=latest.akip or None,
                       indeks_rb=latest.indeks_rb)
    return figures
