"""Grading: 1A–5A from a score out of 1000, five years, refused when the organisation is not eligible."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied

from shuniu.oversight.models import CreditListEntry, Grading
from shuniu.oversight.models.grading import grade_for
from shuniu.oversight.services import annual, credit, grading
from shuniu.oversight.workflow import TransitionRefused

from .conftest import PARTS

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("score, grade", [(1000, "5A"), (951, "5A"), (950, "4A"), (901, "4A"), (900, "3A"),
                                          (851, "3A"), (850, "2A"), (801, "2A"), (800, "1A"), (751, "1A"),
                                          (750, ""), (0, "")])
def test_the_score_gives_the_grade(score, grade):
    assert grade_for(score) == grade


def test_a_grade_is_valid_five_years(people):
    application = grading.apply(people["supervised"], people["org"], on=D(2010, 3, 1))
    grading.decide(application, people["authority"], on=D(2010, 5, 10), score=912)
    application.refresh_from_db()
    assert (application.state, application.grade, application.valid_until) == ("graded", "4A", D(2015, 5, 9))
    assert grading.current_grade(people["supervised"], D(2015, 5, 9)) == application
    assert grading.current_grade(people["supervised"], D(2015, 5, 10)) is None
    assert [s.to_state for s in application.steps.all()] == ["applied", "graded"]


def test_an_organisation_that_failed_last_years_inspection_is_refused(people):
    report = annual.start(people["direct"], 2009, people["org_direct"], **PARTS)
    annual.file(report, people["org_direct"], on=D(2010, 3, 1))
    annual.conclude(report, people["authority"], on=D(2010, 5, 1), conclusion="failed", reason="账目不清")
    application = grading.apply(people["direct"], people["org_direct"], on=D(2010, 9, 1))
    assert application.state == "refused" and "2009" in application.refusal_reason
    assert application.steps.last().role == "system"


def test_a_listed_organisation_is_refused_and_cannot_be_graded_while_listed(people):
    application = grading.apply(people["supervised"], people["org"], on=D(2010, 3, 1))
    credit.enter(people["supervised"], people["authority"], list_kind="abnormal", cause="unreachable",
                 on=D(2010, 4, 1), reason="登记住所无法联系")
    with pytest.raises(TransitionRefused, match="Refuse the application"):
        grading.decide(application, people["authority"], on=D(2010, 4, 2), score=990)
    assert Grading.objects.get(pk=application.pk).state == "applied"
    assert CreditListEntry.objects.get().steps.count() == 1


def test_a_score_out_of_range_is_refused(people):
    application = grading.apply(people["supervised"], people["org"], on=D(2010, 3, 1))
    with pytest.raises(Exception, match="1000"):
        grading.decide(application, people["authority"], on=D(2010, 4, 2), score=1200)
    with pytest.raises(PermissionDenied):  # the hub does not grade
        grading.decide(application, people["hub_user"], on=D(2010, 4, 2), score=900)


def test_the_authority_is_offered_to_refuse_the_application_in_the_grading_words(client, people):
    application = grading.apply(people["supervised"], people["org"], on=D(2010, 3, 1))
    client.force_login(people["authority"])
    page = client.get(f"/oversight/gradings/{application.pk}/").content.decode()
    assert '<button type="submit" name="action" value="refuse">不予受理</button>' in page
