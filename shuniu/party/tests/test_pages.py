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
