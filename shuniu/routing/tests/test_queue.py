"""The office's review queue: accepting links the organisation (source=routed, reasons kept)."""
import pytest

from shuniu.accounts.models import Grant, Role
from shuniu.hubs.models import Affiliation
from shuniu.routing.models import RoutingReview
from shuniu.testing import make_org


@pytest.fixture
def office(client, charter, django_user_model):
    user = django_user_model.objects.create_user("office-r")
    Grant.objects.create(user=user, role=Role.OFFICE)
    client.force_login(user)
    return client


def test_the_queue_shows_the_proposal_and_its_reasons(office):
    make_org("北京市围棋协会", business_scope="推广围棋运动，组织围棋比赛")
    page = office.get("/routing/").content.decode()
    assert "北京市围棋协会" in page and "sports" in page and "领域用语" in page


def test_accepting_links_with_the_reasons_and_leaves_the_queue(office, charter):
    org = make_org("北京市围棋协会", business_scope="推广围棋运动，组织围棋比赛")
    office.post(f"/routing/{org.pk}/decide/", {"action": "link", "hub": "sports"})
    link = Affiliation.objects.get(organization=org)
    assert (link.hub.slug, link.source, link.kind) == ("sports", "routed", "supervision")
    assert "领域用语" in link.reason
    assert org.routing_review.outcome == RoutingReview.Outcome.ACCEPTED
    assert f"/organizations/{org.pk}/" not in office.get("/routing/").content.decode()


def test_overriding_and_marking_none_are_recorded(office, charter):
    chess = make_org("北京市围棋协会", business_scope="推广围棋运动")
    clinic = make_org("北京市某口腔诊所协会", business_scope="口腔医疗服务")
    office.post(f"/routing/{chess.pk}/decide/", {"action": "link", "hub": "youth-league"})
    office.post(f"/routing/{clinic.pk}/decide/", {"action": "none"})
    assert RoutingReview.objects.get(organization=chess).outcome == RoutingReview.Outcome.OVERRIDDEN
    assert RoutingReview.objects.get(organization=clinic).outcome == RoutingReview.Outcome.NONE
    assert not clinic.affiliations.exists()


def test_linking_without_a_hub_is_refused_with_a_message(office):
    org = make_org("北京市口腔诊所协会", business_scope="口腔医疗")
    response = office.post(f"/routing/{org.pk}/decide/", {"action": "link", "hub": ""}, follow=True)
    assert not org.affiliations.exists()
    assert "北京市口腔诊所协会" in response.content.decode()


def _queries(client, url="/routing/") -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _add(n, start, charter):
    import datetime

    from shuniu.hubs.services import link

    for i in range(start, start + n):
        make_org(f"北京市测试{i:03d}棋协会", business_scope="推广棋类运动")
        org = make_org(f"北京市测试{i:03d}球协会", business_scope="推广球类运动")
        link(org, charter["sports"], kind="liaison", start=datetime.date(2010, 1, 1), source="manual")


def test_the_queue_queries_do_not_grow_with_rows_or_links(office, charter):
    """The similar-organisation index costs one query while no link changes, and a fixed number to rebuild."""
    _add(3, 0, charter)
    rebuild = _queries(office)
    few = _queries(office)
    _add(20, 100, charter)
    assert _queries(office) == rebuild
    assert _queries(office) == few
