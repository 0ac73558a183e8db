"""Writes of the roster import. Views, the API and tasks call these; nothing else writes.

A job goes uploaded -> validating -> validated (the dry run: counts and errors) and, when the dry
run found no error, importing -> done. The commit checks the file again inside its transaction
and refuses if anything is wrong now, so the database never holds half an import.
"""

from __future__ import annotations

from pathlib import PurePath

from django.conf import settings
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import scope

from integritas.audit.services import Entry, record, record_many
from integritas.core.errors import DomainError
from integritas.core.services import service
from integritas.people.imports import progress
from integritas.people.imports.commit import apply_plan
from integritas.people.imports.issues import Issue
from integritas.people.imports.validation import NEW, UNCHANGED, UPDATED, Plan, build_plan
from integritas.people.models import ImportJob, ImportRowError

ALLOWED_SUFFIXES = (".xlsx", ".csv")
Status = ImportJob.Status


class ImportRefused(DomainError):
    """The commit found problems the dry run did not (the data changed); carries them."""

    def __init__(self, issues: list[Issue]):
        super().__init__("import_stale", _("The file or the data changed since the check and "
                                           "%(n)s problems were found; nothing was imported."),
                         n=len(issues))
        self.issues = issues


@service
def create_import_job(tenant, actor, *, upload, create_units: bool = True) -> ImportJob:
    """Store the uploaded file and queue its dry run. Size and type are refused before parsing."""
    _check_upload(upload)
    job = ImportJob(tenant=tenant, original_name=PurePath(upload.name).name[:255],
                    size=upload.size, create_units=create_units, created_by=_user(actor))
    job.file.save(upload.name, upload, save=False)
    job.save()
    record(tenant, actor, "people.import.upload", job,
           {"file": job.original_name, "size": job.size})
    _queue(tenant, job, "validate")
    return job


def _check_upload(upload) -> None:
    if upload is None:
        raise DomainError("import_file_required", _("Choose a file to upload."), field="file")
    if PurePath(upload.name or "").suffix.lower() not in ALLOWED_SUFFIXES:
        raise DomainError("import_file_type", _("Upload an Excel (.xlsx) or CSV (.csv) file."),
                          field="file")
    if upload.size > settings.IMPORT_MAX_BYTES:
        raise DomainError("import_file_too_large",
                          _("The file is %(size)s; the limit is %(limit)s. Remove unused sheets "
                            "and columns, or split the file."), field="file", status=413,
                          size=filesizeformat(upload.size),
                          limit=filesizeformat(settings.IMPORT_MAX_BYTES))
    if upload.size == 0:
        raise DomainError("import_file_empty", _("The file is empty."), field="file")


def run_validation(tenant, actor, job: ImportJob) -> ImportJob:
    """The dry run. Reading and checking write nothing, so they run outside a transaction."""
    job = start_validation(tenant, actor, job)
    with scope(tenant=tenant.pk):
        plan = build_plan(tenant, _read(job), job.original_name, create_units=job.create_units,
                          progress=progress.reporter(job.pk))
    return save_validation(tenant, actor, job, plan)


@service
def start_validation(tenant, actor, job: ImportJob) -> ImportJob:
    job = _locked(job)
    if job.status != Status.UPLOADED:
        raise DomainError("import_state", _("This import is already %(state)s."), status=409,
                          state=job.get_status_display())
    job.status = Status.VALIDATING
    job.save(update_fields=["status", "updated_at"])
    return job


@service
def save_validation(tenant, actor, job: ImportJob, plan: Plan) -> ImportJob:
    job = _locked(job)
    _replace_issues(tenant, job, plan.issues)
    job.status = Status.VALIDATED
    job.total_rows = job.processed_rows = plan.total_rows
    job.count_new, job.count_updated, job.count_unchanged = (
        plan.count(NEW), plan.count(UPDATED), plan.count(UNCHANGED))
    job.mapping = plan.mapping
    job.ignored_columns = plan.ignored
    job.new_units = sorted(unit.name for unit in plan.new_units.values())
    job.validated_at = timezone.now()
    job.save()
    progress.clear(job.pk)
    record(tenant, actor, "people.import.validate", job, _counts(job))
    return job


