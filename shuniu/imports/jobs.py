"""Imports as background jobs (django-tasks, the DEP 14 backport of django.tasks).

The web request only stores the file and enqueues `run_import_job`; a worker
runs it. With the embedded default the queue is the database itself
(django_tasks_db's DatabaseBackend: `shuniu db_worker`, which `make run` starts
beside runserver); at scale the same backend runs on PostgreSQL with several
workers, or TASKS points at Redis (django-tasks-rq). No extra service is
needed for the demo.

Progress goes to a small file beside the uploads (see _Progress), because the
import itself is one long transaction whose writes nobody sees until the end.
"""
from __future__ import annotations

import json
import logging
import os
import traceback
from typing import BinaryIO

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from shuniu.audit.history import SYSTEM_USERNAME, acting_as

from .models import ImportJob, progress_path
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
    with transaction.atomic():  # claim the job: a retried or duplicated task must not import twice
        job = ImportJob.objects.select_for_update().select_related("created_by").get(pk=job_id)
        if job.state != ImportJob.State.QUEUED:
            return job
        reason = f"import #{job.pk} {job.filename}" + (" (dry run)" if job.dry_run else "")
        with acting_as(job.created_by, reason):
            _set(job, state=ImportJob.State.RUNNING, started_at=timezone.now(), phase="validating")
    with acting_as(job.created_by, reason):
        progress = _Progress(job.pk)
        try:
            with job.file.open("rb") as handle:
                report = run_import(job.kind, handle, dry_run=job.dry_run, progress=progress,
                                    user=None if job.created_by.username == SYSTEM_USERNAME else job.created_by)
        except Exception:  # noqa: BLE001 - a job must end in a state the office can see, never hang in "running"
            log.exception("import #%s failed", job.pk)
            _set(job, state=ImportJob.State.FAILED, finished_at=timezone.now(),
                 error=traceback.format_exc(limit=3)[-2000:])
            return job
        finally:
            progress.close()
        state = ImportJob.State.REFUSED if report.has_errors else ImportJob.State.DONE
        _set(job, state=state, finished_at=timezone.now(), phase="", rows_read=report.rows,
             result=report.as_json(), **{k: getattr(report, k) for k in
                                         ("created", "updated", "unchanged", "invalid", "duplicates")})
    return job


def _set(job: ImportJob, **values) -> None:
    for key, value in values.items():
        setattr(job, key, value)
    job.save(update_fields=list(values))


class _Progress:
    """Writes (phase, rows read) where a polling page can see it while the import's transaction is open.

    Not in the database: the import holds one transaction for the whole file, and on SQLite a second
    connection's write would stop that transaction from upgrading to a writer ("database is locked").
    The file sits under MEDIA_ROOT, which web and worker share anyway (the uploaded file is there).
    """

    def __init__(self, job_id: int):
        self.path = progress_path(job_id)

    def __call__(self, phase: str, rows: int) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_suffix(".tmp")
            temporary.write_text(json.dumps({"phase": phase, "rows_read": rows}), encoding="utf-8")
            os.replace(temporary, self.path)  # readers never see half a file
        except OSError:
            log.warning("progress of an import not recorded", exc_info=True)

    def close(self) -> None:
        self.path.unlink(missing_ok=True)
