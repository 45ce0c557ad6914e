"""Real browser tests: Debian's chromium, headless, driven by Playwright against a live server.

Screenshots land in ci-artifacts/screenshots/. Without /usr/bin/chromium the tests
skip, unless SHUNIU_REQUIRE_BROWSER=1 (set by .ci/run, which installs chromium),
where a missing browser is a failure.
"""
import datetime
import os
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db import connections

from shuniu.accounts.models import Grant, Role
from shuniu.audit.history import acting_as
from shuniu.divisions.models import Division
from shuniu.divisions.reference import load_divisions
from shuniu.hubs.reference import load_city_hubs
from shuniu.hubs.services import link
from shuniu.testing import make_org, make_unit

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parents[2] / "ci-artifacts" / "screenshots"
PASSWORD = "browser-pass-1"

if not CHROMIUM.exists():
    if os.environ.get("SHUNIU_REQUIRE_BROWSER") == "1":
        raise RuntimeError("SHUNIU_REQUIRE_BROWSER=1 but /usr/bin/chromium is missing")
    pytest.skip("Debian's chromium is not installed (apt-get install chromium fonts-noto-cjk)",
                allow_module_level=True)


@pytest.fixture
def world(transactional_db):
    User = get_user_model()
    with acting_as(User.objects.create_user("loader"), "browser fixture"):
        load_divisions()
        hubs = load_city_hubs()
        physics = make_org("北京市物理学会", supervisory_unit=make_unit())
        link(physics, hubs["science"], kind="supervision", start=datetime.date(2009, 6, 1), source="manual")
        calligraphy = make_org("北京市书法家协会", supervisory_unit=make_unit("市文化局"))
        link(calligraphy, hubs["arts"], kind="supervision", start=datetime.date(2009, 6, 1), source="manual")
        make_org("北京市朝阳区社区舞蹈协会", level="district", code="110105",
                 supervisory_unit=make_unit("朝阳区民政局", "district", "110105"))
        make_org("东华门青年读书会", org_type="grassroots", level="street", code="110101001")
        for username, role, scope in [("office", Role.OFFICE, {}), ("hub-science", Role.HUB, {"hub": hubs["science"]})]:
            user = User.objects.create_user(username, password=PASSWORD)
            Grant.objects.create(user=user, role=role, **scope)
    return {"physics": physics, "calligraphy": calligraphy, "district": Division.objects.get(code="110105")}


@pytest.fixture
def browser():
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        try:
            yield chromium
        finally:
            chromium.close()
            # While Playwright runs, its event loop counts as running in this thread, so Django keeps the
            # connections opened meanwhile (the test's own queries, fixtures set up after this one) in a
            # context-local store that it no longer sees once Playwright stops: the test's teardown would
            # leave them open, and PostgreSQL then refuses to drop the test database. Close them here.
            connections.close_all()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = context.new_page()
    errors, refused = [], []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: refused.append(message.text)
            if "Content Security Policy" in message.text or "Refused to" in message.text else None)
    yield page
    context.close()
    assert errors == [], f"JavaScript errors: {errors}"
    assert refused == [], f"the content security policy refused: {refused}"


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/login/")
    page.fill("#login-form input[name=username]", username)
    page.fill("#login-form input[name=password]", PASSWORD)
    page.click("#login-form button[type=submit]")
    page.wait_for_load_state("networkidle")


def test_the_office_sees_the_dashboard_and_the_map_in_chinese(page, live_server, world):
    log_in(page, live_server, "office")
    assert page.url.endswith("/dashboard/")
    assert page.locator("h1").inner_text().startswith("全市概况")  # Chinese although the browser asks for English
    page.wait_for_selector("#chart-map svg path")
    assert page.locator("#chart-map svg path").count() >= 16
    assert "朝阳区" in page.locator("#chart-map").inner_text()
    page.click(".map-switch button[data-metric=coverage]")
    page.wait_for_timeout(300)
    assert page.locator("#chart-districts svg").count() == 1
    page.screenshot(path=SHOTS / "office-dashboard.png", full_page=True)


