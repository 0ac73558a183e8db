"""Loader of `libraries/risk/*.yaml`: one file per kind (matrix, vocabulary, SPIP elements,
maturity levels), each with dated `versions` carrying `effective_from`, `source`, `confidence`
and the kind's data. A broken matrix or maturity scale is refused with the problems named."""

from __future__ import annotations

import datetime as dt
import json

from integritas.core.libraries import (
    Document,
    LibraryError,
    LoadResult,
    library_loader,
    required,
    sync_rows,
)
from integritas.risk.models import RiskLibrary
from integritas.risk.reference import Vocabulary, matrix_problems

PROVENANCE = ("effective_from", "source", "confidence")


@library_loader("risk")
def load_risk_library(documents: list[Document]) -> LoadResult:
    wanted: dict[tuple[str, dt.date], dict] = {}
    for path, content in documents:
        kind = required(content, "kind", str, path.name)
        if kind not in RiskLibrary.Kind.values:
            raise LibraryError(f"{path.name}: `kind` must be one of {RiskLibrary.Kind.values}")
        for entry in required(content, "versions", list, path.name):
            key, fields = _version(path.name, kind, entry)
            if key in wanted:
                raise LibraryError(f"{path.name}: {kind} {key[1]} is listed twice")
            wanted[key] = fields
    existing = {(e.kind, e.effective_from): e for e in RiskLibrary.objects.all()}
    return LoadResult("risk", *sync_rows(
        RiskLibrary, existing, wanted,
        lambda key, fields: RiskLibrary(kind=key[0], effective_from=key[1], **fields)))


def _version(filename: str, kind: str, entry: dict):
    effective = required(entry, "effective_from", dt.date, filename)
    where = f"{filename}, {kind} {effective}"
    data = {k: v for k, v in entry.items() if k not in PROVENANCE}
    CHECKS[kind](where, data)
    # As the JSON column will give it back (YAML's integer keys become strings), so an unchanged
    # library compares equal to what is stored.
    data = json.loads(json.dumps(data))
    return (kind, effective), {
        "source": " ".join(required(entry, "source", str, where, 400).split()),
        "confidence": " ".join(required(entry, "confidence", str, where, 400).split()),
        "data": data,
    }


def _check_matrix(where: str, data: dict) -> None:
    problems = matrix_problems(data.get("cells"), data.get("bands"))
    if problems:
        raise LibraryError(f"{where}: " + "; ".join(problems))


def _check_vocabulary(where: str, data: dict) -> None:
    for name in Vocabulary.__dataclass_fields__:
        items = required(data, name, list, where)
        key = "value" if name in ("likelihood", "impact") else "code"
        if name in ("likelihood", "impact") and [i.get("value") for i in items] != [1, 2, 3, 4, 5]:
            raise LibraryError(f"{where}: `{name}` must list the values 1 to 5 in order")
        for item in items:
            if not isinstance(item, dict) or not item.get(key) or not item.get("label"):
                raise LibraryError(f"{where}: every `{name}` entry needs {key} and label")


def _check_elements(where: str, data: dict) -> None:
    codes = [s.get("code") for e in required(data, "elements", list, where)
             for s in required(e, "sub_elements", list, where)]
    if len(set(codes)) != len(codes) or not all(codes):
        raise LibraryError(f"{where}: sub-element codes must be present and unique")


def _check_maturity(where: str, data: dict) -> None:
    levels = required(data, "levels", list, where)
    starts = [level.get("from") for level in levels]
    if (not all(isinstance(s, (int, float)) for s in starts) or starts[0] != 0
            or any(b <= a for a, b in zip(starts, starts[1:], strict=False))):
        raise LibraryError(f"{where}: level bands must start at 0 and rise strictly")


CHECKS = {
    RiskLibrary.Kind.MATRIX: _check_matrix,
    RiskLibrary.Kind.VOCABULARY: _check_vocabulary,
    RiskLibrary.Kind.SPIP_ELEMENTS: _check_elements,
    RiskLibrary.Kind.MATURITY: _check_maturity,
}
