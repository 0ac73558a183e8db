"""Demo conflicts data: about thirty declarations across OPDs over the past months — decided on
time or late, withdrawn, suspended, a few overdue and escalated — a COI officer, the current
year's statement campaign with some nil statements, and one evaluation. All through the services.

Declaring and deciding need the person's own account (nobody declares for someone else), so the
declarants and their superiors who have no login yet get one, without a password.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from integritas.accounts.roles import Role
from integritas.accounts.services import assign_role, create_user
from integritas.conflicts import services
from integritas.conflicts.models import CatalogueEntry, Declaration, Evaluation
from integritas.people.models import Employee
from integritas.people.services import link_user

ACTOR = None  # the audit log shows "system" for the loader
DECLARANTS = 14
DECLARATIONS = 30
NIL_STATEMENTS = 8

SITUATIONS = (
    ("procurement", "PBJ-{year}-{n:03d}", "pemilihan-rekanan", "keluarga-kerabat",
     "Perusahaan milik {party} ikut tender yang saya evaluasi sebagai anggota Pokja.",
     "business"),
    ("permit", "IZIN-{year}-{n:04d}", "izin-diskriminatif", "bisnis-finansial",
     "Permohonan izin usaha dari {party}, rekan usaha saya, masuk ke meja saya.", "business"),
    ("hiring", "SELEKSI-{year}-{n:02d}", "pengangkatan-pegawai", "keluarga-kerabat",
     "{party}, keponakan saya, mendaftar pada seleksi PPPK yang saya ikut menilai.", "family"),
    ("audit", "PKPT-{year}-{n:02d}", "pengawas-bagian-diawasi", "afiliasi",
     "Saya ditugaskan mengaudit kegiatan yang dulu saya kelola bersama {party}.",
     "affiliation"),
    ("zi_assessment", "", "bagian-pihak-dinilai", "pekerjaan-luar",
     "Saya anggota tim penilai internal ZI untuk unit tempat {party} menjabat.", "family"),
    ("other", "", "aset-informasi-rahasia", "kepentingan-pribadi",
     "{party} meminta data kependudukan untuk keperluan usahanya.", "other"),
)
PARTIES = ("CV Karya Mandiri", "PT Sinar Abadi", "Rina Marlina", "Hendra Gunawan",
           "Koperasi Sejahtera", "Yusuf Maulana")
MEASURES = ("recusal", "recusal", "handover", "supervision", "reassignment", "no-action")


def seed_demo(tenant, rng: random.Random) -> None:
    today = timezone.localdate()
    people = _declarants(tenant, rng)
    if not people or not CatalogueEntry.objects.exists():
        return
    inspektur = _inspektur(tenant)
    if inspektur is not None:
        services.designate_officer(tenant, ACTOR, unit=inspektur.unit, employee=inspektur)
    campaign = services.open_campaign(tenant, ACTOR, year=today.year,
                                      opens_on=dt.date(today.year, 1, 15),
                                      due_on=dt.date(today.year, 12, 15))
    for number in range(1, DECLARATIONS + 1):
        _one_declaration(tenant, rng, rng.choice(people), number, today)
    _pegawai_declaration(tenant, today)
    services.escalate_overdue(tenant, ACTOR, today=today)
    filed = {d.declarant_id for d in Declaration.objects.filter(campaign=campaign)}
    for employee in _without_account(tenant, rng, NIL_STATEMENTS, exclude=filed):
        services.file_nil_statement(tenant, _account(tenant, employee), campaign)
    _evaluation(tenant, today)


def _declarants(tenant, rng) -> list[Employee]:
    """Staff with a superior, spread over OPDs, the order fixed by the seed."""
    staff = list(Employee.objects.filter(tenant=tenant, status=Employee.Status.ACTIVE,
                                         superior__isnull=False, user__isnull=True)
                 .select_related("superior").order_by("nip"))
    return rng.sample(staff, min(DECLARANTS, len(staff)))


def _without_account(tenant, rng, count: int, exclude: set[int]) -> list[Employee]:
    rows = list(Employee.objects.filter(tenant=tenant, status=Employee.Status.ACTIVE,
                                        user__isnull=True).exclude(pk__in=exclude)
                .order_by("nip"))
    return rng.sample(rows, min(count, len(rows)))


def _inspektur(tenant) -> Employee | None:
    return (Employee.objects.filter(tenant=tenant, unit__kind="inspectorate",
                                    superior__isnull=False, user__isnull=False)
            .select_related("unit").order_by("pk").first())


def _account(tenant, employee: Employee):
    """The employee's login, made on first need (the instance may predate that)."""
    linked = Employee.objects.select_related("user").get(pk=employee.pk).user
    if linked is not None:
        return linked
    from integritas.core.testing.factories import DEMO_PASSWORD

    # A password, not an invitation: the demo mails nobody, and every declarant can log in.
    user = create_user(tenant, ACTOR, email=f"pegawai.{employee.nip}@{tenant.slug}.go.id",
                       full_name=employee.name, password=DEMO_PASSWORD)
    assign_role(tenant, ACTOR, user=user, role=Role.EMPLOYEE)
    link_user(tenant, ACTOR, employee, user)
    return user