@service
def request_commit(tenant, actor, job: ImportJob) -> ImportJob:
    """Queue the commit of an error-free dry run."""
    job = _locked(job)
    if not job.can_commit:
        raise DomainError("import_not_ready", _("Only a checked file without errors can be "
                                                "imported."), status=409)
    job.status = Status.IMPORTING
    job.committed_by = _user(actor)
    job.processed_rows = 0
    job.save()
    _queue(tenant, job, "commit")
    return job


@service
def commit_import(tenant, actor, job: ImportJob) -> ImportJob:
    """Check the file again against today's data and write it all, or nothing."""
    job = _locked(job)
    if job.status != Status.IMPORTING:
        raise DomainError("import_not_ready", _("Only a checked file without errors can be "
                                                "imported."), status=409)
    report = progress.reporter(job.pk)
    plan = build_plan(tenant, _read(job), job.original_name, create_units=job.create_units,
                      progress=report)
    if plan.issues:
        raise ImportRefused(plan.issues)
    entries = apply_plan(tenant, actor, job, plan, progress=report)
    job.status = Status.DONE
    job.total_rows = job.processed_rows = plan.total_rows
    job.count_new, job.count_updated, job.count_unchanged = (
        plan.count(NEW), plan.count(UPDATED), plan.count(UNCHANGED))
    job.new_units = sorted(unit.name for unit in plan.new_units.values())
    job.committed_at = timezone.now()
    job.save()
    record_many(tenant, actor, [*entries, Entry("people.import.commit", job, _counts(job))])
    transaction.on_commit(lambda: progress.clear(job.pk))
    return job


@service
def fail_import(tenant, actor, job: ImportJob, error: DomainError) -> ImportJob:
    """Mark a job failed and keep why: the error itself and, for a refused commit, each problem."""
    job = _locked(job)
    issues = [Issue.from_error(error), *getattr(error, "issues", [])]
    _replace_issues(tenant, job, issues)
    job.status = Status.FAILED
    job.save()
    progress.clear(job.pk)
    record(tenant, actor, "people.import.fail", job, {"code": error.code,
                                                      "errors": job.count_errors})
    return job


def _replace_issues(tenant, job: ImportJob, issues: list[Issue]) -> None:
    job.row_errors.all().delete()
    ImportRowError.objects.bulk_create(
        [ImportRowError(tenant=tenant, job=job, row=issue.row, column=issue.column[:100],
                        value=issue.value[:200], code=issue.code, message=issue.message,
                        params=issue.params) for issue in issues],
        batch_size=1000,
    )
    job.count_errors = len(issues)


def crashed() -> DomainError:
    """What the user sees when a job stopped on an unexpected error (the log has the detail)."""
    return DomainError("import_crashed", _("The import stopped on an unexpected error and "
                                           "nothing was imported. Try again later."))


def _locked(job: ImportJob) -> ImportJob:
    return ImportJob.objects.select_for_update().get(pk=job.pk, tenant_id=job.tenant_id)


def _read(job: ImportJob) -> bytes:
    with job.file.open("rb") as handle:
        return handle.read()


def _queue(tenant, job: ImportJob, phase: str) -> None:
    from integritas.people import tasks

    task = tasks.validate_import_task if phase == "validate" else tasks.commit_import_task
    transaction.on_commit(lambda: task(tenant.pk, job.pk))


def _counts(job: ImportJob) -> dict:
    return {"file": job.original_name, "rows": job.total_rows, "new": job.count_new,
            "updated": job.count_updated, "unchanged": job.count_unchanged,
            "errors": job.count_errors}


def _user(actor):
    return actor if getattr(actor, "pk", None) else None

