"""What every background job shares (imports, exports): the record the user sees and how a worker runs it.

A job is a row (who asked, when, state, error) and a django-tasks task that
runs it on `shuniu db_worker`. The worker claims the row with a conditional
state change under a row lock, so a task delivered twice does the work once,
and any exception ends the job as failed with the error on the row: a job
never hangs in "running" where the user cannot see why.
"""
from __future__ import annotations

import json
import logging
import os
import traceback
from pathlib import Path
from typing import TypeVar

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

J = TypeVar("J", bound="BackgroundJob")
ERROR_CHARS = 2000


class BackgroundJob(models.Model):
    """Abstract: a subclass adds what its work needs and its own State (queued, running, …, failed)."""

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                   verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    QUEUED, RUNNING, FAILED = "queued", "running", "failed"
    FINISHED_STATES: tuple[str, ...] = ()  # set by each subclass

    class Meta:
        abstract = True

    @property
    def finished(self) -> bool:
        return self.state in self.FINISHED_STATES

    def live_counts(self, progress: ProgressFile, **stored: int | None) -> dict[str, int | None]:
        """The counts now: those the worker's progress file holds while it runs, the stored ones otherwise."""
        if self.state == self.RUNNING:
            found = progress.read()
            stored.update({key: found[key] for key in stored if isinstance(found.get(key), int)})
        return stored

    def set(self, **values) -> None:
        """Change and save only these fields (the worker and the web never overwrite each other's)."""
        for key, value in values.items():
            setattr(self, key, value)
        self.save(update_fields=list(values))


def claim(model: type[J], job_id: int, **also) -> tuple[J, bool]:
    """(job, True) if this worker moved it from queued to running (setting `also` too);
    (job, False) if it was not queued: a retried or duplicated task must not do the work twice."""
    with transaction.atomic():
        job = model.objects.select_for_update().select_related("created_by").get(pk=job_id)
        if job.state != BackgroundJob.QUEUED:
            return job, False
        job.set(state=BackgroundJob.RUNNING, started_at=timezone.now(), **also)
    return job, True


def fail(job: BackgroundJob, log: logging.Logger, what: str, message: str = "") -> None:
    """Call from an `except` block: the job ends as failed, with `message` on it, else the error's last frames."""
    log.exception("%s #%s failed", what, job.pk)
    job.set(state=BackgroundJob.FAILED, finished_at=timezone.now(),
            error=(message or traceback.format_exc(limit=3))[-ERROR_CHARS:])


class ProgressFile:
    """Where a running job tells a polling page how far it is, outside the database.

    A long job reads or writes through one open statement or transaction; on SQLite a write
    from the same worker (a progress row) could not upgrade that connection to a writer once
    another connection has written ("database is locked"), so progress goes to a small JSON
    file under MEDIA_ROOT, which web and worker share anyway (uploads and exported files live there).
    """

    def __init__(self, area: str, job_id: int):
        self.path = Path(settings.MEDIA_ROOT) / area / "progress" / f"{job_id}.json"

    def write(self, **values) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_suffix(".tmp")
            temporary.write_text(json.dumps(values), encoding="utf-8")
            os.replace(temporary, self.path)  # readers never see half a file
        except OSError:
            logging.getLogger(__name__).warning("progress of %s not recorded", self.path, exc_info=True)

    def read(self) -> dict:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def close(self) -> None:
        self.path.unlink(missing_ok=True)
