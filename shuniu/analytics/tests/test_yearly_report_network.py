"""The report's 党建工作, 服务阵地与覆盖 and 监督管理 sections: the apps' figures, scoped to the user, names as text."""
import datetime

import pytest

from shuniu.analytics.report.build import yearly_report
from shuniu.oversight.models import AnnualReport, CreditListEntry, Grading
from shuniu.party.models import Coverage, PartyMeeting, PartyMember, PartyOrganization
from shuniu.registry.models import Organization
from shuniu.services.models import Activity, Facility
from shuniu.testing import division

from .test_yearly_report import (  # noqa: F401  (fixtures)
    MARKUP,
    _pdf_text,
    _section,
    chaoyang_office,
    office,
    world,
)

D = datetime.date


@pytest.fixture
def records(world):  # noqa: F811
    """Party, service and oversight records on the report's small world (see test_yearly_report.world)."""
    orgs = {o.name: o for o in Organization.objects.all()}
    physics, finance = orgs["北京市物理学会"], orgs["北京市金融学会"]
    chaoyang_org, calligraphy = orgs["北京市朝阳区科普协会"], orgs["北京市东城区书法协会"]
    branch = PartyOrganization.objects.create(name="物理学会党支部", kind="branch", hub=world["science"],
                                              founded=D(2009, 9, 1))
    Coverage.objects.create(party_organization=branch, organization=physics)
    PartyMeeting.objects.create(party_organization=branch, kind="party_lecture", date=D(2010, 11, 5), attendees=5,
                                topic="党课")
    PartyMeeting.objects.create(party_organization=branch, kind="party_lecture", date=D(2011, 2, 5), attendees=5,
                                topic="明年的党课")
    for n in range(3):  # three full members and no party organisation: one due
        PartyMember.objects.create(name=f"党员{n}", id_number=f"11010119800101{n:04d}", organization=finance,
                                   registered_elsewhere="某街道党工委")
    PartyMember.objects.create(name="口袋", id_number="110105198001019993", organization=chaoyang_org)
    street = division("110105001")
    for n in range(2):
        Facility.objects.create(name=f"工会服务站{n}", kind="union_station", hub=world["trade-union"],
                                division=street, opened=D(2009, 1, 1), members_covered=1500)
    Facility.objects.create(name="职工服务中心", kind="worker_centre", hub=world["trade-union"], division=street,
                            opened=D(2010, 1, 1), members_covered=200)
    Facility.objects.create(name="明年的站", kind="union_station", hub=world["trade-union"], division=street,
                            opened=D(2011, 1, 1))
    youth = Facility.objects.create(name="朝外社区青年汇", kind="youth_hub", hub=world["youth-league"],
                                    division=street, opened=D(2010, 3, 1))
    Activity.objects.create(title="青年汇读书会", hub=world["youth-league"], facility=youth, start=D(2010, 5, 1),
                            served=40, reached=100)
    sub = world["science"].children.get()
    Facility.objects.create(name="朝阳科普服务点", kind="other", hub=sub, division=street, opened=D(2010, 1, 1))
    for org, conclusion in ((physics, "passed"), (finance, "basic"), (chaoyang_org, "failed")):
        AnnualReport.objects.create(organization=org, year=2009, state="concluded", conclusion=conclusion,
                                    filed_on=D(2010, 4, 1), concluded_on=D(2010, 6, 30))
    AnnualReport.objects.create(organization=calligraphy, year=2010, state="concluded", conclusion="passed",
                                filed_on=D(2011, 4, 1), concluded_on=D(2011, 6, 30))
    CreditListEntry.objects.create(organization=calligraphy, list_kind="abnormal", cause="other",
                                   entered_on=D(2010, 7, 1), reason_in="未按时年检")
    CreditListEntry.objects.create(organization=chaoyang_org, list_kind="abnormal", cause="other", state="left",
                                   entered_on=D(2009, 7, 1), reason_in="失联", left_on=D(2010, 3, 1),
                                   reason_out="恢复联系")
    Grading.objects.create(organization=physics, state="graded", applied_on=D(2010, 3, 1), score=920, grade="4A",
                           decided_on=D(2010, 9, 1), valid_until=D(2015, 8, 31))
    Grading.objects.create(organization=finance, state="graded", applied_on=D(2007, 3, 1), score=960, grade="5A",
                           decided_on=D(2007, 9, 1), valid_until=D(2012, 8, 31))
    return world


