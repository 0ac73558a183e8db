"""Demo of the handlers' workspace: a dozen reports over both channels, taken through the workflow
by the Inspektur and an auditor to different points — one referred to the Kejaksaan and shared
with its viewer, one whose first-response deadline has passed. Called at the end of cases'
`seed_demo`, after the handler keys exist.

The stories happened over the past months: filing and each step run through the real services
today, then `_backdate` moves their dates into the past (demo history only — nothing else in the
code base writes dates after the fact).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from integritas.accounts.models import User
from integritas.accounts.roles import Role
from integritas.cases import (
    deadlines,
    escalation,
    intake,
    intake_cache,
    keys,
    selectors,
    services,
    workflow,
)
from integritas.cases.models import Case, DueKind, HandlerKey, Referral, State, Transition
from integritas.core.calendar import add_working_days
from integritas.core.testing.factories import DEMO_PASSWORD
from integritas.tenancy.models import Unit

TO_REVIEW = (("verify", {"reason": "Laporan memuat 4W1H dan bukti permulaan."}),
             ("review", {"reason": "Lengkap; diteruskan ke tim telaah."}))
EXAMINE = (*TO_REVIEW, ("examine", {"exam_kind": "investigatif",
                                    "public_note": "Tim pemeriksa telah ditugaskan."}))
CLARIFY = (*TO_REVIEW, ("examine", {"exam_kind": "klarifikasi"}))

# (channel, category, what, days ago, steps); "{kejari}" and "{opd}" are filled in below.
STORIES = (
    ("wbs", "suap", "Petugas perizinan meminta uang pelicin Rp2.000.000 agar izin usaha saya "
     "segera terbit.", 150, (*EXAMINE, ("follow_up", {
         "admin_criterion": "tgr_settled", "findings": "Pungutan tanpa dasar hukum.",
         "recommendations": "Kembalikan pungutan; hukuman disiplin sedang.",
         "sanctions": "Penurunan pangkat satu tingkat.", "recovered_amount": 2_000_000}),
        ("close", {"outcome": "terbukti", "public_note": "Laporan Anda terbukti."}))),
    ("wbs", "pengadaan", "Paket pengadaan laptop dipecah menjadi beberapa paket agar bisa "
     "penunjukan langsung ke penyedia yang sama.", 120, (*EXAMINE, ("refer", {
         "authority_kind": "kejaksaan", "authority_name": "Kejaksaan Negeri",
         "letter_number": "700/214/Insp/2026", "shared_with": "{kejari}",
         "reason": "Indikasi pidana: kerugian belum dipulihkan."}))),
    ("wbs", "gratifikasi", "Kepala bidang menerima parsel dan voucher dari rekanan menjelang "
     "hari raya.", 95, (*CLARIFY, ("follow_up", {"admin_criterion": "no_loss",
                                                 "findings": "Voucher telah dilaporkan ke UPG."}),
                        ("close", {"outcome": "tidak_terbukti"}))),
    ("wbs", "penyalahgunaan_wewenang", "Kendaraan dinas dipakai untuk keperluan keluarga setiap "
     "akhir pekan.", 70, (*CLARIFY, ("follow_up", {"admin_criterion": "administration"}),
                          ("close", {"outcome": "sebagian_terbukti"}))),
    ("wbs", "korupsi", "Honor kegiatan fiktif dibayarkan kepada pegawai yang tidak hadir.", 40,
     EXAMINE),
    ("wbs", "benturan_kepentingan", "Pejabat pengadaan adalah kerabat direktur penyedia.", 20,
     TO_REVIEW),
    ("wbs", "lainnya", "Ada pegawai yang sering tidak masuk kerja.", 30,
     (("verify", {}), ("reject", {"public_note": "Laporan tidak menyebut unit maupun pihak "
                                                 "yang dilaporkan; silakan lapor kembali."}))),
    ("complaint", "pungli", "Dimintai uang Rp50.000 untuk legalisir akta kelahiran di loket.",
     85, (*CLARIFY, ("follow_up", {"admin_criterion": "no_loss",
                                   "recommendations": "Pasang tarif resmi di loket."}),
          ("close", {"outcome": "terbukti"}))),
    ("complaint", "pelayanan_publik", "Antrean KTP elektronik tidak jelas dan petugas sering "
     "tidak ada di tempat.", 60, (*TO_REVIEW, ("refer", {
         "authority_kind": "opd", "unit": "{opd}", "audit_relevant": False,
         "letter_number": "B/180/Insp/2026",
         "public_note": "Keluhan Anda diteruskan kepada dinas terkait untuk diperbaiki."}))),
    ("complaint", "maladministrasi", "Surat keterangan saya ditolak tanpa alasan tertulis.", 12,
     (("verify", {}), ("request_information", {
         "public_note": "Mohon sebutkan tanggal pengajuan dan nomor tanda terima berkas."}))),
    ("complaint", "disiplin_pegawai", "Petugas puskesmas bersikap kasar kepada pasien lansia.",
     3, (("verify", {}),)),
    ("complaint", "pelayanan_publik", "Lampu penerangan jalan di kompleks kami mati sejak dua "
     "bulan dan laporan ke kelurahan tidak ditanggapi.", 10, ()),
)
GAP_DAYS = 6  # calendar days between the demo steps


def seed_workspace_demo(tenant, rng) -> None:
    inspektur = _user_with(tenant, Role.INSPEKTUR)
    handler_key = HandlerKey.objects.filter(user=inspektur).first() if inspektur else None
    if handler_key is None:
        return  # no case keys in this demo tenant
    private = keys.unwrap_private_key(handler_key, DEMO_PASSWORD)
    viewer = _user_with(tenant, Role.EXTERNAL_VIEWER)
    if viewer is not None and not HandlerKey.objects.filter(user=viewer).exists():
        viewer = None
    units = list(Unit.objects.filter(tenant=tenant, parent=None)
                 .exclude(kind=Unit.Kind.INSPECTORATE).order_by("path"))
    for channel, category, what, days_ago, steps in STORIES:
        unit = rng.choice(units) if units else None
        case = _file(tenant, channel, category, what, unit)
        k = keys.keys_with_private_key(case, inspektur, private)
        _assign_lead(tenant, inspektur, case, k, rng)
        for step, data in steps:
            data = _filled(data, viewer=viewer, opd=unit or (units[0] if units else None))
            if data is None:
                break
            case = workflow.advance(tenant, inspektur, case, k, step, **data)
        _backdate(tenant, case, days_ago)
    escalation.flag_breaches(tenant, None, today=timezone.localdate())


def _user_with(tenant, role) -> User | None:
    return (User.objects.filter(memberships__tenant=tenant, memberships__role=role,
                                memberships__is_active=True, is_active=True)
            .order_by("pk").first())


def _file(tenant, channel, category, what, unit) -> Case:
    context = intake_cache.context(tenant)
    report = intake.validate_report(context, {
        "channel": channel, "category": category, "what": what,
        "unit": str(unit.pk) if unit else "unknown",
        "where": unit.name if unit else "", "when": "Beberapa minggu lalu"})
    return intake.file_report(context, report).case


def _assign_lead(tenant, inspektur, case, k, rng) -> None:
    candidates = [u for u in selectors.assignable_users(tenant, case).exclude(pk=inspektur.pk)
                  if HandlerKey.objects.filter(user=u).exists()]
    if candidates:
        lead = rng.choice(candidates)
        services.assign(tenant, inspektur, case, k, user=lead, kind="lead")
        services.confirm_no_conflict(tenant, lead, case)


def _filled(data: dict, *, viewer, opd) -> dict | None:
    """The step's input with the demo's people and units; None when the tenant lacks them."""
    data = dict(data)
    if data.get("shared_with") == "{kejari}":
        data["shared_with"] = viewer
    if data.get("unit") == "{opd}":
        if opd is None:
            return None
        data["unit"] = opd
    if "letter_number" in data:
        data.setdefault("letter_date", timezone.localdate())
    return data


def _backdate(tenant, case: Case, days_ago: int) -> None:
    """Move the story into the past: received `days_ago`, each step GAP_DAYS after the last."""
    received = timezone.now() - dt.timedelta(days=days_ago)
    transitions = list(Transition.objects.filter(case=case).order_by("at", "pk"))
    for index, transition in enumerate(transitions, start=1):
        transition.at = min(received + dt.timedelta(days=GAP_DAYS * index), timezone.now())
    Transition.objects.bulk_update(transitions, ["at"])
    day = timezone.localdate(received)
    first_due = add_working_days(tenant, day, deadlines.deadline_policy(tenant, case.channel, day)
                                 .days_for(DueKind.FIRST_RESPONSE))
    last = transitions[-1].at if transitions else None
    changes = {"received_at": received, "first_response_due": first_due,
               "first_response_at": transitions[0].at if transitions else None,
               "closed_at": last if case.state in (State.SELESAI, State.DITOLAK) else None}
    if case.state == State.DITERIMA:
        changes["due_on"] = first_due
    elif case.due_on is not None and last is not None:
        changes["due_on"] = case.due_on - dt.timedelta(days=(timezone.now() - last).days)
    Case.objects.filter(pk=case.pk).update(**changes)
    Referral.objects.filter(case=case).update(
        letter_date=timezone.localdate(last) if last else timezone.localdate())
