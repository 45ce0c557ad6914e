"""Party and service pages stay cheap as they grow: the number of queries does not depend on the rows."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shuniu.accounts.models import Grant, Role
from shuniu.hubs.services import link
from shuniu.party.models import Coverage, PartyMeeting, PartyMember, PartyOrganization
from shuniu.services.models import Activity, Facility
from shuniu.testing import division, make_org, make_unit

D = datetime.date


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.fixture
def world(charter):
    return {"n": 0, "unit": make_unit(), "hub": charter["youth-league"]}


def grow(world, n):
    """n organisations in the youth league's network, each with a branch, members, a meeting, a facility
    and an activity."""
    for _ in range(n):
        i = world["n"] = world["n"] + 1
        org = make_org(f"北京市青年测试{i:03d}会", supervisory_unit=world["unit"])
        link(org, world["hub"], kind="liaison", start=D(2010, 1, 1), source="manual")
        po = PartyOrganization.objects.create(name=f"测试{i}党支部", kind="branch", hub=world["hub"],
                                              founded=D(2010, 1, 1))
        Coverage.objects.create(party_organization=po, organization=org)
        for k in range(3):
            PartyMember.objects.create(name="某", id_number=f"110105198001{i:03d}{k:03d}", organization=org,
                                       branch=po if k else None)
        PartyMeeting.objects.create(party_organization=po, kind="party_lecture", date=D(2010, 11, 1))
        facility = Facility.objects.create(name=f"青年汇{i}", kind="youth_hub", hub=world["hub"],
                                           division=division("110105001"), opened=D(2010, 1, 1),
                                           latitude="39.9", longitude="116.4")
        Activity.objects.create(title=f"活动{i}", hub=world["hub"], organizer=org, facility=facility,
                                start=D(2010, 5, 1), served=1, reached=2)
    return org


@pytest.mark.parametrize("role", ["office", "hub"])
def test_queries_do_not_grow_with_rows(client, world, django_user_model, role):
    user = django_user_model.objects.create_user(f"{role}-q")
    Grant.objects.create(user=user, role=Role(role), **({"hub": world["hub"], "party_work": True}
                                                        if role == "hub" else {}))
    client.force_login(user)
    org = grow(world, 2)
    urls = ["/party/?as_of=2010-12-31", f"/organizations/{org.pk}/party/", "/hubs/youth-league/facilities/",
            "/activities/"]
    few = {url: queries(client, url) for url in urls}
    org = grow(world, 12)
    urls[1] = f"/organizations/{org.pk}/party/"
    many = {url: queries(client, url) for url in urls}
    assert list(many.values()) == list(few.values())


# Queries of each form page opened by the office (GET); pinned so a change shows in review.
FORM_QUERIES = {"party-organization-add": 5, "party-organization-edit": 8, "party-instructor-add": 4,
                "party-instructor-edit": 8, "party-member-edit": 6, "facility-add": 6, "facility-edit": 8,
                "activity-edit": 7}


def form_urls(world, org) -> dict[str, str]:
    from shuniu.party.models import Instructor, InstructorAssignment

    party = org.party_organizations.get()
    instructor = Instructor.objects.filter(hub=world["hub"]).first() or Instructor.objects.create(
        name="钱指导", hub=world["hub"], start=D(2010, 3, 1))
    InstructorAssignment.objects.get_or_create(instructor=instructor, organization=org)
    return {"party-organization-add": f"/party/organizations/new/?organization={org.pk}",
            "party-organization-edit": f"/party/organizations/{party.pk}/edit/",
            "party-instructor-add": "/party/instructors/new/",
            "party-instructor-edit": f"/party/instructors/{instructor.pk}/edit/",
            "party-member-edit": f"/party/members/{org.party_members.last().pk}/edit/",
            "facility-add": "/hubs/youth-league/facilities/new/",
            "facility-edit": f"/facilities/{Facility.objects.filter(hub=world['hub']).last().pk}/edit/",
            "activity-edit": f"/activities/{Activity.objects.filter(organizer=org).get().pk}/edit/"}


def test_form_pages_do_not_grow_with_rows(client, world, django_user_model):
    user = django_user_model.objects.create_user("office-forms")
    Grant.objects.create(user=user, role=Role.OFFICE)
    client.force_login(user)
    org = grow(world, 2)
    few = {name: queries(client, url) for name, url in form_urls(world, org).items()}
    org = grow(world, 12)
    many = {name: queries(client, url) for name, url in form_urls(world, org).items()}
    assert many == few
    assert many == FORM_QUERIES


def test_a_day_long_after_the_last_meeting_offers_the_figures_as_of_that_meeting(client, world, django_user_model):
    """The demo's meetings end in 2010: viewed today, a bare 0 meetings would read as a system with none."""
    user = django_user_model.objects.create_user("office-last")
    Grant.objects.create(user=user, role=Role.OFFICE)
    client.force_login(user)
    grow(world, 1)
    page = client.get("/party/").content.decode()
    assert "最近一次记录于 2010-11-01" in page and 'href="?as_of=2010-11-01"' in page
    assert "最近一次记录于" not in client.get("/party/?as_of=2010-12-31").content.decode()  # within a quarter
