"""Roster import over the API: upload, follow the dry run, read its errors, commit."""

from __future__ import annotations

from datetime import datetime

from django.core.paginator import Paginator
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from integritas.api.api import tenant_scope
from integritas.api.auth import require_perm
from integritas.people.imports import progress, selectors, services
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


def _error_out(error) -> dict:
    return {"row": error.row, "column": error.column, "value": error.value,
            "code": error.code, "message": error.text, "fix": error.fix}