def _one_declaration(tenant, rng, employee: Employee, number: int, today: dt.date) -> None:
    subject, ref, conflict_type, source, text, relation = rng.choice(SITUATIONS)
    party = rng.choice(PARTIES)
    declared_on = today - dt.timedelta(days=rng.randint(2, 330))
    while declared_on.weekday() >= 5:
        declared_on -= dt.timedelta(days=1)
    declaration = services.declare(
        tenant, _account(tenant, employee), kind=rng.choice(("aktual", "aktual", "potensial",
                                                             "dirasakan")),
        conflict_type=conflict_type, source=source, subject_kind=subject,
        subject_ref=ref.format(year=declared_on.year, n=number),
        description=text.format(party=party), parties=[(party, relation)], today=declared_on)
    fate = rng.random()
    if fate < 0.12:
        services.withdraw(tenant, _account(tenant, employee), declaration)
    elif fate < 0.8 and declaration.due_on < today:
        late = rng.random() < 0.15
        decided_on = declaration.due_on + dt.timedelta(days=3 if late else -rng.randint(0, 6))
        measure = rng.choice(MEASURES)
        services.decide(tenant, _account(tenant, employee.superior), declaration,
                        is_real=measure != "no-action",
                        impact="Keputusan dapat menguntungkan pihak terkait.",
                        measure=measure, reasons="Sesuai analisis atasan langsung.",
                        today=max(decided_on, declared_on))


def _pegawai_declaration(tenant, today: dt.date) -> None:
    """The demo employee login has one recent declaration awaiting its superior."""
    pegawai = (Employee.objects.filter(tenant=tenant, user__email__startswith="pegawai@")
               .select_related("user").first())
    if pegawai is None:
        return
    services.declare(tenant, pegawai.user, kind="potensial", conflict_type="pemilihan-rekanan",
                     source="keluarga-kerabat", subject_kind="procurement",
                     subject_ref=f"PBJ-{today.year}-101",
                     description="Adik ipar saya pemilik CV yang mendaftar pengadaan blangko.",
                     parties=[("CV Blangko Jaya", "family")], today=today)


def _evaluation(tenant, today: dt.date) -> None:
    year, period = ((today.year, Evaluation.Period.SEMESTER_1) if today.month > 6
                    else (today.year - 1, Evaluation.Period.SEMESTER_2))
    services.create_evaluation(
        tenant, ACTOR, year=year, period=period,
        findings="1. Dua OPD belum pernah menyampaikan deklarasi.\n"
                 "2. Sebagian keputusan atasan melewati batas 7 hari kerja.",
        follow_ups="1. Sosialisasi Perwali penanganan benturan kepentingan di kedua OPD.\n"
                   "2. Inspektorat memantau daftar keputusan terlambat setiap pekan.")
