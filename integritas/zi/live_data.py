"""Evidence the Pemda already holds: the live figures of the other modules for one unit.

The one adapter between the LKE and the registers of pacts, conflicts, gratification, cases, risk
and surveys. Each module answers through its `metrics.unit_metrics(tenant)` contract (surveys
through `unit_indices`); a module that is not installed, not yet in use or failing gives nothing,
so the LKE never breaks because a neighbour does — the failure is logged.
"""

from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

SOURCES = {
    "pacts": _("Pakta integritas"),
    "conflicts": _("Conflicts of interest register"),
    "gratification": _("Gratification register (UPG)"),
    "cases": _("Complaints and WBS"),
    "risk": _("SPIP risk register"),
    "surveys": _("SPAK/SPKP surveys"),
}
# The figures shown per source, by the keys of the metrics contract.
FIGURES = {
    "pacts": {"pact_completion_pct": (_("Pacts signed"), "%")},
    "conflicts": {"coi_declarations": (_("Declarations"), ""),
                  "coi_pending": (_("Awaiting a decision"), ""),
                  "coi_overdue": (_("Decision overdue"), "")},
    "gratification": {"grat_reports": (_("Reports"), ""),
                      "grat_on_time_pct": (_("Reported on time"), "%")},
    "cases": {"cases_open": (_("Open cases"), ""), "cases_overdue": (_("Overdue cases"), ""),
              "median_first_response_days": (_("Median first response (days)"), "")},
    "risk": {"risks": (_("Risks registered"), ""),
             "risks_high": (_("High or very high residual risks"), ""),
             "rtp_overdue": (_("Treatment plans overdue"), ""),
             "activities_without_risks": (_("Activities without mapped risks"), "")},
    "surveys": {"ipak": (_("IPAK (SPAK index, 1–4)"), ""),
                "ipkp": (_("IPKP (SPKP index, 1–4)"), ""),
                "responses": (_("Survey responses"), "")},
}
PREREQUISITE_LOOKBACK = 2
# Where an `indeks` answer can be taken from the live survey index.
SURVEY_ITEMS = {"hasil.1.i.a": "ipak", "hasil.2.i.a": "ipkp"}


@dataclass(frozen=True)
class Figure:
    label: str
    value: object
    suffix: str


@dataclass(frozen=True)
class Proposal:
    source: str
    label: str
    figures: tuple[Figure, ...]


class LiveData:
    """The figures of one unit for one year, read once per request and shared by all items."""

    def __init__(self, tenant, unit, year: int):
        self.tenant, self.unit, self.year = tenant, unit, year
        self._figures: dict[str, dict] = {}

    def figures(self, source: str) -> dict:
        if source not in self._figures:
            self._figures[source] = self._read(source)
        return self._figures[source]

    def _read(self, source: str) -> dict:
        try:
            if source == "surveys":
                selectors = importlib.import_module("integritas.surveys.selectors")
                return dict(selectors.unit_indices(self.tenant, self.unit, self.year) or {})
            metrics = importlib.import_module(f"integritas.{source}.metrics")
            return dict(metrics.unit_metrics(self.tenant).get(self.unit.pk) or {})
        except ImportError:
            return {}
        except Exception:  # a neighbour's failure must not take the LKE down with it
            logger.exception("live data from %s failed for unit %s", source, self.unit.pk)
            return {}

    def proposal(self, source: str) -> Proposal | None:
        values = self.figures(source)
        figures = tuple(Figure(str(label), values[key], suffix)
                        for key, (label, suffix) in FIGURES[source].items()
                        if values.get(key) is not None)
        if not figures:
            return None
        return Proposal(source, str(SOURCES[source]), figures)

    def proposals_for(self, item_code: str, proposal_map: dict) -> list[Proposal]:
        """The sources whose prefixes match `item_code` (`proposal_map`: source → prefixes)."""
        found = []
        for source, prefixes in proposal_map.items():
            if any(item_code == p or item_code.startswith(p + ".") for p in prefixes):
                proposal = self.proposal(source)
                if proposal is not None:
                    found.append(proposal)
        return found

    def survey_index(self, item_code: str):
        """The live index for an IPAK/IPKP item, or None."""
        key = SURVEY_ITEMS.get(item_code)
        return self.figures("surveys").get(key) if key else None


def instansi_prerequisites(tenant, year: int) -> dict | None:
    """The Pemda's BPK opinion, AKIP and Indeks RB known in `year` from the oversight module: the
    latest recorded for that year or up to `PREREQUISITE_LOOKBACK` years before (the 2024 round
    read the LK 2022 opinion and the AKIP of 2023), or None when nothing is recorded, so the
    eligibility panel leaves those conditions out."""
    try:
        selectors = importlib.import_module("integritas.oversight.selectors")
        for known in range(year, year - PREREQUISITE_LOOKBACK - 1, -1):
            found = selectors.instansi_prerequisites(tenant, known)
            if found and any(value is not None for value in found.values()):
                return found
    except ImportError:
        return None
    except Exception:  # as above: the oversight module failing must not hide the LKE
        logger.exception("instansi prerequisites failed for tenant %s", tenant.pk)
    return None
