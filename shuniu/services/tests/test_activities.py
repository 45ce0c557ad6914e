"""Activities: bad numbers refused with a clear message; reach figures and `shuniu report reach`."""
import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from shuniu.accounts.models import Grant, Role
from shuniu.hubs.services import link
from shuniu.services.figures import hub_reach
from shuniu.services.models import Activity, Facility
from shuniu.testing import division, make_org

D = datetime.date


@pytest.fixture
def hub_client(client, charter, django_user_model):
    user = django_user_model.objects.create_user("youth-staff")
    Grant.objects.create(user=user, role=Role.HUB, hub=charter["youth-league"])
    client.force_login(user)
    return client


@pytest.fixture
def youth(charter):
    group = make_org("北京青年读书会", org_type="grassroots", level="street", code="110105001")
    link(group, charter["youth-league"], kind="liaison", start=D(2010, 1, 1), source="manual")
    facility = Facility.objects.create(name="朝外社区青年汇", kind="youth_hub", hub=charter["youth-league"],
                                       division=division("110105001"), opened=D(2010, 1, 1),
                                       latitude="39.92", longitude="116.44")
    return {"group": group, "facility": facility, "hub": charter["youth-league"]}


def post(client, youth, **changes):
    data = {"title": "青年读书节", "hub": youth["hub"].pk, "start": "2010-10-01", "served": 30, "reached": 200,
            "facility_name": youth["facility"].name, "participants": youth["group"].name}
    return client.post("/activities/new/", {**data, **changes})


@pytest.mark.parametrize("changes, field_text", [
    ({"served": -5}, "-5"),
    ({"served": 300, "reached": 200}, "300"),
    ({"reached": -1, "served": 0}, "-1"),
])
def test_bad_numbers_are_refused_with_the_value_named(hub_client, youth, changes, field_text):
    response = post(hub_client, youth, **changes)
    assert response.status_code == 200
    errors = response.content.decode().split('class="error"', 1)[1]
    assert field_text in errors
    assert not Activity.objects.exists()


def test_a_future_activity_and_an_unknown_organisation_are_refused(hub_client, youth):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert post(hub_client, youth, start=tomorrow.isoformat()).status_code == 200
    response = post(hub_client, youth, participants="没有这个组织")
    assert "没有这个组织" in response.content.decode().split('class="error"', 1)[1]
    assert not Activity.objects.exists()


def test_the_api_refuses_more_served_than_reached(client, youth, django_user_model):
    user = django_user_model.objects.create_user("office-api")
    Grant.objects.create(user=user, role=Role.OFFICE)
    client.force_login(user)
    response = client.post("/api/activities/", {"title": "x", "hub": "youth-league", "start": "2010-10-01",
                                                "served": 10, "reached": 5}, content_type="application/json")
    assert response.status_code == 400
    assert "served" in response.json()
    assert not Activity.objects.exists()


def test_a_recorded_activity_counts_in_the_hubs_reach(hub_client, youth):
    assert post(hub_client, youth).status_code == 302
    activity = Activity.objects.get()
    assert list(activity.organizations.all()) == [youth["group"]]
    reach = hub_reach({youth["hub"].pk}, D(2010, 12, 31))
    assert reach["facilities_by_kind"] == {"youth_hub": 1}
    assert (reach["activities"], reach["people_served"], reach["people_reached"]) == (1, 30, 200)
    assert reach["reached_beyond_served"] == 170
    assert (reach["organizations_linked"], reach["organizations_taking_part"]) == (1, 1)
    assert hub_reach({youth["hub"].pk}, D(2010, 9, 30))["activities"] == 0  # as of a day before it


def test_union_members_covered_are_summed_from_the_facilities(charter):
    for n, members in enumerate([1200, 800]):
        Facility.objects.create(name=f"工会服务站{n}", kind="union_station", hub=charter["trade-union"],
                                division=division("110101001"), opened=D(2010, 1, 1), members_covered=members)
    Facility.objects.create(name="已关闭的站", kind="union_station", hub=charter["trade-union"],
                            division=division("110101001"), opened=D(2009, 1, 1), closed=D(2010, 6, 1),
                            members_covered=999)
    assert hub_reach({charter["trade-union"].pk}, D(2010, 12, 31))["members_covered"] == 2000


def test_report_reach_prints_each_city_hub_and_the_party_figures(youth, hub_client):
    post(hub_client, youth)
    out = StringIO()
    call_command("report", "reach", "--json", "--as-of", "2010-12-31", stdout=out)
    data = json.loads(out.getvalue())
    youth_row = next(row for row in data["hubs"] if row["slug"] == "youth-league")
    assert youth_row["people_served"] == 30 and youth_row["facilities_by_kind"] == {"youth_hub": 1}
    assert set(youth_row["party"]) >= {"organization_coverage", "work_coverage", "due", "pocket_members",
                                       "meetings_last_quarter"}
    assert len(data["districts"]) == 16
    text = StringIO()
    call_command("report", "reach", "--as-of", "2010-12-31", stdout=text)
    assert "团市委" in text.getvalue() and "社区青年汇 1" in text.getvalue()


def test_coordinates_outside_beijing_are_refused(charter):
    from django.core.exceptions import ValidationError

    facility = Facility(name="错位", kind="womens_home", hub=charter["women"], division=division("110101001"),
                        opened=D(2010, 1, 1), latitude="31.23", longitude="121.47")
    with pytest.raises(ValidationError) as error:
        facility.full_clean()
    assert "latitude" in error.value.message_dict


def test_a_facility_map_page_draws_points_from_coordinates(client, youth, django_user_model):
    user = django_user_model.objects.create_user("office-map")
    Grant.objects.create(user=user, role=Role.OFFICE)
    client.force_login(user)
    page = client.get("/hubs/youth-league/facilities/").content.decode()
    assert '"points": [[116.44, 39.92' in page
    assert "vendor/echarts/echarts.min.js" in page and "cdn" not in page.lower()




def test_an_activity_at_another_hubs_facility_is_refused(charter):
    from django.core.exceptions import ValidationError

    home = Facility.objects.create(name="某妇女之家", kind="womens_home", hub=charter["women"],
                                   division=division("110101001"), opened=D(2010, 1, 1))
    activity = Activity(title="借用场地", hub=charter["youth-league"], facility=home, start=D(2010, 5, 1))
    with pytest.raises(ValidationError) as error:
        activity.full_clean()
    assert "facility" in error.value.message_dict
