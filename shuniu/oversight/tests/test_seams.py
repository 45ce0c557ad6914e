"""Where the two halves of oversight meet: project eligibility reads the inspections and the credit lists,
hub evaluation reads the inspection pass rate."""
import datetime
from decimal import Decimal

import pytest

from shuniu.hubs.services import link
from shuniu.oversight import eligibility, sources
from shuniu.oversight.models import AnnualReport, CreditListEntry, HubEvaluation, Indicator, ServiceCall
from shuniu.oversight.services import credit, projects
from shuniu.oversight.services.evaluation import evaluate_year
from shuniu.oversight.transitions import TransitionRefused
from shuniu.testing import make_org

from .helpers import authority, hub_staff, office

D = datetime.date
pytestmark = pytest.mark.django_db
JAN_10, MID_MARCH = D(2010, 1, 10), D(2010, 3, 15)
PARTS = {"work_report": "工作报告", "income": 1, "expenditure": 1, "party_building": "党建"}


def concluded(org, year, conclusion, on):
    report = AnnualReport(organization=org, year=year, state="concluded", conclusion=conclusion, concluded_on=on,
                          filed_on=D(year + 1, 4, 1), **PARTS)
    report.save()
    return report


def listed(org, kind="abnormal", on=JAN_10, cause="unreachable"):
    return CreditListEntry.objects.create(organization=org, list_kind=kind, cause=cause, entered_on=on,
                                          reason_in="测试")


@pytest.fixture
def org(charter):
    org = make_org("北京市青少年科技教育协会", founded=D(2005, 1, 1))
    link(org, charter["science"], kind="supervision", start=D(2006, 1, 1), source="manual")
    return org


def problems(org, on=MID_MARCH):
    return eligibility.problems(org, year=2010, on=on)


def test_an_organisation_whose_last_inspection_passed_may_apply(org):
    concluded(org, 2007, "failed", D(2008, 6, 1))
    concluded(org, 2008, "passed", D(2009, 6, 1))
    assert problems(org) == []


@pytest.mark.parametrize("conclusion", ["basic", "failed"])
def test_an_organisation_whose_last_inspection_did_not_pass_is_refused(org, conclusion):
    concluded(org, 2008, "passed", D(2009, 6, 1))
    concluded(org, 2009, conclusion, D(2010, 3, 1))
    found = problems(org)
    assert len(found) == 1 and "2009" in found[0] and "合格" in found[0]
    assert problems(org, on=D(2010, 2, 28)) == []  # before that conclusion, the passed one was the last


def test_an_organisation_with_no_concluded_inspection_is_not_refused_for_it(org):
    AnnualReport(organization=org, year=2009, state="filed", filed_on=D(2010, 3, 1), **PARTS).save()
    assert problems(org) == []


def test_an_organisation_on_a_list_is_refused_until_it_leaves(org, charter):
    entry = listed(org)
    assert "Abnormal" in problems(org)[0]
    with pytest.raises(TransitionRefused, match="Abnormal"):
        projects.apply(office(), call=ServiceCall.objects.create(
            year=2010, title="专项", budget=Decimal(10**6), opens=D(2010, 3, 1), deadline=D(2010, 4, 30)),
            organization=org, responsible_hub=charter["science"], on=D(2010, 3, 15), title="t", category="welfare",
            summary="-", requested_amount=Decimal(1000), planned_beneficiaries=1, starts=D(2010, 6, 1),
            ends=D(2010, 9, 30))
    credit.leave(entry, authority(), on=D(2010, 3, 20), reason="已整改")
    assert problems(org, on=D(2010, 3, 21)) == []  # an abnormal entry lifted is no penalty


def test_the_serious_list_counts_for_two_years_after_leaving(org):
    entry = listed(org, kind="serious", on=D(2007, 1, 10), cause="penalty")
    entry.state, entry.left_on = "left", D(2009, 1, 10)
    entry.save(update_fields=["state", "left_on"])
    assert "Serious" in problems(org, on=D(2010, 3, 15))[0]
    assert problems(org, on=D(2011, 1, 11)) == []


def test_the_hub_consents_only_while_the_organisation_is_still_eligible(org, charter):
    call = ServiceCall.objects.create(year=2010, title="专项", budget=Decimal(10**6), opens=D(2010, 3, 1),
                                      deadline=D(2010, 4, 30))
    project = projects.apply(office(), call=call, organization=org, responsible_hub=charter["science"],
                             on=D(2010, 3, 15), title="t", category="welfare", summary="-",
                             requested_amount=Decimal(1000), planned_beneficiaries=1, starts=D(2010, 6, 1),
                             ends=D(2010, 9, 30))
    listed(org, on=D(2010, 3, 18))
    with pytest.raises(TransitionRefused, match="Abnormal"):
        projects.step(project, "consent", hub_staff(charter["science"]), on=D(2010, 3, 20))
    # judged on the day of the step, not on today's date
    project.refresh_from_db()
    assert project.state == "applied"


