"""The office imports a spreadsheet in a real browser and watches the job finish (polling, no inline script)."""
import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from shuniu.accounts.models import Grant, Role
from shuniu.audit.history import acting_as
from shuniu.divisions.reference import load_divisions
from shuniu.imports import jobs
from shuniu.imports.models import ImportJob
from shuniu.registry.models import Organization
from shuniu.tests.test_browser import PASSWORD, SHOTS, browser, log_in, page  # noqa: F401 - fixtures

CSV = "统一社会信用代码,名称,类型,登记管理机关,成立日期\n,北京市新建书画协会,社会团体,110105,2010-06-30\n"


@pytest.fixture
def office(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    User = get_user_model()
    with acting_as(User.objects.create_user("loader"), "browser fixture"):
        load_divisions()
        user = User.objects.create_user("office", password=PASSWORD)
        Grant.objects.create(user=user, role=Role.OFFICE)
    return user


def test_the_office_uploads_a_file_and_the_page_follows_the_job(page, live_server, office, tmp_path):  # noqa: F811
    path = tmp_path / "orgs.csv"
    path.write_text(CSV, encoding="gbk")
    log_in(page, live_server, "office")
    page.goto(f"{live_server.url}/organizations/")
    page.click("text=从表格导入")
    page.set_input_files("input[name=file]", str(path))
    page.uncheck("input[name=dry_run]")
    page.click("#import-form button[type=submit]")
    assert page.locator("[data-field=state]").inner_text() == "排队中"
    job = ImportJob.objects.get()
    with acting_as(office, "browser test worker"):
        jobs.run_job(job.pk)  # what `shuniu db_worker` does in its own process
    expect(page.locator("[data-field=state]")).to_have_text("已完成", timeout=15_000)  # polled, then reloaded
    page.screenshot(path=SHOTS / "office-import-done.png", full_page=True)
    assert Organization.objects.filter(name="北京市新建书画协会").exists()
    assert "1" in page.locator("table.list").first.inner_text()
