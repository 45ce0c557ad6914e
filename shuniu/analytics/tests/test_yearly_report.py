"""The yearly report: its figures come from analytics.figures, it is scoped to the user, and names stay text."""
import datetime
import io
import re
import zipfile
from urllib.parse import unquote

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from openpyxl import load_workbook
from pypdf import PdfReader

from shuniu.accounts.models import Grant, Role
from shuniu.analytics import figures
from shuniu.analytics.report import svg
from shuniu.analytics.report.build import yearly_report
from shuniu.analytics.report.model import show
from shuniu.analytics.report.pdf import write_pdf
from shuniu.analytics.report.sections import add_section
from shuniu.analytics.report.xlsx import write_xlsx
from shuniu.divisions.models import Division
from shuniu.hubs.models import Hub, Recognition
from shuniu.hubs.services import link
from shuniu.registry.models import NoSupervisorReason, Organization, OrgType, SupervisoryUnit
from shuniu.testing import make_org, make_unit

D = datetime.date
MARKUP = "<b>x</b><script>alert(1)</script>"
FORMULA = "=HYPERLINK(\"http://example.invalid\")"


@pytest.fixture
def world(charter):
    """A few organisations in 2010, a city hub whose name is markup, and a district hub in 朝阳."""
    unit = make_unit()
    physics = make_org("北京市物理学会", supervisory_unit=unit)
    link(physics, charter["science"], kind="supervision", start=D(2009, 6, 1), source="manual")
    make_org("北京市金融学会", supervisory_unit=unit, founded=D(2008, 3, 1))
    make_org("北京市新学会", supervisory_unit=unit, founded=D(2012, 1, 1))
    chaoyang = Division.objects.get(code="110105")
    make_org("北京市朝阳区科普协会", level="district", code="110105",
             supervisory_unit=make_unit("朝阳区科委", "district", "110105"))
    dancers = make_org("某社区舞蹈队", org_type=OrgType.COMMUNITY, level="street", code="110105001",
                       no_supervisor_reason=NoSupervisorReason.NOT_REQUIRED)
    make_org("北京市东城区书法协会", level="district", code="110101",
             supervisory_unit=make_unit("东城区文化委", "district", "110101"))
    science = charter["science"]
    science.short_name = MARKUP
    science.save()
    science.organization.name = MARKUP + "协会"
    science.organization.save()
    sub = _district_hub(science, chaoyang)
    link(dancers, sub, kind="liaison", start=D(2010, 3, 1), source="manual")
    field = science.fields.first()
    field.name = FORMULA
    field.save()
    physics.refresh_from_db()  # link() made the hub its supervisory unit since it was read
    physics.field = field
    physics.save()
    return charter


def _district_hub(parent: Hub, district: Division) -> Hub:
    org = Organization.objects.create(name="北京市朝阳区科学技术协会", org_type="people_org", level="district",
                                      registering_division=district,
                                      no_supervisor_reason=NoSupervisorReason.NOT_REQUIRED)
    unit = SupervisoryUnit.objects.create(name="朝阳区科协", kind="hub", level="district", division=district)
    hub = Hub.objects.create(organization=org, slug="science-110105", short_name="朝阳区科协", level="district",
                             division=district, parent=parent, supervisory_unit=unit)
    Recognition.objects.create(hub=hub, recognised_by=district, batch=1, recognised_on=D(2009, 6, 1))
    return hub


def _user(django_user_model, name, role, **scope):
    user = django_user_model.objects.create_user(name, password="pw")
    Grant.objects.create(user=user, role=role, **scope)
    return user


@pytest.fixture
def office(world, django_user_model):
    return _user(django_user_model, "office", Role.OFFICE)


@pytest.fixture
def chaoyang_office(world, django_user_model):
    return _user(django_user_model, "district-110105", Role.DISTRICT, division=Division.objects.get(code="110105"))


def _section(report, key):
    return next(s for s in report.sections if s.key == key)


