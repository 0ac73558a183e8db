"""Reference data from `libraries/` (YAML in the repository), loaded by `integritas load_libraries`.

Each kind of library is a folder with a loader registered for it here or in an app's own
`libraries.py` (`@library_loader("zi")`); the command discovers them all. A loader receives the
folder's YAML documents and makes its table equal to them: create, update, delete, in one
transaction, and reports counts. Loading twice changes nothing the second time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.conf import settings
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from integritas.core.cache_tokens import bump
from integritas.core.calendar import NATIONAL_SCOPE
from integritas.core.models import Holiday

LIBRARIES_DIR = settings.PROJECT_DIR / "libraries"


class LibraryError(Exception):
    """A library file that cannot be loaded; the message names the file and the entry."""


@dataclass(frozen=True)
class LoadResult:
    library: str
    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return (f"{self.library}: {self.created} created, {self.updated} updated, "
                f"{self.deleted} deleted, {self.unchanged} unchanged")


Document = tuple[Path, dict]
LOADERS: dict[str, Callable[[list[Document]], LoadResult]] = {}


def library_loader(folder: str):
    """Register `func(documents) -> LoadResult` as the loader of `libraries/<folder>/*.yaml`."""

    def register(func):
        LOADERS[folder] = func
        return func

    return register


def load_libraries(root: Path | None = None) -> list[LoadResult]:
    """Load every registered library kind; all or nothing."""
    autodiscover_modules("libraries")
    root = root or LIBRARIES_DIR
    with transaction.atomic():
        return [load(read_folder(root / folder)) for folder, load in sorted(LOADERS.items())]


def read_folder(folder: Path) -> list[Document]:
    if not folder.is_dir():
        # A missing folder must not read as "every entry was removed".
        raise LibraryError(f"{folder}: library folder not found")
    documents = []
    for path in sorted(folder.glob("*.yaml")):
        try:
            content = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as error:
            raise LibraryError(f"{path.name}: not valid YAML ({error})") from error
        if not isinstance(content, dict):
            raise LibraryError(f"{path.name}: expected a mapping at the top")
        documents.append((path, content))
    return documents


def required(mapping: dict, key: str, kind: type, where: str, max_length: int | None = None):
    value = mapping.get(key) if isinstance(mapping, dict) else None
    if not isinstance(value, kind) or value in ("", []):
        raise LibraryError(f"{where}: `{key}` must be a non-empty {kind.__name__}")
    if max_length is not None and len(value) > max_length:
        raise LibraryError(f"{where}: `{key}` is longer than {max_length} characters")
    return value


def sync_rows(model, existing: dict, wanted: dict, build: Callable) -> tuple[int, int, int, int]:
    """Make a reference table equal to its library: `wanted` maps each key to the row's field
    values, `existing` the same keys to the rows in the table. Missing rows are made with
    `build(key, values)`, rows whose values differ are updated, the others are deleted. A row that
    something still points at cannot be deleted: retire it in a new version instead.
    Returns (created, changed, removed, unchanged), the counts a LoadResult takes."""
    created = [build(key, values) for key, values in wanted.items() if key not in existing]
    changed = [_refreshed(existing[key], values) for key, values in wanted.items()
               if key in existing and _differs(existing[key], values)]
    removed = [row.pk for key, row in existing.items() if key not in wanted]
    model.objects.bulk_create(created)
    if changed:
        fields = {name for values in wanted.values() for name in values}
        model.objects.bulk_update(changed, [*sorted(fields), "updated_at"])
    try:
        model.objects.filter(pk__in=removed).delete()
    except ProtectedError as error:
        raise LibraryError(f"{model._meta.app_label}: {model._meta.verbose_name} in use cannot be "
                           "removed (retire it instead)") from error
    return len(created), len(changed), len(removed), len(wanted) - len(created) - len(changed)


def _differs(row, values: dict) -> bool:
    return any(getattr(row, name) != value for name, value in values.items())


def _refreshed(row, values: dict):
    for name, value in values.items():
        setattr(row, name, value)
    row.updated_at = timezone.now()
    return row


@library_loader("calendar")
def load_holidays(documents: list[Document]) -> LoadResult:
    wanted = {}
    for path, content in documents:
        for year_block in required(content, "years", list, path.name):
            for key, fields in _holiday_entries(path.name, year_block):
                if key in wanted:
                    raise LibraryError(f"{path.name}: {key[0]} {key[2]!r} is listed twice")
                wanted[key] = fields
    existing = {(h.date, h.kind, h.name): h for h in Holiday.objects.all()}
    counts = sync_rows(Holiday, existing, wanted,
                       lambda key, values: Holiday(date=key[0], kind=key[1], name=key[2], **values))
    if any(counts[:3]):
        bump(NATIONAL_SCOPE)
    return LoadResult("calendar", *counts)


def _holiday_entries(filename: str, block: dict):
    year = required(block, "year", int, filename)
    where = f"{filename}, {year}"
    source = " ".join(required(block, "source", str, where, 300).split())
    confidence = required(block, "confidence", str, where, 200).strip()
    kinds = set(Holiday.Kind.values)
    for index, entry in enumerate(required(block, "entries", list, where), start=1):
        at = f"{where}, entry {index}"
        day = required(entry, "date", dt.date, at)
        name = required(entry, "name", str, at, 200).strip()
        kind = required(entry, "kind", str, at)
        if kind not in kinds:
            raise LibraryError(f"{at}: `kind` must be one of {sorted(kinds)}")
        if day.year != year:
            raise LibraryError(f"{at}: {day} is not in {year}")
        yield (day, kind, name), {"source": source, "confidence": confidence}
