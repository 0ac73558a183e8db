"""Which column of the file holds which field, found by header name.

Headers are matched after folding case, punctuation and spaces, against the names the Pemda
personnel systems (SIMPEG, SIASN exports) use, so "NIP Baru", "nama  lengkap" and "OPD" all work.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class FieldSpec:
    name: str
    header: str  # the header written in our template
    label: object
    required: bool
    synonyms: tuple[str, ...] = ()


FIELDS = (
    FieldSpec("nip", "NIP", _("NIP"), True,
              ("nip baru", "nip 18 digit", "nip ni pppk", "ni pppk", "nomor induk pegawai")),
    FieldSpec("name", "Nama", _("Name"), True,
              ("nama lengkap", "nama pegawai", "nama asn", "nama dengan gelar")),
    FieldSpec("position_title", "Jabatan", _("Position"), True,
              ("nama jabatan", "jabatan terakhir")),
    FieldSpec("unit", "Unit Kerja", _("Unit"), True,
              ("opd", "satuan kerja", "satker", "skpd", "perangkat daerah", "unit organisasi",
               "unor")),
    FieldSpec("superior", "Atasan", _("Direct superior (NIP)"), False,
              ("nip atasan", "atasan langsung", "nip atasan langsung")),
    FieldSpec("position_kind", "Jenis Jabatan", _("Position kind"), False, ()),
    FieldSpec("echelon", "Eselon", _("Echelon"), False, ("eselon jabatan",)),
    FieldSpec("sex", "Jenis Kelamin", _("Sex"), False, ("jk", "l p", "gender")),
    FieldSpec("employment", "Status Kepegawaian", _("Employment"), False,
              ("status pegawai", "status asn", "jenis asn", "jenis pegawai", "kedudukan")),
    FieldSpec("email", "Email", _("Email"), False, ("e mail", "alamat email", "surel")),
)
FIELD_BY_NAME = {spec.name: spec for spec in FIELDS}
REQUIRED = tuple(spec for spec in FIELDS if spec.required)
TEMPLATE_HEADERS = tuple(spec.header for spec in FIELDS)


def fold(text: object) -> str:
    """"  Nama_Lengkap. " -> "nama lengkap": case, punctuation and runs of spaces ignored."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", str(text or "").casefold()).split())


_LOOKUP = {fold(name): spec.name for spec in FIELDS for name in (spec.header, *spec.synonyms)}


def field_for(header: object) -> str | None:
    return _LOOKUP.get(fold(header))


def match_headers(headers: list[object]) -> tuple[dict[str, int], dict[str, list[int]], list[str]]:
    """Map fields to column indexes: (mapping, fields found in several columns, ignored headers)."""
    mapping: dict[str, int] = {}
    duplicates: dict[str, list[int]] = {}
    ignored: list[str] = []
    for index, header in enumerate(headers):
        name = field_for(header)
        if name is None:
            if str(header or "").strip():
                ignored.append(str(header).strip())
        elif name in mapping:
            duplicates.setdefault(name, [mapping[name]]).append(index)
        else:
            mapping[name] = index
    return mapping, duplicates, ignored
