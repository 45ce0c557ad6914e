"""The job's own mechanics: progress while running, counting only up to the threshold, pruning old files."""
from __future__ import annotations

import datetime
import os
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from shuniu.exports import jobs
from shuniu.exports.models import ExportJob, progress_file
from shuniu.registry.models import Organization
from shuniu.testing import make_org


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.EXPORT_JOB_ROWS = 2


@pytest.fixture
def office(django_user_model):
    return django_user_model.objects.create_superuser("office-clerk")


def done_job(user, days_ago: int) -> ExportJob:
    for i in range(3 - Organization.objects.count()):
        make_org(f"北京市导出任务测试{i}学会")
    job = jobs.run_job(jobs.create_job(user, "csv", "").pk)
    ExportJob.objects.filter(pk=job.pk).update(finished_at=timezone.now() - datetime.timedelta(days=days_ago))
    job.refresh_from_db()
    return job


def test_the_page_and_the_api_show_the_rows_written_while_running(beijing, office):
    job = ExportJob.objects.create(created_by=office, format="xlsx", filename="x.xlsx", state="running",
                                   rows_total=1_000_000)
    progress_file(job.pk).write(rows_written=35_000)
    assert ExportJob.objects.get(pk=job.pk).live_rows_written == 35_000
    job.set(state="done", rows_written=1_000_000)
    assert job.live_rows_written == 1_000_000  # finished: as stored, whatever a stale file says


def test_deciding_whether_an_export_is_large_counts_no_further_than_the_threshold(beijing):
    for i in range(3):
        make_org(f"北京市阈值测试{i}学会")
    with CaptureQueriesContext(connection) as queries:
        assert jobs.is_large(Organization.objects.all())
    assert "LIMIT 3" in queries.captured_queries[-1]["sql"]
    Organization.objects.filter(pk=Organization.objects.order_by("pk")[0].pk).delete()
    assert not jobs.is_large(Organization.objects.all())


def test_prune_removes_old_files_and_keeps_the_record(beijing, office):
    old, recent = done_job(office, days_ago=10), done_job(office, days_ago=1)
    old_path = old.file.path
    out = StringIO()
    call_command("export", "prune", "--days", "7", stdout=out)
    assert "1 export files removed" in out.getvalue()
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (bool(old.file), old.file_removed_at is not None, old.ready) == (False, True, False)
    assert not os.path.exists(old_path)
    assert recent.ready and recent.file_removed_at is None
    assert jobs.prune(7) == 0  # already pruned: nothing more to remove


def test_prune_needs_a_number_of_days_and_export_needs_a_file(db):
    with pytest.raises(CommandError, match="--days"):
        call_command("export", "prune", stdout=StringIO())
    with pytest.raises(CommandError, match="--out"):
        call_command("export", "organizations", stdout=StringIO())
