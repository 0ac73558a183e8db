"""Pact text bodies: placeholders, a small safe markup, and the content hash.

A body is plain text in a Markdown-lite markup, so a tenant never supplies HTML:

- blocks are separated by a blank line; lines of one paragraph are joined;
- `1. item` starts an ordered list item, `- item` (or `* item`) an unordered one; an indented
  line continues the item above it;
- `**bold**` and `*italic*` inside a line.

Everything else is text and is HTML-escaped when rendered, `<script>` included. Placeholders are
written `{nama}`; a brace that is not part of a known placeholder is refused, so a typo such as
`{jabtan}` is caught when the text is saved, not when a thousand PDFs are printed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from html import escape

from django.utils import formats, translation
from django.utils.translation import gettext_lazy as _

from integritas.core.errors import DomainError
from integritas.people.nip import format_nip

PLACEHOLDERS = ("nama", "nip", "jabatan", "unit", "instansi", "tempat", "tanggal")
BODY_MAX_LENGTH = 20_000

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_ORDERED_ITEM = re.compile(r"^\d{1,3}[.)]\s+(.*)$")
_UNORDERED_ITEM = re.compile(r"^[-*]\s+(.*)$")
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_ITALIC = re.compile(r"\*(?=\S)(.+?)(?<=\S)\*")


@dataclass(frozen=True)
class PactValues:
    """What fills a text's placeholders for one signer, already formatted for print."""

    nama: str
    nip: str
    jabatan: str
    unit: str
    instansi: str
    tempat: str
    tanggal: str

    @classmethod
    def build(cls, *, name: str, nip: str, position_title: str, unit_name: str, tenant,
              day: dt.date) -> PactValues:
        return cls(nama=name, nip=format_nip(nip), jabatan=position_title, unit=unit_name,
                   instansi=tenant.name, tempat=tenant.city, tanggal=document_date(day))

    @classmethod
    def for_target(cls, target, day: dt.date) -> PactValues:
        """A campaign target's values: the position and unit held when they were targeted."""
        return cls.build(name=target.employee.name, nip=target.employee.nip,
                         position_title=target.position_title, unit_name=target.unit.name,
                         tenant=target.tenant, day=day)

    def as_dict(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in PLACEHOLDERS}


def document_date(day: dt.date) -> str:
    """`12 Januari 2027`: a pact is an Indonesian document whatever language the reader uses."""
    with translation.override("id"):
        return formats.date_format(day, "j F Y")


def validate_body(body: str) -> str:
    """The body with normalised line endings, or a DomainError naming what is wrong."""
    text = "\n".join(line.rstrip() for line in str(body or "").replace("\r\n", "\n")
                     .replace("\r", "\n").split("\n")).strip()
    if not text:
        raise DomainError("pact_text_body_required", _("Enter the text of the pact."),
                          field="body")
    if len(text) > BODY_MAX_LENGTH:
        raise DomainError("pact_text_body_too_long",
                          _("A pact text has at most %(max)s characters."), field="body",
                          max=BODY_MAX_LENGTH)
    for match in _PLACEHOLDER.finditer(text):
        if match.group(1) not in PLACEHOLDERS:
            raise DomainError(
                "pact_text_unknown_placeholder",
                _("Unknown placeholder {%(name)s}; use one of %(allowed)s."), field="body",
                name=match.group(1), allowed=", ".join(f"{{{p}}}" for p in PLACEHOLDERS))
    outside_placeholders = _PLACEHOLDER.sub("", text)
    if "{" in outside_placeholders or "}" in outside_placeholders:
        raise DomainError("pact_text_unbalanced_brace",
                          _("A brace { or } is not closed; placeholders look like {nama}."),
                          field="body")
    return text


def content_hash(title: str, body: str) -> str:
    """SHA-256 of the title and body as signed; the same words give the same hash."""
    canonical = json.dumps({"title": title, "body": body}, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def render_html(body: str, values: PactValues | None = None) -> str:
    """The body as HTML (p, ol, ul, li, strong, em only), placeholders filled when given."""
    fill = values.as_dict() if values is not None else None
    return "\n".join(_render_block(kind, items, fill) for kind, items in _blocks(body))


def _blocks(body: str) -> list[tuple[str, list[str]]]:
    """[("p", [text]), ("ol", [item, ...]), ("ul", [...])] from the Markdown-lite lines."""
    blocks: list[tuple[str, list[str]]] = []
    current: tuple[str, list[str]] | None = None
    for raw in body.split("\n"):
        line = raw.strip()
        if not line:
            current = None
            continue
        ordered, unordered = _ORDERED_ITEM.match(line), _UNORDERED_ITEM.match(line)
        item = ordered or unordered
        if item is not None:
            kind = "ol" if ordered else "ul"
            if current is None or current[0] != kind:
                current = (kind, [])
                blocks.append(current)
            current[1].append(item.group(1))
        elif current is not None and (current[0] == "p" or raw[:1].isspace()):
            current[1][-1] += " " + line  # paragraph line, or an indented continuation
        else:
            current = ("p", [line])
            blocks.append(current)
    return blocks


def _render_block(kind: str, items: list[str], fill: dict[str, str] | None) -> str:
    if kind == "p":
        return f"<p>{_inline(items[0], fill)}</p>"
    rows = "".join(f"<li>{_inline(item, fill)}</li>" for item in items)
    return f"<{kind}>{rows}</{kind}>"


def _inline(text: str, fill: dict[str, str] | None) -> str:
    html = _ITALIC.sub(r"<em>\1</em>", _BOLD.sub(r"<strong>\1</strong>", escape(text)))
    if fill is None:
        return html
    # Values go in last and escaped, so a name can never add markup or another placeholder.
    return _PLACEHOLDER.sub(lambda m: escape(fill[m.group(1)]), html)
