"""The dry run: read the file, check every row, and work out what the commit would do.

Nothing here writes. Existing employees are looked up once per chunk of rows and units are
matched in memory, so 20,000 rows take a few dozen queries.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from integritas.core.errors import DomainError
from integritas.people import nip as nip_rules
from integritas.people.imports.columns import FIELD_BY_NAME, REQUIRED, fold, match_headers
from integritas.people.imports.issues import FileInvalid, Issue
from integritas.people.imports.parsing import open_table
from integritas.people.models import Employee, PositionKind
from integritas.tenancy.models import Unit

CHUNK = 1000
# A Pemda has at most a few tens of thousands of ASN; more rows means a wrong file.
MAX_ROWS = 100_000
MAX_TEXT = 200
COMPARED = ("name", "employment", "sex", "email", "unit", "position_title", "position_kind",
            "echelon", "superior")

POSITION_KINDS = {
    **{fold(k): PositionKind.JPT for k in ("jpt", "jabatan pimpinan tinggi", "pimpinan tinggi",
                                           "jpt pratama", "jpt madya", "struktural jpt")},
    **{fold(k): PositionKind.ADMINISTRATOR for k in ("administrator", "jabatan administrator")},
    **{fold(k): PositionKind.SUPERVISOR for k in ("pengawas", "jabatan pengawas")},
    **{fold(k): PositionKind.EXECUTOR for k in ("pelaksana", "jabatan pelaksana", "jfu",
                                                "fungsional umum")},
    **{fold(k): PositionKind.FUNCTIONAL for k in ("fungsional", "jabatan fungsional", "jft",
                                                  "fungsional tertentu")},
}
SEXES = {**{k: Employee.Sex.MALE for k in ("l", "laki laki", "pria", "m", "male")},
         **{k: Employee.Sex.FEMALE for k in ("p", "perempuan", "wanita", "f", "female")}}
EMPLOYMENTS = {"pns": Employee.Employment.PNS, "cpns": Employee.Employment.PNS,
               "pppk": Employee.Employment.PPPK, "p3k": Employee.Employment.PPPK}
NO_ECHELON = {"", "non eselon", "noneselon", "tidak ada", "na"}
# As people write them: "II.a", "II/a", "iia", "2a"; stored as the civil service writes it.
_ECHELON = re.compile(r"^(IV|III|II|I|V|[1-5])[\s./-]*([AB])$")
_ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV", "5": "V"}

NEW, UPDATED, UNCHANGED = "new", "updated", "unchanged"


@dataclass
class RowPlan:
    row: int
    nip: str
    values: dict  # only the fields the file has; "unit" is a unit id or a NewUnit
    defaults: dict  # what a new employee gets for the fields the file lacks
    existing: dict | None = None
    action: str = NEW
    changes: dict = field(default_factory=dict)


@dataclass(frozen=True)
class NewUnit:
    key: str
    name: str


@dataclass
class Plan:
    mapping: dict[str, str] = field(default_factory=dict)  # field -> header in the file
    ignored: list[str] = field(default_factory=list)
    rows: list[RowPlan] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    new_units: dict[str, NewUnit] = field(default_factory=dict)
    total_rows: int = 0

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)


ProgressFn = Callable[[int, int], None]


def build_plan(tenant, data: bytes, filename: str, *, create_units: bool,
               progress: ProgressFn | None = None) -> Plan:
    """Check the file against the tenant's data; file-wide problems become a single issue."""
    plan = Plan()
    try:
        with open_table(data, filename) as table:
            _check(tenant, plan, table, create_units, progress or _no_progress)
    except FileInvalid as error:
        plan.issues.append(Issue.from_error(error, column=error.field or ""))
        plan.rows = []
    return plan


def _no_progress(processed: int, total: int) -> None:
    return None


