"""The risk reference data as objects: the matrix (with its validation), the register's
vocabulary, the SPIP elements and the maturity levels, read from `RiskLibrary` by date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from integritas.core.errors import DomainError
from integritas.risk.models import RiskLibrary, RiskMatrix

SCALE = range(1, 6)
COLOURS = ("blue", "green", "yellow", "orange", "red")


@dataclass(frozen=True)
class Band:
    code: str
    label: str
    min: int
    max: int
    colour: str
    rtp_required: bool


@dataclass(frozen=True)
class Matrix:
    """Scores by (likelihood, impact) and the bands that name them."""

    cells: dict[int, list[int]]
    bands: tuple[Band, ...]

    def score(self, likelihood: int, impact: int) -> int:
        return self.cells[likelihood][impact - 1]

    def band(self, score: int) -> Band:
        return next(b for b in self.bands if b.min <= score <= b.max)

    def band_by_code(self, code: str) -> Band | None:
        return next((b for b in self.bands if b.code == code), None)

    def as_data(self) -> dict:
        return {"cells": {str(k): v for k, v in self.cells.items()},
                "bands": [b.__dict__ for b in self.bands]}


# A matrix's problems are put into words when shown, so the API's message_id and message_en each
# carry them in their own language.
problem = lazy(lambda message, params: str(message) % params, str)
joined = lazy(lambda items: "; ".join(map(str, items)), str)


def matrix_problems(cells, bands) -> list[str]:
    """Everything wrong with a proposed matrix, in words (empty when it is sound): every cell
    present, bands well formed, not overlapping, and covering every score."""
    if not isinstance(cells, dict):
        return [_("the cells must map each likelihood 1–5 to five scores")]
    scores, problems = _cell_problems({str(k): v for k, v in cells.items()})
    if not isinstance(bands, list) or not bands:
        return [*problems, _("at least one band is needed")]
    parsed, band_problems = _band_problems(bands)
    problems += band_problems
    uncovered = sorted({s for s in scores if not any(lo <= s <= hi for lo, hi, _c in parsed)})
    if uncovered:
        problems.append(problem(_("scores %(scores)s fall in no band"),
                                {"scores": ", ".join(map(str, uncovered))}))
    return problems


def _cell_problems(rows: dict) -> tuple[list[int], list[str]]:
    scores, problems = [], []
    for likelihood in SCALE:
        row = rows.get(str(likelihood))
        if not isinstance(row, list) or len(row) > len(SCALE):
            problems.append(problem(_("likelihood %(l)s: give exactly five impact cells"),
                                    {"l": likelihood}))
            continue
        for impact in SCALE:
            value = row[impact - 1] if impact <= len(row) else None
            if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
                scores.append(value)
            else:
                problems.append(problem(_("likelihood %(l)s × impact %(i)s: the cell is missing "
                                          "or not a positive whole number"),
                                        {"l": likelihood, "i": impact}))
    return scores, problems


def _band_problems(bands: list) -> tuple[list[tuple[int, int, str]], list[str]]:
    parsed, problems = [], []
    for index, band in enumerate(bands, start=1):
        if not isinstance(band, dict) or not band.get("code") or not band.get("label"):
            problems.append(problem(_("band %(n)s: code and label are required"), {"n": index}))
            continue
        low, high, code = band.get("min"), band.get("max"), band["code"]
        if not isinstance(low, int) or not isinstance(high, int) or low > high:
            problems.append(problem(_("band %(code)s: min and max must be whole numbers, min ≤ "
                                      "max"), {"code": code}))
        elif band.get("colour") not in COLOURS:
            problems.append(problem(_("band %(code)s: colour must be one of %(colours)s"),
                                    {"code": code, "colours": ", ".join(COLOURS)}))
        else:
            parsed.append((low, high, code))
    parsed.sort()
    for (_low, high_a, code_a), (low_b, _high, code_b) in zip(parsed, parsed[1:], strict=False):
        if low_b <= high_a:
            problems.append(problem(_("bands %(a)s and %(b)s overlap (%(low)s–%(high)s)"),
                                    {"a": code_a, "b": code_b, "low": low_b, "high": high_a}))
    codes = [code for *_, code in parsed]
    if len(set(codes)) != len(codes):
        problems.append(_("band codes must be unique"))
    return parsed, problems


def build_matrix(cells, bands) -> Matrix:
    """A Matrix from raw data, or a coded error listing every problem."""
    problems = matrix_problems(cells, bands)
    if problems:
        raise DomainError("risk_matrix_invalid", _("The matrix is not valid: %(problems)s."),
                          field="cells", problems=joined(problems))
    return Matrix(
        cells={int(k): list(v) for k, v in cells.items()},
        bands=tuple(Band(code=b["code"], label=b["label"], min=b["min"], max=b["max"],
                         colour=b["colour"], rtp_required=bool(b.get("rtp_required")))
                    for b in sorted(bands, key=lambda b: b["min"])),
    )


def library(kind: str, on: dt.date | None = None) -> RiskLibrary:
    entry = (RiskLibrary.objects.filter(kind=kind, effective_from__lte=on or timezone.localdate())
             .order_by("-effective_from").first())
    if entry is None:
        raise DomainError("risk_library_missing",
                          _("The risk reference data (%(kind)s) is not loaded; run "
                            "`integritas load_libraries`."), kind=kind)
    return entry


def library_matrix() -> Matrix:
    data = library(RiskLibrary.Kind.MATRIX).data
    return build_matrix(data["cells"], data["bands"])


def tenant_matrix_row(tenant) -> RiskMatrix | None:
    return RiskMatrix.objects.filter(tenant=tenant).first()


def matrix_for(tenant) -> Matrix:
    """The Pemda's own matrix if it configured one, else the library's."""
    own = tenant_matrix_row(tenant)
    if own is not None:
        return build_matrix(own.cells, own.bands)
    return library_matrix()


@dataclass(frozen=True)
class Vocabulary:
    likelihood: tuple[dict, ...]
    impact: tuple[dict, ...]
    categories: tuple[dict, ...]
    sources: tuple[dict, ...]
    effectiveness: tuple[dict, ...]
    responses: tuple[dict, ...]
    rtp_kinds: tuple[dict, ...]

    @staticmethod
    def choices(items) -> list[tuple[str, str]]:
        return [(i["code"], i["label"]) for i in items]

    def label(self, group: str, code: str) -> str:
        return next((i["label"] for i in getattr(self, group) if i["code"] == code), code)

    @property
    def fraud_categories(self) -> list[str]:
        return [c["code"] for c in self.categories if c.get("fraud")]


def vocabulary() -> Vocabulary:
    data = library(RiskLibrary.Kind.VOCABULARY).data
    return Vocabulary(**{name: tuple(data[name]) for name in Vocabulary.__dataclass_fields__})


def spip_elements(on: dt.date | None = None) -> list[dict]:
    return library(RiskLibrary.Kind.SPIP_ELEMENTS, on).data["elements"]


def sub_element_codes(on: dt.date | None = None) -> list[str]:
    return [s["code"] for e in spip_elements(on) for s in e["sub_elements"]]


def maturity_levels(on: dt.date | None = None) -> list[dict]:
    return library(RiskLibrary.Kind.MATURITY, on).data["levels"]


def maturity_level_for(average: Decimal, levels: list[dict]) -> int:
    """The highest level whose band starts at or below the average."""
    return max(b["level"] for b in levels if Decimal(str(b["from"])) <= average)


def maturity_level_name(level: int | None, levels: list[dict]) -> str:
    return next((b["name"] for b in levels if b["level"] == level), "")
