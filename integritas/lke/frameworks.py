"""LKE frameworks as data: the interchange format (docs/lke.md) parsed into an immutable tree.

`parse_framework(document)` checks a whole document and raises one `FrameworkError` that lists
every problem with the code of the node or item it concerns, so that a Pemda admin fixing an
uploaded file sees everything at once instead of one error per attempt.

The answer types and their conversion to an item value (0–1) are part of the format (PermenPANRB
90/2021 Lampiran III, REFERENCE §1.5); a framework document may override a choice scale with
`scales` if a future LKE changes it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

ANSWER_TYPES = ("ya_tidak", "abc", "abcd", "abcde", "persen", "jumlah", "indeks")
CHOICE_TYPES = ("ya_tidak", "abc", "abcd", "abcde")
NUMBER_TYPES = ("persen", "jumlah", "indeks")

# Best answer first. The values are those of the published LKEs: on four options B is the literal
# 0.67, not 2/3 (REFERENCE §1.5).
STANDARD_SCALES: dict[str, dict[str, str]] = {
    "ya_tidak": {"Ya": "1", "Tidak": "0"},
    "abc": {"A": "1", "B": "0.5", "C": "0"},
    "abcd": {"A": "1", "B": "0.67", "C": "0.33", "D": "0"},
    "abcde": {"A": "1", "B": "0.75", "C": "0.5", "D": "0.25", "E": "0"},
}
AREAS = range(1, 7)
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V", 6: "VI"}
COMPONENTS = ("pengungkit", "hasil")
FULL_MARKS = Decimal(100)
CODE_PATTERN = re.compile(r"^[a-z0-9_-]+(\.[a-z0-9_-]+)*$")
FRAMEWORK_CODE_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{1,58}[a-z0-9]$")
# Weights are given to two decimals in the LKE; a sum within this is "adding up".
WEIGHT_TOLERANCE = Decimal("0.005")


class FrameworkError(Exception):
    """A framework document with problems; `problems` is a list of (code, message) pairs."""

    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = problems
        super().__init__("; ".join(f"{code}: {message}" for code, message in problems))


@dataclass(frozen=True)
class Item:
    code: str
    text: str
    answer_type: str
    criteria: str = ""
    computed_from: tuple[str, str] | None = None  # (numerator, denominator) item codes
    node_code: str = ""
    scale: tuple[tuple[str, Decimal], ...] = ()  # choice items: (answer, value), best first
    # Derived once, for the scoring loop: answers compared without regard to case.
    lookup: dict[str, Decimal] = field(init=False, compare=False, repr=False)

    def __post_init__(self):
        object.__setattr__(self, "lookup", {a.casefold(): v for a, v in self.scale})

    @property
    def scored(self) -> bool:
        """`jumlah` rows are inputs for a computed percentage, never averaged."""
        return self.answer_type != "jumlah"

    @property
    def is_choice(self) -> bool:
        return self.answer_type in CHOICE_TYPES

    @property
    def choices(self) -> tuple[str, ...]:
        """The answers a choice item accepts, best first ("Ya", "Tidak"; "A" … "E")."""
        return tuple(answer for answer, _value in self.scale)


@dataclass(frozen=True)
class Node:
    code: str
    title: str
    weight: Decimal
    area: int | None = None
    children: tuple[Node, ...] = ()
    items: tuple[Item, ...] = ()
    parent_code: str | None = None
    scored_items: tuple[Item, ...] = field(init=False, compare=False, repr=False)

    def __post_init__(self):
        object.__setattr__(self, "scored_items", tuple(i for i in self.items if i.scored))


@dataclass(frozen=True)
class Framework:
    code: str
    title: str
    regulation: str
    effective_from: dt.date
    nodes: tuple[Node, ...]
    source: str = ""
    confidence: str = ""
    scales: dict[str, dict[str, Decimal]] = field(default_factory=dict, compare=False)
    content_hash: str = ""
    _nodes: dict[str, Node] = field(default_factory=dict, compare=False, repr=False)
    _items: dict[str, Item] = field(default_factory=dict, compare=False, repr=False)
    # Derived once from the tree: every node in document order, all items, the area roots.
    _order: tuple[Node, ...] = field(init=False, compare=False, repr=False)
    _all_items: tuple[Item, ...] = field(init=False, compare=False, repr=False)
    _area_roots: dict[int, tuple[Node, ...]] = field(init=False, compare=False, repr=False)

    def __post_init__(self):
        order = []
        stack = list(reversed(self.nodes))
        while stack:
            node = stack.pop()
            order.append(node)
            stack.extend(reversed(node.children))
        object.__setattr__(self, "_order", tuple(order))
        object.__setattr__(self, "_all_items", tuple(self._items.values()))
        object.__setattr__(self, "_area_roots", {area: tuple(
            node for node in order if node.area == area
            and (node.parent_code is None or self._nodes[node.parent_code].area != area))
            for area in AREAS})

    def node(self, code: str) -> Node:
        return self._nodes[code]

    def item(self, code: str) -> Item:
        return self._items[code]

    def has_node(self, code: str) -> bool:
        return code in self._nodes

    def has_item(self, code: str) -> bool:
        return code in self._items

    def walk(self) -> Iterator[Node]:
        """Every node, parents before children, in document order."""
        return iter(self._order)

    @property
    def items(self) -> tuple[Item, ...]:
        return self._all_items

    def area_nodes(self, area: int) -> tuple[Node, ...]:
        """The outermost nodes marked with `area` (pemenuhan.N and reform.N in 90/2021)."""
        return self._area_roots.get(area, ())

    def area_of(self, code: str) -> int | None:
        """The area of a node or item code, looking up through its parents."""
        node_code = self._items[code].node_code if code in self._items else code
        while node_code is not None:
            node = self._nodes[node_code]
            if node.area is not None:
                return node.area
            node_code = node.parent_code
        return None

    def to_dict(self) -> dict:
        """The framework in the interchange format (round-trips through `parse_framework`)."""
        document = {
            "code": self.code, "title": self.title, "regulation": self.regulation,
            "effective_from": self.effective_from.isoformat(),
            "nodes": [_node_dict(node) for node in self.nodes],
        }
        if self.source:
            document["source"] = self.source
        if self.confidence:
            document["confidence"] = self.confidence
        custom = {kind: {answer: str(value) for answer, value in scale.items()}
                  for kind, scale in self.scales.items()
                  if {a: str(v) for a, v in scale.items()} != STANDARD_SCALES[kind]}
        if custom:
            document["scales"] = custom
        return document


def _node_dict(node: Node) -> dict:
    data = {"code": node.code, "title": node.title, "weight": str(node.weight)}
    if node.area is not None:
        data["area"] = node.area
    if node.children:
        data["children"] = [_node_dict(child) for child in node.children]
    else:
        data["items"] = [_item_dict(item) for item in node.items]
    return data


def _item_dict(item: Item) -> dict:
    data = {"code": item.code, "text": item.text, "answer_type": item.answer_type}
    if item.criteria:
        data["criteria"] = item.criteria
    if item.computed_from:
        data["computed_from"] = {"numerator": item.computed_from[0],
                                 "denominator": item.computed_from[1]}
    return data


def content_hash(document: dict) -> str:
    canonical = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                           default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def parse_framework(data: dict) -> Framework:
    """Check and build a framework; raise `FrameworkError` listing every problem found."""
    return _Parser().parse(data)


class _Parser:
    def __init__(self):
        self.problems: list[tuple[str, str]] = []
        self.nodes: dict[str, Node] = {}
        self.items: dict[str, Item] = {}
        self.codes_seen: set[str] = set()
        self.active_scales: dict[str, dict[str, Decimal]] = {}

    def problem(self, code: str, message: str) -> None:
        self.problems.append((code or "(framework)", message))

    def parse(self, data) -> Framework:
        if not isinstance(data, dict):
            raise FrameworkError([("(framework)", "the document must be a mapping")])
        code = self.text(data, "code", "(framework)")
        if code and not FRAMEWORK_CODE_PATTERN.match(code):
            self.problem("(framework)", "`code` must be 3–60 lowercase letters, digits and dashes")
        title = self.text(data, "title", "(framework)")
        regulation = self.text(data, "regulation", "(framework)")
        effective_from = self.date(data.get("effective_from"))
        scales = self.active_scales = self.scales(data.get("scales"))
        raw_nodes = data.get("nodes")
        if not isinstance(raw_nodes, list) or not raw_nodes:
            self.problem("(framework)", "`nodes` must be a non-empty list")
            raw_nodes = []
        nodes = tuple(n for n in (self.node(raw, None, None) for raw in raw_nodes) if n)
        self.check_components(nodes)
        self.check_computed()
        if self.problems:
            raise FrameworkError(self.problems)
        return Framework(
            code=code, title=title, regulation=regulation, effective_from=effective_from,
            nodes=nodes, source=_clean(data.get("source")),
            confidence=_clean(data.get("confidence")),
            scales=scales, content_hash=content_hash(data), _nodes=self.nodes, _items=self.items,
        )

    def text(self, data: dict, key: str, where: str, required: bool = True) -> str:
        value = data.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or not value.strip():
            self.problem(where, f"`{key}` must be a non-empty text")
            return ""
        return " ".join(value.split())

    def date(self, value) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            self.problem("(framework)", "`effective_from` must be a date (YYYY-MM-DD)")
            return dt.date.min

    def scales(self, raw) -> dict[str, dict[str, Decimal]]:
        scales = {kind: {a: Decimal(v) for a, v in scale.items()}
                  for kind, scale in STANDARD_SCALES.items()}
        if raw is None:
            return scales
        if not isinstance(raw, dict):
            self.problem("(framework)", "`scales` must map an answer type to its answers")
            return scales
        for kind, scale in raw.items():
            if kind not in STANDARD_SCALES:
                self.problem("(framework)", f"`scales`: {kind!r} is not a choice answer type")
            elif not isinstance(scale, dict) or set(scale) != set(STANDARD_SCALES[kind]):
                self.problem("(framework)", f"`scales.{kind}` must give a value to each of "
                                            f"{', '.join(STANDARD_SCALES[kind])}")
            else:
                values = {answer: self.number(scale[answer], f"scales.{kind}.{answer}")
                          for answer in STANDARD_SCALES[kind]}
                if all(v is not None and 0 <= v <= 1 for v in values.values()):
                    scales[kind] = values
                else:
                    self.problem("(framework)", f"`scales.{kind}` values must be between 0 and 1")
        return scales

    def number(self, value, where: str) -> Decimal | None:
        if isinstance(value, bool):
            return None
        try:
            number = Decimal(str(value))
        except (InvalidOperation, ValueError):
            return None
        return number if number.is_finite() else None

    def claim(self, code, where: str) -> str | None:
        if not isinstance(code, str) or not CODE_PATTERN.match(code):
            self.problem(where, f"code {code!r} must be lowercase letters, digits, '-' or '_' "
                                "separated by dots (e.g. pemenuhan.1.ii.b)")
            return None
        if code in self.codes_seen:
            self.problem(code, "duplicate code")
            return None
        self.codes_seen.add(code)
        return code

    def node(self, raw, parent_code: str | None, parent_area: int | None) -> Node | None:
        where = f"(node under {parent_code})" if parent_code else "(top-level node)"
        if not isinstance(raw, dict):
            self.problem(where, "a node must be a mapping")
            return None
        code = self.claim(raw.get("code"), where)
        label = code or where
        title = self.text(raw, "title", label)
        weight = self.number(raw.get("weight"), label)
        if weight is None or weight <= 0:
            self.problem(label, "`weight` must be a positive number")
            weight = Decimal(0)
        area = self.area(raw.get("area"), label, parent_area, parent_code)
        has_children, has_items = "children" in raw, "items" in raw
        if has_children == has_items:
            self.problem(label, "a node has either `children` or `items` (exactly one)")
            return None
        if has_children:
            children = self.children(raw["children"], code, label, area or parent_area, weight)
            node = Node(code or "", title, weight, area, children, (), parent_code)
        else:
            items = self.node_items(raw["items"], code, label)
            node = Node(code or "", title, weight, area, (), items, parent_code)
        if code:
            self.nodes[code] = node
        return node

    def area(self, value, label: str, parent_area: int | None, parent_code: str | None):
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value not in AREAS:
            self.problem(label, "`area` must be a whole number from 1 to 6")
            return None
        if parent_area is not None and value != parent_area:
            self.problem(label, f"`area` {value} differs from area {parent_area} of its parent")
        if parent_code is None:
            self.problem(label, "a component (top-level node) cannot belong to an area")
        return value

    def children(self, raw, code, label, area, weight) -> tuple[Node, ...]:
        if not isinstance(raw, list) or not raw:
            self.problem(label, "`children` must be a non-empty list")
            return ()
        children = tuple(c for c in (self.node(r, code or label, area) for r in raw) if c)
        total = sum((child.weight for child in children), Decimal(0))
        if len(children) == len(raw) and abs(total - weight) > WEIGHT_TOLERANCE:
            self.problem(label, f"the weights of the children add up to {_plain(total)}, "
                                f"not to the node's weight {_plain(weight)}")
        return children

    def node_items(self, raw, code, label) -> tuple[Item, ...]:
        if not isinstance(raw, list) or not raw:
            self.problem(label, "`items` must be a non-empty list")
            return ()
        items = tuple(i for i in (self.item(r, code or "", label) for r in raw) if i)
        if items and len(items) == len(raw) and not any(item.scored for item in items):
            self.problem(label, "an indicator needs at least one scored item (not only `jumlah`)")
        return items

    def item(self, raw, node_code: str, node_label: str) -> Item | None:
        where = f"(item of {node_label})"
        if not isinstance(raw, dict):
            self.problem(where, "an item must be a mapping")
            return None
        code = self.claim(raw.get("code"), where)
        label = code or where
        text = self.text(raw, "text", label)
        criteria = raw.get("criteria") or ""
        if not isinstance(criteria, str):
            self.problem(label, "`criteria` must be a text")
            criteria = ""
        answer_type = raw.get("answer_type")
        if answer_type not in ANSWER_TYPES:
            self.problem(label, f"unknown answer type {answer_type!r} (one of "
                                f"{', '.join(ANSWER_TYPES)})")
        computed = self.computed_from(raw.get("computed_from"), label, answer_type)
        scale = tuple(self.active_scales.get(answer_type, {}).items())
        item = Item(code or "", text, answer_type, criteria.strip(), computed, node_code, scale)
        if code:
            self.items[code] = item
        return item

    def computed_from(self, raw, label: str, answer_type) -> tuple[str, str] | None:
        if raw is None:
            return None
        if answer_type != "persen":
            self.problem(label, "only a `persen` item can be `computed_from` other items")
        if not isinstance(raw, dict) or not all(isinstance(raw.get(k), str)
                                                for k in ("numerator", "denominator")):
            self.problem(label, "`computed_from` needs `numerator` and `denominator` item codes")
            return None
        return raw["numerator"], raw["denominator"]

    def check_computed(self) -> None:
        for item in self.items.values():
            if not item.computed_from:
                continue
            for role, ref in zip(("numerator", "denominator"), item.computed_from, strict=True):
                target = self.items.get(ref)
                if target is None:
                    self.problem(item.code, f"`computed_from.{role}` refers to {ref!r}, "
                                            "which is not an item of this framework")
                elif ref == item.code or target.computed_from:
                    self.problem(item.code, f"`computed_from.{role}` is circular: {ref!r} is "
                                            "itself computed")
                elif target.answer_type != "jumlah":
                    self.problem(item.code, f"`computed_from.{role}` {ref!r} must be a "
                                            "`jumlah` item")

    def check_components(self, nodes: tuple[Node, ...]) -> None:
        codes = [node.code for node in nodes]
        for component in COMPONENTS:
            if component not in codes:
                self.problem("(framework)", f"a top-level node `{component}` is required")
        total = sum((node.weight for node in nodes), Decimal(0))
        if nodes and abs(total - FULL_MARKS) > WEIGHT_TOLERANCE:
            self.problem("(framework)", f"the top-level weights add up to {_plain(total)}, "
                                        f"not to {_plain(FULL_MARKS)}")
        areas = {node.area for node in self.nodes.values() if node.area}
        if areas and areas != set(AREAS):
            missing = ", ".join(str(a) for a in AREAS if a not in areas)
            self.problem("(framework)", f"areas {missing} have no node")


def _clean(value) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def _plain(number: Decimal) -> str:
    return format(number.normalize(), "f")
