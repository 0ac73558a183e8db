"""The LKE scoring engine: answers in, every node's score and percentage out (REFERENCE §1.5).

An item's value is its answer converted to 0–1; an indicator (a node with items) scores
weight × the mean of its scored items (unanswered items count 0; `jumlah` rows are inputs and are
not averaged); a node with children is the sum of its children; the total is the sum of the
components. Sums are kept exact and rounded to two decimals (ROUND_HALF_UP) only for display,
and a node's percentage is computed from its unrounded score — as the published LKEs do
(0.75 + 0.3333 + 0 + 0.4175 = 1.5008 shows as "1.50" and "30.02 %" of 5).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext_lazy as _

from integritas.core.errors import DomainError
from integritas.lke.frameworks import AREAS, Framework, Item, Node

CENT = Decimal("0.01")
ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)
INDEX_MAX = Decimal(4)


def rounded(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def percent(score: Decimal, weight: Decimal) -> Decimal:
    return rounded(score / weight * HUNDRED) if weight else ZERO


@dataclass(frozen=True)
class NodeScore:
    weight: Decimal
    score: Decimal  # rounded to two decimals
    percent: Decimal  # of the unrounded score, rounded to two decimals
    exact: Decimal  # unrounded

    def __iter__(self):
        # Unpacks as (weight, score, percent).
        return iter((self.weight, self.score, self.percent))

    def to_dict(self) -> dict:
        return {"weight": str(rounded(self.weight)), "score": str(self.score),
                "percent": str(self.percent)}


@dataclass(frozen=True)
class ScoreResult:
    framework_code: str
    nodes: dict[str, NodeScore]
    values: dict[str, Decimal | None]  # item code -> 0–1 (jumlah: the number); None: unanswered
    total: Decimal
    pengungkit: Decimal
    hasil: Decimal
    areas: dict[int, Decimal]  # area 1–6 -> percent of the area's weight
    area_scores: dict[int, NodeScore]
    answered: int  # scored items with a value
    scored_items: int

    def to_dict(self) -> dict:
        return {
            "framework": self.framework_code,
            "total": str(self.total),
            "pengungkit": str(self.pengungkit),
            "hasil": str(self.hasil),
            "areas": {str(area): {**self.area_scores[area].to_dict()} for area in self.areas},
            "answered": self.answered,
            "scored_items": self.scored_items,
            "nodes": {code: node.to_dict() for code, node in self.nodes.items()},
        }


def _to_decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(str(value))
    if isinstance(value, str):
        text = value.strip().rstrip("%").strip().replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            return None
        return number if number.is_finite() else None
    return None


def convert(item: Item, value: Any) -> Decimal | None:
    """The value (0–1) of one answer to `item`; for `jumlah`, the number itself; None if blank.

    Choices compare case-insensitively ("YA", "ya", "c"); numbers may be given as numbers or as
    text with a decimal point or comma and an optional "%". Raises `DomainError` with the item's
    code in `field`: `lke.invalid_answer` (not one of the choices, not a number) or
    `lke.answer_out_of_range`.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if item.is_choice:
        found = item.lookup.get(value.strip().casefold()) if isinstance(value, str) else None
        if found is None:
            raise DomainError("lke.invalid_answer",
                              _("Item %(item)s expects one of %(choices)s, not “%(value)s”."),
                              field=item.code, item=item.code, choices=", ".join(item.choices),
                              value=value)
        return found
    number = _to_decimal(value)
    if number is None:
        raise DomainError("lke.invalid_answer",
                          _("Item %(item)s expects a number, not “%(value)s”."),
                          field=item.code, item=item.code, value=value)
    low, high = {"persen": (ZERO, HUNDRED), "indeks": (ZERO, INDEX_MAX)}.get(
        item.answer_type, (ZERO, None))
    if number < low or (high is not None and number > high):
        bound = f"{low}–{high}" if high is not None else f"≥ {low}"
        raise DomainError("lke.answer_out_of_range",
                          _("Item %(item)s must be %(range)s; %(value)s is outside."),
                          field=item.code, item=item.code, range=bound, value=value)
    if item.answer_type == "persen":
        return number / HUNDRED
    if item.answer_type == "indeks":
        return number / INDEX_MAX
    return number


