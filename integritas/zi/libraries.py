"""Loader of `libraries/zi/*.yaml`: the evidence policies and the live-data proposal map."""

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
from integritas.zi.evidence import FILE_TYPES
from integritas.zi.models import EvidencePolicy

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
    return LoadResult("zi", *sync_rows(EvidencePolicy, existing, wanted,
                                       lambda code, fields: EvidencePolicy(code=code, **fields)))


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