def test_the_inspection_pass_rate_is_computed_from_the_years_conclusions(org, charter):
    others = [make_org(founded=D(2005, 1, 1)) for _ in range(3)]
    for other in others:
        link(other, charter["science"], kind="liaison", start=D(2009, 1, 1), source="manual")
    concluded(org, 2009, "passed", D(2010, 5, 20))
    concluded(others[0], 2009, "passed", D(2010, 6, 1))
    concluded(others[1], 2009, "basic", D(2010, 6, 1))
    concluded(others[2], 2008, "failed", D(2009, 6, 1))  # the 2009 inspection: not this year's
    unlinked = make_org(founded=D(2005, 1, 1))
    concluded(unlinked, 2009, "failed", D(2010, 6, 1))  # not in the hub's network
    assert sources.SOURCES["inspection_pass_rate"].pending is False
    assert sources.inspection_pass_rate(charter["science"], 2010) == Decimal(2) / Decimal(3)
    assert sources.inspection_pass_rate(charter["arts"], 2010) is None  # nothing concluded: no figure

    Indicator.objects.create(name="年检合格率", source="inspection_pass_rate", weight=Decimal(30), target=Decimal(1))
    evaluate_year(2010, on=D(2011, 1, 15), hubs=[charter["science"], charter["arts"]])
    science = HubEvaluation.objects.get(hub=charter["science"], year=2010)
    assert (science.score, science.pending) == (Decimal("20.00"), "")
    arts = HubEvaluation.objects.get(hub=charter["arts"], year=2010)  # no figure: no points, as for any source
    assert (arts.score, arts.max_score, arts.lines.get().value) == (Decimal("0.00"), Decimal("30.00"), None)


# -- the party and service apps feed the rules and the evaluation ------------------------------------
def _members(org, n):
    from shuniu.party.models import PartyMember

    for i in range(n):
        PartyMember.objects.create(name="某", id_number=f"1101051980{org.pk % 10**6:06d}{i:02d}", status="formal",
                                   organization=org)


def test_the_party_rule_reads_the_party_apps_figures(org, charter):
    from shuniu.oversight import rules
    from shuniu.party.models import Coverage, PartyOrganization

    _members(org, 3)  # three full members and no party organisation of its own: due
    result = rules.run(D(2010, 6, 1))
    assert result.pending == []
    entry = CreditListEntry.objects.get(organization=org, cause="no_party_org")
    assert entry.state == "listed"
    branch = PartyOrganization.objects.create(name="北京市青少年科技教育协会党支部", kind="branch",
                                              founded=D(2010, 7, 1))
    Coverage.objects.create(party_organization=branch, organization=org)
    rules.run(D(2010, 8, 1))
    entry.refresh_from_db()
    assert (entry.state, entry.left_on) == ("left", D(2010, 8, 1))


def test_party_coverage_contacts_and_reach_are_computed_sources(org, charter):
    from shuniu.party.models import Coverage, PartyOrganization
    from shuniu.services.models import Activity, ContactRecord

    other = make_org(founded=D(2005, 1, 1))
    link(other, charter["science"], kind="liaison", start=D(2009, 1, 1), source="manual")
    branch = PartyOrganization.objects.create(name="某党支部", kind="branch", founded=D(2009, 1, 1))
    Coverage.objects.create(party_organization=branch, organization=org)
    science = charter["science"]
    ContactRecord.objects.create(hub=science, organization=org, kind=ContactRecord.Kind.choices[0][0],
                                 date=D(2010, 4, 1))
    ContactRecord.objects.create(hub=science, organization=other, kind=ContactRecord.Kind.choices[0][0],
                                 date=D(2009, 4, 1))  # another year
    Activity.objects.create(title="科普日", hub=science, start=D(2010, 9, 1), served=40, reached=300)
    Activity.objects.create(title="讲座", hub=science, start=D(2010, 10, 1), served=10, reached=50)
    for slug in ("party_coverage", "contacts", "reach"):
        assert sources.SOURCES[slug].pending is False
    assert sources.party_coverage(science, 2010) == Decimal("0.5")  # one of the two linked organisations
    assert sources.contacts(science, 2010) == 1
    assert sources.reach(science, 2010) == 350
    assert sources.party_coverage(charter["arts"], 2010) is None  # links nothing: no figure