def _check(tenant, plan: Plan, table, create_units: bool, progress: ProgressFn) -> None:
    columns, duplicates, plan.ignored = match_headers(table.headers)
    plan.mapping = {name: table.headers[index] for name, index in columns.items()}
    for name, indexes in duplicates.items():
        plan.issues.append(_file_issue(
            "column_duplicate", _("Several columns hold %(field)s: %(headers)s."),
            table.header_row, field=FIELD_BY_NAME[name].label,
            headers=", ".join(table.headers[i] for i in indexes)))
    for spec in REQUIRED:
        if spec.name not in columns:
            plan.issues.append(_file_issue(
                "column_missing", _('The required column "%(header)s" is missing.'),
                table.header_row, header=spec.header))
    if plan.issues:
        return
    units = UnitIndex(tenant, create_units)
    seen: dict[str, int] = {}
    chunk: list[RowPlan] = []
    for number, values in table.rows:
        plan.total_rows += 1
        if plan.total_rows > MAX_ROWS:
            raise FileInvalid("file_too_many_rows", _("The file has more than %(max)s rows."),
                              max=MAX_ROWS)
        row = _read_row(plan, number, values, columns, table.headers, units, seen)
        if row is not None:
            chunk.append(row)
        if len(chunk) >= CHUNK:
            _attach_existing(tenant, chunk)
            plan.rows.extend(chunk)
            chunk = []
            progress(plan.total_rows, max(table.size_hint, plan.total_rows))
    _attach_existing(tenant, chunk)
    plan.rows.extend(chunk)
    if plan.total_rows == 0 and not plan.issues:
        raise FileInvalid("file_no_rows", _("The file has headers but no employee rows."))
    if "superior" in columns:
        _check_superiors(tenant, plan, table.headers[columns["superior"]])
    plan.new_units = units.created
    _classify(plan)
    progress(plan.total_rows, plan.total_rows)


def _file_issue(code: str, message, row: int, **params) -> Issue:
    return Issue.from_error(DomainError(code, message, **params), row=row)


class UnitIndex:
    """The tenant's units by folded name (then short name), held in memory for the whole file."""

    def __init__(self, tenant, create_units: bool):
        self.by_name: dict[str, list[int]] = {}
        self.by_short: dict[str, list[int]] = {}
        for pk, name, short in Unit.objects.filter(tenant=tenant, is_active=True).values_list(
                "pk", "name", "short_name"):
            self.by_name.setdefault(_unit_key(name), []).append(pk)
            if short:
                self.by_short.setdefault(_unit_key(short), []).append(pk)
        self.create_units = create_units
        self.created: dict[str, NewUnit] = {}

    def resolve(self, text: str):
        key = _unit_key(text)
        matches = self.by_name.get(key) or self.by_short.get(key) or []
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise DomainError("unit_ambiguous", _('Several units are named "%(name)s".'),
                              name=text)
        if not self.create_units:
            raise DomainError("unit_unknown", _('There is no unit named "%(name)s".'), name=text)
        return self.created.setdefault(key, NewUnit(key, " ".join(text.split())))


def _unit_key(name: str) -> str:
    return " ".join(name.casefold().split())


