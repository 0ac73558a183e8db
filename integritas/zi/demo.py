"""Demo data: the seven pilot OPDs of seed 003 declare Zona Integritas before the Kapolresta, the
Kajari, the Ombudsman and the Inspektur; each has its SK Tim ZI, a rencana kerja and a partly
filled LKE; two have been evaluated by the TPI and one holds Menuju WBK since last year."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from integritas.lke.models import LkeFramework
from integritas.lke.selectors import framework_in_force
from integritas.people.models import Employee
from integritas.tenancy.models import Unit
from integritas.zi import assessment as lke
from integritas.zi import services
from integritas.zi.models import EvidencePolicy

ACTOR = None  # the demo loader, recorded in the audit log as the system
PILOT_NAMES = (
    "Dinas Kependudukan dan Catatan Sipil",
    "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
    "Badan Pengelola Pajak dan Retribusi Daerah", "Dinas Pendidikan", "Kecamatan Pasar",
    "RSUD H. Abdul Manap", "Puskesmas Pakuan Baru",
)
PILOTS = 7
WITNESSES = [
    {"name": "Kombes Pol. Eko Prasetyo, S.I.K., M.H.", "position": "Kapolresta"},
    {"name": "Dr. Siti Rahmawati, S.H., M.H.", "position": "Kepala Kejaksaan Negeri"},
    {"name": "Jafar Ahmad, S.Sos., M.Si.", "position": "Kepala Ombudsman RI Perwakilan"},
]
ACTIVITIES = {
    1: "Sosialisasi pembangunan Zona Integritas kepada seluruh pegawai",
    2: "Reviu SOP layanan utama dan peta proses bisnis",
    3: "Penetapan kinerja individu dan evaluasi disiplin pegawai",
    4: "Penyusunan laporan kinerja tepat waktu",
    5: "Pemetaan risiko dan kampanye pengendalian gratifikasi",
    6: "Survei kepuasan masyarakat dan inovasi layanan",
}


def seed_demo(tenant, rng) -> None:
    _ensure_references()
    today = timezone.localdate()
    year = today.year
    units = _pilot_units(tenant)
    inspektur = _inspektur(tenant)
    for index, unit in enumerate(units):
        programme = _declare(tenant, unit, year, inspektur, rng)
        if index == 0:  # holds Menuju WBK since last year, builds towards WBBM now
            _previous_year_wbk(tenant, programme, year - 1, rng)
            services.move_programme(tenant, ACTOR, programme, "develop", year=year,
                                    on=dt.date(year, 1, 6))
        assessment = lke.start_assessment(tenant, ACTOR, programme, year=year)
        quality = 0.9 if index == 0 else rng.uniform(0.45, 0.85)
        _answer(tenant, assessment, rng, quality=quality, share=rng.uniform(0.45, 0.9))
        if index in (0, 1):
            _evaluate(tenant, assessment, rng)


def _ensure_references() -> None:
    """`make run` loads the libraries first; a bare `load_demo` still gets the LKE."""
    from integritas.core.libraries import LIBRARIES_DIR, LOADERS, read_folder
    from integritas.lke import libraries as lke_libraries  # noqa: F401  registers its loader
    from integritas.zi import libraries as zi_libraries  # noqa: F401

    for folder, present in (("lke", LkeFramework.objects.exists()),
                            ("zi", EvidencePolicy.objects.exists())):
        if not present:
            LOADERS[folder](read_folder(LIBRARIES_DIR / folder))


def _pilot_units(tenant) -> list[Unit]:
    units = Unit.objects.filter(tenant=tenant, is_active=True)
    named = {unit.name: unit for unit in units.filter(name__in=PILOT_NAMES)}
    chosen = [named[name] for name in PILOT_NAMES if name in named]
    if len(chosen) < PILOTS:
        others = units.filter(parent__isnull=True).exclude(pk__in=[u.pk for u in chosen])
        chosen += list(others.order_by("path")[:PILOTS - len(chosen)])
    return chosen


def _inspektur(tenant) -> dict:
    head = (Employee.objects.filter(tenant=tenant, unit__kind=Unit.Kind.INSPECTORATE,
                                    unit__parent__isnull=True)
            .order_by("echelon", "sort_name").first())
    return {"name": head.name if head else "Inspektur", "position": "Inspektur"}


def _declare(tenant, unit, year, inspektur, rng):
    staff = list(Employee.objects.filter(tenant=tenant, unit__path__startswith=unit.path,
                                         status=Employee.Status.ACTIVE)
                 .order_by("echelon", "sort_name")[:6])
    head = staff[0] if staff else None
    declared_on = dt.date(year - 1, 7, 9)
    programme = services.declare_programme(
        tenant, ACTOR, unit=unit, declared_on=declared_on, place="Ruang Pola Kantor Wali Kota",
        signers=[{"name": head.name if head else f"Kepala {unit.name}",
                  "position": head.position_title if head else "Kepala"}],
        witnesses=[*WITNESSES, inspektur])
    services.set_team_decree(tenant, ACTOR, programme,
                             number=f"800/{rng.randrange(100, 999)}/{unit.short_name or 'OPD'}"
                                    f"/{year - 1}", decided_on=dt.date(year - 1, 7, 20))
    roles = ["ketua", "sekretaris", "koordinator_area", "koordinator_area", "agen_perubahan",
             "anggota"]
    for position, employee in enumerate(staff):
        role = roles[position]
        services.add_team_member(tenant, ACTOR, programme, employee=employee, role=role,
                                 area=position - 1 if role == "koordinator_area" else None)
    for area, title in ACTIVITIES.items():
        activity = services.add_activity(
            tenant, ACTOR, programme, year=year, area=area, title=title,
            due_on=dt.date(year, 3 + area, 15), owner=staff[area % len(staff)] if staff else None)
        progress = rng.choice((0, 25, 50, 75, 100, 100))
        if progress:
            services.report_activity_progress(tenant, ACTOR, activity, progress=progress)
    services.move_programme(tenant, ACTOR, programme, "develop", year=year - 1,
                            on=dt.date(year - 1, 7, 20))
    return programme


def _previous_year_wbk(tenant, programme, year, rng) -> None:
    assessment = lke.start_assessment(tenant, ACTOR, programme, year=year)
    _answer(tenant, assessment, rng, quality=0.97, share=1.0)
    _evaluate(tenant, assessment, rng, strictness=0.0)
    for action, on in (("assess_by_tpi", dt.date(year, 5, 20)), ("propose", dt.date(year, 7, 25)),
                       ("award_wbk", dt.date(year, 12, 9)), ("monitor", dt.date(year, 12, 20))):
        services.move_programme(tenant, ACTOR, programme, action, year=year, on=on)


def _answer(tenant, assessment, rng, *, quality: float, share: float) -> None:
    """Answers to the first `share` of the rows (area by area, as units fill them), good with
    probability `quality`."""
    framework = framework_in_force(tenant, dt.date(assessment.year, 12, 31))
    rows = [item for item in framework.items if not item.computed_from]
    answers = {item.code: {"value": _value(item, rng, quality)}
               for item in rows[:round(len(rows) * share)]}
    lke.answer_items(tenant, ACTOR, assessment, answers)


def _evaluate(tenant, assessment, rng, strictness: float = 0.25) -> None:
    """The TPI agrees with most answers and marks some choices down a step."""
    framework = framework_in_force(tenant, dt.date(assessment.year, 12, 31))
    values = {}
    for answer in assessment.answers.exclude(unit_value=""):
        value = answer.unit_value
        choices = framework.item(answer.item_code).choices
        if value in choices[:-1] and rng.random() < strictness:
            value = choices[choices.index(value) + 1]
        values[answer.item_code] = {"value": value}
    lke.evaluate_items(tenant, ACTOR, assessment, values)


def _value(item, rng, quality: float) -> str:
    if item.is_choice:
        choices = item.choices
        if rng.random() < quality:
            return choices[0]
        return rng.choice(choices[1:])
    if item.answer_type == "jumlah":
        return str(rng.randrange(3, 40))
    if item.answer_type == "indeks":
        return f"{rng.uniform(3.1, 3.8) if rng.random() < quality else rng.uniform(2.6, 3.3):.2f}"
    return str(rng.randrange(60, 101) if rng.random() < quality else rng.randrange(30, 80))
