"""The public reporting pages under `/<tenant>/lapor/`: no login, no JavaScript needed.

The tenant comes from the URL (TenantMiddleware sets `request.tenant` and its scope). Nothing
about the visitor is stored: throttling counts a keyed hash of the address in the cache, and the
receipt and the reporter's case key live in the session only as vault ciphertext (vault.py).
"""

from __future__ import annotations

import datetime as dt
import json

from django.contrib import messages
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from integritas.cases import attachments, intake, intake_cache, reference, reporter, throttle, vault
from integritas.cases.public_forms import ReceiptLoginForm, ReporterMessageForm, ReportForm
from integritas.core.errors import DomainError
from integritas.core.forms import show_domain_error

# URL slug -> channel code: Indonesian addresses, English codes.
CHANNEL_SLUGS = {"wbs": "wbs", "pengaduan": "complaint"}
RECEIPT_VAULT = "receipt"


def throttled() -> DomainError:
    return DomainError("too_many_attempts", _(
        "Too many attempts from your connection. Please wait a minute and try again."),
        status=429)


def too_large() -> DomainError:
    return DomainError("report_too_large", _(
        "What you sent is too large. Shorten the text or send fewer or smaller files."),
        field="files", status=413)


@require_GET
def start(request, tenant_slug):
    channels = [(slug, reference.channel(code)) for slug, code in CHANNEL_SLUGS.items()]
    return render(request, "cases/public/start.html", {"channels": channels})


# The size checks come before CSRF's check, which reads the whole body; the CSRF token is then
# checked by `_report` as usual.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def report(request, tenant_slug, channel):
    channel_code = CHANNEL_SLUGS.get(channel)
    if channel_code is None:
        raise Http404
    if request.method == "POST":
        if _declared_size(request) > _max_request_bytes():
            return _report_page(request, channel_code, None, error=too_large())
        request.upload_handlers.insert(0, attachments.LimitedUploadHandler(request))
        try:
            request.POST  # noqa: B018  (parse now, so oversize text is caught here)
        except (RequestDataTooBig, TooManyFieldsSent):
            return _report_page(request, channel_code, None, error=too_large())
    return _report(request, channel_code)


@csrf_protect
def _report(request, channel_code):
    tenant = request.tenant
    if request.method != "POST":
        return _report_page(request, channel_code, ReportForm(tenant, channel_code))
    form = ReportForm(tenant, channel_code, request.POST, request.FILES)
    if getattr(request, "upload_too_large", False):
        return _report_page(request, channel_code, form, error=too_large())
    if not throttle.allow(request, tenant, "submit"):
        return _report_page(request, channel_code, form, error=throttled())
    if not form.is_valid():
        return _report_page(request, channel_code, form, status=400)
    try:
        filed = _file(tenant, form, channel_code)
    except intake.InvalidReport as error:
        for name, message in error.errors.items():
            form.add_error(name if name in form.fields else None, message)
        return _report_page(request, channel_code, form, status=400)
    except DomainError as error:
        show_domain_error(form, error)
        return _report_page(request, channel_code, form, status=error.status)
    vault.put(request, RECEIPT_VAULT, json.dumps({
        "case_number": filed.case.number, "receipt": filed.receipt,
        "received_at": filed.case.received_at.isoformat(), "channel": channel_code,
    }).encode())
    return redirect("cases_public:receipt", tenant_slug=tenant.slug)


def _file(tenant, form, channel_code):
    context = intake_cache.context(tenant)
    report = intake.validate_report(context, form.report_data(channel_code))
    files = [attachments.clean_upload(f) for f in form.cleaned_data["files"]]
    attachments.check_count(files)
    report.files = files
    return intake.file_report(context, report)


