"""Large exports as background jobs, run by the same worker as imports (see shuniu/jobs.py).

At a million organisations a CSV streams well within a request, but an XLSX
takes minutes, which no browser or proxy waits for. Above EXPORT_JOB_ROWS rows
the list's export link therefore queues a job instead: the request stores what
was asked — the list, format, the list's filters and the user's scope as
restrict() gives it at that moment — and the worker writes the file with the
very functions that stream small exports (writers.py and the list's Table), so
both give the same file.
"""
from __future__ import annotations

import datetime
import logging
import tempfile

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.http import QueryDict
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from shuniu.accounts.permissions import ADD, frozen_scope, may, with_frozen_scope
from shuniu.jobs import claim, fail

from .models import ExportJob, progress_file
from .tables import TABLES
from .writers import BadFilter, write

log = logging.getLogger(__name__)
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json",
                 "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def is_large(queryset) -> bool:
    """More rows than a request should carry; counted only up to the threshold, never the whole table."""
    limit = settings.EXPORT_JOB_ROWS
    return queryset.order_by()[:limit + 1].count() > limit


def filename_for(kind: str, fmt: str, day: datetime.date | None = None) -> str:
    return TABLES[kind].filename(fmt, day or timezone.localdate())


def create_job(user, fmt: str, query: str, kind: str = ExportJob.Kind.ORGANIZATIONS) -> ExportJob:
    """Queue an export of what `user` sees now through these filters (the same job again if one is waiting)."""
    if not may(user, ExportJob, ADD):
        raise PermissionDenied
    table = TABLES[kind]
    if fmt not in table.formats:
        raise BadFilter(f"format: {fmt!r} is not one of {', '.join(table.formats)}")
    table.rows_for(user, QueryDict(query))  # refuse filters that do not parse, before queueing
    scope = frozen_scope(user)
    waiting = ExportJob.objects.filter(created_by=user, kind=kind, format=fmt, query=query,
                                       state__in=[ExportJob.State.QUEUED, ExportJob.State.RUNNING]).first()
    if waiting is not None:  # a second click on the same link while the first is still being written
        return waiting
    job = ExportJob.objects.create(created_by=user, kind=kind, format=fmt, query=query, scope=scope,
                                   filename=filename_for(kind, fmt))
    run_export_job.enqueue(job.pk)
    return job


@task()
def run_export_job(job_id: int) -> str:
    return run_job(job_id).state


def run_job(job_id: int) -> ExportJob:
    job, claimed = claim(ExportJob, job_id)
    if claimed:
        with translation.override(settings.LANGUAGE_CODE):  # the error is kept as text, in the site's language
            _run(job)
    return job


def _run(job: ExportJob) -> None:
    progress = progress_file(job.pk)
    try:
        user = with_frozen_scope(job.created_by, job.scope)
        table = TABLES[job.kind]
        queryset = table.rows_for(user, QueryDict(job.query))
        job.set(rows_total=queryset.count())
        with tempfile.TemporaryFile() as handle:
            written = _write(table, job.format, queryset, handle, lambda n: progress.write(rows_written=n))
            handle.seek(0)
            job.file.save(f"{job.kind}-{job.pk}.{job.format}", File(handle), save=False)
    except BadFilter as error:  # a hub or field named in the link is gone since
        fail(job, log, "export", message=_("The list's filters no longer apply: %(error)s") % {"error": error})
        return
    except Exception:  # noqa: BLE001 - a job must end in a state its user can see, never hang in "running"
        fail(job, log, "export")
        return
    finally:
        progress.close()
    job.set(state=ExportJob.State.DONE, finished_at=timezone.now(), rows_written=written, file=job.file)


def _write(table, fmt: str, queryset, handle, report) -> int:
    """Write the export to a binary file; the number of rows written."""
    counted = [0]

    def progress(n: int) -> None:
        counted[0] = n
        report(n)

    write(table, fmt, queryset, handle, progress)
    return counted[0]


def prune(days: int, now: datetime.datetime | None = None) -> int:
    """Remove the files of exports that finished more than `days` ago; the job rows stay as the record."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    removed = 0
    for job in ExportJob.objects.filter(finished_at__lt=cutoff, file_removed_at__isnull=True).exclude(file=""):
        job.file.delete(save=False)
        job.set(file="", file_removed_at=timezone.now())
        removed += 1
    return removed
