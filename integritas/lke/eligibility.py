"""Eligibility for WBK/WBBM as data (`libraries/lke/eligibility.yaml`) and "what would it take".

`verdict(result, predicate=..., has_wbk=..., prerequisites=..., rules=...)` checks each condition
of the rule set for the predicate and says, for each, what is required, what the unit has, whether
it passes and the gap. Thresholds compare the two-decimal scores the LKE shows. The instansi-level
prerequisites (BPK opinion, AKIP, Indeks RB) come from `integritas.oversight`; when the caller has
none to give (`prerequisites=None`) they are left out and `Verdict.prerequisites_checked` is False.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from integritas.lke.frameworks import AREAS, ROMAN, Framework, FrameworkError, Item
from integritas.lke.scoring import ONE, ZERO, ScoreResult, item_values, rounded

PREDICATES = ("wbk", "wbbm")
SCORE_CHECKS = ("total", "node", "each_area")
INSTANSI_CHECKS = ("bpk_opinion", "akip", "indeks_rb")
CHECKS = (*SCORE_CHECKS, "has_wbk", *INSTANSI_CHECKS)


@dataclass(frozen=True)
class Rule:
    code: str
    label: str
    check: str  # one of CHECKS
    minimum: Decimal | None = None  # total, node: score; each_area: percent
    node: str = ""
    allowed: tuple[str, ...] = ()  # bpk_opinion
    min_grade: str = ""  # akip, indeks_rb


@dataclass(frozen=True)
class EligibilityRules:
    code: str
    effective_from: dt.date
    frameworks: tuple[str, ...]
    grades: tuple[tuple[str, Decimal], ...]  # (grade, score above which it is reached), best first
    predicates: dict[str, tuple[Rule, ...]] = field(compare=False)
    source: str = ""
    confidence: str = ""

    def grade_of(self, score: Decimal) -> str | None:
        return next((grade for grade, above in self.grades if score > above), None)

    def grade_floor(self, grade: str) -> Decimal | None:
        return next((above for g, above in self.grades if g == grade), None)

    def grade_rank(self, grade: str | None) -> int | None:
        names = [g for g, _above in self.grades]
        return names.index(grade) if grade in names else None


@dataclass(frozen=True)
class Condition:
    code: str
    label: str
    required: Decimal | str | bool
    actual: Decimal | str | bool | None  # None: no data
    passed: bool
    gap: Decimal | None = None  # what is missing to the threshold (0 when passed); numbers only
    unit: str = ""  # "" score points, "%" percent, "grade", "opinion", "predicate"

    def to_dict(self) -> dict:
        return {"code": self.code, "label": self.label, "required": _plain(self.required),
                "actual": _plain(self.actual), "passed": self.passed,
                "gap": _plain(self.gap), "unit": self.unit}


@dataclass(frozen=True)
class Verdict:
    predicate: str
    conditions: tuple[Condition, ...]
    prerequisites_checked: bool
    rules_code: str

    @property
    def eligible(self) -> bool:
        return all(condition.passed for condition in self.conditions)

    @property
    def failed(self) -> tuple[Condition, ...]:
        return tuple(condition for condition in self.conditions if not condition.passed)

    def to_dict(self) -> dict:
        return {"predicate": self.predicate, "eligible": self.eligible,
                "rules": self.rules_code, "prerequisites_checked": self.prerequisites_checked,
                "conditions": [condition.to_dict() for condition in self.conditions]}


def _plain(value):
    if isinstance(value, Decimal):
        return str(value)
    return value


def verdict(result: ScoreResult, *, predicate: str, has_wbk: bool = False,
            prerequisites: Mapping[str, Any] | None = None, rules: EligibilityRules,
            framework: Framework | None = None) -> Verdict:
    """Check `result` against the rule set's conditions for `predicate` ("wbk" or "wbbm").

    `prerequisites` is the dict of `integritas.oversight.selectors.instansi_prerequisites`
    (`bpk_opinion`, `akip`, `akip_score`, `indeks_rb`) or None to leave those conditions out.
    `framework`, when given, lends its area and node titles to the labels.
    """
    if predicate not in rules.predicates:
        raise ValueError(f"unknown predicate {predicate!r}")
    conditions: list[Condition] = []
    for rule in rules.predicates[predicate]:
        if rule.check in INSTANSI_CHECKS and prerequisites is None:
            continue
        conditions.extend(_check(rule, result, has_wbk, prerequisites or {}, rules, framework))
    return Verdict(predicate, tuple(conditions), prerequisites is not None, rules.code)


def _check(rule: Rule, result: ScoreResult, has_wbk: bool, prerequisites: Mapping,
           rules: EligibilityRules, framework: Framework | None) -> list[Condition]:
    if rule.check == "total":
        return [_at_least(rule.code, rule.label, rule.minimum, result.total)]
    if rule.check == "node":
        node = result.nodes.get(rule.node)
        return [_at_least(rule.code, rule.label, rule.minimum, node.score if node else None)]
    if rule.check == "each_area":
        return [_at_least(f"{rule.code}_{area}", _area_label(rule, area, framework),
                          rule.minimum, result.areas.get(area), unit="%") for area in AREAS]
    if rule.check == "has_wbk":
        return [Condition(rule.code, rule.label, True, has_wbk, has_wbk, unit="predicate")]
    if rule.check == "bpk_opinion":
        opinion = prerequisites.get("bpk_opinion")
        return [Condition(rule.code, rule.label, " / ".join(rule.allowed), opinion,
                          opinion in rule.allowed, unit="opinion")]
    score_key = {"akip": "akip_score", "indeks_rb": "indeks_rb"}[rule.check]
    grade_key = {"akip": "akip", "indeks_rb": ""}[rule.check]
    return [_grade_condition(rule, rules, prerequisites.get(grade_key),
                             prerequisites.get(score_key))]


def _at_least(code: str, label: str, minimum: Decimal, actual: Decimal | None,
              unit: str = "") -> Condition:
    if actual is None:
        return Condition(code, label, minimum, None, False, None, unit)
    return Condition(code, label, minimum, actual, actual >= minimum,
                     max(minimum - actual, ZERO), unit)


def _area_label(rule: Rule, area: int, framework: Framework | None) -> str:
    nodes = framework.area_nodes(area) if framework else ()
    title = f" {nodes[0].title}" if nodes else ""
    return f"{rule.label} {ROMAN[area]}{title}"


def _grade_condition(rule: Rule, rules: EligibilityRules, grade: str | None,
                     score: Decimal | None) -> Condition:
    if score is not None:
        score = Decimal(str(score))
    if not grade and score is not None:
        grade = rules.grade_of(score)
    rank, wanted = rules.grade_rank(grade), rules.grade_rank(rule.min_grade)
    passed = rank is not None and rank <= wanted
    floor = rules.grade_floor(rule.min_grade)
    gap = None
    if score is not None and floor is not None:
        gap = ZERO if passed else rounded(floor - score + Decimal("0.01"))
    actual = f"{grade} ({score})" if grade and score is not None else grade
    return Condition(rule.code, rule.label, rule.min_grade, actual, passed, gap, "grade")


# --- the rule set as data --------------------------------------------------------------------

def parse_rules(data: Mapping) -> EligibilityRules:
    """Build a rule set from its document (see libraries/lke/eligibility.yaml); `FrameworkError`
    lists every problem."""
    problems: list[tuple[str, str]] = []
    code = data.get("code") if isinstance(data, Mapping) else None
    where = code if isinstance(code, str) and code else "(rules)"
    if where == "(rules)":
        problems.append((where, "`code` must be a non-empty text"))
    effective = data.get("effective_from")
    if not isinstance(effective, dt.date):
        problems.append((where, "`effective_from` must be a date"))
    frameworks = data.get("frameworks") or []
    grades = _grades(data.get("grades"), where, problems)
    predicates = {}
    raw_predicates = data.get("predicates")
    if not isinstance(raw_predicates, Mapping) or set(raw_predicates) != set(PREDICATES):
        problems.append((where, "`predicates` must have exactly `wbk` and `wbbm`"))
        raw_predicates = {}
    for predicate, raw_rules in raw_predicates.items():
        predicates[predicate] = tuple(
            rule for rule in (_rule(raw, f"{where}.{predicate}", grades, problems)
                              for raw in (raw_rules if isinstance(raw_rules, list) else []))
            if rule)
        if not predicates[predicate]:
            problems.append((f"{where}.{predicate}", "needs at least one condition"))
    if problems:
        raise FrameworkError(problems)
    return EligibilityRules(code, effective, tuple(frameworks), grades, predicates,
                            " ".join(str(data.get("source", "")).split()),
                            " ".join(str(data.get("confidence", "")).split()))


def _grades(raw, where: str, problems: list) -> tuple[tuple[str, Decimal], ...]:
    if not isinstance(raw, list) or not raw:
        problems.append((where, "`grades` must list {grade, above} best first"))
        return ()
    grades = []
    for entry in raw:
        try:
            grades.append((str(entry["grade"]), Decimal(str(entry["above"]))))
        except (KeyError, TypeError, ArithmeticError):
            problems.append((where, f"grade {entry!r} needs `grade` and a numeric `above`"))
    if [above for _g, above in grades] != sorted((a for _g, a in grades), reverse=True):
        problems.append((where, "`grades` must be ordered best first"))
    return tuple(grades)


def _rule(raw, where: str, grades, problems: list) -> Rule | None:
    if not isinstance(raw, Mapping) or not raw.get("code") or not raw.get("label"):
        problems.append((where, f"condition {raw!r} needs `code` and `label`"))
        return None
    at = f"{where}.{raw['code']}"
    check = raw.get("check")
    if check not in CHECKS:
        problems.append((at, f"`check` must be one of {', '.join(CHECKS)}"))
        return None
    minimum = None
    if check in SCORE_CHECKS:
        try:
            minimum = Decimal(str(raw["min"]))
        except (KeyError, ArithmeticError):
            problems.append((at, "`min` must be a number"))
            return None
    if check == "node" and not raw.get("node"):
        problems.append((at, "`node` must name a node code"))
    if check == "bpk_opinion" and not raw.get("allowed"):
        problems.append((at, "`allowed` must list the accepted opinions"))
    if check in ("akip", "indeks_rb") and raw.get("min_grade") not in {g for g, _a in grades}:
        problems.append((at, "`min_grade` must be one of the `grades`"))
    return Rule(str(raw["code"]), " ".join(str(raw["label"]).split()), check, minimum,
                str(raw.get("node", "")), tuple(raw.get("allowed") or ()),
                str(raw.get("min_grade", "")))


# --- what would it take ----------------------------------------------------------------------

@dataclass(frozen=True)
class Candidate:
    item_code: str
    node_code: str
    area: int | None  # None for the hasil component
    text: str
    current: Decimal | None  # the item's value 0–1 now (None: unanswered)
    gain: Decimal  # score points won if the item reached its best value
    next_answer: str | None  # choice items: the next better answer
    next_gain: Decimal | None  # score points won by that next answer


def improvement_candidates(framework: Framework, answers: Mapping[str, Any],
                           limit: int = 5) -> list[Candidate]:
    """The items whose improvement raises the total most: at most `limit` per area (and for the
    hasil component, area None), each area's best first, areas in order 1–6 then hasil.

    The gain of an item is its indicator's weight × (1 − its value) ÷ the indicator's scored
    items. Computed percentages are proposed too (their `jumlah` inputs are not).
    """
    values = item_values(framework, answers)
    by_area: dict[int | None, list[Candidate]] = {}
    for node in framework.walk():
        scored = node.scored_items
        for item in scored:
            share = node.weight / len(scored)
            current = values.get(item.code)
            gain = share * (ONE - (current or ZERO))
            if gain <= 0:
                continue
            next_answer, next_gain = _next_step(item, current, share)
            by_area.setdefault(framework.area_of(item.code), []).append(Candidate(
                item.code, node.code, framework.area_of(item.code), item.text, current,
                rounded(gain), next_answer, next_gain))
    ordered = []
    for area in [*AREAS, None]:
        ordered.extend(sorted(by_area.get(area, []), key=lambda c: -c.gain)[:limit])
    return ordered


def _next_step(item: Item, current: Decimal | None, share: Decimal):
    """The smallest step up for a choice item: the next answer worth more than the current one."""
    if not item.is_choice:
        return None, None
    base = current or ZERO
    better = [(answer, value) for answer, value in item.scale if value > base]
    if not better:
        return None, None
    answer, value = better[-1]  # the scale is best first
    return answer, rounded(share * (value - base))
