"""Read an uploaded .xlsx or .csv into a header row and data rows, without trusting it.

xlsx is read streaming (`read_only=True`) with formulas kept as text (`data_only=False`), so a
formula is reported, never evaluated; openpyxl parses the XML with defusedxml. A CSV is decoded
as UTF-8 (with or without BOM) and falls back to cp1252/latin-1 only when that decodes cleanly.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from integritas.people.imports.columns import field_for
from integritas.people.imports.issues import FileInvalid

XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0"
# How far down we look for the header row: exports often start with a title line or two.
HEADER_SEARCH_ROWS = 10
CSV_DELIMITERS = (";", ",", "\t")
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@dataclass
class Table:
    header_row: int  # 1-based row number, as the spreadsheet shows it
    headers: list[str]
    rows: Iterator[tuple[int, list]]  # (row number, cell values) of the non-empty rows below
    size_hint: int  # rows in the file as its own metadata says, for the progress bar


@contextmanager
def open_table(data: bytes, filename: str):
    """Yield the `Table` of the file's first sheet; raise `FileInvalid` for an unreadable file."""
    if not data:
        raise FileInvalid("file_no_rows", _("The file is empty."))
    if data.startswith(XLS_MAGIC):
        raise FileInvalid("xls_unsupported", _("Old Excel files (.xls) cannot be read; save "
                                               "the file as .xlsx."))
    if data.startswith(XLSX_MAGIC):
        with _xlsx_rows(data) as (rows, size_hint):
            yield _table(rows, size_hint)
    elif filename.lower().endswith(".xlsx"):
        raise FileInvalid("xlsx_corrupt", _("The file is not a valid Excel (.xlsx) file."))
    else:
        text = decode_csv(data)
        yield _table(_csv_rows(text), text.count("\n"))


def _table(rows: Iterator[tuple[int, list]], size_hint: int) -> Table:
    first: tuple[int, list] | None = None
    for number, values in itertools.islice(rows, HEADER_SEARCH_ROWS):
        first = first or (number, values)
        if any(field_for(value) == "nip" for value in values):
            return Table(number, [_header(v) for v in values], rows, size_hint - number)
    if first is None:
        raise FileInvalid("file_no_rows", _("The file has no rows."))
    # No NIP header near the top: take the first row, the missing-column check says what lacks.
    return Table(first[0], [_header(v) for v in first[1]], rows, size_hint - first[0])


def _header(value) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _non_empty(numbered_rows) -> Iterator[tuple[int, list]]:
    for number, values in numbered_rows:
        if any(value is not None and str(value).strip() for value in values):
            yield number, list(values)


@contextmanager
def _xlsx_rows(data: bytes):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # any parser failure on untrusted bytes means a broken file
        raise _corrupt() from exc
    try:
        if not workbook.worksheets:
            raise FileInvalid("file_no_rows", _("The workbook has no sheets."))
        sheet = workbook.worksheets[0]
        rows = _guarded(_non_empty(enumerate(sheet.iter_rows(values_only=True), start=1)))
        yield rows, sheet.max_row or 0
    finally:
        workbook.close()


def _guarded(rows: Iterator[tuple[int, list]]) -> Iterator[tuple[int, list]]:
    """Sheet XML is parsed while we iterate; a broken part shows up here, not at load time."""
    try:
        yield from rows
    except FileInvalid:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError, EOFError) as exc:
        raise _corrupt() from exc


def _corrupt() -> FileInvalid:
    return FileInvalid("xlsx_corrupt", _("The Excel file is damaged or not a real .xlsx file."))


def _csv_rows(text: str) -> Iterator[tuple[int, list]]:
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(CSV_DELIMITERS, key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return _non_empty((reader.line_num, values) for values in reader)


def decode_csv(data: bytes) -> str:
    """UTF-8 (BOM or not) first; the old Windows encodings only when they decode cleanly."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in data[:4096]:
        raise _encoding_error()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    for encoding in ("cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not _CONTROL_CHARS.search(text):
            return text
    raise _encoding_error()


def _encoding_error() -> FileInvalid:
    return FileInvalid("csv_encoding", _('The CSV file is not in a text encoding we can read. '
                                         'Save it as "CSV UTF-8" and upload it again.'))