def item_values(framework: Framework, answers: Mapping[str, Any]) -> dict[str, Decimal | None]:
    """Every item's value (0–1, jumlah raw), computed percentages included; coded errors."""
    for code in answers:
        if not framework.has_item(code):
            raise DomainError("lke.unknown_item",
                              _("%(item)s is not an item of the framework %(framework)s."),
                              field=str(code), item=code, framework=framework.code)
    values = {item.code: None if item.computed_from else convert(item, answers.get(item.code))
              for item in framework.items}
    for item in framework.items:
        if item.computed_from:
            if answers.get(item.code) not in (None, ""):
                raise DomainError(
                    "lke.computed_item",
                    _("Item %(item)s is computed from %(numerator)s and %(denominator)s: "
                      "answer those instead."), field=item.code, item=item.code,
                    numerator=item.computed_from[0], denominator=item.computed_from[1])
            values[item.code] = _computed(item, values)
    return values


def _computed(item: Item, values: dict[str, Decimal | None]) -> Decimal | None:
    numerator, denominator = (values[code] for code in item.computed_from)
    if numerator is None or denominator is None:
        return None
    if denominator == 0:
        raise DomainError(
            "lke.zero_denominator",
            _("Item %(item)s cannot be computed: %(denominator)s is 0. The LKE leaves this case "
              "undefined; the evaluator decides it."),
            field=item.computed_from[1], item=item.code, denominator=item.computed_from[1])
    # A computed percentage is capped at 100 % (15 changes by 4 change agents is 100 %).
    return min(numerator / denominator, ONE)


def score(framework: Framework, answers: Mapping[str, Any]) -> ScoreResult:
    """Score a full LKE. `answers` maps item codes to raw answers ("Ya", "b", 85, "3,6"...)."""
    values = item_values(framework, answers)
    return score_values(framework, values)


def score_values(framework: Framework, values: Mapping[str, Decimal | None]) -> ScoreResult:
    """Score already converted item values (see `item_values`)."""
    exact: dict[str, Decimal] = {}
    for node in framework.nodes:
        _score_node(node, values, exact)
    nodes = {node.code: _node_score(node, exact[node.code]) for node in framework.walk()}
    area_scores = {area: _area_score(framework, area, exact) for area in AREAS}
    scored = [item for item in framework.items if item.scored]
    return ScoreResult(
        framework_code=framework.code,
        nodes=nodes,
        values=dict(values),
        total=rounded(sum((exact[node.code] for node in framework.nodes), ZERO)),
        pengungkit=nodes["pengungkit"].score,
        hasil=nodes["hasil"].score,
        areas={area: area_scores[area].percent for area in AREAS},
        area_scores=area_scores,
        answered=sum(1 for item in scored if values.get(item.code) is not None),
        scored_items=len(scored),
    )


def _score_node(node: Node, values: Mapping[str, Decimal | None], exact: dict) -> Decimal:
    if node.children:
        total = sum((_score_node(child, values, exact) for child in node.children), ZERO)
    else:
        scored = node.scored_items
        total = node.weight * sum((values.get(i.code) or ZERO for i in scored), ZERO) / len(scored)
    exact[node.code] = total
    return total


def _node_score(node: Node, exact: Decimal) -> NodeScore:
    return NodeScore(node.weight, rounded(exact), percent(exact, node.weight), exact)


def _area_score(framework: Framework, area: int, exact: dict[str, Decimal]) -> NodeScore:
    nodes = framework.area_nodes(area)
    weight = sum((node.weight for node in nodes), ZERO)
    total = sum((exact[node.code] for node in nodes), ZERO)
    return NodeScore(weight, rounded(total), percent(total, weight), total)