def _rows(section) -> dict:
    return {row[0]: row[1:] for row in section.rows}


def _values(section) -> dict:
    return {row[0]: row[1].value for row in section.rows}


def test_the_party_section_counts_the_city_and_each_district(office, records):  # noqa: F811  (fixtures imported above)
    party = _section(yearly_report(office, 2010), "party")
    rows = _rows(party)
    # Counted in 2010: 物理, 金融, 朝阳科普, 舞蹈队, 东城书法 (新学会 founded 2012, hubs excluded).
    assert rows["北京市"] == [5, 1, 0.2, 1, 0.2, 1, 1, 1]
    assert rows["朝阳区"][:2] == [2, 0] and rows["朝阳区"][6] == 1  # its 口袋党员
    assert rows["东城区"][0] == 1
    assert [r[0] for r in party.rows][1:3] == ["东城区", "西城区"]
    assert party.charts[0].percent and party.title == "党建工作"


def test_the_reach_section_shows_each_city_hubs_facilities(office, records):  # noqa: F811  (fixtures imported above)
    reach = _section(yearly_report(office, 2010), "reach")
    headers = [c.header for c in reach.columns]
    rows = {row[0]: dict(zip(headers, row, strict=True)) for row in reach.rows}
    union = rows["市总工会"]
    assert union["服务阵地"] == 3 and union["工会服务站"] == 2 and union["职工服务(帮扶)中心"] == 1
    assert union["覆盖会员"] == 3200  # the station opening in 2011 is not counted
    youth = rows["团市委"]
    assert youth["社区青年汇"] == 1 and youth["活动项数"] == 1 and youth["服务人次"] == 40
    assert youth["影响人次"] == 100
    assert rows[MARKUP]["服务阵地"] == 1  # the science network holds its 朝阳 sub-hub's point
    assert rows["全部枢纽网络"]["服务阵地"] == 5 and reach.rows[0][0] == "全部枢纽网络"
    assert "市总工会工会服务站2个" in reach.text
    assert [c.kind for c in reach.charts] == ["hbar", "hbar"]


def test_the_oversight_section_counts_the_years_inspection_lists_and_grades(office, records):  # noqa: F811  (fixtures imported above)
    values = _values(_section(yearly_report(office, 2010), "oversight"))
    assert values["2010年作出年检结论（2009年度报告）"] == 3
    assert values["　合格"] == 1 and values["　基本合格"] == 1 and values["　不合格"] == 1
    assert values["年检合格率"] == pytest.approx(0.333)
    assert values["活动异常名录：年内列入"] == 1 and values["活动异常名录：年内移出"] == 1
    assert values["活动异常名录：年末在册"] == 1 and values["严重违法失信名单：年内列入"] == 0
    assert values["年内评为4A（年末有效：1家）"] == 1
    assert values["年内评为5A（年末有效：1家）"] == 0  # graded in 2007, still valid


def test_a_district_report_has_its_districts_figures_and_hubs_only(chaoyang_office, records):  # noqa: F811  (fixtures imported above)
    report = yearly_report(chaoyang_office, 2010)
    party = _rows(_section(report, "party"))
    assert list(party) == ["朝阳区", "朝阳区科协"]
    assert party["朝阳区"][:2] == [2, 0] and party["朝阳区"][6] == 1
    assert party["朝阳区科协"][0] == 1  # the dancers its sub-hub links
    reach = _section(report, "reach")
    assert [row[0] for row in reach.rows] == ["全部枢纽网络", "朝阳区科协"] and reach.rows[1][1] == 1
    values = _values(_section(report, "oversight"))
    assert values["2010年作出年检结论（2009年度报告）"] == 1 and values["　不合格"] == 1
    assert values["活动异常名录：年内列入"] == 0 and values["活动异常名录：年内移出"] == 1
    assert "市总工会" not in _pdf_text(report)


def test_hub_names_in_the_new_sections_are_printed_as_text(office, records):  # noqa: F811  (fixtures imported above)
    report = yearly_report(office, 2010)
    assert MARKUP in [row[0] for row in _section(report, "reach").rows]
    text = _pdf_text(report)
    assert "<script>alert(1)</script>" in text  # the markup is printed, not run
