"""Loader of `libraries/gratification/*.yaml`: the gratification rules, one version per
regulation in force from a date (format described in the YAML's header)."""

from __future__ import annotations

import datetime as dt

from integritas.core.libraries import (
    Document,
    LibraryError,
    LoadResult,
    library_loader,
    required,
    sync_rows,
)
from integritas.gratification import selectors
from integritas.gratification.models import Form, Occasion, Relation, RuleSet

DEADLINE_KEYS = ("to_upg", "upg_to_kpk", "to_kpk", "completeness", "remind_before")
FORM_KEYS = ("max_value", "max_files", "max_megabytes")
TEST_CODES = {"relations": set(Relation.values), "occasions": set(Occasion.values),
              "forms": set(Form.values)}
LIMIT_KEYS = ("per_giver", "per_year")
TEST_KEYS = {*TEST_CODES, *LIMIT_KEYS, "non_cash", "caveat"}


@library_loader("gratification")
def load_rule_sets(documents: list[Document]) -> LoadResult:
    wanted: dict[tuple[str, dt.date], dict] = {}
    for path, content in documents:
        code = required(content, "code", str, path.name, 60).strip()
        for entry in required(content, "versions", list, path.name):
            key, fields = _version(path.name, code, entry)
            if key in wanted:
                raise LibraryError(f"{path.name}: {code} from {key[1]} is listed twice")
            wanted[key] = fields
    existing = {(r.code, r.effective_from): r for r in RuleSet.objects.all()}
    # A rule set a report points at is protected: removing it is refused.
    counts = sync_rows(RuleSet, existing, wanted,
                       lambda key, fields: RuleSet(code=key[0], effective_from=key[1], **fields))
    if any(counts[:3]):
        selectors.forget_rules()
    return LoadResult("gratification", *counts)


def _version(filename: str, code: str, entry: dict) -> tuple[tuple[str, dt.date], dict]:
    effective = required(entry, "effective_from", dt.date, filename)
    where = f"{filename}, {code} from {effective}"
    deadlines = required(entry, "deadlines", dict, where)
    report_form = required(entry, "report_form", dict, where)
    for key in DEADLINE_KEYS:
        _positive_int(deadlines, key, f"{where}, deadlines")
    for key in FORM_KEYS:
        _positive_int(report_form, key, f"{where}, report_form")
    extensions = required(report_form, "extensions", list, f"{where}, report_form")
    cash_forms = required(entry, "cash_forms", list, where)
    _codes(cash_forms, TEST_CODES["forms"], f"{where}, cash_forms")
    return (code, effective), {
        "regulation": required(entry, "regulation", str, where, 100).strip(),
        "source": " ".join(required(entry, "source", str, where, 400).split()),
        "confidence": " ".join(required(entry, "confidence", str, where, 300).split()),
        "deadlines": {key: deadlines[key] for key in DEADLINE_KEYS},
        "cash_forms": sorted(cash_forms),
        "report_form": {**{key: report_form[key] for key in FORM_KEYS},
                        "extensions": [str(e).lower() for e in extensions]},
        "exemptions": _exemptions(required(entry, "exemptions", list, where), where),
    }


def _exemptions(entries: list, where: str) -> list[dict]:
    seen, result = set(), []
    for entry in entries:
        letter = required(entry, "letter", str, where, 2).strip()
        at = f"{where}, point {letter}"
        if letter in seen:
            raise LibraryError(f"{at}: listed twice")
        seen.add(letter)
        item = {"letter": letter, "text": " ".join(required(entry, "text", str, at).split())}
        if entry.get("test") is not None:
            item["test"] = _test(required(entry, "test", dict, at), at)
        result.append(item)
    return result


def _test(test: dict, where: str) -> dict:
    unknown = set(test) - TEST_KEYS
    if unknown:
        raise LibraryError(f"{where}: unknown test keys {sorted(unknown)}")
    for key, allowed in TEST_CODES.items():
        if key in test:
            _codes(test[key], allowed, f"{where}, {key}")
    for key in LIMIT_KEYS:
        if key in test:
            _positive_int(test, key, where)
    return test


def _codes(values, allowed: set[str], where: str) -> None:
    if not isinstance(values, list) or not set(values) <= allowed:
        raise LibraryError(f"{where}: must be a list of {sorted(allowed)}")


def _positive_int(mapping: dict, key: str, where: str) -> int:
    value = mapping.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise LibraryError(f"{where}: `{key}` must be a positive whole number")
    return value