def _report_page(request, channel_code, form, *, error=None, status=200):
    if form is None:
        form = ReportForm(request.tenant, channel_code)
    if error is not None:
        if form.is_bound:
            show_domain_error(form, error)
        status = error.status
    return render(request, "cases/public/report_form.html", {
        "form": form, "error": None if form.is_bound else error,
        "channel": reference.channel(channel_code),
        "limits": attachments.limits(),
        "max_mb": attachments.limits()["max_bytes"] // (1024 * 1024),
    }, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def receipt(request, tenant_slug):
    """The receipt, shown until the reporter confirms they saved it; then it is gone."""
    pending = _pending_receipt(request)
    if pending is None:
        return render(request, "cases/public/receipt_gone.html", status=410)
    if request.method == "POST":
        if request.POST.get("saved") != "yes":
            return render(request, "cases/public/receipt.html", {
                "filed": pending, "confirm_error": True}, status=400)
        vault.drop(request, RECEIPT_VAULT)
        messages.success(request, _t("Thank you. Keep your receipt somewhere safe: it is the "
                                     "only way to follow your report."))
        return redirect("cases_public:status", tenant_slug=tenant_slug)
    return render(request, "cases/public/receipt.html", {"filed": pending})


@never_cache
@require_GET
def receipt_download(request, tenant_slug):
    pending = _pending_receipt(request)
    if pending is None:
        return render(request, "cases/public/receipt_gone.html", status=410)
    status_url = request.build_absolute_uri(f"/{tenant_slug}/lapor/status/")
    lines = [
        _t("Proof of filing — %(pemda)s") % {"pemda": request.tenant.name},
        "",
        _t("Case number: %(number)s") % {"number": pending["case_number"]},
        _t("Received: %(date)s") % {"date": pending["received_label"]},
        _t("Receipt: %(receipt)s") % {"receipt": pending["receipt"]},
        "",
        _t("Follow your report at %(url)s with this receipt. Keep it secret: anyone who has it "
           "can read the messages about your report.") % {"url": status_url},
    ]
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="bukti-{pending["case_number"]}.txt"')
    return response


def _pending_receipt(request) -> dict | None:
    stored = vault.get(request, RECEIPT_VAULT)
    if stored is None:
        return None
    pending = json.loads(stored)
    received = timezone.localtime(dt.datetime.fromisoformat(pending["received_at"]))
    pending["received"] = received
    pending["received_label"] = date_format(received, "DATETIME_FORMAT")
    return pending


@never_cache
@require_http_methods(["GET", "POST"])
def status(request, tenant_slug):
    tenant = request.tenant
    if request.method == "POST":
        return _login(request, tenant)
    access = reporter.recall(request, tenant)
    if access is None:
        return render(request, "cases/public/status_login.html", {"form": ReceiptLoginForm()})
    view = reporter.status(tenant, access)
    reporter.mark_messages_read(tenant, None, access)
    return render(request, "cases/public/status.html", {
        "view": view, "form": ReporterMessageForm(),
        "max_mb": attachments.limits()["max_bytes"] // (1024 * 1024),
    })


def _login(request, tenant):
    form = ReceiptLoginForm(request.POST)
    if not throttle.allow(request, tenant, "login"):
        show_domain_error(form, throttled())
        return render(request, "cases/public/status_login.html", {"form": form}, status=429)
    if not form.is_valid():
        return render(request, "cases/public/status_login.html", {"form": form}, status=400)
    try:
        access = reporter.open_with_receipt(tenant, form.cleaned_data["receipt"])
    except DomainError as error:
        show_domain_error(form, error)
        return render(request, "cases/public/status_login.html", {"form": form}, status=400)
    request.session.cycle_key()
    reporter.remember(request, access)
    return redirect("cases_public:status", tenant_slug=tenant.slug)


@csrf_exempt
@require_POST
def message(request, tenant_slug):
    if _declared_size(request) > _max_request_bytes():
        return _message_error(request, too_large())
    request.upload_handlers.insert(0, attachments.LimitedUploadHandler(request))
    try:
        request.POST  # noqa: B018
    except (RequestDataTooBig, TooManyFieldsSent):
        return _message_error(request, too_large())
    return _message(request)


@csrf_protect
def _message(request):
    tenant = request.tenant
    access = reporter.recall(request, tenant)
    if access is None:
        return redirect("cases_public:status", tenant_slug=tenant.slug)
    form = ReporterMessageForm(request.POST, request.FILES)
    try:
        if getattr(request, "upload_too_large", False):
            raise too_large()
        if not form.is_valid():
            raise DomainError("message_invalid", _("Check the message and the files."))
        files = [attachments.clean_upload(f) for f in form.cleaned_data["files"]]
        reporter.send_message(tenant, access, form.cleaned_data["body"], files)
    except DomainError as error:
        return _message_error(request, error, form)
    messages.success(request, _t("Your message has been sent."))
    return redirect("cases_public:status", tenant_slug=tenant.slug)


def _message_error(request, error, form=None):
    tenant = request.tenant
    access = reporter.recall(request, tenant)
    if access is None:
        return redirect("cases_public:status", tenant_slug=tenant.slug)
    if form is not None:
        show_domain_error(form, error)
    return render(request, "cases/public/status.html", {
        "view": reporter.status(tenant, access), "form": form or ReporterMessageForm(),
        "error": None if form is not None else error,
        "max_mb": attachments.limits()["max_bytes"] // (1024 * 1024),
    }, status=error.status)


@require_POST
def logout(request, tenant_slug):
    reporter.forget(request)
    request.session.cycle_key()
    messages.info(request, _t("You have left your report. Log in again with your receipt."))
    return redirect("cases_public:status", tenant_slug=tenant_slug)


def _declared_size(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _max_request_bytes() -> int:
    # The files, plus room for the text answers.
    return attachments.limits()["max_total_bytes"] + 2 * 1024 * 1024
