"""Background jobs of the people app: the roster import's dry run and its commit."""

from __future__ import annotations

import logging

from django_scopes import scope
from huey.contrib.djhuey import db_task

from integritas.core.errors import DomainError
from integritas.people.imports import services
from integritas.people.models import ImportJob
from integritas.tenancy.models import Tenant

logger = logging.getLogger(__name__)


@db_task()
def validate_import_task(tenant_id: int, job_id: int) -> None:
    _run(tenant_id, job_id, ImportJob.Status.UPLOADED, services.run_validation)


@db_task()
def commit_import_task(tenant_id: int, job_id: int) -> None:
    _run(tenant_id, job_id, ImportJob.Status.IMPORTING, services.commit_import)


def _run(tenant_id: int, job_id: int, expected: str, step) -> None:
    """Run one step; a job that is not where the step starts (a repeated task) is left alone."""
    tenant = Tenant.objects.get(pk=tenant_id)
    with scope(tenant=tenant_id):
        job = ImportJob.objects.filter(pk=job_id).first()
    if job is None or job.status != expected:
        return
    actor = job.committed_by if expected == ImportJob.Status.IMPORTING else job.created_by
    try:
        step(tenant, actor, job)
    except DomainError as error:
        services.fail_import(tenant, actor, job, error)
    except Exception:
        logger.exception("roster import %s stopped", job_id)
        services.fail_import(tenant, actor, job, services.crashed())
