"""Demo data: about 25 gratification reports over the past year, in every state, made by the
demo logins for themselves and handled by the demo UPG officer (see integritas/core/demo.py)."""

from __future__ import annotations

import datetime as dt
import random

from django.core.files.base import ContentFile
from django.utils import timezone

from integritas.accounts.models import Membership
from integritas.accounts.roles import Role
from integritas.core.calendar import add_working_days, is_working_day
from integritas.gratification import selectors, services
from integritas.people.models import Employee

# (giver, institution, relation, occasion, form, value, description, accepted)
GIFTS = (
    ("Keluarga Bapak Hendra", "Warga Kel. Sukamaju", "service_user", "wedding", "money", 900_000,
     "Amplop ucapan pada resepsi pernikahan anak", True),
    ("PT Sinar Konstruksi", "Jl. Veteran 12", "supplier", "wedding", "money", 2_500_000,
     "Amplop pada resepsi pernikahan, dari rekanan pengadaan", True),
    ("Rina Marlina", "Dinas yang sama", "colleague", "promotion", "goods", 350_000,
     "Jam dinding sebagai ucapan selamat promosi", True),
    ("CV Maju Jaya", "Jl. Diponegoro 5", "supplier", "religious_feast", "goods", 1_800_000,
     "Parsel Lebaran berisi makanan dan barang pecah belah", True),
    ("Bapak Syahrial", "Pemohon akta kelahiran", "service_user", "service_thanks", "money",
     300_000, "Uang terima kasih setelah pelayanan akta; ditolak di tempat", False),
    ("Yayasan Pendidikan Nusantara", "Jl. Pendidikan 3", "business", "official_visit",
     "travel", 4_750_000, "Tiket pesawat dan hotel untuk kunjungan studi banding", True),
    ("Ibu Desi", "Tetangga", "friend", "bereavement", "money", 500_000,
     "Uang duka atas meninggalnya orang tua", True),
    ("PT Bank Daerah", "Kantor Cabang Contoh", "business", "none", "voucher", 1_000_000,
     "Voucher belanja akhir tahun", True),
    ("Asosiasi Pengusaha Lokal", "Kadin Kota Contoh", "business", "birthday", "flowers",
     750_000, "Karangan bunga ucapan ulang tahun", True),
    ("Bapak Irwan", "Kontraktor", "supplier", "none", "money", 10_000_000,
     "Tawaran uang agar berkas izin dipercepat; ditolak", False),
)
# The state each demo report is brought to, in turn.
PATHS = ("submitted", "verifying", "completion", "forwarded", "awaiting", "state", "recipient",
         "decided", "closed_state", "closed_recipient")
REPORTS_PER_TENANT_WITH_UPG = 25
REPORTS_WITHOUT_UPG = 5


def seed_demo(tenant, rng: random.Random) -> None:
    if selectors.rule_set_on(timezone.localdate()) is None:
        return  # reference data not loaded: `integritas load_libraries` first
    upg = _upg_officer(tenant)
    reporters = list(Employee.objects.filter(tenant=tenant, user__isnull=False)
                     .exclude(user=upg).select_related("user").order_by("pk"))
    if not reporters:
        return
    count = REPORTS_PER_TENANT_WITH_UPG if upg else REPORTS_WITHOUT_UPG
    today = timezone.localdate()
    days_ago = sorted((rng.randint(3, 330) for _ in range(count)), reverse=True)
    for index, ago in enumerate(days_ago):
        reported_on = _working_day(tenant, today - dt.timedelta(days=ago))
        report = _report(tenant, rng, reporters[index % len(reporters)].user, index, reported_on)
        if upg is not None:
            _handle(tenant, upg, rng, report, PATHS[index % len(PATHS)], today)


def _upg_officer(tenant):
    membership = (Membership.objects.filter(tenant=tenant, role=Role.UPG, is_active=True)
                  .select_related("user").order_by("pk").first())
    return membership.user if membership else None


def _report(tenant, rng, user, index: int, reported_on: dt.date):
    giver, institution, relation, occasion, form, value, description, accepted = \
        GIFTS[index % len(GIFTS)]
    late = index % 7 == 6  # a few reports come after the 10 working days
    received_on = reported_on - dt.timedelta(days=rng.randint(16, 25) if late
                                             else rng.randint(0, 9))
    return services.submit_report(
        tenant, user, giver_name=giver, giver_institution=institution, relation=relation,
        form=form, description=description, value=value + 50_000 * rng.randint(0, 4),
        received_on=received_on, place=rng.choice(("Kota Contoh", "Kantor", "Rumah")),
        occasion=occasion, accepted=accepted, deposited_at_upg=form == "goods" and index % 2 == 0,
        today=reported_on)


def _handle(tenant, upg, rng, report, path: str, today: dt.date) -> None:
    if path == "submitted":
        return
    services.start_verification(tenant, upg, report)
    if path == "completion":
        services.request_completion(tenant, upg, report,
                                    note="Lampirkan foto barang dan undangan acara.")
    if path in ("verifying", "completion"):
        return
    step = _later(tenant, rng, report.reported_on, today)
    if path in ("decided", "closed_recipient"):
        services.decide_by_upg(tenant, upg, report,
                               note=f"Termasuk pengecualian: {report.hint_explanation}")
        if path == "closed_recipient":
            services.record_outcome(tenant, upg, report, outcome="milik_penerima",
                                    decided_on=step)
            services.close_report(tenant, upg, report, today=step)
        return
    services.forward_to_kpk(tenant, upg, report, kpk_number=f"GOL-{step:%Y}-{report.pk:05d}",
                            forwarded_on=step)
    if path == "forwarded":
        return
    services.await_kpk_decision(tenant, upg, report)
    if path == "awaiting":
        return
    decided = _later(tenant, rng, step, today)
    outcome = "milik_penerima" if path == "recipient" else "milik_negara"
    services.record_outcome(tenant, upg, report, outcome=outcome, decided_on=decided,
                            decision_number=f"{report.pk}/GRAT/{decided:%m/%Y}")
    if path == "closed_state":
        proof = ContentFile(b"%PDF-1.4\n% demo: bukti setor\n", name="bukti-setor.pdf")
        services.close_report(tenant, upg, report, deposit_reference=f"NTPN{report.pk:012d}",
                              deposit_proof=proof, today=decided)


def _working_day(tenant, day: dt.date) -> dt.date:
    return day if is_working_day(tenant, day) else add_working_days(tenant, day, 1)


def _later(tenant, rng, day: dt.date, today: dt.date) -> dt.date:
    return min(add_working_days(tenant, day, rng.randint(2, 9)), today)
