"""Demo data for cases: the escrow key, handler keys for the demo staff, and a few fresh reports
filed through public intake (the worked cases in every state are seeded after these)."""

from __future__ import annotations

from integritas.accounts.models import Membership
from integritas.accounts.permissions import PERMISSIONS
from integritas.accounts.roles import Role
from integritas.cases import intake, intake_cache, keys
from integritas.cases.demo_workspace import seed_workspace_demo
from integritas.cases.models import HandlerKey
from integritas.tenancy.models import Unit

FRESH_REPORTS = [
    {"channel": "complaint", "category": "pungli",
     "what": "Petugas loket meminta Rp50.000 agar KTP elektronik saya selesai hari itu juga.",
     "where": "Loket pelayanan", "when": "Pekan lalu, Selasa pagi",
     "how": "Diminta secara lisan; tanpa kuitansi.", "estimated_loss": "50000"},
    {"channel": "complaint", "category": "pelayanan_publik",
     "what": "Permohonan izin saya sudah tiga minggu tanpa kabar, padahal standar pelayanan "
             "menyebut lima hari kerja.",
     "when": "Diajukan awal bulan ini"},
    {"channel": "wbs", "category": "pengadaan",
     "what": "Pemenang lelang pengadaan komputer sudah dibicarakan sebelum lelang dibuka; "
             "spesifikasi disusun mengikuti satu merek.",
     "who": "Panitia pengadaan (nama tidak saya ketahui)", "how_known": "Saya ikut rapat."},
    {"channel": "wbs", "category": "gratifikasi",
     "what": "Seorang kepala bidang menerima parsel dan voucher dari rekanan menjelang akhir "
             "tahun anggaran.",
     "identity": {"name": "Pelapor Demo", "contact": "0812-0000-0000"}},
]


def seed_demo(tenant, rng) -> None:
    seed_keys(tenant)
    seed_fresh_reports(tenant, rng)
    seed_workspace_demo(tenant, rng)


def seed_keys(tenant) -> None:
    """An escrow key (its shares are not kept: the demo never needs recovery), a key for every
    demo user who may see cases, under the demo password, and — in a Pemda whose demo has no
    Inspektur login — its auditors as intake handlers, so that new reports reach someone."""
    from integritas.core.testing.factories import DEMO_PASSWORD

    if keys.active_escrow(tenant) is None:
        keys.create_escrow_key(tenant, None)
    staff = Membership.objects.filter(tenant=tenant, is_active=True,
                                      role__in=PERMISSIONS["cases.view"])
    for membership in staff.exclude(user__in=HandlerKey.objects.values("user")):
        keys.create_handler_key(membership.user, DEMO_PASSWORD)
    if not staff.filter(role=Role.INSPEKTUR).exists():
        keys.intake_settings(tenant).intake_handlers.add(
            *staff.filter(role=Role.AUDITOR).values_list("user", flat=True))


def seed_fresh_reports(tenant, rng) -> list[intake.Filed]:
    offices = list(Unit.objects.filter(tenant=tenant, depth=0, is_active=True)
                   .exclude(kind=Unit.Kind.INSPECTORATE))
    filed = []
    for data in FRESH_REPORTS:
        unit = rng.choice(offices) if offices and rng.random() < 0.8 else None
        context = intake_cache.context(tenant)
        report = intake.validate_report(context, {**data, "unit": unit.pk if unit else None})
        filed.append(intake.file_report(context, report))
    return filed