def test_a_hub_user_finds_its_organisation_and_is_refused_another_hubs(page, live_server, world):
    log_in(page, live_server, "hub-science")
    assert page.url.endswith("/hubs/science/")
    page.click("nav.main >> text=社会组织")
    page.fill("#org-filters input[name=q]", "wlxh")  # pinyin initials of 物理学会
    page.click("#org-filters button[type=submit]")
    page.click("text=北京市物理学会")
    assert page.locator("h1").inner_text().startswith("北京市物理学会")
    page.screenshot(path=SHOTS / "hub-organization.png", full_page=True)
    response = page.goto(f"{live_server.url}/organizations/{world['calligraphy'].pk}/")
    assert response.status == 404
    assert "北京市书法家协会" not in page.content()


def test_the_public_searches_the_disclosure_pages(page, live_server, world):
    page.goto(f"{live_server.url}/")
    assert page.url.endswith("/public/")
    page.fill("#public-search input[name=q]", "物理")
    page.click("#public-search button[type=submit]")
    page.click("text=北京市物理学会")
    assert "统一社会信用代码" in page.content()
    page.screenshot(path=SHOTS / "public-detail.png", full_page=True)
    page.goto(f"{live_server.url}/public/?q=读书会")
    assert "东华门青年读书会" not in page.content()  # unregistered groups are not disclosed


MARKUP = "<script>alert(1)</script><b>x</b>\"'&"


@pytest.fixture
def markup_world(transactional_db):
    """A field (shown in the dashboard's charts) and organisations whose names are markup."""
    from shuniu.registry.models import Field

    User = get_user_model()
    with acting_as(User.objects.create_user("loader"), "browser fixture"):
        load_divisions()
        load_city_hubs()
        field = Field.objects.create(slug="markup", name=MARKUP)
        for n in range(5):  # enough to be among the largest fields the chart shows
            make_org(f"{MARKUP}{n}", supervisory_unit=make_unit(f"单位{n}"), field=field)
        user = User.objects.create_user("office", password=PASSWORD)
        Grant.objects.create(user=user, role=Role.OFFICE)


def test_chart_labels_and_tooltips_show_markup_as_text(page, live_server, markup_world):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    log_in(page, live_server, "office")
    page.wait_for_selector("#chart-fields svg text")
    labels = page.locator("#chart-fields svg text").all_text_contents()
    assert MARKUP in labels  # the axis label is the name, character for character
    index = page.evaluate("""(name) => {
        const chart = echarts.getInstanceByDom(document.getElementById("chart-fields"));
        const i = chart.getOption().yAxis[0].data.indexOf(name);
        chart.dispatchAction({type: "showTip", seriesIndex: 0, dataIndex: i});
        return i;
    }""", MARKUP)
    assert index >= 0
    page.wait_for_timeout(300)
    tooltip = page.locator("#chart-fields > div").last
    assert MARKUP in tooltip.inner_text()
    assert tooltip.locator("b, script").count() == 0  # no element made from the name
    page.mouse.move(10, 10)
    for metric in ["density", "coverage"]:  # the map's own tooltip formatter
        page.click(f".map-switch button[data-metric={metric}]")
    page.screenshot(path=SHOTS / "dashboard-markup.png", full_page=True)
    assert dialogs == []
    assert page.locator("main b", has_text="x").count() == 0


def test_the_office_restores_an_earlier_version_from_the_history(page, live_server, world):
    from shuniu.registry.models import Organization

    org = Organization.objects.get(pk=world["physics"].pk)
    with acting_as(get_user_model().objects.get(username="office"), "误改"):
        org.legal_representative = "误填的人"
        org.save()
    log_in(page, live_server, "office")
    page.goto(f"{live_server.url}/organizations/{org.pk}/history/")
    assert page.locator("#history tbody tr").count() >= 2
    page.locator("#history a.button").first.click()  # the version before the last change
    assert "误填的人" in page.locator("#restore-differences").inner_text()
    page.fill("#restore-form textarea[name=reason]", "法定代表人填错，恢复")
    page.screenshot(path=SHOTS / "restore-version.png", full_page=True)
    page.click("#restore-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(f"/organizations/{org.pk}/history/")
    page.screenshot(path=SHOTS / "organization-history.png", full_page=True)
    assert Organization.objects.get(pk=org.pk).legal_representative == ""
    assert "法定代表人填错，恢复" in page.locator("#history").inner_text()
