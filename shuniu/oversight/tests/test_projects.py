import datetime
from decimal import Decimal

import pytest

from shuniu.hubs.services import link
from shuniu.oversight import eligibility
from shuniu.oversight.models import ProjectReport, ServiceCall, StepLog
from shuniu.oversight.services import projects
from shuniu.oversight.transitions import TransitionRefused
from shuniu.testing import make_org

from .helpers import hub_staff, office, org_account

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def world(charter):
    org = make_org("北京市青少年科技教育协会")
    link(org, charter["science"], kind="supervision", start=D(2009, 6, 1), source="manual")
    call = ServiceCall.objects.create(year=2010, title="社会建设专项资金", budget=Decimal("500000"),
                                      opens=D(2010, 3, 1), deadline=D(2010, 4, 30))
    return {"org": org, "call": call, "hub": charter["science"], "applicant": org_account(org),
            "staff": hub_staff(charter["science"]), "office": office()}


MID_MARCH = D(2010, 3, 15)


def _apply(w, title="科普进社区", on=MID_MARCH, **extra):
    return projects.apply(w["applicant"], call=w["call"], organization=w["org"], responsible_hub=w["hub"], on=on,
                          title=title, category="welfare", summary="在社区开展科普讲座",
                          requested_amount=Decimal("200000.00"), planned_beneficiaries=3000,
                          starts=D(2010, 6, 1), ends=D(2010, 11, 30), **extra)


def test_a_project_runs_from_application_to_closure(world):
    project = _apply(world)
    projects.step(project, "consent", world["staff"], on=D(2010, 3, 20))
    projects.step(project, "review", world["office"], review_score=Decimal("86.5"), on=D(2010, 4, 15))
    projects.step(project, "publish", world["office"], on=D(2010, 5, 1))
    projects.step(project, "approve", world["office"], approved_amount=Decimal("180000.00"), on=D(2010, 5, 10))
    interim, final = project.reports.order_by("due")
    assert (interim.due, final.due) == (D(2010, 8, 31), D(2010, 12, 15))
    with pytest.raises(TransitionRefused, match="final report"):
        projects.step(project, "evaluate", world["office"], evaluation_score=Decimal(90))
    for report, served in [(interim, 1200), (final, 1900)]:
        projects.submit_report(report, world["applicant"], text="按计划执行", beneficiaries=served,
                               funds_spent=Decimal("90000.00"))
    projects.step(project, "evaluate", world["office"], evaluation_score=Decimal("91"), evaluation_note="良好")
    projects.step(project, "close", world["office"], closure_note="结项")
    project.refresh_from_db()
    assert project.state == "closed"
    assert (project.beneficiaries_served, project.funds_spent) == (3100, Decimal("180000.00"))
    assert [s.to_state for s in StepLog.of(project)] == [
        "applied", "consented", "reviewed", "published", "implementing", "implementing", "implementing",
        "evaluated", "closed"]


def test_at_most_two_projects_per_organisation_a_year(world):
    _apply(world, "一")
    _apply(world, "二")
    with pytest.raises(TransitionRefused, match="at most 2"):
        _apply(world, "三")


def test_only_the_responsible_hub_consents(world, charter):
    project = _apply(world)
    for user in [world["applicant"], hub_staff(charter["arts"])]:
        with pytest.raises(TransitionRefused, match="responsible hub"):
            projects.step(project, "consent", user)
    project.refresh_from_db()
    assert project.state == "applied"


def test_an_unregistered_group_or_a_hub_that_does_not_link_it_is_refused(world, charter):
    group = make_org("某读书会", org_type="grassroots")
    with pytest.raises(TransitionRefused) as refused:
        projects.apply(world["office"], call=world["call"], organization=group, responsible_hub=charter["arts"],
                       on=D(2010, 3, 15), title="读书", category="welfare", summary="-",
                       requested_amount=Decimal(1), planned_beneficiaries=1, starts=D(2010, 6, 1),
                       ends=D(2010, 7, 1))
    text = " ".join(refused.value.messages)
    assert "not a registered" in text and "cannot be its responsible hub" in text


def test_applications_outside_the_call_dates_are_refused(world):
    with pytest.raises(TransitionRefused, match="takes applications"):
        _apply(world, on=D(2010, 5, 1))


def test_approval_cannot_exceed_the_calls_budget(world):
    project = _apply(world)
    projects.step(project, "consent", world["staff"])
    projects.step(project, "review", world["office"], review_score=Decimal(80))
    projects.step(project, "publish", world["office"])
    world["call"].budget = Decimal("100000")
    world["call"].save()
    with pytest.raises(TransitionRefused, match="exceed the call's budget"):
        projects.step(project, "approve", world["office"], approved_amount=Decimal("150000"))
    project.refresh_from_db()
    assert project.state == "published" and project.approved_amount is None
    assert not ProjectReport.objects.exists()


def test_a_registered_eligibility_check_refuses_the_application(world):
    eligibility.register_check("test_only", lambda org, on: "列入活动异常名录")
    try:
        with pytest.raises(TransitionRefused, match="异常名录"):
            _apply(world)
    finally:
        eligibility._checks.pop("test_only")


def test_the_inspection_and_credit_list_checks_are_wired_not_pending():
    assert eligibility.pending_checks() == []
