import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command

from shuniu.accounts.models import Grant, Role
from shuniu.analytics import figures
from shuniu.hubs.services import link
from shuniu.registry.models import NoSupervisorReason, OrgType
from shuniu.registry.services import record_event
from shuniu.testing import make_org, make_unit

D = datetime.date
END_2010 = D(2010, 12, 31)


@pytest.fixture
def world(charter):
    unit = make_unit()
    linked = make_org("北京市物理学会", supervisory_unit=unit)
    link(linked, charter["science"], kind="supervision", start=D(2009, 6, 1), source="manual")
    make_org("北京市金融学会", supervisory_unit=unit)
    make_org("北京市新学会", supervisory_unit=unit, founded=D(2012, 1, 1))
    ended = make_org("北京市朝阳区某某服务中心", org_type=OrgType.SERVICE_ORG, level="district", code="110105",
                     supervisory_unit=make_unit("朝阳区民政局", "district", "110105"))
    record_event(ended, "deregistered", D(2009, 5, 1))
    make_org("某社区舞蹈队", org_type=OrgType.COMMUNITY, level="street", code="110105001",
             no_supervisor_reason=NoSupervisorReason.NOT_REQUIRED)
    youth = make_org("某青年读书会", org_type=OrgType.GRASSROOTS, level="street", code="110105001")
    link(youth, charter["youth-league"], kind="liaison", start=D(2010, 1, 1), source="manual")
    return charter


def test_the_summary_counts_what_existed_on_the_date(world):
    s = figures.summary(END_2010)
    # two city associations drawn here, plus the ten hubs registered as associations
    assert s["by_type"] == {"association": 12, "service_org": 0, "foundation": 0}
    assert s["registered_total"] == 12
    assert s["filed_by_type"] == {"community": 1, "grassroots": 1}
    assert s["total"] == 14
    assert figures.summary(D(2013, 1, 1))["registered_total"] == 13
    assert figures.summary(D(2009, 1, 1))["by_type"]["service_org"] == 1


def test_densities_divide_by_the_population_record(world):
    s = figures.summary(END_2010)
    assert s["density_per_10k_residents"] == round(12 * 10_000 / 19_700_000, 1)
    assert s["density_per_10k_registered_residents"] == round(12 * 10_000 / 12_570_000, 1)
    assert s["population"]["year"] == 2010


def test_coverage_leaves_out_the_hubs_themselves(world):
    assert figures.summary(END_2010)["city_level_hub_coverage"] == 0.5
    assert figures.summary(D(2009, 1, 1))["city_level_hub_coverage"] == 0.0  # the link started in June


def test_hubs_count_by_level_and_batch_as_recognised_on_the_date(world):
    assert figures.summary(END_2010)["hubs"] == {"city": 22, "district": 0, "street": 0}
    assert figures.summary(END_2010)["hubs_by_batch"] == {"1": 10, "2": 12}
    mid_2010 = figures.summary(D(2010, 6, 1))
    assert mid_2010["hubs"]["city"] == 10 and mid_2010["hubs_by_batch"] == {"1": 10}


def test_orphans_are_those_with_neither_supervisor_nor_link(world):
    orphans = figures.without_supervisor_or_hub(END_2010)
    assert list(orphans.values_list("name", flat=True)) == ["某社区舞蹈队"]
    assert figures.summary(END_2010)["organizations_without_supervisor_or_hub"] == 1


def test_supervisory_units_count_the_ones_in_use(world):
    # 市科委 (two unlinked associations) and 市科协 (the linked one); the 朝阳 unit's organisation ended
    assert figures.summary(END_2010)["supervisory_units"] == 2


def test_district_rows_fold_retired_codes_into_their_successor(world):
    make_org("北京市崇文区老年协会", level="district", code="110103", supervisory_unit=make_unit("崇文区民政局"))
    rows = {row["code"]: row for row in figures.districts(END_2010)}
    assert len(rows) == 16
    assert rows["110101"]["registered"] == 1
    assert rows["110105"]["filed"] == 2


def test_report_summary_prints_json(world):
    out = StringIO()
    call_command("report", "summary", "--json", "--as-of", "2010-12-31", stdout=out)
    data = json.loads(out.getvalue())
    assert data["registered_total"] == 12 and data["as_of"] == "2010-12-31"


def test_report_summary_prints_chinese_text(world):
    out = StringIO()
    call_command("report", "summary", "--as-of", "2010-12-31", stdout=out)
    assert "登记社会组织 12 家" in out.getvalue()


def test_the_dashboard_needs_a_login(client, db):
    response = client.get("/dashboard/")
    assert response.status_code == 302 and response.url.startswith("/login/")


def test_the_office_sees_the_figures(client, world, django_user_model):
    user = django_user_model.objects.create_user("office", password="pw")
    Grant.objects.create(user=user, role=Role.OFFICE)
    client.force_login(user)
    response = client.get("/dashboard/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "市科协" in page and "朝阳区" in page


def test_hub_staff_are_refused_the_city_figures(client, world, django_user_model):
    user = django_user_model.objects.create_user("hub-science", password="pw")
    Grant.objects.create(user=user, role=Role.HUB, hub=world["science"])
    client.force_login(user)
    assert client.get("/dashboard/").status_code == 403
