"""Demo risk data: registers for up to ten OPDs with about six risks each across the matrix,
treatment plans (some overdue), quarterly monitoring, activities (two without risks) and two
years of SPIP maturity (level 3 latest, as Kota Jambi's in seed 003). All through the services."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from integritas.core.errors import DomainError
from integritas.core.libraries import LIBRARIES_DIR, read_folder
from integritas.risk import reference, services
from integritas.risk.libraries import load_risk_library
from integritas.risk.models import Level, Register
from integritas.tenancy.models import Unit

ACTOR = None  # the audit log shows "system" for the loader
OPDS = 10
RISKS_PER_REGISTER = 6

# (statement, category, cause, consequence, controls)
RISKS = (
    ("Pungutan liar dalam pemberian layanan", "fraud",
     "Layanan tatap muka tanpa antrean elektronik", "Kerugian masyarakat dan citra Pemda",
     "Maklumat pelayanan dan papan biaya nol rupiah"),
    ("Gratifikasi dari pihak yang berkepentingan", "fraud",
     "Belum ada sosialisasi pengendalian gratifikasi", "Pelanggaran UU Tipikor",
     "Pakta integritas pegawai"),
    ("Mark-up harga dalam pengadaan barang/jasa", "fraud", "HPS disusun tanpa survei harga",
     "Kerugian keuangan daerah, temuan BPK", "Reviu HPS oleh PPK"),
    ("Keterlambatan realisasi anggaran kegiatan", "keuangan",
     "Proses pengadaan dimulai terlambat", "Serapan anggaran rendah, target kinerja tidak tercapai",
     "Rencana penarikan dana"),
    ("Data layanan tidak mutakhir", "operasional", "Sinkronisasi data manual",
     "Layanan salah sasaran", "Verifikasi berkala oleh operator"),
    ("Ketidakpatuhan terhadap standar pelayanan", "kepatuhan",
     "Standar pelayanan belum ditetapkan dengan SK", "Zona merah penilaian Ombudsman",
     "Standar pelayanan dipajang di ruang layanan"),
    ("Gangguan sistem informasi layanan", "operasional", "Server tunggal tanpa cadangan",
     "Layanan terhenti", "Pemeliharaan server tahunan"),
    ("Keluhan masyarakat viral di media sosial", "reputasi",
     "Pengaduan tidak ditindaklanjuti tepat waktu", "Turunnya kepercayaan publik",
     "Admin media sosial"),
    ("Konflik kepentingan dalam penetapan penerima bantuan", "fraud",
     "Petugas verifikasi berasal dari lingkungan yang sama", "Bantuan tidak tepat sasaran",
     "Deklarasi benturan kepentingan"),
    ("Aset tidak tercatat dalam KIB", "kepatuhan", "Inventarisasi aset tidak rutin",
     "Opini BPK turun", "Rekonsiliasi aset semesteran"),
)
PLANS = (
    ("Layanan daring dan antrean elektronik", "preventif"),
    ("Sosialisasi pengendalian gratifikasi bersama UPG", "preventif"),
    ("Survei harga pasar dan reviu APIP atas HPS", "preventif"),
    ("Percepatan jadwal pengadaan", "mitigasi"),
    ("Integrasi data dengan sistem pusat", "mitigasi"),
    ("Penetapan SK standar pelayanan", "korektif"),
)
ACTIVITIES = (
    ("Pelayanan jemput bola", "Program Pelayanan Publik", 150_000_000),
    ("Pengadaan perangkat layanan", "Program Penunjang Urusan", 420_000_000),
    ("Bimbingan teknis petugas layanan", "Program Peningkatan Kapasitas SDM", 85_000_000),
    ("Penyaluran bantuan sosial", "Program Perlindungan Sosial", 900_000_000),
)


def seed_demo(tenant, rng: random.Random) -> None:
    _ensure_reference_data()
    today = timezone.localdate()
    year = today.year
    opds = list(Unit.objects.filter(tenant=tenant, parent__isnull=True).order_by("path")[:OPDS])
    statuses = _statuses(len(opds))
    activities = _activities(tenant, opds, year, rng)
    for index, (unit, status) in enumerate(zip(opds, statuses, strict=True)):
        register = services.create_register(
            tenant, ACTOR, unit=unit, year=year,
            level=Level.STRATEGIC if index == 0 else Level.OPD,
            goal=f"Meningkatnya akuntabilitas kinerja {unit.name}",
            goal_indicator="Nilai SAKIP perangkat daerah", appetite=rng.choice((10, 12, 14)))
        mapped = [a for a in activities if a.unit_id == unit.pk][:1]
        _risks(tenant, register, mapped, today, rng)
        _walk_to(tenant, register, status)
    for activity in activities:
        if activity.risks.exists() and activity.starts_on <= today:
            services.start_activity(tenant, ACTOR, activity)
    _maturity(tenant, year - 1, 2, rng)
    _maturity(tenant, year, 3, rng)


def _ensure_reference_data() -> None:
    """The demo may run before `load_libraries`; the reference data is the same either way."""
    try:
        reference.vocabulary()
    except DomainError:
        load_risk_library(read_folder(LIBRARIES_DIR / "risk"))


def _statuses(count: int) -> list[str]:
    cycle = (Register.Status.REVIEWED, Register.Status.SUBMITTED, Register.Status.DRAFT,
             Register.Status.REVIEWED, Register.Status.RETURNED)
    return [cycle[i % len(cycle)] for i in range(count)]


def _activities(tenant, opds, year, rng):
    """Two activities for the first OPDs: the first of each gets mapped risks, and two of the
    second ones stay without risks (the register shows them)."""
    rows = []
    for unit in opds[1:4]:
        for name, program, budget in rng.sample(ACTIVITIES, 2):
            starts = dt.date(year, rng.randint(1, 10), rng.randint(1, 28))
            rows.append(services.create_activity(
                tenant, ACTOR, unit=unit, year=year, name=name, program=program,
                budget=budget, starts_on=starts, ends_on=starts + dt.timedelta(days=60)))
    return rows


def _risks(tenant, register, mapped, today, rng):
    chosen = rng.sample(RISKS, RISKS_PER_REGISTER)
    for number, (statement, category, cause, consequence, controls) in enumerate(chosen):
        likelihood, impact = rng.randint(1, 5), rng.randint(1, 5)
        risk = services.add_risk(
            tenant, ACTOR, register, statement=statement, category=category,
            source=rng.choice(("internal", "eksternal")), cause=cause, consequence=consequence,
            controls=controls, control_effectiveness=rng.choice(("memadai", "kurang_memadai")),
            likelihood=likelihood, impact=impact,
            response="terima" if likelihood + impact < 5 else "kurangi",
            residual_likelihood=max(1, likelihood - 1), residual_impact=max(1, impact - 1),
            activity=mapped[0] if mapped and number == 0 else None)
        if risk.score > register.appetite or rng.random() < 0.3:
            _plan(tenant, risk, today, rng)


def _plan(tenant, risk, today, rng):
    action, kind = rng.choice(PLANS)
    starts = dt.date(today.year, rng.randint(1, 6), 1)
    due = starts + dt.timedelta(days=rng.choice((45, 90, 150, 240)))
    plan = services.add_plan(tenant, ACTOR, risk, action=action, kind=kind,
                             owner=f"Sekretaris {risk.register.unit.short_name or 'OPD'}",
                             starts_on=starts, due_on=due,
                             budget=rng.choice((0, 15, 40, 75)) * 1_000_000,
                             output_indicator="Laporan pelaksanaan RTP")
    done = due < today and rng.random() < 0.6
    if done:
        services.complete_plan(tenant, ACTOR, plan, on=due)
    for quarter in range(1, (today.month - 1) // 3 + 2):
        if dt.date(today.year, 3 * quarter - 2, 1) < starts:
            continue
        services.record_monitoring(
            tenant, ACTOR, risk, quarter=quarter, today=today,
            realisation=f"{action}: tahap {quarter}", realisation_pct=min(100, 30 * quarter),
            status="selesai" if done else ("terlambat" if due < today else "berjalan"),
            risk_events=rng.choice((0, 0, 0, 1, 2)))


def _walk_to(tenant, register, status):
    """Take a register through the workflow to `status` (the plans rule is already met)."""
    if status == Register.Status.DRAFT:
        return
    services.submit_register(tenant, ACTOR, register)
    if status == Register.Status.REVIEWED:
        services.review_register(tenant, ACTOR, register, accept=True,
                                 note="Register telah direviu; pantau RTP setiap triwulan.")
    elif status == Register.Status.RETURNED:
        services.review_register(tenant, ACTOR, register, accept=False,
                                 note="Lengkapi risiko fraud pada kegiatan pengadaan.")


def _maturity(tenant, year, target, rng):
    """Most sub-unsur at the target level, six a level higher and two lower, so the average
    stays in the target's band; the Inspektorat lowers two of the higher ones on assurance."""
    assessment = services.start_maturity(tenant, ACTOR, year=year)
    items = list(assessment.items.all())
    ups = set(rng.sample(range(len(items)), 8))
    downs = set(rng.sample(sorted(ups), 2))
    for index, item in enumerate(items):
        level = target + (1 if index in ups - downs else -1 if index in downs else 0)
        services.assess_item(tenant, ACTOR, item, level=level,
                             evidence="Dokumen kebijakan dan laporan pelaksanaan" if level else "")
    services.submit_maturity(tenant, ACTOR, assessment)
    for index in sorted(ups - downs)[:2]:
        services.assure_item(tenant, ACTOR, items[index], qa_level=target,
                             qa_note="Bukti belum menunjukkan penerapan menyeluruh.")
    services.conclude_maturity(tenant, ACTOR, assessment, accept=True,
                               note="Penjaminan kualitas oleh Inspektorat selesai.")
