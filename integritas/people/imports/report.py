"""The files users download: the error report and the empty template."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from integritas.core.xlsx import workbook_bytes
from integritas.people.imports.columns import FIELDS
from integritas.people.imports.selectors import errors_of

TEXT_FORMAT = "@"
# NIPs typed into these columns must stay text: a number loses the last digits.
NIP_COLUMNS = ("nip", "superior")


def error_report_bytes(job) -> bytes:
    headers = [_("Row"), _("Column"), _("Value"), _("What is wrong"), _("How to fix it")]
    rows = ([error.row or "", error.column, error.value, error.text, error.fix]
            for error in errors_of(job).iterator(chunk_size=2000))
    return workbook_bytes(_("Errors"), headers, rows)


def template_bytes() -> bytes:
    """Our headers, with the NIP columns formatted as text, and a sheet explaining each."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Employees")[:31]
    bold = Font(bold=True)
    for index, spec in enumerate(FIELDS, start=1):
        cell = sheet.cell(row=1, column=index, value=spec.header)
        cell.font = bold
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = 24
        if spec.name in NIP_COLUMNS:
            sheet.column_dimensions[letter].number_format = TEXT_FORMAT
    guide = workbook.create_sheet(_("Guide")[:31])
    guide.append([_("Column"), _("Required"), _("Also recognised as"), _("Meaning")])
    for cell in guide[1]:
        cell.font = bold
    for spec in FIELDS:
        guide.append([spec.header, _("yes") if spec.required else _("no"),
                      ", ".join(spec.synonyms), str(spec.label)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

