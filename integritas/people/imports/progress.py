"""Live progress of a running job, kept in the shared cache.

The commit runs in one transaction, so a counter written to the database inside it would stay
invisible until the end; the cache is seen by every web process at once.
"""

from __future__ import annotations

from django.core.cache import cache

TIMEOUT_SECONDS = 6 * 3600


def _key(job_id: int) -> str:
    return f"people:import:{job_id}:progress"


def report(job_id: int, processed: int, total: int) -> None:
    cache.set(_key(job_id), (processed, total), TIMEOUT_SECONDS)


def reporter(job_id: int):
    return lambda processed, total: report(job_id, processed, total)


def current(job) -> tuple[int, int]:
    """(processed, total) rows of the running phase; the job's own counts when none is live."""
    live = cache.get(_key(job.pk)) if job.is_running else None
    return live or (job.processed_rows, job.total_rows)


def clear(job_id: int) -> None:
    cache.delete(_key(job_id))
