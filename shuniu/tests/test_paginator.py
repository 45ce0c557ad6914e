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
