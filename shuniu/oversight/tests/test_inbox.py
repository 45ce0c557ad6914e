"""Task inboxes: each role sees what waits on it; the level above sees what is overdue below."""
import datetime

import pytest

from shuniu.accounts.models import Grant, Role
from shuniu.hubs.models import Hub, Recognition
from shuniu.hubs.services import link
from shuniu.oversight.inbox import tasks_for
from shuniu.oversight.services import annual
from shuniu.registry.models import NoSupervisorReason, Organization, SupervisoryUnit
from shuniu.testing import division, make_org

from .conftest import PARTS

D = datetime.date
pytestmark = pytest.mark.django_db


def kinds(user, day):
    return [(t.kind, t.mine, t.overdue(day)) for t in tasks_for(user, day)]


def test_the_organisation_sees_its_report_due_once_filing_opens(people):
    # February 2010: the 2008 report is overdue; filing on 2009 opens only in March.
    assert kinds(people["org"], D(2010, 2, 1)) == [("annual_report.file", True, True)]
    assert kinds(people["org"], D(2010, 3, 1))[1] == ("annual_report.file", True, False)
    tasks = tasks_for(people["org"], D(2010, 6, 2))
    assert [(t.title, t.due) for t in tasks][0][1] == D(2009, 5, 31)  # overdue first
    assert all(t.overdue(D(2010, 6, 2)) for t in tasks)
    annual.file(annual.start(people["supervised"], 2009, people["org"], **PARTS), people["org"], on=D(2010, 4, 1))
    assert D(2010, 5, 31) not in [t.due for t in tasks_for(people["org"], D(2010, 6, 2))]


def test_the_hub_sees_its_pre_reviews_and_the_authority_its_conclusions(people):
    report = annual.start(people["supervised"], 2009, people["org"], **PARTS)
    annual.file(report, people["org"], on=D(2010, 4, 1))
    hub_tasks = tasks_for(people["hub_user"], D(2010, 4, 2))
    assert [(t.kind, t.due) for t in hub_tasks] == [("annual_report.pre_review", D(2010, 4, 21))]
    assert tasks_for(people["other_hub"], D(2010, 4, 2)) == []
    annual.pre_review(report, people["hub_user"], on=D(2010, 4, 10), accept=True)
    assert [t.kind for t in tasks_for(people["authority"], D(2010, 4, 11))] == ["annual_report.conclude"]
    assert tasks_for(people["hub_user"], D(2010, 4, 11)) == []


def test_an_overdue_pre_review_is_visible_to_the_hub_above_the_district_office_and_the_office(people, charter,
                                                                                                 django_user_model):
    chaoyang = division("110105")
    sub_org = Organization.objects.create(name="北京市朝阳区科学技术协会", org_type="people_org", level="district",
                                          registering_division=chaoyang,
                                          no_supervisor_reason=NoSupervisorReason.NOT_REQUIRED)
    unit = SupervisoryUnit.objects.create(name="朝阳区科协", kind="hub", level="district", division=chaoyang)
    sub_hub = Hub.objects.create(organization=sub_org, slug="science-110105", short_name="朝阳区科协",
                                 level="district", division=chaoyang, parent=charter["science"],
                                 supervisory_unit=unit)
    Recognition.objects.create(hub=sub_hub, recognised_by=chaoyang, batch=1, recognised_on=D(2009, 1, 1))
    org = make_org("北京市朝阳区科普协会", level="district", code="110105", supervisory_unit=unit)
    link(org, sub_hub, kind="supervision", start=D(2009, 6, 1), source="manual")
    org_user = django_user_model.objects.create_user("org-b")
    Grant.objects.create(user=org_user, role=Role.ORGANIZATION, organization=org)
    district = django_user_model.objects.create_user("district-110105")
    Grant.objects.create(user=district, role=Role.DISTRICT, division=chaoyang)
    annual.file(annual.start(org, 2009, org_user, **PARTS), org_user, on=D(2010, 4, 1))

    in_time, late = D(2010, 4, 15), D(2010, 5, 1)
    for user in (people["hub_user"], district, people["office"]):
        assert tasks_for(user, in_time) == [], user  # not overdue: none of the level's business yet
        [task] = tasks_for(user, late)
        assert (task.kind, task.mine, task.waiting_on) == ("annual_report.pre_review.overdue", False, "朝阳区科协")
        assert "1" in task.title
