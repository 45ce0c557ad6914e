"""Reasons from the database: the organisations already linked to a hub that look most like this one."""
import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from shuniu.accounts.models import Grant, Role
from shuniu.hubs.models import Affiliation, Hub
from shuniu.hubs.services import end_link, link
from shuniu.registry.models import SupervisoryUnit
from shuniu.routing.neighbours import LinkedIndex, linked_index, linked_organisations
from shuniu.routing.service import read_table
from shuniu.routing.views import router
from shuniu.testing import division, make_org

START = datetime.date(2011, 1, 1)


def linked(name, scope, slug):
    org = make_org(name, business_scope=scope)
    return link(org, Hub.objects.get(slug=slug), kind=Affiliation.Kind.LIAISON, start=START,
                source=Affiliation.Source.MANUAL)


@pytest.fixture
def sports_links(charter):
    linked("北京市台球协会", "推广台球运动，组织台球比赛", "sports")
    linked("北京市桥牌协会", "推广桥牌运动", "sports")
    linked("北京市律师协会", "律师行业自律", "lawyers")


def test_the_nearest_linked_organisations_of_each_shown_hub_are_named(sports_links):
    routing = router().route("北京市飞镖运动协会", "推广飞镖运动，组织飞镖比赛",
                             linked=LinkedIndex(router(), linked_organisations()))
    assert routing.hub == "sports"
    similar = [r for r in routing.reasons if "已联系的相似组织" in r]
    assert similar and similar[0].startswith("sports:") and "北京市台球协会" in similar[0]
    assert "北京市律师协会" not in " ".join(routing.reasons)


def test_a_district_hubs_links_count_for_its_city_hub(charter):
    city, chaoyang = Hub.objects.get(slug="sports"), division("110105")
    unit = SupervisoryUnit.objects.create(name="朝阳区体育总会", kind="hub", level="district", division=chaoyang)
    district = Hub.objects.create(slug="sports-110105", short_name="朝阳体总", level="district", division=chaoyang,
                                  parent=city, supervisory_unit=unit,
                                  organization=make_org("北京市朝阳区体育总会", level="district", code="110105"))
    org = make_org("北京市朝阳区毽球协会", business_scope="推广毽球运动")
    link(org, district, kind=Affiliation.Kind.LIAISON, start=START, source=Affiliation.Source.MANUAL)
    assert ("北京市朝阳区毽球协会", "推广毽球运动") in linked_organisations()["sports"]


def test_ended_links_are_not_similar_organisations_and_the_cache_notices(sports_links):
    before = linked_index(router())
    assert before is linked_index(router())  # nothing changed: the same index
    billiards = Affiliation.objects.get(organization__name="北京市台球协会")
    end_link(billiards, end=START + datetime.timedelta(days=30), reason="注销")
    after = linked_index(router())
    assert after is not before
    assert "北京市台球协会" not in after.hubs["sports"][0]


def test_the_review_queue_shows_similar_linked_organisations(sports_links, client, django_user_model):
    user = django_user_model.objects.create_user("office-n")
    Grant.objects.create(user=user, role=Role.OFFICE)
    client.force_login(user)
    make_org("北京市飞镖运动协会", business_scope="推广飞镖运动，组织飞镖比赛")
    page = client.get("/routing/").content.decode()
    assert "已联系的相似组织" in page and "北京市台球协会" in page


def test_the_command_adds_similar_organisations_only_when_asked(sports_links, tmp_path):
    source = tmp_path / "in.csv"
    source.write_text("name,scope\n北京市飞镖运动协会,推广飞镖运动\n", encoding="utf-8")
    plain, similar = tmp_path / "plain.csv", tmp_path / "similar.csv"
    call_command("route", "--in", str(source), "--out", str(plain), stdout=StringIO())
    call_command("route", "--in", str(source), "--out", str(similar), "--similar", stdout=StringIO())
    assert "相似组织" not in read_table(plain.read_bytes())[0]["reasons"]
    assert "北京市台球协会" in read_table(similar.read_bytes())[0]["reasons"]


def test_all_unlinked_routes_the_organisations_without_a_link_and_only_them(sports_links, tmp_path):
    make_org("北京市飞镖运动协会", business_scope="推广飞镖运动")
    out = tmp_path / "out.csv"
    call_command("route", "--all-unlinked", "--similar", "--out", str(out), stdout=StringIO())
    rows = {r["name"]: r for r in read_table(out.read_bytes())}
    assert "北京市飞镖运动协会" in rows and "北京市台球协会" not in rows
    assert rows["北京市飞镖运动协会"]["hub"] == "sports" and "北京市台球协会" in rows["北京市飞镖运动协会"]["reasons"]
