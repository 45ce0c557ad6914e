"""Imports as background jobs (django-tasks, the DEP 14 backport of django.tasks).

The web request only stores the file and enqueues `run_import_job`; a worker
runs it (claimed and guarded as every job is, see shuniu/jobs.py). With the
embedded default the queue is the database itself
(django_tasks_db's DatabaseBackend: `shuniu db_worker`, which `make run` starts
beside runserver); at scale the same backend runs on PostgreSQL with several
workers, or TASKS points at Redis (django-tasks-rq). No extra service is
needed for the demo.

Progress goes to a small file beside the uploads (shuniu.jobs.ProgressFile), because
the import itself is one long transaction whose writes nobody sees until the end.
"""
from __future__ import annotations

import logging
from typing import BinaryIO

from django.core.files import File
from django.utils import timezone
from django_tasks import task

from shuniu.audit.history import SYSTEM_USERNAME, acting_as
from shuniu.jobs import claim, fail

from .models import ImportJob, progress_file
from .services import run_import

log = logging.getLogger(__name__)


def create_job(kind: str, handle: BinaryIO, user, *, dry_run: bool, filename: str) -> ImportJob:
    """Keep the uploaded file with a new queued job (the file stays with the import record)."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1][-120:] or "upload"
    with acting_as(user, "import upload"):
        job = ImportJob(kind=kind, dry_run=dry_run, created_by=user, filename=name)
        job.file.save(name, File(handle), save=False)
        job.save()
    return job


def enqueue(job: ImportJob) -> None:
    run_import_job.enqueue(job.pk)


@task()
def run_import_job(job_id: int) -> str:
    return run_job(job_id).state


def run_job(job_id: int) -> ImportJob:
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    reason = f"import #{job.pk} {job.filename}" + (" (dry run)" if job.dry_run else "")
    with acting_as(job.created_by, reason):
        job, claimed = claim(ImportJob, job_id, phase="validating")
        if claimed:
            _run(job)
    return job


def _run(job: ImportJob) -> None:
    progress = _Progress(job.pk)
    try:
        with job.file.open("rb") as handle:
            report = run_import(job.kind, handle, dry_run=job.dry_run, progress=progress,
                                user=None if job.created_by.username == SYSTEM_USERNAME else job.created_by)
    except Exception:  # noqa: BLE001 - a job must end in a state the office can see, never hang in "running"
        fail(job, log, "import")
        return
    finally:
        progress.close()
    state = ImportJob.State.REFUSED if report.has_errors else ImportJob.State.DONE
    job.set(state=state, finished_at=timezone.now(), phase="", rows_read=report.rows,
            result=report.as_json(), **{k: getattr(report, k) for k in
                                        ("created", "updated", "unchanged", "invalid", "duplicates")})


class _Progress:
    """(phase, rows read) for the polling page while the import's one transaction is open (see ProgressFile)."""

    def __init__(self, job_id: int):
        self.file = progress_file(job_id)

    def __call__(self, phase: str, rows: int) -> None:
        self.file.write(phase=phase, rows_read=rows)

    def close(self) -> None:
        self.file.close()
