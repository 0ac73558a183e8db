"""Loader of `libraries/oversight/*.yaml` and the readers of what it loaded.

Each file has a `kind` (see `OversightReference.Kind`) and `versions`, each with
`effective_year`, `source`, `confidence` and the kind's own keys. Banded kinds (Ombudsman grades,
AKIP predicates, MCP colours) list their bands from the highest `min` down to a band at 0, so
every score in 0–100 falls in exactly one band. MCP versions also carry the year's indicators
and sub-indicators, loaded into `McpIndicator`; an indicator already evidenced by a Pemda cannot
be removed (the loader refuses rather than lose the evidence).
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import ProtectedError

from integritas.core.libraries import Document, LibraryError, LoadResult, library_loader, required
from integritas.oversight.models import McpIndicator, OversightReference

Kind = OversightReference.Kind
BANDED = {Kind.OMBUDSMAN: "grades", Kind.AKIP: "predicates", Kind.MCP: "colour_bands"}


@library_loader("oversight")
def load_oversight_references(documents: list[Document]) -> LoadResult:
    references: dict[tuple[str, int], dict] = {}
    indicators: dict[tuple[int, str], dict] = {}
    for path, content in documents:
        kind = required(content, "kind", str, path.name)
        if kind not in Kind.values:
            raise LibraryError(f"{path.name}: `kind` must be one of {sorted(Kind.values)}")
        for entry in required(content, "versions", list, path.name):
            key, fields = _version(path.name, kind, entry)
            if key in references:
                raise LibraryError(f"{path.name}: {kind} {key[1]} is listed twice")
            if kind == Kind.MCP:
                indicators.update(_mcp_indicators(path.name, key[1], fields["data"]))
            references[key] = fields
    counts = _sync_references(references)
    indicator_counts = _sync_indicators(indicators)
    return LoadResult("oversight", *(a + b for a, b in zip(counts, indicator_counts, strict=True)))


def _version(filename: str, kind: str, entry: dict) -> tuple[tuple[str, int], dict]:
    year = required(entry, "effective_year", int, filename)
    where = f"{filename}, {kind} {year}"
    data = {key: value for key, value in entry.items()
            if key not in ("effective_year", "source", "confidence", "indicators")}
    if kind in BANDED:
        _check_bands(where, required(entry, BANDED[kind], list, where))
    return (kind, year), {
        "source": " ".join(required(entry, "source", str, where, 300).split()),
        "confidence": " ".join(required(entry, "confidence", str, where, 200).split()),
        "data": data | ({"indicators": entry["indicators"]} if "indicators" in entry else {}),
    }


def _check_bands(where: str, bands: list) -> None:
    """Bands must run strictly downwards from the best to one starting at 0: no gap, no overlap."""
    minimums = []
    for band in bands:
        required(band, "code", str, where)
        minimum = band.get("min") if isinstance(band, dict) else None
        if not isinstance(minimum, int | float) or not 0 <= minimum <= 100:
            raise LibraryError(f"{where}: band {band.get('code')!r} needs a `min` in 0–100")
        minimums.append(minimum)
    if minimums != sorted(set(minimums), reverse=True) or minimums[-1] != 0:
        raise LibraryError(f"{where}: bands must be listed from the highest `min` down to 0, "
                           "each lower than the one before")


def _mcp_indicators(filename: str, year: int, data: dict) -> dict[tuple[int, str], dict]:
    where = f"{filename}, mcp {year}"
    areas = {required(area, "code", str, where) for area in required(data, "areas", list, where)}
    found = {}
    for indicator in required(data, "indicators", list, where):
        code = str(required(indicator, "code", str, where))
        area = required(indicator, "area", str, f"{where}, {code}")
        if area not in areas:
            raise LibraryError(f"{where}, {code}: area {area!r} is not one of the year's areas")
        found[(year, code)] = _indicator_fields(f"{where}, {code}", indicator, area, parent=None)
        for sub in required(indicator, "sub_indicators", list, f"{where}, {code}"):
            sub_code = required(sub, "code", str, f"{where}, {code}")
            if not sub_code.startswith(f"{code}."):
                raise LibraryError(f"{where}, {sub_code}: must start with {code}.")
            found[(year, sub_code)] = _indicator_fields(f"{where}, {sub_code}", sub, area, code)
    return found


def _indicator_fields(where: str, entry: dict, area: str, parent: str | None) -> dict:
    weight = entry.get("weight")
    if not isinstance(weight, int | float) or weight <= 0:
        raise LibraryError(f"{where}: `weight` must be a positive number")
    return {"area": area, "parent_code": parent, "weight": Decimal(str(weight)),
            "description": " ".join(required(entry, "description", str, where, 300).split())}


def _sync_references(wanted: dict[tuple[str, int], dict]) -> tuple[int, int, int, int]:
    existing = {(r.kind, r.effective_year): r for r in OversightReference.objects.all()}
    created = changed = 0
    for key, fields in wanted.items():
        reference = existing.get(key)
        if reference is None:
            OversightReference.objects.create(kind=key[0], effective_year=key[1], **fields)
            created += 1
        elif any(getattr(reference, name) != value for name, value in fields.items()):
            OversightReference.objects.filter(pk=reference.pk).update(**fields)
            changed += 1
    gone = [r.pk for key, r in existing.items() if key not in wanted]
    OversightReference.objects.filter(pk__in=gone).delete()
    return created, changed, len(gone), len(wanted) - created - changed


def _sync_indicators(wanted: dict[tuple[int, str], dict]) -> tuple[int, int, int, int]:
    existing = {(i.year, i.code): i for i in McpIndicator.objects.all()}
    created = changed = 0
    # Parents first (shorter codes), so a sub-indicator finds its indicator's row.
    for key in sorted(wanted, key=lambda k: (k[0], k[1].count("."), k[1])):
        fields = dict(wanted[key])
        parent_code = fields.pop("parent_code")
        fields["parent"] = existing[(key[0], parent_code)] if parent_code else None
        indicator = existing.get(key)
        if indicator is None:
            existing[key] = McpIndicator.objects.create(year=key[0], code=key[1], **fields)
            created += 1
        elif any(getattr(indicator, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(indicator, name, value)
            indicator.save()
            changed += 1
    gone = [i.pk for key, i in existing.items() if key not in wanted]
    try:
        McpIndicator.objects.filter(pk__in=gone).delete()
    except ProtectedError as error:
        raise LibraryError("an MCP indicator that a Pemda has evidence for cannot be removed"
                           ) from error
    return created, changed, len(gone), len(wanted) - created - changed


def reference(kind: str, year: int) -> OversightReference | None:
    """The version of `kind` in force in `year` (the latest that started on or before it)."""
    return (OversightReference.objects.filter(kind=kind, effective_year__lte=year)
            .order_by("-effective_year").first())


def band_for(bands: list[dict], score) -> dict:
    """The first band (listed best first) whose minimum the score reaches."""
    return next(band for band in bands if Decimal(str(score)) >= Decimal(str(band["min"])))
