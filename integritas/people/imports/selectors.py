"""Reads of import jobs. Importing is a whole-tenant power, so a partial grant sees none."""

from __future__ import annotations

from django.db.models import F, QuerySet
from django.utils.translation import gettext_lazy as _

from integritas.accounts.permissions import Grant
from integritas.core.errors import NotFound
from integritas.people.models import ImportJob, ImportRowError

PREVIEW_ERRORS = 20
JOB_SORTS = {"created": "created_at", "name": "original_name", "status": "status"}


def jobs_for(tenant, grant: Grant) -> QuerySet[ImportJob]:
    if not grant.whole_tenant:
        return ImportJob.objects.none()
    return ImportJob.objects.filter(tenant=tenant).select_related("created_by")


def job_for(tenant, grant: Grant, pk: int) -> ImportJob:
    job = jobs_for(tenant, grant).filter(pk=pk).first()
    if job is None:
        raise NotFound("import_not_found", _("This import does not exist."))
    return job


def errors_of(job: ImportJob) -> QuerySet[ImportRowError]:
    """File-wide problems first, then by row."""
    return job.row_errors.order_by(F("row").asc(nulls_first=True), "id")
