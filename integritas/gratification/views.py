"""Gratification pages: my reports, the report form with its live hint, a report with its
clocks and the UPG's steps, the register (with the KPK-form export) and the statistics."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integritas.accounts.decorators import tenant_view
from integritas.accounts.permissions import grant, has_perm
from integritas.core.calendar import deadline_phrase
from integritas.core.errors import DomainError, NotFound
from integritas.core.listing import Column, Filter, ListSpec, apply_list
from integritas.core.money import rupiah
from integritas.gratification import selectors, services
from integritas.gratification.charts import bar_chart
from integritas.gratification.forms import (
    CloseForm,
    CompletionForm,
    EmptyForm,
    ForwardForm,
    GiftForm,
    NoteForm,
    OutcomeForm,
    ReportForm,
)
from integritas.gratification.models import GratificationReport, Occasion
from integritas.people.nip import format_nip
from integritas.tenancy.selectors import units_for

Status = GratificationReport.Status


# --- The recipient -----------------------------------------------------------------------------

@tenant_view("gratification.report")
def my_reports(request, tenant_slug):
    reports = selectors.my_reports(request.tenant, request.user).select_related("unit")
    return render(request, "gratification/my_reports.html", {
        "reports": reports,
        "has_employee": selectors.own_employee(request.tenant, request.user) is not None,
    })


@tenant_view("gratification.report")
def report_create(request, tenant_slug):
    tenant = request.tenant
    form = ReportForm(request.POST or None, request.FILES or None)
    hint = None
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            hint = _hint(request, form)
        else:
            try:
                report = services.submit_report(tenant, request.user, **form.service_values())
            except DomainError as error:
                form.add_domain_error(error)
            else:
                messages.success(request, _("Report %(number)s sent to the UPG.") % {
                    "number": report.number})
                return redirect("gratification:report_detail", tenant_slug=tenant_slug,
                                pk=report.pk)
    rules = selectors.rule_set_on(timezone.localdate())
    return render(request, "gratification/report_form.html", {
        "form": form, "hint": hint, "rules": rules,
        "has_employee": selectors.own_employee(tenant, request.user) is not None,
    }, status=400 if form.errors else 200)


@tenant_view("gratification.report", methods=("POST",))
def hint(request, tenant_slug):
    """The live hint beside the form (htmx posts the form here on every change)."""
    form = GiftForm(request.POST)
    result = _hint(request, form) if form.is_valid() else None
    return render(request, "gratification/_hint.html", {"hint": result, "form": form})


def _hint(request, form: GiftForm):
    return selectors.check(request.tenant, selectors.own_employee(request.tenant, request.user),
                           **form.gift_values())


# --- A report ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Step:
    label: str
    form: type
    service: object
    statuses: tuple[str, ...]
    confirm: str = ""


STEPS = {
    "verify": Step(gettext_lazy("Start verification"), EmptyForm, services.start_verification,
                   (Status.SUBMITTED,)),
    "request_completion": Step(gettext_lazy("Ask the recipient to complete the report"),
                               NoteForm, services.request_completion, (Status.VERIFYING,)),
    "forward": Step(gettext_lazy("Record forwarding to KPK"), ForwardForm,
                    services.forward_to_kpk, (Status.VERIFYING,)),
    "decide": Step(gettext_lazy("Decide within the UPG"), NoteForm, services.decide_by_upg,
                   (Status.VERIFYING,),
                   gettext_lazy("Decide within the UPG? The report will not go to KPK.")),
    "await_decision": Step(gettext_lazy("KPK acknowledged: await its decision"), EmptyForm,
                           services.await_kpk_decision, (Status.FORWARDED,)),
    "outcome": Step(gettext_lazy("Record the outcome"), OutcomeForm, services.record_outcome,
                    (Status.AWAITING_KPK, Status.DECIDED_BY_UPG)),
    "close": Step(gettext_lazy("Close the report"), CloseForm, services.close_report,
                  tuple(GratificationReport.OUTCOME_STATUSES),
                  gettext_lazy("Close the report? It cannot be changed afterwards.")),
}


@tenant_view("gratification.report")
def report_detail(request, tenant_slug, pk):
    return _detail(request, _report(request, pk))


@tenant_view("gratification.process", methods=("POST",))
def report_step(request, tenant_slug, pk, step):
    report = _report(request, pk)
    chosen = STEPS.get(step)
    if chosen is None or report.status not in chosen.statuses:
        raise Http404
    form = chosen.form(request.POST, request.FILES, prefix=step)
    if form.is_valid():
        try:
            chosen.service(request.tenant, request.user, report, **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
            report.refresh_from_db()
        else:
            messages.success(request, _("%(number)s: %(status)s.") % {
                "number": report.number, "status": report.get_status_display()})
            return redirect("gratification:report_detail", tenant_slug=tenant_slug, pk=pk)
    return _detail(request, report, bound={step: form}, status=400)


@tenant_view("gratification.report", methods=("POST",))
def report_complete(request, tenant_slug, pk):
    report = _report(request, pk)
    form = CompletionForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.complete_report(request.tenant, request.user, report,
                                     **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Your additions were sent to the UPG."))
            return redirect("gratification:report_detail", tenant_slug=tenant_slug, pk=pk)
    return _detail(request, report, completion_form=form, status=400)


@tenant_view("gratification.report")
def evidence_file(request, tenant_slug, pk, evidence_pk):
    report = _report(request, pk)
    evidence = report.evidence.filter(pk=evidence_pk).first()
    if evidence is None:
        raise Http404
    return FileResponse(evidence.file.open("rb"), as_attachment=True,
                        filename=evidence.original_name)


@tenant_view("gratification.view")
def deposit_proof(request, tenant_slug, pk):
    report = _report(request, pk)
    if not report.deposit_proof:
        raise Http404
    return FileResponse(report.deposit_proof.open("rb"), as_attachment=True,
                        filename=f"{report.number}-bukti-setor{_suffix(report.deposit_proof)}")


def _suffix(field_file) -> str:
    name = field_file.name
    return name[name.rfind("."):] if "." in name else ""


def _report(request, pk) -> GratificationReport:
    try:
        return selectors.report_for(request.tenant, request.user,
                                    grant(request.memberships, "gratification.view"), pk)
    except NotFound:
        raise Http404 from None


def _detail(request, report: GratificationReport, *, bound=None, completion_form=None,
            status=200):
    tenant, today = request.tenant, timezone.localdate()
    can_process = (has_perm(request.memberships, "gratification.process")
                   and report.recipient.user_id != request.user.pk)
    steps = []
    if can_process:
        steps = [(key, step, (bound or {}).get(key) or step.form(prefix=key))
                 for key, step in STEPS.items() if report.status in step.statuses]
    is_recipient = report.recipient.user_id == request.user.pk
    return render(request, "gratification/report_detail.html", {
        "report": report,
        "clocks": clocks(tenant, report, today),
        "evidence": report.evidence.all(),
        "steps": steps,
        "completion_form": (completion_form or CompletionForm()) if (
            is_recipient and report.status == Status.VERIFYING and report.completion_note)
        else None,
        "can_view_register": has_perm(request.memberships, "gratification.view"),
    }, status=status)


@dataclass(frozen=True)
class Clock:
    label: str
    text: str
    state: str  # "open", "met", "late"


def clocks(tenant, report: GratificationReport, today: dt.date) -> list[Clock]:
    """Each deadline of the report: days left while it runs, else whether it was met."""
    result = [_done_clock(_("Report to the UPG (10 working days from receipt)"),
                          report.reported_on, report.upg_due_on)]
    if report.completion_due_on:
        result.append(Clock(_("Completion of the report"),
                            deadline_phrase(tenant, report.completion_due_on, today), "open"))
    if report.status in (Status.SUBMITTED, Status.VERIFYING):
        for label, due in ((_("UPG forwards to KPK"), report.forward_due_on),
                           (_("At KPK within 30 working days of receipt"), report.kpk_due_on)):
            result.append(Clock(label, deadline_phrase(tenant, due, today),
                                "late" if due < today else "open"))
    elif report.forwarded_on:
        result.append(_done_clock(_("UPG forwards to KPK"), report.forwarded_on,
                                  report.forward_due_on))
        result.append(_done_clock(_("At KPK within 30 working days of receipt"),
                                  report.forwarded_on, report.kpk_due_on))
    return result


def _done_clock(label: str, done_on: dt.date, due_on: dt.date) -> Clock:
    values = {"done": formats.date_format(done_on, "j F Y"),
              "due": formats.date_format(due_on, "j F Y")}
    if done_on <= due_on:
        return Clock(label, _("Done on %(done)s, on time (due %(due)s)") % values, "met")
    return Clock(label, _("Done on %(done)s, late (due %(due)s)") % values, "late")


# --- Register and statistics -------------------------------------------------------------------

COMMON_COLUMNS = (
    Column(gettext_lazy("Number"), lambda r: r.number),
    Column(gettext_lazy("Reported on"), lambda r: r.reported_on),
    Column(gettext_lazy("Recipient"), lambda r: r.recipient.name),
    Column(gettext_lazy("NIP"), lambda r: format_nip(r.recipient.nip)),
    Column(gettext_lazy("Unit"), lambda r: r.unit.name),
    Column(gettext_lazy("Giver"), lambda r: r.giver_name),
    Column(gettext_lazy("Occasion"), lambda r: r.get_occasion_display()),
    Column(gettext_lazy("Form"), lambda r: r.get_form_display()),
    Column(gettext_lazy("Value (Rp)"), lambda r: r.value),
    Column(gettext_lazy("Received on"), lambda r: r.received_on),
    Column(gettext_lazy("Accepted"), lambda r: _("yes") if r.accepted else _("no (refused)")),
    Column(gettext_lazy("Hint"), lambda r: r.hint_explanation),
    Column(gettext_lazy("Status"), lambda r: r.get_status_display()),
    Column(gettext_lazy("KPK report number"), lambda r: r.kpk_number),
    Column(gettext_lazy("On time"), lambda r: _("yes") if r.reported_on <= r.upg_due_on
           else _("no")),
)
# The fields of KPK's gratification report form (formulir laporan gratifikasi), in its words.
KPK_COLUMNS = (
    Column("Nomor Laporan UPG", lambda r: r.number),
    Column("Nama Penerima", lambda r: r.recipient.name),
    Column("NIP", lambda r: format_nip(r.recipient.nip)),
    Column("Jabatan", lambda r: r.position_title),
    Column("Unit Kerja", lambda r: r.unit.name),
    Column("Instansi", lambda r: r.tenant.name),
    Column("Email Penerima", lambda r: r.recipient.email),
    Column("Nama Pemberi", lambda r: r.giver_name),
    Column("Instansi/Alamat Pemberi", lambda r: r.giver_institution),
    Column("Hubungan dengan Pemberi", lambda r: r.get_relation_display()),
    Column("Jenis/Bentuk Penerimaan", lambda r: r.get_form_display()),
    Column("Uraian", lambda r: r.description),
    Column("Nilai/Taksiran (Rp)", lambda r: r.value),
    Column("Nilai Berupa Taksiran", lambda r: "Ya" if r.value_is_estimate else "Tidak"),
    Column("Tanggal Penerimaan", lambda r: r.received_on),
    Column("Tempat Penerimaan", lambda r: r.place),
    Column("Peristiwa Penerimaan", lambda r: r.get_occasion_display()),
    Column("Diterima/Ditolak", lambda r: "Diterima" if r.accepted else "Ditolak"),
    Column("Barang Dititipkan di UPG", lambda r: "Ya" if r.deposited_at_upg else "Tidak"),
    Column("Tanggal Lapor ke UPG", lambda r: r.reported_on),
    Column("Nomor Laporan KPK", lambda r: r.kpk_number),
)


def register_spec(units, years, *, kpk: bool) -> ListSpec:
    return ListSpec(
        search_fields=("number", "giver_name", "giver_institution", "recipient__name",
                       "description", "kpk_number"),
        sorts={"reported_on": "reported_on", "value": "value", "number": "number",
               "received_on": "received_on"},
        default_sort="-reported_on",
        filters=(
            Filter("status", "status", gettext_lazy("Status"), Status.choices),
            Filter("occasion", "occasion", gettext_lazy("Occasion"), Occasion.choices),
            Filter("hint", "hint", gettext_lazy("Hint"), HINT_CHOICES),
            Filter("opd", "unit__path__startswith", gettext_lazy("OPD"),
                   [(unit.path, unit.name) for unit in units]),
            Filter("year", "reported_on__year", gettext_lazy("Year reported"),
                   [(str(year), str(year)) for year in years]),
        ),
        export_columns=KPK_COLUMNS if kpk else COMMON_COLUMNS,
        export_name="gratifikasi-formulir-kpk" if kpk else "register-gratifikasi",
    )


HINT_CHOICES = (
    ("exempt", gettext_lazy("Exempt")), ("report", gettext_lazy("Must be reported")),
    ("report_refusal", gettext_lazy("Refusal")), ("no_rules", gettext_lazy("No rules")),
)


@tenant_view("gratification.view")
def register(request, tenant_slug):
    tenant, grant_ = request.tenant, request.grant
    reports = selectors.register(tenant, grant_).select_related("tenant")
    units = [unit for unit in units_for(tenant, grant_) if unit.parent_id is None] \
        if grant_.whole_tenant else list(units_for(tenant, grant_).filter(
            path__in=grant_.unit_paths))
    years = selectors.report_years(tenant, grant_)
    spec = register_spec(units, years, kpk=request.GET.get("layout") == "kpk")
    result = apply_list(request, reports, spec)
    if not isinstance(result, dict):
        return result  # the Excel file
    kpk_export = request.GET.copy()
    kpk_export.pop("page", None)
    kpk_export.update({"format": "xlsx", "layout": "kpk"})
    result.update({"today": timezone.localdate(), "kpk_export_url": f"?{kpk_export.urlencode()}",
                   "selects": [(f, result["active_filters"].get(f.param, ""))
                               for f in spec.filters]})
    return render(request, "gratification/register.html", result)


@tenant_view("gratification.view")
def statistics(request, tenant_slug):
    tenant, grant_ = request.tenant, request.grant
    years = selectors.report_years(tenant, grant_)
    raw_year = request.GET.get("year", "")
    year = int(raw_year) if raw_year.isdigit() and int(raw_year) in years else None
    reports = selectors.register(tenant, grant_)
    if year is not None:
        reports = reports.filter(reported_on__year=year)
    today = timezone.localdate()
    occasions = selectors.by_occasion(reports)
    units = selectors.by_unit(reports)
    months = selectors.by_month(reports, selectors.twelve_months_back(today))
    return render(request, "gratification/statistics.html", {
        "totals": selectors.totals(reports), "year": year, "years": years,
        "by_occasion": occasions, "by_unit": units,
        "occasion_chart": bar_chart(_("Reports by occasion"),
                                    [(label, t.reports, str(t.reports))
                                     for label, t in occasions]),
        "month_chart": bar_chart(_("Reports per month"),
                                 [(_month_label(m), m["reports"], str(m["reports"]))
                                  for m in months]),
        "value_chart": bar_chart(_("Value forwarded to KPK per month"),
                                 [(_month_label(m), m["value_forwarded"],
                                   rupiah(m["value_forwarded"])) for m in months]),
    })


def _month_label(month: dict) -> str:
    """"2026-11" as "Nov 2026" in the reader's language."""
    year, number = (int(part) for part in month["month"].split("-"))
    return formats.date_format(dt.date(year, number, 1), "M Y")
