"""What the public transparency page may show: aggregates only, small counts suppressed.

A count of people or cases below the threshold in `libraries/oversight/transparency.yaml`
becomes `Suppressed` (shown "fewer than N"), and a percentage or a sum over fewer than N
becomes None: in a small Pemda "1 complaint in March" can point to a person. Counts of units
(ZI predicates, Ombudsman zones) are public facts and are shown as they are.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from integritas.oversight.libraries import reference
from integritas.oversight.models import OversightReference
from integritas.oversight.overview import current_metrics


@dataclass(frozen=True)
class Suppressed:
    """A count too small to publish."""

    below: int


def public_figures(tenant) -> dict:
    rules = reference(OversightReference.Kind.TRANSPARENCY, timezone.localdate().year)
    minimum = rules.data["minimum_count"] if rules else 5
    months = rules.data.get("months", 12) if rules else 12
    figures, _units = current_metrics(tenant)

    def count(value):
        return Suppressed(minimum) if isinstance(value, int) and 0 < value < minimum else value

    def over(base, value):
        return value if isinstance(base, int) and base >= minimum else None

    return {
        "minimum": minimum,
        "pacts_expected": count(figures.get("pacts_expected")),
        "pacts_signed": count(figures.get("pacts_signed")),
        "pact_completion_pct": over(figures.get("pacts_expected"),
                                    figures.get("pact_completion_pct")),
        "zi_units": figures.get("zi_units"), "zi_wbk": figures.get("zi_wbk"),
        "zi_wbbm": figures.get("zi_wbbm"),
        "cases_received": count(figures.get("cases_received")),
        "cases_closed": count(figures.get("cases_closed")),
        "cases_within_deadline_pct": over(figures.get("cases_closed"),
                                          figures.get("cases_within_deadline_pct")),
        "cases_by_month": [{"month": row["month"], "received": count(row.get("received")),
                            "closed": count(row.get("closed")),
                            "within_deadline": count(row.get("within_deadline"))}
                           for row in figures.get("by_month_cases", [])[-months:]],
        "grat_reports": count(figures.get("grat_reports")),
        "grat_value_forwarded": over(figures.get("grat_forwarded_kpk"),
                                     figures.get("grat_value_forwarded")),
        "ombudsman": {zone: figures.get(f"ombudsman_{zone}") for zone in
                      ("green", "yellow", "red")} if figures.get("ombudsman_units") else None,
        "in_use": {key[len("_in_use."):]: value for key, value in figures.items()
                   if key.startswith("_in_use.")},
    }
