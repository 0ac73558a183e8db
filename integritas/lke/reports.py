"""The scoring report shared by `integritas lke_score` and `POST /api/v1/zi/score`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from integritas.lke.eligibility import PREDICATES, verdict
from integritas.lke.frameworks import Framework
from integritas.lke.scoring import score
from integritas.lke.selectors import rules_for


def score_report(framework: Framework, answers: Mapping[str, Any], *, has_wbk: bool = False,
                 prerequisites: Mapping | None = None) -> dict:
    """Every node's weight, score and percent, the total and the WBK and WBBM verdicts."""
    result = score(framework, answers)
    rules = rules_for(framework)
    return {
        **result.to_dict(),
        "verdicts": {predicate: verdict(result, predicate=predicate, has_wbk=has_wbk,
                                        prerequisites=prerequisites, rules=rules,
                                        framework=framework).to_dict()
                     for predicate in PREDICATES},
    }
