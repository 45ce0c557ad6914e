"""The facility map and the party dashboard in a real browser (chromium via Playwright; skips without it)."""
import datetime

import pytest
from django.contrib.auth import get_user_model

from shuniu.accounts.models import Grant, Role
from shuniu.audit.history import acting_as
from shuniu.divisions.reference import load_divisions
from shuniu.hubs.reference import load_city_hubs
from shuniu.hubs.services import link
from shuniu.party.models import Coverage, PartyMember, PartyOrganization
from shuniu.services.models import Facility
from shuniu.testing import division, make_org, make_unit
from shuniu.tests.test_browser import PASSWORD, SHOTS, browser, log_in, page  # noqa: F401 (fixtures)

D = datetime.date


@pytest.fixture
def world(transactional_db):
    User = get_user_model()
    with acting_as(User.objects.create_user("loader"), "browser fixture"):
        load_divisions()
        hubs = load_city_hubs()
        for i, (code, lat, lng) in enumerate([("110105001", "39.93", "116.45"), ("110108001", "39.98", "116.30"),
                                              ("110118100", "40.38", "116.85")]):
            Facility.objects.create(name=f"妇女之家{i}", kind="womens_home", hub=hubs["women"],
                                    division=division(code), opened=D(2010, 1, 1), latitude=lat, longitude=lng)
        org = make_org("北京市女科技工作者协会", supervisory_unit=make_unit())
        link(org, hubs["women"], kind="supervision", start=D(2009, 6, 1), source="manual")
        po = PartyOrganization.objects.create(name="女科协党支部", kind="branch", hub=hubs["women"],
                                              founded=D(2009, 7, 1))
        Coverage.objects.create(party_organization=po, organization=org)
        PartyMember.objects.create(name="刘芳", phone="13812345678", id_number="110105198001011238",
                                   organization=org, branch=po)
        for username, party_work in [("hub-women", False), ("hub-women-party", True)]:
            user = User.objects.create_user(username, password=PASSWORD)
            Grant.objects.create(user=user, role=Role.HUB, hub=hubs["women"], party_work=party_work)
    return {"org": org}


def test_a_hub_sees_its_facilities_on_the_map(page, live_server, world):  # noqa: F811
    log_in(page, live_server, "hub-women")
    page.click("text=服务阵地与覆盖")
    page.wait_for_selector("#facility-map canvas")
    assert page.locator("#facilities tbody tr").count() == 3
    page.wait_for_timeout(500)
    page.screenshot(path=SHOTS / "hub-facility-map.png", full_page=True)


def test_party_work_staff_see_names_other_hub_staff_do_not(page, live_server, world):  # noqa: F811
    log_in(page, live_server, "hub-women")
    page.click("nav.main >> text=党建工作")
    assert page.locator("h1").inner_text().startswith("党建工作")
    page.goto(f"{live_server.url}/organizations/{world['org'].pk}/party/")
    assert "刘*" in page.content() and "刘芳" not in page.content()
    page.screenshot(path=SHOTS / "organization-party-masked.png", full_page=True)
    page.context.clear_cookies()
    log_in(page, live_server, "hub-women-party")
    page.goto(f"{live_server.url}/organizations/{world['org'].pk}/party/")
    assert "刘芳" in page.content() and "13812345678" in page.content()


def test_a_hub_records_a_facility_and_a_typo_in_the_coordinates_is_named(page, live_server, world):  # noqa: F811
    log_in(page, live_server, "hub-women")
    page.goto(f"{live_server.url}/hubs/women/facilities/")
    page.click("#facility-filter >> text=登记服务阵地")
    page.fill("#id_name", "朝阳妇女之家")
    page.select_option("#id_kind", "womens_home")
    page.fill("#id_division_code", "110105001")
    page.fill("#id_latitude", "31.23")
    page.fill("#id_longitude", "116.45")
    page.fill("#id_opened", "2010-03-01")
    page.click("#facility-form button[type=submit]")
    assert page.locator("#facility-form .error").count() == 1  # the latitude's own message, nothing misleading
    assert "31.23" in page.locator("#facility-form .error").inner_text()
    assert page.input_value("#id_name") == "朝阳妇女之家"  # nothing typed is lost
    page.screenshot(path=SHOTS / "facility-form-refused.png", full_page=True)
    page.fill("#id_latitude", "39.93")
    page.click("#facility-form button[type=submit]")
    page.wait_for_selector("#facilities")
    assert "朝阳妇女之家" in page.locator("#facilities").inner_text()
