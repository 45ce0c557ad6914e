"""The oversight pages' queries do not grow with the rows they show (pinned, like shuniu/tests/test_pages.py)."""
import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shuniu.hubs.models import Hub
from shuniu.hubs.services import link
from shuniu.oversight.models import Indicator, ServiceCall
from shuniu.oversight.services import projects, transfers
from shuniu.oversight.services.evaluation import evaluate_year
from shuniu.testing import make_org

from .helpers import office

D = datetime.date
pytestmark = pytest.mark.django_db


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def add_records(n, charter, call, start=0):
    for i in range(start, start + n):
        org = make_org(f"北京市测试{i:03d}学会")
        link(org, charter["science"], kind="liaison", start=D(2010, 1, 1), source="manual")
        project = projects.apply(office(), call=call, organization=org, responsible_hub=charter["science"],
                                 on=D(2010, 3, 15), title=f"项目{i}", category="welfare", summary="-",
                                 requested_amount=Decimal(1000), planned_beneficiaries=10, starts=D(2010, 6, 1),
                                 ends=D(2010, 9, 30))
        projects.step(project, "withdraw", office(), reason="测试")
        transfers.request(office(), organization=org, to_hub=charter["arts"], effective_on=D(2010, 9, 1), reason="-")


@pytest.mark.parametrize("url", ["/oversight/projects/", "/oversight/transfers/", "/oversight/evaluation/2010/",
                                 "/oversight/recognition/", "/oversight/projects/1/"])
def test_queries_do_not_grow_with_rows(client, charter, actor, url):
    the_office = office()
    client.force_login(the_office)
    call = ServiceCall.objects.create(year=2010, title="专项资金", budget=Decimal(10**6), opens=D(2010, 3, 1),
                                      deadline=D(2010, 4, 30))
    Indicator.objects.create(name="联系数", source="organizations_linked", weight=Decimal(10), target=Decimal(5))
    add_records(2, charter, call)
    evaluate_year(2010, on=D(2011, 1, 1), hubs=Hub.objects.filter(slug__in=["science", "arts"]))
    url = url.replace("/1/", f"/{call.projects.first().pk}/")
    few = queries(client, url)
    add_records(12, charter, call, start=100)
    evaluate_year(2010, on=D(2011, 1, 1))
    assert queries(client, url) == few
