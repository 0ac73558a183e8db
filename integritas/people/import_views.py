"""Roster import pages: past imports, upload, one job (progress, preview, errors), downloads."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from integritas.accounts.decorators import tenant_view
from integritas.core.errors import DomainError
from integritas.core.listing import ListSpec, apply_list
from integritas.core.xlsx import XLSX_TYPE
from integritas.people.imports import progress, report, selectors, services
from integritas.people.imports.columns import FIELD_BY_NAME
from integritas.people.imports.forms import ImportUploadForm

ERRORS_PER_PAGE = 50
LIST_SPEC = ListSpec(search_fields=("original_name", "created_by__email"),
                     sorts=selectors.JOB_SORTS, default_sort="-created", per_page=25)


@tenant_view("people.import")
def import_list(request, tenant_slug):
    context = apply_list(request, selectors.jobs_for(request.tenant, request.grant), LIST_SPEC)
    return render(request, "people/import_list.html", context)


@tenant_view("people.import")
def import_create(request, tenant_slug):
    limit_mb = settings.IMPORT_MAX_BYTES // (1024 * 1024)
    form = ImportUploadForm(request.POST or None, request.FILES or None, limit_mb=limit_mb)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.create_import_job(request.tenant, request.user,
                                             upload=form.cleaned_data["file"],
                                             create_units=form.cleaned_data["create_units"])
        except DomainError as error:
            form.add_domain_error(error)
        else:
            return redirect("people:import_detail", tenant_slug=tenant_slug, pk=job.pk)
    return render(request, "people/import_form.html", {"form": form},
                  status=400 if form.errors else 200)


@tenant_view("people.import")
def import_template(request, tenant_slug):
    return _xlsx(report.template_bytes(), "template-impor-pegawai.xlsx")


@tenant_view("people.import")
def import_detail(request, tenant_slug, pk):
    job = _job(request, pk)
    errors = Paginator(selectors.errors_of(job), ERRORS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "people/import_detail.html", {
        **_progress_context(job),
        "errors_page": errors,
        "page_obj": errors,
        "query_without_page": "",
        "mapping": [(FIELD_BY_NAME[name].label, header) for name, header in job.mapping.items()],
    })


@tenant_view("people.import")
def import_progress(request, tenant_slug, pk):
    """The polled fragment; once the job stops running the whole page reloads to show results."""
    job = _job(request, pk)
    response = render(request, "people/import_progress.html", _progress_context(job))
    if request.htmx and not job.is_running:
        response["HX-Refresh"] = "true"
    return response


@tenant_view("people.import", methods=("POST",))
def import_commit(request, tenant_slug, pk):
    job = _job(request, pk)
    try:
        services.request_commit(request.tenant, request.user, job)
    except DomainError as error:
        messages.error(request, error.render())
    return redirect("people:import_detail", tenant_slug=tenant_slug, pk=job.pk)


@tenant_view("people.import")
def import_errors_xlsx(request, tenant_slug, pk):
    job = _job(request, pk)
    return _xlsx(report.error_report_bytes(job), f"kesalahan-impor-{job.pk}.xlsx")


def _job(request, pk: int):
    try:
        return selectors.job_for(request.tenant, request.grant, pk)
    except DomainError as error:
        raise Http404(error.render()) from error


def _progress_context(job) -> dict:
    processed, total = progress.current(job)
    return {"job": job, "processed": processed, "total": max(total, processed)}


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

