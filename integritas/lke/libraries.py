"""Loader of `libraries/lke/*.yaml`: LKE frameworks (`kind: framework`, the interchange format of
docs/lke.md) and the WBK/WBBM conditions (`kind: eligibility`, a list of `rulesets`).

Every framework is checked by `parse_framework`; a broken file fails the whole load with all its
problems listed by node code, so a half-valid library never reaches the database.
"""

from __future__ import annotations

import json

from django.db.models import ProtectedError
from django.utils import timezone

from integritas.core.libraries import Document, LibraryError, LoadResult, library_loader
from integritas.lke.eligibility import parse_rules
from integritas.lke.frameworks import FrameworkError, content_hash, parse_framework
from integritas.lke.models import EligibilityRuleSet, LkeFramework

KINDS = ("framework", "eligibility")


def normalised(document: dict) -> dict:
    """The document as JSON stores it (dates as ISO text), without the library's `kind`."""
    data = {key: value for key, value in document.items() if key != "kind"}
    return json.loads(json.dumps(data, default=str))


def framework_fields(document: dict) -> dict:
    """Check a framework document and return the model fields for it; raises FrameworkError."""
    data = normalised(document)
    framework = parse_framework(data)
    return {
        "title": framework.title[:300], "regulation": framework.regulation[:300],
        "effective_from": framework.effective_from, "source": framework.source,
        "confidence": framework.confidence, "document": data,
        "content_hash": framework.content_hash, "items_count": len(framework.items),
    }


@library_loader("lke")
def load_lke(documents: list[Document]) -> LoadResult:
    frameworks: dict[str, dict] = {}
    rulesets: dict[str, dict] = {}
    for path, content in documents:
        kind = content.get("kind")
        if kind not in KINDS:
            raise LibraryError(f"{path.name}: `kind` must be one of {', '.join(KINDS)}")
        if kind == "framework":
            _add(frameworks, path.name, content.get("code"), _framework(path.name, content))
        else:
            for entry in content.get("rulesets") or []:
                _add(rulesets, path.name, entry.get("code"), _ruleset(path.name, entry))
    counts = [_sync(LkeFramework.objects.filter(tenant__isnull=True), LkeFramework, frameworks),
              _sync(EligibilityRuleSet.objects.all(), EligibilityRuleSet, rulesets)]
    return LoadResult("lke", *(sum(c[i] for c in counts) for i in range(4)))


def _add(wanted: dict, filename: str, code, fields: dict) -> None:
    if code in wanted:
        raise LibraryError(f"{filename}: {code} is defined twice")
    wanted[code] = fields


def _framework(filename: str, content: dict) -> dict:
    try:
        return framework_fields(content)
    except FrameworkError as error:
        problems = "\n".join(f"  {code}: {message}" for code, message in error.problems)
        raise LibraryError(f"{filename}: the framework has {len(error.problems)} "
                           f"problem(s):\n{problems}") from error


def _ruleset(filename: str, entry: dict) -> dict:
    try:
        rules = parse_rules(entry)
    except FrameworkError as error:
        raise LibraryError(f"{filename}: {error}") from error
    data = normalised(entry)
    return {"effective_from": rules.effective_from, "document": data,
            "content_hash": content_hash(data)}


def _sync(queryset, model, wanted: dict[str, dict]) -> tuple[int, int, int, int]:
    existing = {row.code: row for row in queryset}
    created = [model(code=code, **fields) for code, fields in wanted.items()
               if code not in existing]
    changed = []
    for code, fields in wanted.items():
        row = existing.get(code)
        if row is not None and row.content_hash != fields["content_hash"]:
            for name, value in fields.items():
                setattr(row, name, value)
            row.updated_at = timezone.now()
            changed.append(row)
    removed = [row.pk for code, row in existing.items() if code not in wanted]
    model.objects.bulk_create(created)
    if changed:
        model.objects.bulk_update(changed, [*wanted[changed[0].code], "updated_at"])
    try:
        model.objects.filter(pk__in=removed).delete()
    except ProtectedError as error:
        raise LibraryError(f"{model._meta.verbose_name} in use cannot be removed from the "
                           "library") from error
    return (len(created), len(changed), len(removed),
            len(wanted) - len(created) - len(changed))
