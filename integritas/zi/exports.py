"""The LKE leaving the system: the workbook in the KemenPANRB layout, a PDF summary per unit and
the evidence pack for the TPN (a zip streamed as it is written: no temporary file, no job)."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from pathlib import PurePath

from django.utils import timezone
from django.utils.text import slugify
from django_scopes import scope
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from integritas.core.documents import letterhead_context, render_template_pdf, template_source
from integritas.lke.frameworks import Framework
from integritas.lke.selectors import parsed
from integritas.pacts.texts import document_date
from integritas.zi.assessment_selectors import (
    HASIL,
    SECTIONS,
    answers_by_code,
    evidence_by_code,
    section_items,
    section_title,
)
from integritas.zi.models import LkeAssessment, LkeEvidence

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV", "5": "V", "6": "VI"}
CHUNK = 64 * 1024
SUMMARY_TEMPLATE = "zi/documents/summary.html"

# The columns of the LKE sheet units know from KemenPANRB; the workbook's words are Bahasa
# Indonesia like the official file, whatever language the reader's screen uses.
HEADERS = ("Kode", "Komponen / Indikator / Pertanyaan", "Bobot", "Pilihan Jawaban",
           "Jawaban Unit", "Nilai Unit", "% Unit", "Jawaban TPI", "Nilai TPI", "% TPI",
           "Catatan Unit", "Catatan TPI", "Bukti Dukung")
WIDTHS = (18, 70, 8, 16, 12, 10, 9, 12, 10, 9, 40, 40, 50)
HEAD_FILL = PatternFill("solid", fgColor="0B5D46")
NODE_FILL = PatternFill("solid", fgColor="E3F1EC")
THIN = Side(style="thin", color="B7C4BF")


def export_name(assessment: LkeAssessment) -> str:
    unit = slugify(assessment.unit.short_name or assessment.unit.name)[:40]
    return f"lke-{unit}-{assessment.year}"


# --- Workbook ----------------------------------------------------------------------------------

def lke_workbook(assessment: LkeAssessment) -> bytes:
    framework = parsed(assessment.framework)
    answers = answers_by_code(assessment)
    evidence = evidence_by_code(assessment, current_only=True)
    unit_nodes = assessment.scores.get("unit", {}).get("nodes", {})
    tpi_nodes = assessment.scores.get("tpi", {}).get("nodes", {})
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"LKE {assessment.year}"
    sheet.append([f"LEMBAR KERJA EVALUASI ZONA INTEGRITAS — {assessment.unit.name.upper()}"])
    sheet.append([f"{framework.title} · Tahun {assessment.year} · dicetak "
                  f"{timezone.localtime():%d/%m/%Y %H:%M}"])
    sheet.append([])
    sheet.append(HEADERS)
    for column, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[sheet.cell(row=4, column=column).column_letter].width = width
        header = sheet.cell(row=4, column=column)
        header.font = Font(bold=True, color="FFFFFF")
        header.fill = HEAD_FILL
        header.alignment = Alignment(wrap_text=True, vertical="center")
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.freeze_panes = "C5"
    for node in framework.walk():
        unit, tpi = unit_nodes.get(node.code, {}), tpi_nodes.get(node.code, {})
        sheet.append([node.code, node.title, _number(node.weight), "", "",
                      _number(unit.get("score")), _number(unit.get("percent")), "",
                      _number(tpi.get("score")), _number(tpi.get("percent")), "", "", ""])
        _style_node_row(sheet, sheet.max_row, node.code.count("."))
        for item in node.items:
            answer = answers.get(item.code)
            files = evidence.get(item.code, [])
            sheet.append([
                item.code, item.text, "", "/".join(item.choices) or item.answer_type,
                answer.unit_value if answer else "", _item_value(assessment, "unit", item.code),
                "", answer.tpi_value if answer else "", _item_value(assessment, "tpi", item.code),
                "", answer.unit_note if answer else "", answer.tpi_note if answer else "",
                "\n".join(_evidence_line(e) for e in files),
            ])
            for cell in sheet[sheet.max_row]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                cell.border = Border(bottom=THIN)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _style_node_row(sheet, row: int, depth: int) -> None:
    for cell in sheet[row]:
        cell.font = Font(bold=True, size=12 if depth == 0 else 11)
        cell.fill = NODE_FILL if depth <= 1 else PatternFill()
        cell.border = Border(top=THIN, bottom=THIN)
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _item_value(assessment, kind: str, code: str):
    """An item's converted value (0–1) as the engine computed it when it last scored."""
    values = assessment.scores.get(kind, {}).get("values", {})
    return _number(values.get(code))


