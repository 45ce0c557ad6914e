import datetime
from decimal import Decimal

import pytest

from shuniu.hubs.services import link
from shuniu.oversight.inbox import tasks_for
from shuniu.oversight.models import ServiceCall
from shuniu.oversight.services import projects, transfers
from shuniu.testing import make_org

from .helpers import hub_staff, office, org_account

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def project(charter):
    org = make_org("北京市青少年科技教育协会")
    link(org, charter["science"], kind="supervision", start=D(2009, 6, 1), source="manual")
    call = ServiceCall.objects.create(year=2010, title="专项资金", budget=Decimal(10**6), opens=D(2010, 3, 1),
                                      deadline=D(2010, 4, 30))
    return projects.apply(office(), call=call, organization=org, responsible_hub=charter["science"],
                          on=D(2010, 3, 15), title="科普进社区", category="welfare", summary="-",
                          requested_amount=Decimal(1000), planned_beneficiaries=10, starts=D(2010, 6, 1),
                          ends=D(2010, 9, 30))


def _titles(user, today, mine=True):
    return [t.title for t in tasks_for(user, today) if t.mine == mine]


def test_the_responsible_hub_has_the_consent_in_its_inbox_with_the_deadline(project, charter):
    [task] = [t for t in tasks_for(hub_staff(charter["science"]), D(2010, 3, 20)) if "科普进社区" in t.title]
    assert (task.mine, task.due, task.url) == (True, D(2010, 3, 29), f"/oversight/projects/{project.pk}/")
    assert not _titles(hub_staff(charter["arts"]), D(2010, 3, 20))


def test_an_overdue_consent_is_visible_to_the_office(project):
    assert "Service project: 科普进社区" not in _titles(office(), D(2010, 3, 20), mine=False)
    [task] = [t for t in tasks_for(office(), D(2010, 4, 5)) if not t.mine]
    assert task.overdue(D(2010, 4, 5)) and "responsible hub" in task.waiting_on


def test_the_organisation_sees_the_reports_it_owes(project, charter):
    the_office = office()
    projects.step(project, "consent", hub_staff(charter["science"]))
    projects.step(project, "review", the_office, review_score=Decimal(80))
    projects.step(project, "publish", the_office)
    projects.step(project, "approve", the_office, approved_amount=Decimal(900))
    owed = [t for t in tasks_for(org_account(project.organization), D(2010, 7, 1)) if t.kind == "project_report.due"]
    assert [t.due for t in owed] == [D(2010, 7, 31), D(2010, 10, 15)]
    late = [t for t in tasks_for(hub_staff(charter["science"]), D(2010, 8, 5)) if t.kind == "project_report.due"]
    assert [(t.mine, t.waiting_on) for t in late] == [(False, project.organization.name)]


def test_a_transfer_waits_in_the_receiving_hubs_inbox(charter):
    org = make_org()
    link(org, charter["youth-league"], kind="liaison", start=D(2009, 6, 1), source="manual")
    transfers.request(hub_staff(charter["youth-league"]), organization=org, to_hub=charter["arts"],
                      effective_on=D(2010, 9, 1), reason="书法", on=D(2010, 8, 1))
    assert _titles(hub_staff(charter["arts"]), D(2010, 8, 2)) == [f"Transfer: {org.name}"]
    assert _titles(hub_staff(charter["youth-league"]), D(2010, 8, 2)) == []
