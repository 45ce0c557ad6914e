"""The annual report workflow: filed → hub pre-review → authority conclusion, every step recorded."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from shuniu.oversight.models import AnnualReport, ReportState
from shuniu.oversight.services import annual
from shuniu.oversight.workflow import TransitionRefused

from .conftest import PARTS

D = datetime.date
pytestmark = pytest.mark.django_db


def test_a_supervised_organisation_files_to_its_hub_and_the_authority_concludes(people):
    report = annual.start(people["supervised"], 2009, people["org"], **PARTS)
    annual.file(report, people["org"], on=D(2010, 4, 1))
    assert (report.state, report.hub, report.filed_on) == (ReportState.FILED, people["hub"], D(2010, 4, 1))
    annual.pre_review(report, people["hub_user"], on=D(2010, 4, 10), accept=True)
    annual.conclude(report, people["authority"], on=D(2010, 6, 20), conclusion="passed")
    report.refresh_from_db()
    assert (report.state, report.conclusion, report.concluded_on) == ("concluded", "passed", D(2010, 6, 20))
    logged = [(s.actor.username, s.role, s.from_state, s.to_state, s.date) for s in report.steps.all()]
    assert logged == [("org-a", "organization", "draft", "filed", D(2010, 4, 1)),
                      ("hub-science", "hub", "filed", "pre_reviewed", D(2010, 4, 10)),
                      ("authority", "authority", "pre_reviewed", "concluded", D(2010, 6, 20))]
    assert report.history.count() == 4  # created, filed, pre-reviewed, concluded


def test_an_organisation_registered_directly_skips_the_hub(people):
    report = annual.start(people["direct"], 2009, people["org_direct"], **PARTS)
    annual.file(report, people["org_direct"], on=D(2010, 4, 1))
    assert report.state == ReportState.PRE_REVIEWED and report.hub is None
    annual.conclude(report, people["authority"], on=D(2010, 5, 1), conclusion="basic", reason="财务制度不健全")
    assert AnnualReport.objects.get(pk=report.pk).conclusion == "basic"


def test_the_hub_returns_a_report_with_reasons_and_the_organisation_files_again(people):
    report = annual.start(people["supervised"], 2009, people["org"], **PARTS)
    annual.file(report, people["org"], on=D(2010, 4, 1))
    with pytest.raises(TransitionRefused, match="reason"):
        annual.pre_review(report, people["hub_user"], on=D(2010, 4, 5), accept=False)
    annual.pre_review(report, people["hub_user"], on=D(2010, 4, 5), accept=False, reason="财务报告缺审计意见")
    assert report.state == ReportState.RETURNED
    annual.file(report, people["org"], on=D(2010, 4, 20))
    assert report.state == ReportState.FILED
    assert list(report.steps.values_list("reason", flat=True))[1] == "财务报告缺审计意见"


def test_invalid_steps_are_refused_with_a_message_and_change_nothing(people):
    report = annual.start(people["supervised"], 2009, people["org"], **PARTS)
    with pytest.raises(TransitionRefused, match="cannot go from"):
        annual.conclude(report, people["authority"], on=D(2010, 5, 1), conclusion="passed")
    annual.file(report, people["org"], on=D(2010, 4, 1))
    with pytest.raises(TransitionRefused, match="is a step for"):  # the authority cannot pre-review for the hub
        annual.pre_review(report, people["authority"], on=D(2010, 4, 2), accept=True)
    with pytest.raises(PermissionDenied):  # another hub cannot even reach it
        annual.pre_review(report, people["other_hub"], on=D(2010, 4, 2), accept=True)
    stored = AnnualReport.objects.get(pk=report.pk)
    assert (stored.state, stored.version, report.steps.count()) == ("filed", 2, 1)


def test_a_report_missing_a_part_cannot_be_filed(people):
    report = annual.start(people["supervised"], 2009, people["org"], work_report="有")
    with pytest.raises(TransitionRefused, match="party-building report"):
        annual.file(report, people["org"], on=D(2010, 4, 1))
    assert AnnualReport.objects.get(pk=report.pk).state == "draft"


def test_a_conclusion_other_than_passed_needs_a_reason(people):
    report = annual.start(people["direct"], 2009, people["org_direct"], **PARTS)
    annual.file(report, people["org_direct"], on=D(2010, 4, 1))
    with pytest.raises(ValidationError):
        annual.conclude(report, people["authority"], on=D(2010, 5, 1), conclusion="failed")
    with pytest.raises(ValidationError):
        annual.conclude(report, people["authority"], on=D(2010, 5, 1), conclusion="great")
    assert AnnualReport.objects.get(pk=report.pk).state == ReportState.PRE_REVIEWED


def test_one_report_per_organisation_and_year(people):
    annual.start(people["supervised"], 2009, people["org"], **PARTS)
    with pytest.raises(ValidationError):
        annual.start(people["supervised"], 2009, people["org"], **PARTS)


def test_a_step_on_a_stale_version_is_refused(people):
    from shuniu.audit.versioning import VersionConflict

    report = annual.start(people["supervised"], 2009, people["org"], **PARTS)
    annual.file(report, people["org"], on=D(2010, 4, 1))
    with pytest.raises(VersionConflict):
        annual.pre_review(report, people["hub_user"], on=D(2010, 4, 2), accept=True, expected_version=1)
    assert AnnualReport.objects.get(pk=report.pk).state == "filed"
