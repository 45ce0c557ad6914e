"""The office's "compute the scores" as a background job, run by the same worker as imports and exports.

Scoring a year reads every hub's network and fields (services/evaluation.py): 2.7–3.0 s for
Beijing's 22 city hubs at 100,000 organisations on PostgreSQL (bench/evaluation.py, 650 queries),
more with district and street hubs and a larger registry: no web worker should wait on it. The
request queues an EvaluationJob; the worker claims it (shuniu/jobs.py) and scores the year
in one transaction, so the ranking shows the earlier scores until the new ones are all in.
"""
from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from shuniu.accounts.permissions import ADD, may
from shuniu.audit.history import acting_as
from shuniu.jobs import claim, fail

from .models import EvaluationJob
from .models.evaluation import progress_file
from .services.evaluation import evaluate_year

log = logging.getLogger(__name__)
# A job running this long has lost its worker (killed, machine restarted): it would otherwise keep the
# year from ever being scored again. A whole year at a million organisations takes minutes, not hours.
STALE_AFTER = datetime.timedelta(hours=2)


def open_job(year: int) -> EvaluationJob | None:
    """The year's job still queued or running, if any; one whose worker is gone ends as failed."""
    job = EvaluationJob.objects.filter(year=year, state__in=EvaluationJob.OPEN_STATES).first()
    if job is not None and job.started_at and job.started_at < timezone.now() - STALE_AFTER:
        job.set(state=EvaluationJob.State.FAILED, finished_at=timezone.now(),
                error=_("No word from the worker since %(started)s; the job was given up.")
                % {"started": timezone.localtime(job.started_at).strftime("%Y-%m-%d %H:%M")})
        return None
    return job


def create_job(user, year: int) -> tuple[EvaluationJob, bool]:
    """Queue scoring `year`: (the job, True); (the one already queued or running for that year, False)."""
    if not may(user, EvaluationJob, ADD):
        raise PermissionDenied
    waiting = open_job(year)
    if waiting is not None:
        return waiting, False
    try:
        with transaction.atomic():
            job = EvaluationJob.objects.create(created_by=user, year=year)
    except IntegrityError:  # another request queued the year between the check and the insert
        return EvaluationJob.objects.filter(year=year).latest("pk"), False
    run_evaluation_job.enqueue(job.pk)
    return job, True


@task()
def run_evaluation_job(job_id: int) -> str:
    return run_job(job_id).state


def run_job(job_id: int) -> EvaluationJob:
    job, claimed = claim(EvaluationJob, job_id)
    if claimed:
        with translation.override(settings.LANGUAGE_CODE), \
                acting_as(job.created_by, f"evaluation job #{job.pk} ({job.year})"):
            _run(job)
    return job


def _run(job: EvaluationJob) -> None:
    progress = progress_file(job.pk)

    def report(scored: int, total: int) -> None:
        progress.write(hubs_scored=scored, hubs_total=total)

    try:
        done = evaluate_year(job.year, on=timezone.localdate(), progress=report)
    except Exception:  # noqa: BLE001 - a job must end in a state the office can see, never hang in "running"
        fail(job, log, "evaluation")
        return
    finally:
        progress.close()
    job.set(state=EvaluationJob.State.DONE, finished_at=timezone.now(), hubs_total=len(done), hubs_scored=len(done))