def _number(value):
    if value in (None, ""):
        return None
    return float(Decimal(str(value)))


def _evidence_line(evidence: LkeEvidence) -> str:
    if evidence.kind == LkeEvidence.Kind.LINK:
        return f"{evidence.title}: {evidence.url}"
    return f"{evidence.title} (v{evidence.version}) — {evidence_filename(evidence)}"


# --- PDF summary -------------------------------------------------------------------------------

def summary_pdf(tenant, assessment: LkeAssessment, framework: Framework, verdicts) -> bytes:
    """One unit's LKE on a page or two: totals, areas, the WBK/WBBM conditions."""
    unit_nodes = assessment.scores.get("unit", {}).get("nodes", {})
    tpi_nodes = assessment.scores.get("tpi", {}).get("nodes", {})
    rows = []
    for node in framework.walk():
        if node.code.count(".") > 1:
            continue
        rows.append({"node": node, "unit": unit_nodes.get(node.code, {}),
                     "tpi": tpi_nodes.get(node.code, {})})
    context = {
        "title": f"Ringkasan LKE {assessment.unit.name} {assessment.year}",
        "letterhead": letterhead_context(tenant, unit=assessment.unit.name),
        "assessment": assessment, "framework": framework, "rows": rows,
        "verdicts": verdicts, "printed_on": document_date(timezone.localdate()),
    }
    return render_template_pdf(template_source(SUMMARY_TEMPLATE), context, fields=[]).data


# --- Evidence pack -----------------------------------------------------------------------------

def evidence_filename(evidence: LkeEvidence) -> str:
    suffix = PurePath(evidence.file.name or "").suffix.lower()
    return f"{slugify(evidence.title)[:60] or 'bukti'}-v{evidence.version}{suffix}"


def evidence_zip(assessment: LkeAssessment):
    """Yield the zip of the current evidence: a folder per area and per item, plus an index
    that lists every item's evidence (links included, which cannot be packed).

    The response is streamed after the view has returned, outside the request's tenant scope,
    so the generator opens its own."""
    with scope(tenant=assessment.tenant_id):
        framework = parsed(assessment.framework)
        evidence = evidence_by_code(assessment, current_only=True)
    sink = _Sink()
    index = ["Kode\tJudul\tVersi\tBerkas / tautan\tSHA-256"]
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for section in SECTIONS:
            folder = _section_folder(framework, section)
            for item in section_items(framework, section):
                for piece in evidence.get(item.code, []):
                    if piece.kind == LkeEvidence.Kind.LINK:
                        index.append(f"{item.code}\t{piece.title}\t{piece.version}\t{piece.url}\t")
                        continue
                    path = f"{folder}/{item.code}/{evidence_filename(piece)}"
                    index.append(f"{item.code}\t{piece.title}\t{piece.version}\t{path}\t"
                                 f"{piece.sha256}")
                    with archive.open(path, "w", force_zip64=True) as target, \
                            piece.file.open("rb") as source:
                        for chunk in iter(lambda s=source: s.read(CHUNK), b""):
                            target.write(chunk)
                            yield from sink.drain()
        archive.writestr("daftar-bukti.tsv", "\n".join(index) + "\n")
    yield from sink.drain()


def _section_folder(framework: Framework, section: str) -> str:
    title = slugify(section_title(framework, section))[:50]
    if section == HASIL:
        return f"hasil-{title}" if title else "hasil"
    return f"area-{ROMAN[section]}-{title}"


class _Sink:
    """A write-only stream for ZipFile: what is written is handed out by `drain()`. Without
    `seek`, ZipFile writes data descriptors, so nothing has to be rewritten later."""

    def __init__(self):
        self._chunks: list[bytes] = []
        self._position = 0

    def write(self, data) -> int:
        self._chunks.append(bytes(data))
        self._position += len(data)
        return len(data)

    def tell(self) -> int:
        return self._position

    def flush(self) -> None:
        pass

    def drain(self):
        chunks, self._chunks = self._chunks, []
        yield from chunks