def _headline(report) -> dict:
    return {row[0]: row[1].value for row in _section(report, "headline").rows}


def _pdf_text(report) -> str:
    buffer = io.BytesIO()
    write_pdf(report, buffer)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(buffer.getvalue())).pages)
    return re.sub(r"\s+", "", text)  # table cells wrap long names: compare without line breaks


def _xlsx(report):
    buffer = io.BytesIO()
    write_xlsx(report, buffer)
    return buffer.getvalue()


def _cells(data: bytes) -> list:
    workbook = load_workbook(io.BytesIO(data))
    return [cell for sheet in workbook for row in sheet.iter_rows() for cell in row if cell.value is not None]


def test_the_city_report_shows_the_figures_functions_numbers(office):
    report = yearly_report(office, 2010)
    summary = figures.summary(D(2010, 12, 31))
    headline = _headline(report)
    assert report.area == "北京市" and report.as_of == "2010-12-31"
    assert headline["登记社会组织"] == summary["registered_total"] == 14
    assert headline["社会组织合计"] == summary["total"]
    assert headline["每万常住人口拥有登记社会组织"] == summary["density_per_10k_residents"]
    assert headline["市级登记社会组织纳入枢纽联系的比例"] == summary["city_level_hub_coverage"]
    districts = {row[1]: row for row in _section(report, "districts").rows}
    assert districts["110105"][2:4] == [1, 1] and districts["110101"][2] == 1
    hubs = _section(report, "hubs")
    assert len(hubs.rows) == 22 and hubs.charts[0].kind == "hbar"


def test_figures_of_later_years_stay_out_of_the_report(office):
    years = _section(yearly_report(office, 2010), "years")
    assert all(int(row[0]) <= 2010 for row in years.rows)
    assert 2012 in [int(row[0]) for row in _section(yearly_report(office, 2012), "years").rows]


def test_a_district_office_gets_its_district_only(chaoyang_office):
    report = yearly_report(chaoyang_office, 2010)
    assert report.area == "朝阳区" and report.code == "110105"
    headline = _headline(report)
    assert headline["登记社会组织"] == 1 and headline["备案及未登记社会组织"] == 1
    assert headline["区级“枢纽型”社会组织"] == 1
    assert [s.key for s in report.sections] == ["headline", "by_type", "hubs", "party", "reach", "fields", "years",
                                               "oversight"]
    assert [row[1] for row in _section(report, "hubs").rows] == ["朝阳区科协"]
    text = _pdf_text(report)
    assert "朝阳区科协" in text and "东城区" not in text


def test_a_district_office_cannot_ask_for_another_district(chaoyang_office):
    with pytest.raises(PermissionDenied):
        yearly_report(chaoyang_office, 2010, "110101")


def test_hub_staff_get_no_yearly_report(world, django_user_model):
    staff = _user(django_user_model, "hub-science", Role.HUB, hub=world["science"])
    with pytest.raises(PermissionDenied):
        yearly_report(staff, 2010)


def test_markup_in_names_is_printed_as_text_in_the_pdf(office):
    text = _pdf_text(yearly_report(office, 2010))
    assert MARKUP + "协会" in text  # the table
    assert text.count(MARKUP) >= 2  # and the bar chart's label


def test_markup_and_formulas_stay_text_in_the_workbook(office):
    data = _xlsx(yearly_report(office, 2010))
    values = [c.value for c in _cells(data)]
    assert MARKUP + "协会" in values and MARKUP in values
    assert "'" + FORMULA in values and FORMULA not in values
    assert not any(c.data_type == "f" for c in _cells(data))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) == 8  # type, districts (2), hubs, party, supervisory units, fields, years
        assert any(b"<c:pieChart>" in archive.read(n) for n in charts)
        # horizontal bars read top-down like their table: the category axis runs from max to min
        bars = [archive.read(n).decode() for n in charts if b'<c:barDir val="bar"/>' in archive.read(n)]
        assert bars and all(re.search(r"<c:catAx>.*?maxMin.*?</c:catAx>", x, re.S) for x in bars)


