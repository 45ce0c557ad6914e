"""Jobs, templates, the export round trip and the cost of the import pages."""
from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from shuniu.accounts.models import Grant, Role
from shuniu.audit.history import system_user
from shuniu.imports import jobs
from shuniu.imports.models import ImportJob
from shuniu.imports.report import report_csv
from shuniu.imports.services import run_import
from shuniu.imports.templates_files import template_csv, template_xlsx
from shuniu.registry import exports
from shuniu.registry.models import Organization
from shuniu.testing import make_org, make_unit


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def queue(actor, text: str, dry_run=False) -> ImportJob:
    """Queued by the operator (the system account, as `shuniu import` without --user): no scope limits."""
    return jobs.create_job("organizations", io.BytesIO(text.encode()), system_user(), dry_run=dry_run,
                           filename="a.csv")


def test_a_job_keeps_the_file_and_the_report(beijing, actor):
    job = jobs.run_job(queue(actor, "名称,类型,登记管理机关\n甲协会,社会团体,110105\n乙协会,外星组织,110105\n").pk)
    assert (job.state, job.invalid, job.created) == ("refused", 1, 0)
    with job.file.open("rb") as kept:
        assert "乙协会" in kept.read().decode()
    assert "外星组织" in report_csv(job.report())
    assert Organization.objects.count() == 0


def test_a_job_runs_once_even_if_the_task_is_delivered_twice(beijing, actor):
    job = queue(actor, "名称,类型,登记管理机关\n甲协会,社会团体,110105\n")
    jobs.run_job(job.pk)
    again = jobs.run_job(job.pk)
    assert (again.state, Organization.objects.count()) == ("done", 1)


def test_a_crash_ends_the_job_as_failed_not_running(beijing, actor, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(jobs, "run_import", boom)
    job = jobs.run_job(queue(actor, "名称\n甲\n").pk)
    assert job.state == "failed" and "disk on fire" in job.error


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_template_example_row_imports(beijing, actor, fmt):
    data = template_csv("organizations") if fmt == "csv" else template_xlsx("organizations")
    if fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(data)).worksheets[0]
        assert [c.value for c in sheet[1]][:2] == ["统一社会信用代码", "名称*"]
    report = run_import("organizations", io.BytesIO(data))
    assert (report.created, report.invalid) == (1, 0), report.entries


def test_an_export_imports_back_unchanged(beijing, actor):
    unit = make_unit()
    make_org("北京市物理学会", supervisory_unit=unit, legal_representative="张三", members=300)
    make_org("北京市朝阳区书画协会", code="110105", level="district", certificate_number="京社证1")
    out = io.StringIO()
    out.writelines(exports.csv_chunks(Organization.objects.all()))
    report = run_import("organizations", io.BytesIO(out.getvalue().encode("utf-8")))
    assert (report.unchanged, report.updated, report.created, report.invalid) == (2, 0, 0, 0), report.entries


def test_the_command_imports_and_reports(beijing, actor, tmp_path, capsys):
    from django.core.management import call_command

    path = tmp_path / "orgs.csv"
    path.write_text("名称,类型,登记管理机关\n北京市新协会,社会团体,110105\n", encoding="gbk")
    report_path = tmp_path / "report.csv"
    result = call_command("import", "organizations", str(path), "--dry-run", "--report", str(report_path))
    assert "created=1" in result and Organization.objects.count() == 0
    assert list(csv.reader(report_path.open(encoding="utf-8-sig")))[0] == ["行", "列", "值", "原因", "类别"]


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_import_pages_do_not_grow_with_jobs_or_report_rows(client, beijing, actor, django_user_model):
    user = django_user_model.objects.create_user("office-imports")
    Grant.objects.create(user=user, role=Role.OFFICE)
    client.force_login(user)
    first = jobs.run_job(queue(actor, "名称,类型,登记管理机关\n甲协会,外星,110105\n").pk)
    few = (queries(client, "/imports/"), queries(client, f"/imports/{first.pk}/"))
    rows = "".join(f"协会{i},外星,110105\n" for i in range(40))
    for _ in range(5):
        last = jobs.run_job(queue(actor, "名称,类型,登记管理机关\n" + rows).pk)
    assert (queries(client, "/imports/"), queries(client, f"/imports/{last.pk}/")) == few


def test_progress_is_visible_while_the_job_runs(beijing, actor, monkeypatch):
    seen = []

    def slow_import(kind, handle, *, dry_run, progress, user):
        progress("validating", 20_000)
        seen.append(ImportJob.objects.get().live())  # what the polling page would read now
        return run_import(kind, handle, dry_run=dry_run, user=user)

    monkeypatch.setattr(jobs, "run_import", slow_import)
    job = jobs.run_job(queue(actor, "名称,类型,登记管理机关\n甲协会,社会团体,110105\n").pk)
    assert seen == [("validating", 20_000)]
    assert job.live() == ("", 1)  # finished: the stored count, the progress file gone
