"""Oversight pages stay cheap: the number of queries does not grow with the rows shown."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shuniu.oversight.models import CreditListEntry, Grading
from shuniu.oversight.services import annual
from shuniu.testing import make_org

from .conftest import PARTS

D = datetime.date
pytestmark = pytest.mark.django_db


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        assert response.status_code == 200, url
    return len(captured)


def add(people, n, start):
    from shuniu.hubs.services import link

    for i in range(start, start + n):
        org = make_org(f"北京市页面测试{i:03d}学会")
        link(org, people["hub"], kind="supervision", start=D(2009, 1, 1), source="manual")
        from shuniu.accounts.models import Grant

        Grant.objects.create(user=people["org"], role="organization", organization=org)
        people["org"]._shuniu_scope = None
        report = annual.start(org, 2009, people["org"], **PARTS)
        annual.file(report, people["org"], on=D(2010, 4, 1))
        entry = CreditListEntry.objects.create(organization=org, list_kind="abnormal", cause="unreachable",
                                               entered_on=D(2010, 7, 1), reason_in="无法联系")
        entry.steps.create(actor=people["office"], role="authority", to_state="listed", date=D(2010, 7, 1))
        Grading.objects.create(organization=org, state="graded", applied_on=D(2010, 1, 1), score=900, grade="3A",
                               decided_on=D(2010, 3, 1), valid_until=D(2015, 2, 28))


@pytest.mark.parametrize("who, url", [("office", "/oversight/reports/"), ("office", "/oversight/credit/"),
                                      ("office", "/oversight/gradings/"), ("hub_user", "/inbox/?on=2010-04-02"),
                                      ("office", "/inbox/?on=2010-06-02"), ("authority", "/oversight/reports/"),
                                      (None, "/public/credit-lists/")])
def test_list_queries_do_not_grow_with_rows(client, people, who, url):
    if who:
        client.force_login(people[who])
    add(people, 2, 0)
    few = queries(client, url)
    add(people, 12, 100)
    assert queries(client, url) == few


def test_a_report_page_does_not_grow_with_its_steps(client, people):
    report = annual.start(people["supervised"], 2009, people["org"], **PARTS)
    annual.file(report, people["org"], on=D(2010, 4, 1))
    client.force_login(people["hub_user"])
    few = queries(client, f"/oversight/reports/{report.pk}/")
    annual.pre_review(report, people["hub_user"], on=D(2010, 4, 2), accept=False, reason="补充")
    annual.file(report, people["org"], on=D(2010, 4, 3))
    assert queries(client, f"/oversight/reports/{report.pk}/") == few
