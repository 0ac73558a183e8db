"""Problems found in an import file, and the hint shown beside each on how to fix it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from integritas.core.errors import DomainError

DEFAULT_FIX = _("Correct the value in the file and upload it again.")

FIXES = {
    "nip_required": _("Type the employee's 18-digit NIP."),
    "nip_scientific": _("Format the NIP column as Text, type the 18 digits again, save and "
                        "upload."),
    "nip_number": _("Format the NIP column as Text, type the 18 digits again, save and upload."),
    "nip_length": _("Copy the NIP as printed on the decree (SK): exactly 18 digits."),
    "nip_duplicate": _("Keep one row per employee; delete or correct the other row."),
    "cell_formula": _("Replace the formula by its value (Copy, then Paste Values)."),
    "unit_required": _("Fill in the employee's unit (Unit Kerja / OPD)."),
    "unit_unknown": _("Use the unit's name as listed under Units, or allow new units to be "
                      "created when uploading."),
    "unit_ambiguous": _("Several units have this name; rename one of them under Units."),
    "superior_unknown": _("Use the NIP of an employee in this file or already in the system, "
                          "or leave the cell empty."),
    "superior_self": _("Use the NIP of the direct superior, or leave the cell empty."),
    "superior_cycle": _("Check the superiors: following them must end at someone without a "
                        "superior."),
    "column_missing": _("Add a column with this header to the first row (see the template)."),
    "column_duplicate": _("Keep one column for this field and delete the other."),
    "csv_encoding": _('In Excel choose Save As, then "CSV UTF-8 (Comma delimited)", and upload '
                      "that file."),
    "xlsx_corrupt": _("Open the file in Excel, save it again as .xlsx and upload that file."),
    "xls_unsupported": _("Open the file in Excel and save it as .xlsx (Excel Workbook)."),
    "file_no_rows": _("Put the headers in the first row and one employee per row below it."),
    "file_too_many_rows": _("Split the file into smaller files and import them one by one."),
    "sex_mismatch": _("Check the NIP and the sex; digit 15 of the NIP is 1 for male and 2 for "
                      "female."),
}


@dataclass
class Issue:
    """One problem: where it is (row, column, value) and what it is (code, msgid, params)."""

    code: str
    message: str
    row: int | None = None
    column: str = ""
    value: str = ""
    params: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_error(cls, error: DomainError, *, row: int | None = None, column: str = "",
                   value: object = "") -> Issue:
        return cls(code=error.code, message=msgid(error.message), row=row, column=column,
                   value=str(value if value is not None else "")[:200],
                   params=_plain(error.params))

    def render(self) -> str:
        return render(self.message, self.params)


class FileInvalid(DomainError):
    """The file as a whole cannot be read; it carries the issue to store for the preview."""


def msgid(message) -> str:
    """The English source text of a (lazy) message, so it can be translated when shown."""
    with translation.override(None):
        return str(message)


def render(message: str, params: dict[str, Any]) -> str:
    text = gettext(message)
    return text % params if params else text


def fix_for(code: str):
    return FIXES.get(code, DEFAULT_FIX)


def _plain(params: dict[str, Any]) -> dict[str, Any]:
    return {key: value if isinstance(value, (int, float)) else str(value)
            for key, value in params.items()}
