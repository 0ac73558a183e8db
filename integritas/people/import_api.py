"""Roster import over the API: past imports, upload, follow the dry run, read its errors (also
as the Excel report the page offers), commit."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from integritas.api.api import tenant_scope
from integritas.api.auth import require_perm
from integritas.core.xlsx import XLSX_TYPE
from integritas.people.imports import progress, report, selectors, services
from integritas.people.models import ImportJob

router = Router(tags=["imports"])
PERMISSION = "people.import"
ERRORS_PER_PAGE = 100


class ErrorOut(Schema):
    row: int | None
    column: str
    value: str
    code: str
    message: str
    fix: str


class JobSummaryOut(Schema):
    id: int
    file_name: str
    status: str
    total_rows: int
    new: int
    updated: int
    unchanged: int
    errors: int
    can_commit: bool
    uploaded_by: str | None = Field(description="The uploader's email")
    created_at: datetime
    committed_at: datetime | None


class JobPage(Schema):
    count: int
    page: int
    pages: int
    items: list[JobSummaryOut]


JobSort = Literal[tuple(f"{sign}{key}" for key in selectors.JOB_SORTS for sign in ("", "-"))]


class JobFilters(Schema):
    q: str = Field("", max_length=200, description="Part of the file name or the uploader's "
                                                   "email")
    sort: JobSort = "-created"
    page: int = Field(1, ge=1)
    page_size: int = Field(25, ge=1, le=500)


class JobOut(Schema):
    id: int
    file_name: str
    status: str
    total_rows: int
    processed_rows: int
    new: int
    updated: int
    unchanged: int
    errors: int
    can_commit: bool
    mapping: dict[str, str]
    ignored_columns: list[str]
    new_units: list[str]
    first_errors: list[ErrorOut]
    created_at: datetime
    committed_at: datetime | None


class ErrorPage(Schema):
    count: int
    page: int
    pages: int
    items: list[ErrorOut]


@router.get("/", response=JobPage, summary="Past imports, newest first")
def list_jobs(request, filters: Query[JobFilters]):
    grant = require_perm(request, PERMISSION)
    with tenant_scope(request):
        jobs = selectors.jobs_for(request.tenant, grant)
        query = filters.q.strip()
        if query:
            jobs = jobs.filter(Q(original_name__icontains=query)
                               | Q(created_by__email__icontains=query))
        field = selectors.JOB_SORTS[filters.sort.lstrip("-")]
        jobs = jobs.order_by(f"-{field}" if filters.sort.startswith("-") else field, "-pk")
        paginator = Paginator(jobs, filters.page_size)
        current = paginator.get_page(filters.page)
        return {"count": paginator.count, "page": current.number, "pages": paginator.num_pages,
                "items": [_job_summary(job) for job in current.object_list]}


@router.get("/template.xlsx", summary="The empty roster template, with a guide sheet")
def template(request):
    require_perm(request, PERMISSION)
    return _xlsx(report.template_bytes(), "template-impor-pegawai.xlsx")


@router.post("/", response={201: JobOut})
def upload(request, file: File[UploadedFile], create_units: Form[bool] = True):
    require_perm(request, PERMISSION)
    with tenant_scope(request):
        job = services.create_import_job(request.tenant, request.user, upload=file,
                                         create_units=create_units)
        return Status(201, _job_out(job))


@router.get("/{int:job_id}", response=JobOut)
def job_status(request, job_id: int):
    grant = require_perm(request, PERMISSION)
    with tenant_scope(request):
        return _job_out(selectors.job_for(request.tenant, grant, job_id))


@router.get("/{int:job_id}/errors", response=ErrorPage)
def job_errors(request, job_id: int, page: int = 1):
    grant = require_perm(request, PERMISSION)
    with tenant_scope(request):
        job = selectors.job_for(request.tenant, grant, job_id)
        paginator = Paginator(selectors.errors_of(job), ERRORS_PER_PAGE)
        current = paginator.get_page(page)
        return {"count": paginator.count, "page": current.number, "pages": paginator.num_pages,
                "items": [_error_out(error) for error in current.object_list]}


@router.get("/{int:job_id}/errors.xlsx",
            summary="The job's errors as the Excel report the import page offers")
def job_errors_xlsx(request, job_id: int):
    grant = require_perm(request, PERMISSION)
    with tenant_scope(request):
        job = selectors.job_for(request.tenant, grant, job_id)
        return _xlsx(report.error_report_bytes(job), f"kesalahan-impor-{job.pk}.xlsx")


@router.post("/{int:job_id}/commit", response={202: JobOut})
def commit(request, job_id: int):
    grant = require_perm(request, PERMISSION)
    with tenant_scope(request):
        job = selectors.job_for(request.tenant, grant, job_id)
        return Status(202, _job_out(services.request_commit(request.tenant, request.user, job)))


def _job_out(job: ImportJob) -> dict:
    processed, total = progress.current(job)
    return {
        "id": job.pk, "file_name": job.original_name, "status": job.status,
        "total_rows": total, "processed_rows": processed, "new": job.count_new,
        "updated": job.count_updated, "unchanged": job.count_unchanged,
        "errors": job.count_errors, "can_commit": job.can_commit, "mapping": job.mapping,
        "ignored_columns": job.ignored_columns, "new_units": job.new_units,
        "first_errors": [_error_out(e)
                         for e in selectors.errors_of(job)[:selectors.PREVIEW_ERRORS]],
        "created_at": job.created_at, "committed_at": job.committed_at,
    }


def _job_summary(job: ImportJob) -> dict:
    return {
        "id": job.pk, "file_name": job.original_name, "status": job.status,
        "total_rows": job.total_rows, "new": job.count_new, "updated": job.count_updated,
        "unchanged": job.count_unchanged, "errors": job.count_errors,
        "can_commit": job.can_commit,
        "uploaded_by": job.created_by.email if job.created_by_id else None,
        "created_at": job.created_at, "committed_at": job.committed_at,
    }


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    return HttpResponse(content, content_type=XLSX_TYPE, headers={
        "Content-Disposition": content_disposition_header(True, filename)})


def _error_out(error) -> dict:
    return {"row": error.row, "column": error.column, "value": error.value,
            "code": error.code, "message": error.text, "fix": error.fix}
