"""Pages stay cheap as they grow: the number of queries does not depend on the rows shown."""
import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from shuniu.accounts.models import Grant, Role
from shuniu.hubs.services import link
from shuniu.registry.models import RegistrationEvent
from shuniu.registry.services import record_event
from shuniu.testing import make_org, make_unit


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.fixture
def office_client(client, charter, django_user_model):
    user = django_user_model.objects.create_user("office-q")
    Grant.objects.create(user=user, role=Role.OFFICE)
    client.force_login(user)
    return client


def add_linked(n, charter, start=0):
    unit = make_unit(f"单位{start}")
    for i in range(start, start + n):
        org = make_org(f"北京市测试{i:03d}学会", supervisory_unit=unit)
        link(org, charter["science"], kind="liaison", start=datetime.date(2010, 1, 1), source="manual")


@pytest.mark.parametrize("url", ["/organizations/", "/organizations/?q=bjs", "/hubs/science/", "/network/",
                                 "/dashboard/", "/districts/110105/", "/public/?q=北京",
                                 "/reports/yearly/?year=2010&format=xlsx"])
def test_queries_do_not_grow_with_rows(office_client, charter, url):
    add_linked(3, charter)
    few = queries(office_client, url)
    add_linked(30, charter, start=100)
    assert queries(office_client, url) == few


def test_the_record_page_queries_do_not_grow_with_its_history(office_client, charter, actor):
    org = make_org("北京市历史学会", supervisory_unit=make_unit())
    few = queries(office_client, f"/organizations/{org.pk}/")
    for n in range(10):
        org.members = n
        org.save()
    assert queries(office_client, f"/organizations/{org.pk}/") == few


@pytest.mark.parametrize("page", ["organization-history", "hub-history"])
def test_history_pages_queries_do_not_grow_with_the_versions(office_client, charter, actor, page):
    org = make_org("北京市版本学会", supervisory_unit=make_unit())
    target = org if page == "organization-history" else charter["arts"]
    url = f"/organizations/{org.pk}/history/" if page == "organization-history" else "/hubs/arts/history/"
    few = queries(office_client, url)
    for n in range(10):
        target.short_name = target.name = f"改名{n}"
        target.save()
    assert queries(office_client, url) == few


def test_pinyin_initials_find_the_organisation(office_client, charter):
    org = make_org("北京作家协会", supervisory_unit=make_unit())
    page = office_client.get("/organizations/?q=bjzjxh").content.decode()
    assert org.name in page
    assert org.name in office_client.get("/organizations/?q=作家").content.decode()


def test_a_credit_code_finds_the_organisation(office_client, charter):
    from shuniu.registry import uscc

    code = uscc.build("5", "1", "110000", "50009999")
    org = make_org("北京市代码测试会", supervisory_unit=make_unit(), uscc=code)
    assert org.name in office_client.get(f"/organizations/?q={code.lower()}").content.decode()


def test_a_bad_filter_value_shows_its_error_and_no_rows(office_client, charter):
    make_org("北京市不应出现学会", supervisory_unit=make_unit())
    page = office_client.get("/organizations/?hub=no-such-hub").content.decode()
    assert "北京市不应出现学会" not in page
    assert 'class="error"' in page


def test_the_record_page_shows_the_link_timeline_and_history(office_client, charter, actor):
    from shuniu.hubs.services import transfer

    org = make_org("北京市迁移学会", supervisory_unit=make_unit())
    link(org, charter["science"], kind="supervision", start=datetime.date(2009, 6, 1), source="manual")
    transfer(org, charter["social-science"], on=datetime.date(2010, 12, 1), reason="主要活动属社会科学")
    page = office_client.get(f"/organizations/{org.pk}/").content.decode()
    timeline = page[page.index('id="affiliations"'):]
    assert timeline.index("市科协") < timeline.index("市社科联")
    assert "主要活动属社会科学" in page
    assert "tester" in page  # the acting user of every change is shown


def test_hub_coverage_counts_the_field_the_hub_does_not_reach_yet(client, charter, django_user_model):
    unit = make_unit()
    linked = make_org("北京市已联系物理学会", supervisory_unit=unit, field=charter["science"].fields.first())
    make_org("北京市未联系化学会", supervisory_unit=unit, field=charter["science"].fields.first())
    link(linked, charter["science"], kind="liaison", start=datetime.date(2010, 1, 1), source="manual")
    staff = django_user_model.objects.create_user("hub-staff")
    Grant.objects.create(user=staff, role=Role.HUB, hub=charter["science"])
    client.force_login(staff)
    page = client.get("/hubs/science/").content.decode()
    assert "50.0%" in page  # one of the two organisations of its field
    assert "北京市未联系化学会" not in page  # counted, never listed


def test_a_founding_date_without_its_event_opens_the_registration_events(office_client, charter):
    # Imported organisations carry 成立日期 but no 成立登记 event; the record still starts with it.
    unit = make_unit()
    imported = make_org("北京市导入学会", supervisory_unit=unit, founded=datetime.date(2003, 4, 5))
    recorded = make_org("北京市登记学会", supervisory_unit=unit, founded=datetime.date(2003, 4, 5))
    record_event(recorded, RegistrationEvent.Kind.ESTABLISHED, datetime.date(2003, 4, 5), document="京民登1号")
    page = office_client.get(f"/organizations/{imported.pk}/").content.decode()
    events = page[page.index("登记事项"):]
    assert "2003-04-05" in events and "据成立日期；未记录登记事件" in events
    public = Client().get(f"/public/organizations/{imported.pk}/").content.decode()
    assert "据成立日期；未记录登记事件" in public
    page = office_client.get(f"/organizations/{recorded.pk}/").content.decode()
    events = page[page.index("登记事项"):]
    assert events.count("2003-04-05") == 1 and "未记录登记事件" not in events
