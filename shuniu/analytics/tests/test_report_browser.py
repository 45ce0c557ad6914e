"""The office downloads the yearly report from the dashboard in a real browser (see shuniu/tests/test_browser.py)."""
from shuniu.tests.test_browser import SHOTS, browser, log_in, page, world  # noqa: F401 (fixtures)


def test_the_office_downloads_the_yearly_report_from_the_dashboard(page, live_server, world):  # noqa: F811
    log_in(page, live_server, "office")
    form = page.locator("form.report-download")
    form.locator("input[name=year]").fill("2010")
    page.screenshot(path=SHOTS / "office-yearly-report-form.png")
    with page.expect_download() as download:
        form.locator("button[value=pdf]").click()
    assert download.value.suggested_filename == "年度报告-2010-110000.pdf"
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