def _read_row(plan: Plan, number: int, values: list, columns: dict[str, int], headers: list[str],
              units: UnitIndex, seen: dict[str, int]) -> RowPlan | None:
    """Parse one row's cells; each bad cell adds an issue. None when the row cannot be used."""
    cells: dict[str, object] = {}
    failed = False
    for name, index in columns.items():
        raw = values[index] if index < len(values) else None
        try:
            cells[name] = _reject_formula(raw)
            if name != "nip":
                cells[name] = PARSERS[name](cells[name], units)
        except DomainError as error:
            plan.issues.append(Issue.from_error(error, row=number, column=headers[index],
                                                value=raw))
            failed = True
    if "nip" not in cells:
        return None
    try:
        facts = _nip_facts(cells.get("nip"), cells.get("employment"))
    except DomainError as error:
        plan.issues.append(Issue.from_error(error, row=number, column=headers[columns["nip"]],
                                            value=values[columns["nip"]]))
        return None
    if facts.nip in seen:
        plan.issues.append(Issue.from_error(
            DomainError("nip_duplicate", _("This NIP is also on row %(row)s."),
                        row=seen[facts.nip]),
            row=number, column=headers[columns["nip"]], value=facts.nip))
        return None
    seen[facts.nip] = number
    sex = cells.get("sex")
    if sex and sex != facts.sex:
        plan.issues.append(Issue.from_error(
            DomainError("sex_mismatch", _("The sex does not match digit 15 of the NIP.")),
            row=number, column=headers[columns["sex"]], value=values[columns["sex"]]))
        failed = True
    if failed:
        return None
    cells.pop("nip")
    given = {name: value for name, value in cells.items() if value is not None}  # blank: keep
    return RowPlan(row=number, nip=facts.nip, values=given, defaults={
        "employment": facts.employment, "sex": facts.sex, "email": "",
        "position_kind": PositionKind.EXECUTOR, "echelon": "", "superior": "",
    })


def _reject_formula(raw):
    if isinstance(raw, str) and raw.lstrip().startswith("="):
        raise DomainError("cell_formula", _("The cell holds a formula; formulas are not "
                                            "imported."))
    return raw


def _nip_facts(raw, employment: str | None) -> nip_rules.NipFacts:
    text = _nip_text(raw)
    if employment:
        return nip_rules.validate(text, employment)
    try:
        return nip_rules.validate(text, Employee.Employment.PNS)
    except DomainError as error:
        # Without a "Status Kepegawaian" column, a PPPK number is recognised by its shape.
        if error.code != "nip_appointment_month":
            raise
        return nip_rules.validate(text, Employee.Employment.PPPK)


def _nip_text(raw) -> str:
    """A NIP as text. Whole numbers are exact; a float has lost digits (Excel keeps only 15)."""
    if isinstance(raw, bool):
        raw = str(raw)
    if isinstance(raw, int):
        return str(raw)
    if isinstance(raw, float):
        raise DomainError("nip_number", _("The NIP was stored as a number, so Excel rounded "
                                          "its last digits."), field="nip")
    return str(raw or "").strip().lstrip("'")


def _text(raw) -> str:
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    return " ".join(str(raw if raw is not None else "").split())


def _required_text(code: str, message):
    def parse(raw, units) -> str:
        text = _text(raw)
        if not text:
            raise DomainError(code, message)
        if len(text) > MAX_TEXT:
            raise DomainError("text_too_long", _("The text is longer than %(max)s characters."),
                              max=MAX_TEXT)
        return text

    return parse


def _unit(raw, units: UnitIndex):
    text = _required_text("unit_required", _("The unit is empty."))(raw, units)
    return units.resolve(text)


def _choice(table: dict, code: str, message, accepted: str):
    def parse(raw, units) -> str | None:
        key = fold(raw)
        if not key:
            return None
        if key not in table:
            raise DomainError(code, message, accepted=accepted)
        return table[key]

    return parse


def _echelon(raw, units) -> str:
    text = _text(raw).upper()
    if fold(text) in NO_ECHELON or text == "-":
        return ""
    match = _ECHELON.match(text)
    if not match:
        raise DomainError("echelon_invalid", _("The echelon must look like II.a, III.b or IV.a."))
    roman = _ROMAN.get(match.group(1), match.group(1))
    return f"{roman}.{match.group(2).lower()}"


def _email(raw, units) -> str:
    text = _text(raw).lower()
    if text:
        try:
            validate_email(text)
        except ValidationError as exc:
            raise DomainError("email_invalid", _("This is not a valid email address.")) from exc
    return text


def _superior(raw, units) -> str:
    return nip_rules.normalise(_nip_text(raw)) if raw not in (None, "") else ""


