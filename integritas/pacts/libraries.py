"""Loader of `libraries/pacts/*.yaml`: standard pact texts, one file per text code.

A file has `code` and `versions`, each version with `version`, `title`, `source`,
`confidence`, `effective_from` and `body` (Markdown-lite with placeholders, see texts.py).
A version that a tenant has adopted is frozen: changing its words or removing it is refused,
so a signature never loses the text it was made on; publish a new version instead.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from integritas.core.errors import DomainError
from integritas.core.libraries import Document, LibraryError, LoadResult, library_loader, required
from integritas.pacts.models import LibraryPactText
from integritas.pacts.texts import content_hash, validate_body

FIELDS = ("title", "body", "source", "confidence", "effective_from", "content_hash")


@library_loader("pacts")
def load_pact_texts(documents: list[Document]) -> LoadResult:
    wanted: dict[tuple[str, int], dict] = {}
    for path, content in documents:
        code = required(content, "code", str, path.name, 60).strip()
        for entry in required(content, "versions", list, path.name):
            key, fields = _version(path.name, code, entry)
            if key in wanted:
                raise LibraryError(f"{path.name}: {code} version {key[1]} is listed twice")
            wanted[key] = fields
    existing = {(t.code, t.version): t for t in LibraryPactText.objects.all()}
    adopted = set(LibraryPactText.objects.filter(adoptions__isnull=False)
                  .values_list("code", "version").distinct())
    created = [LibraryPactText(code=k[0], version=k[1], **f)
               for k, f in wanted.items() if k not in existing]
    changed = [_updated(existing[k], f, k in adopted) for k, f in wanted.items()
               if k in existing and _differs(existing[k], f)]
    removed = [k for k in existing if k not in wanted]
    for key in removed:
        if key in adopted:
            raise LibraryError(f"{key[0]} version {key[1]} is in use and cannot be removed")
    LibraryPactText.objects.bulk_create(created)
    LibraryPactText.objects.bulk_update(changed, [*FIELDS, "updated_at"])
    LibraryPactText.objects.filter(pk__in=[existing[k].pk for k in removed]).delete()
    return LoadResult("pacts", len(created), len(changed), len(removed),
                      len(wanted) - len(created) - len(changed))


def _version(filename: str, code: str, entry: dict) -> tuple[tuple[str, int], dict]:
    version = required(entry, "version", int, filename)
    where = f"{filename}, {code} version {version}"
    title = " ".join(required(entry, "title", str, where, 200).split())
    try:
        body = validate_body(required(entry, "body", str, where))
    except DomainError as error:
        raise LibraryError(f"{where}: {error.render('en')}") from error
    effective = required(entry, "effective_from", dt.date, where)
    return (code, version), {
        "title": title,
        "body": body,
        "source": " ".join(required(entry, "source", str, where, 300).split()),
        "confidence": required(entry, "confidence", str, where, 200).strip(),
        "effective_from": effective,
        "content_hash": content_hash(title, body),
    }


def _differs(text: LibraryPactText, fields: dict) -> bool:
    return any(getattr(text, name) != value for name, value in fields.items())


def _updated(text: LibraryPactText, fields: dict, adopted: bool) -> LibraryPactText:
    if adopted and text.content_hash != fields["content_hash"]:
        raise LibraryError(f"{text.code} version {text.version} is in use: its words cannot "
                           f"change; add version {text.version + 1} instead")
    for name, value in fields.items():
        setattr(text, name, value)
    text.updated_at = timezone.now()
    return text
