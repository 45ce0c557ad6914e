"""A filtered list is counted only up to a cap; the unfiltered list keeps its exact total."""
import datetime
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shuniu.accounts.models import Grant, Role
from shuniu.testing import make_org, make_unit


@pytest.fixture
def office_client(client, django_user_model, actor, beijing):
    user = django_user_model.objects.create_user("office-p")
    Grant.objects.create(user=user, role=Role.OFFICE)
    client.force_login(user)
    unit = make_unit()
    for i in range(7):
        make_org(f"北京市分页{i}学会", supervisory_unit=unit)
    return client


def test_a_search_past_the_cap_shows_the_cap_and_pages_within_it(office_client, monkeypatch):
    monkeypatch.setattr("shuniu.registry.views.SEARCH_CAP", 4)
    monkeypatch.setattr("shuniu.registry.views.PAGE_SIZE", 2)
    page = office_client.get("/organizations/?q=分页").context["page"]
    assert page.paginator.capped
    assert page.paginator.shown_count == "4+"
    assert page.paginator.num_pages == 2
    assert "4+" in office_client.get("/organizations/?q=分页").content.decode()


def test_a_search_within_the_cap_shows_its_exact_total(office_client, monkeypatch):
    monkeypatch.setattr("shuniu.registry.views.SEARCH_CAP", 100)
    monkeypatch.setattr("shuniu.registry.views.PAGE_SIZE", 2)
    page = office_client.get("/organizations/?q=分页").context["page"]
    assert not page.paginator.capped
    assert page.paginator.count == 7
    assert page.paginator.num_pages == 4


def test_the_unfiltered_list_counts_everything(office_client, monkeypatch):
    monkeypatch.setattr("shuniu.registry.views.SEARCH_CAP", 4)
    page = office_client.get("/organizations/").context["page"]
    assert not page.paginator.capped
    assert page.paginator.count == 7


def test_a_narrow_list_is_sorted_by_name_like_the_full_one(office_client, monkeypatch):
    monkeypatch.setattr("shuniu.registry.views.PAGE_SIZE", 3)
    monkeypatch.setattr("shuniu.registry.views.SEARCH_CAP", 4)  # past the cap: the plain order_by("name", "pk")
    wide = [o.name for o in office_client.get("/organizations/?q=分页").context["page"].object_list]
    monkeypatch.setattr("shuniu.registry.views.SEARCH_CAP", 100)  # now a list of few rows: sorted by expression
    narrow_page = office_client.get("/organizations/?q=分页&page=2").context["page"]
    narrow = [o.name for o in office_client.get("/organizations/?q=分页").context["page"].object_list]
    assert narrow == wide == sorted(wide)
    assert [o.name for o in narrow_page.object_list] == ["北京市分页3学会", "北京市分页4学会", "北京市分页5学会"]


def test_a_search_finds_an_organisation_by_its_former_name(office_client, actor):
    from shuniu.registry.models import FormerName, Organization

    org = Organization.objects.get(name="北京市分页6学会")
    FormerName.objects.create(organization=org, name="北京旧称研究会")
    names = [o.name for o in office_client.get("/organizations/?q=旧称").context["page"].object_list]
    assert names == ["北京市分页6学会"]


def test_the_total_is_grouped_by_thousands_in_chinese_too():
    from django.utils import translation

    from shuniu.paginator import CachedCountPaginator

    paginator = CachedCountPaginator([], 50, count_key="test")
    paginator.__dict__["count"] = 5863  # the cached_property, without a database
    with translation.override("zh-hans"):
        assert paginator.shown_count == "5,863"


def test_an_api_client_reads_a_whole_list_by_keyset_in_id_order(office_client):
    """?after= pages through the primary key: each page reads from just past the last id, however deep."""
    seen, url = [], "/api/organizations/?" + urlencode({"q": "分页", "page_size": 3, "after": 0})  # percent-encoded
    while url:
        body = office_client.get(url).json()
        assert body["count"] == 7 and len(body["results"]) <= 3
        seen += [row["id"] for row in body["results"]]
        url = body["next"]
    assert seen == sorted(seen) and len(seen) == len(set(seen)) == 7
    last = seen[3]
    with CaptureQueriesContext(connection) as queries:
        body = office_client.get("/api/organizations/", {"q": "分页", "page_size": 3, "after": last}).json()
    assert any(f'"id" > {last}' in q["sql"] and "OFFSET" not in q["sql"] for q in queries.captured_queries)
    assert [row["id"] for row in body["results"]] == seen[4:7] and body["next"] is None
    assert office_client.get(f"/api/organizations/?after={10 ** 30}").json()["results"] == []
    assert office_client.get("/api/organizations/?after=x").json() == {
        "after": ["the id of the last row read (0 to start)"]}
    assert office_client.get("/api/organizations/?page=2&page_size=3").json()["results"][0]["name"] == "北京市分页3学会"


def test_keyset_pages_keep_the_callers_scope(client, django_user_model, charter, actor):
    from shuniu.hubs.services import link

    inside, outside = make_org("北京市范围内学会"), make_org("北京市范围外学会")
    link(inside, charter["science"], kind="liaison", start=datetime.date(2010, 1, 1), source="manual")
    user = django_user_model.objects.create_user("hub-keyset")
    Grant.objects.create(user=user, role=Role.HUB, hub=charter["science"])
    client.force_login(user)
    ids = [row["id"] for row in client.get("/api/organizations/?after=0&page_size=500").json()["results"]]
    assert inside.pk in ids and outside.pk not in ids


def test_pages_in_the_back_half_are_read_from_the_end_and_match_reading_from_the_start(office_client, monkeypatch):
    monkeypatch.setattr("shuniu.registry.views.PAGE_SIZE", 2)
    forward = sorted(f"北京市分页{i}学会" for i in range(7))
    for number in range(1, 5):
        with CaptureQueriesContext(connection) as queries:
            page = office_client.get(f"/organizations/?page={number}").context["page"]
        assert [org.name for org in page] == forward[(number - 1) * 2:number * 2], number
        listed = [q["sql"] for q in queries.captured_queries
                  if "registry_organization" in q["sql"] and "LIMIT" in q["sql"]]
        assert any("DESC" in sql for sql in listed) == (number > 2), number  # pages 3 and 4 of 4: from the end