PARSERS = {
    "name": _required_text("name_required", _("The name is empty.")),
    "position_title": _required_text("position_required", _("The position is empty.")),
    "unit": _unit,
    "superior": _superior,
    "position_kind": _choice(POSITION_KINDS, "position_kind_unknown",
                             _("Unknown position kind; use one of: %(accepted)s."),
                             "JPT, Administrator, Pengawas, Pelaksana, Fungsional"),
    "echelon": _echelon,
    "sex": _choice(SEXES, "sex_unknown", _("Unknown sex; use one of: %(accepted)s."),
                   "L, P"),
    "employment": _choice(EMPLOYMENTS, "employment_unknown",
                          _("Unknown employment status; use one of: %(accepted)s."),
                          "PNS, PPPK"),
    "email": _email,
}


def _attach_existing(tenant, chunk: list[RowPlan]) -> None:
    """One query per chunk: the current values of the employees these rows name."""
    if not chunk:
        return
    found = {
        record["nip"]: record
        for record in Employee.objects.filter(tenant=tenant, nip__in=[r.nip for r in chunk])
        .values("pk", "nip", "name", "employment", "sex", "email", "unit_id", "position_title",
                "position_kind", "echelon", "superior__nip", "status")
    }
    for row in chunk:
        record = found.get(row.nip)
        if record is not None:
            record["unit"] = record.pop("unit_id")
            record["superior"] = record.pop("superior__nip") or ""
            row.existing = record


def _check_superiors(tenant, plan: Plan, column: str) -> None:
    in_file = {row.nip: row for row in plan.rows}
    wanted = {row.values["superior"] for row in plan.rows if row.values.get("superior")}
    outside = sorted(wanted - in_file.keys())
    known: set[str] = set()
    for start in range(0, len(outside), CHUNK):
        known.update(Employee.objects.filter(tenant=tenant, nip__in=outside[start:start + CHUNK])
                     .values_list("nip", flat=True))
    bad: set[str] = set()
    for row in plan.rows:
        superior = row.values.get("superior")
        if not superior:
            continue
        if superior == row.nip:
            error = DomainError("superior_self", _("An employee cannot be their own superior."))
        elif superior not in in_file and superior not in known:
            error = DomainError("superior_unknown", _("No employee has the NIP %(nip)s, in this "
                                                      "file or in the system."), nip=superior)
        else:
            continue
        plan.issues.append(Issue.from_error(error, row=row.row, column=column, value=superior))
        bad.add(row.nip)
    for nip in _nips_in_cycles(in_file):
        row = in_file[nip]
        plan.issues.append(Issue.from_error(
            DomainError("superior_cycle", _("The superiors form a circle back to this "
                                            "employee.")),
            row=row.row, column=column, value=row.values["superior"]))
        bad.add(nip)
    plan.rows = [row for row in plan.rows if row.nip not in bad]


def _nips_in_cycles(in_file: dict[str, RowPlan]) -> list[str]:
    """Follow each chain of superiors inside the file once; report the rows on a loop."""
    done: set[str] = set()
    looped: list[str] = []
    for start in in_file:
        path: list[str] = []
        on_path: set[str] = set()
        nip = start
        while nip in in_file and nip not in done and nip not in on_path:
            path.append(nip)
            on_path.add(nip)
            nip = in_file[nip].values.get("superior") or ""
        if nip in on_path:
            looped.extend(path[path.index(nip):])
        done.update(path)
    return [nip for nip in looped if in_file[nip].values.get("superior") != nip]


def _classify(plan: Plan) -> None:
    for row in plan.rows:
        if row.existing is None:
            row.action = NEW
            continue
        row.changes = {
            name: [row.existing[name], _comparable(row.values[name])]
            for name in COMPARED
            if name in row.values and row.existing[name] != _comparable(row.values[name])
        }
        row.action = UPDATED if row.changes else UNCHANGED


def _comparable(value):
    return value.name if isinstance(value, NewUnit) else value
