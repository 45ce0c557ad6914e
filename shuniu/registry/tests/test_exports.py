import json
from io import StringIO

from django.core.management import call_command
from openpyxl import load_workbook

from shuniu.registry import exports, uscc
from shuniu.registry.models import Organization
from shuniu.testing import make_org, make_unit


def test_cells_a_spreadsheet_would_run_are_neutralised(beijing):
    make_org("=HYPERLINK(\"http://evil\")", supervisory_unit=make_unit(), legal_representative="@SUM(A1)")
    text = "".join(exports.csv_chunks(Organization.objects.all()))
    assert "'=HYPERLINK" in text and "'@SUM(A1)" in text
    assert "\n=HYPERLINK" not in text and ",=HYPERLINK" not in text


def test_markup_in_names_is_data_not_markup(beijing):
    make_org("<script>alert(1)</script>协会", supervisory_unit=make_unit())
    record = json.loads("".join(exports.json_chunks(Organization.objects.all())))[0]
    assert record["name"] == "<script>alert(1)</script>协会"


def test_open_data_identifiers_use_the_credit_code(beijing):
    code = uscc.build("5", "1", "110000", "50001234")
    make_org("北京市开放数据学会", supervisory_unit=make_unit(), uscc=code)
    make_org("某读书会", org_type="grassroots", level="street", code="110101001")
    ids = {r["name"]: r["id"] for r in json.loads("".join(exports.json_chunks(Organization.objects.all())))}
    assert ids["北京市开放数据学会"] == f"CN-USCI-{code}"
    assert ids["某读书会"].startswith("XI-SHUNIU-")


def test_the_workbook_has_chinese_headers_and_every_row(beijing, tmp_path):
    for i in range(3):
        make_org(f"北京市工作簿测试{i}学会", supervisory_unit=make_unit(f"单位{i}"))
    path = tmp_path / "orgs.xlsx"
    exports.write_xlsx(Organization.objects.all(), str(path))
    rows = list(load_workbook(path, read_only=True).active.iter_rows(values_only=True))
    assert rows[0][:2] == ("统一社会信用代码", "名称")
    assert sorted(r[1] for r in rows[1:]) == [f"北京市工作簿测试{i}学会" for i in range(3)]
    assert rows[1][2] == "社会团体" and rows[1][4] == "市级"


def test_the_command_exports_what_the_named_user_may_see(charter, tmp_path, django_user_model):
    from shuniu.accounts.models import Grant, Role

    make_org("北京市命令行导出学会", supervisory_unit=make_unit())
    clerk = django_user_model.objects.create_user("clerk")
    Grant.objects.create(user=clerk, role=Role.HUB, hub=charter["arts"])
    out = tmp_path / "mine.csv"
    call_command("export", "organizations", "--format", "csv", "--out", str(out), "--user", "clerk", stdout=StringIO())
    assert "北京市命令行导出学会" not in out.read_text(encoding="utf-8")
    call_command("export", "organizations", "--format", "csv", "--out", str(out), stdout=StringIO())
    assert "北京市命令行导出学会" in out.read_text(encoding="utf-8")