def test_workbook_numbers_are_numbers(office):
    workbook = load_workbook(io.BytesIO(_xlsx(yearly_report(office, 2010))))
    sheet = next(s for s in workbook if "基本情况" in s.title)
    rows = {row[0].value: row[1] for row in sheet.iter_rows(min_row=5) if row[0].value}
    assert rows["登记社会组织"].value == 14 and rows["登记社会组织"].number_format == "#,##0"
    assert rows["市级登记社会组织纳入枢纽联系的比例"].number_format == "0.0%"


def test_svg_escapes_every_label():
    from shuniu.analytics.report.model import Chart, Series

    drawing = svg.render(Chart("hbar", "t", [MARKUP], [Series("s", [3])]))
    assert "<script>" not in drawing and "&lt;script&gt;alert(1)&lt;/script&gt;" in drawing


def test_another_app_can_add_a_section(office, monkeypatch):
    from shuniu.analytics.report import sections
    from shuniu.analytics.report.model import Column, Section

    monkeypatch.setattr(sections, "SECTIONS", list(sections.SECTIONS))

    def reach(area):
        return Section("reach", "服务覆盖", [Column("指标")], [["职工服务中心"]])

    add_section(reach, after="hubs")
    keys = [s.key for s in yearly_report(office, 2010).sections]
    assert keys.index("reach") == keys.index("hubs") + 1


def test_missing_figures_show_as_a_dash():
    assert show(None, "pct") == "—" and show(0.8094, "pct") == "80.9%" and show(0, "int") == "0"


def test_the_command_writes_both_formats(office, tmp_path):
    out = io.StringIO()
    call_command("report", "yearly", "--year", "2010", "--format", "xlsx", "--out", str(tmp_path / "r.xlsx"),
                 "--user", "office", stdout=out)
    assert "北京市 2010" in out.getvalue()
    call_command("report", "yearly", "--year", "2010", "--format", "pdf", "--out", str(tmp_path / "r.pdf"),
                 "--district", "110105", stdout=out)
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")


def test_the_command_names_what_is_wrong(office, tmp_path):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="--user: no account named 'nobody'"):
        call_command("report", "yearly", "--year", "2010", "--out", str(tmp_path / "r.pdf"), "--user", "nobody")
    with pytest.raises(CommandError, match="--year"):
        call_command("report", "yearly", "--year", "1800", "--out", str(tmp_path / "r.pdf"))


def test_the_download_serves_the_users_report(client, office, chaoyang_office):
    client.force_login(office)
    response = client.get("/reports/yearly/?year=2010&format=xlsx")
    assert response.status_code == 200
    assert unquote(response["Content-Disposition"]) == "attachment; filename*=utf-8''年度报告-2010-110000.xlsx"
    client.force_login(chaoyang_office)
    response = client.get("/reports/yearly/?year=2010&format=pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert "110105" in response["Content-Disposition"]
    assert client.get("/reports/yearly/?year=2010&format=pdf&district=110101").status_code == 403


def test_bad_download_requests_say_what_is_wrong(client, office):
    client.force_login(office)
    response = client.get("/reports/yearly/?year=20x0&format=pdf")
    assert response.status_code == 400 and "year" in response.content.decode() and "20x0" in response.content.decode()
    response = client.get("/reports/yearly/?year=2010&format=doc")
    page = response.content.decode()
    assert response.status_code == 400 and "&#x27;doc&#x27;" in page and "未做任何处理" in page  # a page, not text


def test_the_dashboard_and_district_page_offer_the_download(client, office, chaoyang_office):
    client.force_login(office)
    assert 'action="/reports/yearly/"' in client.get("/dashboard/").content.decode()
    client.force_login(chaoyang_office)
    page = client.get("/districts/110105/").content.decode()
    assert 'action="/reports/yearly/"' in page and 'name="district" value="110105"' in page
