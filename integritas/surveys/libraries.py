"""Loader of `libraries/surveys/*.yaml`: the SPAK/SPKP questionnaires (`kind: questionnaire`, one
version per file) and the public form's abuse limits (`kind: policy`).

A questionnaire version that a period has used is frozen: changing its questions or scale, or
removing it, is refused, so every response keeps the words it answered.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from django.utils import timezone

from integritas.core.libraries import (
    Document,
    LibraryError,
    LoadResult,
    library_loader,
    required,
    sync_rows,
)
from integritas.surveys.models import Kind, Questionnaire, SurveyPolicy

KINDS = ("questionnaire", "policy")
POLICY_FIELDS = ("responses_per_address_per_hour", "device_repeat_days", "visit_valid_minutes")
FROZEN = ("scale", "questions")


@library_loader("surveys")
def load_surveys(documents: list[Document]) -> LoadResult:
    questionnaires: dict[tuple[str, int], dict] = {}
    policies: dict[dt.date, dict] = {}
    for path, content in documents:
        kind = content.get("kind")
        if kind == "questionnaire":
            key, fields = _questionnaire(path.name, content)
            if key in questionnaires:
                raise LibraryError(f"{path.name}: {key[0]} version {key[1]} is defined twice")
            questionnaires[key] = fields
        elif kind == "policy":
            day, fields = _policy(path.name, content)
            policies[day] = fields
        else:
            raise LibraryError(f"{path.name}: `kind` must be one of {', '.join(KINDS)}")
    q = _sync_questionnaires(questionnaires)
    p = _sync_policies(policies)
    return LoadResult("surveys", *(a + b for a, b in zip(q, p, strict=True)))


def _questionnaire(filename: str, content: dict) -> tuple[tuple[str, int], dict]:
    code = required(content, "code", str, filename)
    if code not in Kind.values:
        raise LibraryError(f"{filename}: `code` must be one of {', '.join(Kind.values)}")
    version = required(content, "version", int, filename)
    where = f"{filename}, {code} v{version}"
    scale = [{"value": required(p, "value", int, where), "label": required(p, "label", str, where)}
             for p in required(content, "scale", list, where)]
    values = [point["value"] for point in scale]
    if values != list(range(1, len(values) + 1)) or len(values) != 4:
        raise LibraryError(f"{where}: `scale` must be the four points 1, 2, 3, 4 in order")
    questions = [{"code": required(q, "code", str, where, 40),
                  "text": " ".join(required(q, "text", str, where).split())}
                 for q in required(content, "questions", list, where)]
    codes = [question["code"] for question in questions]
    if len(set(codes)) != len(codes):
        raise LibraryError(f"{where}: question codes must be unique")
    fields = {
        "title": required(content, "title", str, where, 200),
        "introduction": " ".join(str(content.get("introduction", "")).split()),
        "lke_item": required(content, "lke_item", str, where, 60),
        "effective_from": required(content, "effective_from", dt.date, where),
        "source": " ".join(str(content.get("source", "")).split()),
        "confidence": " ".join(str(content.get("confidence", "")).split()),
        "scale": scale,
        "questions": questions,
    }
    fields["content_hash"] = hashlib.sha256(json.dumps(
        {"scale": scale, "questions": questions}, sort_keys=True).encode()).hexdigest()
    return (code, version), fields


def _policy(filename: str, content: dict) -> tuple[dt.date, dict]:
    day = required(content, "effective_from", dt.date, filename)
    fields = {name: required(content, name, int, filename) for name in POLICY_FIELDS}
    if any(value <= 0 for value in fields.values()):
        raise LibraryError(f"{filename}: every limit must be a positive number")
    fields["source"] = " ".join(str(content.get("source", "")).split())
    return day, fields


def _sync_questionnaires(wanted: dict) -> tuple[int, int, int, int]:
    existing = {(q.code, q.version): q for q in Questionnaire.objects.all()}
    used = set(Questionnaire.objects.filter(periods__isnull=False)
               .values_list("code", "version").distinct())
    created = [Questionnaire(code=k[0], version=k[1], **f)
               for k, f in wanted.items() if k not in existing]
    changed = []
    for key, fields in wanted.items():
        row = existing.get(key)
        if row is None or all(getattr(row, n) == v for n, v in fields.items()):
            continue
        if key in used and row.content_hash != fields["content_hash"]:
            raise LibraryError(f"{key[0]} version {key[1]} has been used by survey periods: its "
                               f"questions and scale cannot change; add version {key[1] + 1}")
        for name, value in fields.items():
            setattr(row, name, value)
        row.updated_at = timezone.now()
        changed.append(row)
    removed = [key for key in existing if key not in wanted]
    if any(key in used for key in removed):
        raise LibraryError("a questionnaire version used by survey periods cannot be removed")
    Questionnaire.objects.bulk_create(created)
    if changed:
        Questionnaire.objects.bulk_update(changed, [*next(iter(wanted.values())), "updated_at"])
    Questionnaire.objects.filter(pk__in=[existing[k].pk for k in removed]).delete()
    return len(created), len(changed), len(removed), len(wanted) - len(created) - len(changed)


def _sync_policies(wanted: dict) -> tuple[int, int, int, int]:
    existing = {p.effective_from: p for p in SurveyPolicy.objects.all()}
    return sync_rows(SurveyPolicy, existing, wanted,
                     lambda day, fields: SurveyPolicy(effective_from=day, **fields))
