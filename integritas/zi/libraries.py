"""Loader of `libraries/zi/*.yaml`: the evidence policies and the live-data proposal map."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from integritas.core.libraries import Document, LibraryError, LoadResult, library_loader, required
from integritas.zi.evidence import FILE_TYPES
from integritas.zi.models import EvidencePolicy

FIELDS = ("effective_from", "max_bytes", "file_types", "proposals", "source")
MEGABYTE = 1024 * 1024


@library_loader("zi")
def load_evidence_policies(documents: list[Document]) -> LoadResult:
    wanted: dict[str, dict] = {}
    for path, content in documents:
        proposals = _proposals(path.name, content.get("proposals") or {})
        for entry in required(content, "policies", list, path.name):
            code, fields = _policy(path.name, entry, proposals)
            if code in wanted:
                raise LibraryError(f"{path.name}: policy {code} is listed twice")
            wanted[code] = fields
    existing = {policy.code: policy for policy in EvidencePolicy.objects.all()}
    created = [EvidencePolicy(code=code, **fields) for code, fields in wanted.items()
               if code not in existing]
    changed = []
    for code, fields in wanted.items():
        policy = existing.get(code)
        if policy is not None and any(getattr(policy, k) != v for k, v in fields.items()):
            for name, value in fields.items():
                setattr(policy, name, value)
            policy.updated_at = timezone.now()
            changed.append(policy)
    removed = [policy.pk for code, policy in existing.items() if code not in wanted]
    EvidencePolicy.objects.bulk_create(created)
    EvidencePolicy.objects.bulk_update(changed, [*FIELDS, "updated_at"])
    EvidencePolicy.objects.filter(pk__in=removed).delete()
    return LoadResult("zi", len(created), len(changed), len(removed),
                      len(wanted) - len(created) - len(changed))


def _policy(filename: str, entry: dict, proposals: dict) -> tuple[str, dict]:
    code = required(entry, "code", str, filename, 60).strip()
    where = f"{filename}, {code}"
    megabytes = required(entry, "max_megabytes", int, where)
    if not 0 < megabytes <= 1024:
        raise LibraryError(f"{where}: `max_megabytes` must be between 1 and 1024")
    types = required(entry, "file_types", list, where)
    unknown = sorted(set(types) - set(FILE_TYPES))
    if unknown:
        raise LibraryError(f"{where}: unknown file types {unknown}; known: {sorted(FILE_TYPES)}")
    return code, {
        "effective_from": required(entry, "effective_from", dt.date, where),
        "max_bytes": megabytes * MEGABYTE,
        "file_types": list(types),
        "proposals": proposals,
        "source": " ".join(str(entry.get("source", "")).split())[:300],
    }


def _proposals(filename: str, raw) -> dict:
    from integritas.zi.live_data import SOURCES

    if not isinstance(raw, dict):
        raise LibraryError(f"{filename}: `proposals` must map framework codes to sources")
    for framework, sources in raw.items():
        if not isinstance(sources, dict):
            raise LibraryError(f"{filename}, {framework}: expected source: [item prefixes]")
        unknown = sorted(set(sources) - set(SOURCES))
        if unknown:
            raise LibraryError(f"{filename}, {framework}: unknown sources {unknown}")
        for source, prefixes in sources.items():
            if not isinstance(prefixes, list) or not all(isinstance(p, str) for p in prefixes):
                raise LibraryError(f"{filename}, {framework}.{source}: a list of item codes")
    return raw
