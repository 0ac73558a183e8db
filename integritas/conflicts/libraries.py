"""Loader of `libraries/conflicts/*.yaml`: the catalogue (types, sources, control measures) from
files with `groups`, and the dated rules (deadline, evidence limits, risk bands) from files with
`versions`. An entry a declaration or decision uses cannot be removed; retire it in a new file
version instead (the loader refuses, and nothing is loaded).
"""

from __future__ import annotations

import datetime as dt

from integritas.conflicts.models import CatalogueEntry, ConflictRules
from integritas.core.libraries import (
    Document,
    LibraryError,
    LoadResult,
    library_loader,
    required,
    sync_rows,
)


@library_loader("conflicts")
def load_conflicts(documents: list[Document]) -> LoadResult:
    entries, rules = {}, {}
    for path, content in documents:
        for key, fields in _catalogue(path.name, content.get("groups") or []):
            if key in entries:
                raise LibraryError(f"{path.name}: {key[0]} {key[1]!r} is listed twice")
            entries[key] = fields
        for key, fields in _rules(path.name, content.get("versions") or []):
            if key in rules:
                raise LibraryError(f"{path.name}: rules of {key} are listed twice")
            rules[key] = fields
    if not rules:
        raise LibraryError("conflicts: no `versions` of the rules")
    first = sync_rows(CatalogueEntry,
                      {(e.kind, e.code): e for e in CatalogueEntry.objects.all()}, entries,
                      lambda key, f: CatalogueEntry(kind=key[0], code=key[1], **f))
    second = sync_rows(ConflictRules, {r.effective_from: r for r in ConflictRules.objects.all()},
                       rules, lambda key, f: ConflictRules(effective_from=key, **f))
    return LoadResult("conflicts", *(a + b for a, b in zip(first, second, strict=True)))


def _catalogue(filename: str, groups: list):
    kinds = set(CatalogueEntry.Kind.values)
    for group in groups:
        kind = required(group, "kind", str, filename)
        if kind not in kinds:
            raise LibraryError(f"{filename}: `kind` must be one of {sorted(kinds)}")
        where = f"{filename}, {kind}"
        source = " ".join(required(group, "source", str, where, 300).split())
        confidence = required(group, "confidence", str, where, 200).strip()
        effective = required(group, "effective_from", dt.date, where)
        for position, entry in enumerate(required(group, "entries", list, where), start=1):
            at = f"{where}, entry {position}"
            code = required(entry, "code", str, at, 60).strip()
            yield (kind, code), {
                "label": " ".join(required(entry, "label", str, at, 300).split()),
                "means_no_conflict": bool(entry.get("means_no_conflict", False)),
                "source": source,
                "confidence": str(entry.get("confidence", confidence)).strip()[:200],
                "effective_from": effective,
                "position": position,
            }


def _rules(filename: str, versions: list):
    for version in versions:
        effective = required(version, "effective_from", dt.date, filename)
        where = f"{filename}, rules of {effective}"
        evidence = required(version, "evidence", dict, where)
        risk = required(version, "risk_map", dict, where)
        fields = {
            "decision_working_days": _positive(version, "decision_working_days", where),
            "max_files": _positive(evidence, "max_files", where),
            "max_bytes": _positive(evidence, "max_bytes", where),
            "extensions": [str(e).lower().lstrip(".")
                           for e in required(evidence, "extensions", list, where)],
            "risk_medium_from": _positive(risk, "medium_from", where),
            "risk_high_from": _positive(risk, "high_from", where),
            "risk_actual_weight": _positive(risk, "actual_weight", where),
            "source": " ".join(required(version, "source", str, where, 300).split()),
            "confidence": required(version, "confidence", str, where, 200).strip(),
        }
        if fields["risk_high_from"] <= fields["risk_medium_from"]:
            raise LibraryError(f"{where}: `high_from` must be above `medium_from`")
        yield effective, fields


def _positive(mapping: dict, key: str, where: str) -> int:
    value = required(mapping, key, int, where)
    if isinstance(value, bool) or value < 1:
        raise LibraryError(f"{where}: `{key}` must be a positive whole number")
    return value
