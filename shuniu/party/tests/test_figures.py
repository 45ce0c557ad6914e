"""Two coverages, organisations due, 口袋党员 and 三会一课, computed from the records."""
import datetime

import pytest

from shuniu.hubs.services import link
from shuniu.party import figures
from shuniu.party.models import Coverage, Instructor, InstructorAssignment, PartyMeeting, PartyMember, PartyOrganization
from shuniu.registry.models import Organization
from shuniu.testing import make_org, make_unit

D = datetime.date
DAY = D(2010, 12, 31)
FOUNDED = D(2009, 1, 1)
_ids = iter(range(100_000, 999_999))


def members(org, n, status="formal", branch=None, elsewhere=""):
    for _ in range(n):
        PartyMember.objects.create(name="某", id_number=f"110105198001{next(_ids):06d}", status=status,
                                   organization=org, branch=branch, registered_elsewhere=elsewhere)


def party(name, kind, *orgs, founded=FOUNDED, hub=None):
    po = PartyOrganization.objects.create(name=name, kind=kind, founded=founded, hub=hub)
    for org in orgs:
        Coverage.objects.create(party_organization=po, organization=org)
    return po


@pytest.fixture
def world(charter):
    unit = make_unit()
    orgs = {key: make_org(f"北京市{key}学会", supervisory_unit=unit) for key in
            ["branch", "joint", "due", "due_in_joint", "small", "instructed", "none"]}
    for org in orgs.values():
        link(org, charter["science"], kind="liaison", start=D(2009, 6, 1), source="manual")
    own = party("支部", "branch", orgs["branch"])
    joint = party("联合支部", "joint_branch", orgs["joint"], orgs["due_in_joint"])
    members(orgs["branch"], 4, branch=own)
    members(orgs["branch"], 1, branch=None)  # 口袋党员
    members(orgs["joint"], 2, branch=joint)
    members(orgs["due"], 3, elsewhere="人才服务中心党委")
    members(orgs["due"], 2, branch=None)  # 口袋党员
    members(orgs["due_in_joint"], 3, branch=joint)
    members(orgs["small"], 2, status="probationary")
    members(orgs["small"], 1, status="left")
    PartyMeeting.objects.create(party_organization=own, kind="party_lecture", date=D(2010, 11, 1))
    PartyMeeting.objects.create(party_organization=joint, kind="general_meeting", date=D(2010, 6, 1))
    instructor = Instructor.objects.create(name="指导员", hub=charter["science"], start=D(2010, 1, 1))
    InstructorAssignment.objects.create(instructor=instructor, organization=orgs["instructed"])
    return {"orgs": orgs, "hub": charter["science"]}


def test_the_two_coverages_due_and_pocket_members(world):
    result = figures.party_figures(Organization.objects.filter(pk__in=[o.pk for o in world["orgs"].values()]), DAY)
    assert result["organizations"] == 7
    assert result["organization_covered"] == 3  # own branch, and both organisations in the joint branch
    assert result["work_covered"] == 2  # the branch met in the quarter; the instructor; the joint branch met in June
    assert result["due"] == 2  # 3+ full members with no party organisation of their own, joint branch or not
    assert result["pocket_members"] == 5  # registered nowhere: 1 + 2 + the 2 probationary; who left is not
    assert result["meetings_last_quarter"] == 1
    assert result["meetings_this_year"] == 2


def test_an_organisation_with_its_own_branch_is_not_due_and_one_with_two_members_is_not_either(world):
    due = set(figures.due(Organization.objects.all(), DAY).values_list("name", flat=True))
    assert due == {"北京市due学会", "北京市due_in_joint学会"}


def test_figures_depend_on_the_day(world):
    before = figures.party_figures(Organization.objects.all(), D(2008, 12, 31))
    assert before["organization_covered"] == 0  # no party organisation founded yet
    assert before["work_covered"] == 0


def test_a_dissolved_branch_no_longer_covers(world):
    po = PartyOrganization.objects.get(name="支部")
    po.dissolved = D(2010, 12, 1)
    po.save()
    result = figures.party_figures(Organization.objects.all(), DAY)
    assert result["organization_covered"] == 2
    assert result["due"] == 3


def test_a_hubs_network_and_many_scopes_at_once_give_the_same_figures(world, charter):
    network = figures.hub_organizations(world["hub"], DAY)
    one = figures.party_figures(network, DAY)
    facts = figures.Facts(Organization.objects.all(), DAY)
    assert facts.by_hub([world["hub"]])[world["hub"].pk] == one
    assert facts.figures(facts.ids) == figures.party_figures(Organization.objects.all(), DAY)
    chaoyang = charter["science"].division.children.get(code="110105")
    assert facts.by_district([chaoyang])[chaoyang.pk] == figures.party_figures(
        figures.district_organizations(chaoyang), DAY)


def test_a_joint_committee_does_not_count_as_coverage(world, charter):
    extra = make_org("北京市委员会下学会", supervisory_unit=make_unit("另一单位"))
    party("联合党委", "joint_committee", extra, hub=charter["science"])
    result = figures.party_figures(Organization.objects.filter(pk=extra.pk), DAY)
    assert result["organization_covered"] == 0
