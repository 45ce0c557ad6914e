"""Oversight pages stay cheap: the number of queries does not grow with the rows shown (pinned, like
shuniu/tests/test_pages.py)."""
import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from shuniu.hubs.models import Hub
from shuniu.hubs.services import link
from shuniu.oversight.models import CreditListEntry, Grading, Indicator, ServiceCall
from shuniu.oversight.services import annual, projects, transfers
from shuniu.oversight.services.evaluation import evaluate_year
from shuniu.testing import make_org

from .conftest import PARTS
from .helpers import office

D = datetime.date
pytestmark = pytest.mark.django_db


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        assert response.status_code == 200, url
    return len(captured)


def add(people, n, start):
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
                                 "/oversight/recognition/", "/oversight/projects/1/", "/api/service-projects/",
                                 "/api/transfers/"])
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


@pytest.mark.parametrize("url", ["/oversight/projects/new/", "/oversight/transfers/new/",
                                 "/oversight/unit-changes/new/", "/oversight/recognition/new/"])
def test_forms_naming_an_organisation_do_not_list_every_organisation(client, people, url):
    """The office sees every organisation: a form asks for one by credit code or name instead of a <select>
    (a million options nationally; 30,184 in the demo made these pages 2 MB and 2-3 s)."""
    client.force_login(people["office"])
    add(people, 2, 0)
    few = queries(client, url)
    add(people, 12, 100)
    assert queries(client, url) == few
    page = client.get(url).content.decode()
    assert "北京市页面测试100学会" not in page and 'name="organization"' in page
    assert len(page) < 40_000


def _project_form(user, text):
    from shuniu.oversight.forms.projects import ProjectForm

    form = ProjectForm({"organization": text}, user=user)
    form.is_valid()
    return form


def test_the_project_form_finds_the_organisation_by_credit_code_or_name_in_scope(people):
    org = people["supervised"]
    org.uscc = "51110000MJ0000001X"
    org.save(update_fields=["uscc"])
    assert _project_form(people["office"], "51110000mj0000001x").cleaned_data["organization"] == org
    assert _project_form(people["hub_user"], " 北京市物理学会 ").cleaned_data["organization"] == org
    with translation.override("zh-hans"):
        outside = _project_form(people["other_hub"], "北京市物理学会")  # the arts hub does not see it
        assert "organization" not in outside.cleaned_data
        assert outside.errors["organization"] == [
            "您可查看的社会组织中没有统一社会信用代码或名称为“北京市物理学会”的组织。"]


def test_an_organisation_account_finds_its_own_name_filled_in(client, people):
    client.force_login(people["org"])
    page = client.get("/oversight/projects/new/").content.decode()
    assert 'value="北京市物理学会"' in page


def test_a_transfer_is_asked_for_an_organisation_typed_by_name_and_refused_for_one_out_of_sight(client, people,
                                                                                              charter):
    from shuniu.oversight.models import TransferRequest

    form = {"to_hub": charter["arts"].pk, "effective_on": "2010-06-01", "reason": "领域调整"}
    client.force_login(people["other_hub"])  # the arts hub does not see the physics society
    response = client.post("/oversight/transfers/new/", {**form, "organization": "北京市物理学会"})
    assert response.status_code == 400 and "北京市物理学会" in response.content.decode()
    assert response.context["form"]["reason"].value() == "领域调整"  # what was typed is kept
    assert not TransferRequest.objects.exists()
    client.force_login(people["hub_user"])
    response = client.post("/oversight/transfers/new/", {**form, "organization": "北京市物理学会"})
    transfer = TransferRequest.objects.get()
    assert response.status_code == 302 and transfer.organization == people["supervised"]
