"""A filtered list is counted only up to a cap; the unfiltered list keeps its exact total."""
import pytest

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
