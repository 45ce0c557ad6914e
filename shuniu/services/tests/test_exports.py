"""Facilities and activities export in their import's columns: a file downloaded and imported back changes nothing."""
from __future__ import annotations

import datetime
import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from shuniu.exports.tables import TABLES
from shuniu.exports.writers import BadFilter, write
from shuniu.hubs.services import link
from shuniu.imports.services import run_import
from shuniu.registry import uscc
from shuniu.services.models import Activity, Facility, Participation
from shuniu.testing import make_org

D = datetime.date


@pytest.fixture
def network(charter):
    union = charter["trade-union"]
    station = Facility.objects.create(name="建外街道职工服务站", kind="union_station", hub=union,
                                      division_id=union.division_id, address="建国门外大街1号", opened=D(2009, 1, 1),
                                      longitude="116.44500", latitude="39.90800", members_covered=1200)
    Facility.objects.create(name="=SUM(A1)", kind="other", hub=union, division_id=union.division_id,
                            opened=D(2009, 3, 1), closed=D(2010, 3, 1))
    mediators = make_org("北京市劳动争议调解协会", uscc=None)
    rights = make_org("北京市职工维权服务中心", uscc=uscc.build("5", "1", "110000", "MJ000002"))
    for org in (mediators, rights):
        link(org, union, kind="liaison", start=D(2009, 1, 1), source="manual")
    day = Activity.objects.create(title="职工法律咨询日", hub=union, facility=station, start=D(2010, 5, 1),
                                  end=D(2010, 5, 2), served=80, reached=300, description="咨询、调解")
    for org in (mediators, rights):
        Participation.objects.create(activity=day, organization=org)
    Activity.objects.create(title="调解员培训", hub=union, organizer=rights, start=D(2010, 6, 1), served=20,
                            reached=20)
    return {"union": union, "station": station, "mediators": mediators, "rights": rights}


def exported(kind: str, fmt: str) -> bytes:
    table = TABLES[kind]
    handle = io.BytesIO()
    write(table, fmt, table.rows_for(_office(), {}), handle)
    return handle.getvalue()


def _office():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get_or_create(username="export-office", is_superuser=True)[0]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("kind", ["facilities", "activities"])
def test_a_file_exported_and_imported_back_changes_nothing(network, kind, fmt):
    before = {"facilities": Facility.history.count(), "activities": Activity.history.count()}
    data = exported(kind, fmt)
    report = run_import(kind, io.BytesIO(data))
    assert (report.invalid, report.created, report.updated, report.unchanged) == (0, 0, 0, 2), report.entries
    assert {"facilities": Facility.history.count(), "activities": Activity.history.count()} == before


def test_the_columns_are_the_import_templates_and_cells_read_as_offices_write_them(network):
    lines = exported("facilities", "csv").decode("utf-8-sig").splitlines()
    assert lines[0] == "阵地名称,阵地类型,所属枢纽,行政区划代码,地址,经度,纬度,启用日期,停用日期,覆盖会员数"
    assert "建外街道职工服务站,工会服务站,市总工会,110000,建国门外大街1号,116.445,39.908,2009-01-01,,1200" in lines
    assert any(line.startswith("'=SUM(A1),") for line in lines)  # never run as a formula
    sheet = openpyxl.load_workbook(io.BytesIO(exported("activities", "xlsx")), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:9] == ("活动名称", "所属枢纽", "主办组织", "阵地", "开始日期", "结束日期", "服务人数", "覆盖人数",
                           "参与社会组织")
    day = next(row for row in rows if row[0] == "职工法律咨询日")
    rights = network["rights"]
    assert day[1:9] == ("市总工会", None, "建外街道职工服务站", "2010-05-01", "2010-05-02", 80, 300,
                        "、".join(sorted(["北京市劳动争议调解协会", rights.uscc])))
    training = next(row for row in rows if row[0] == "调解员培训")
    assert training[2] == rights.uscc  # an organisation by its credit code, the import's surest key


def test_the_command_exports_each_list_and_refuses_a_format_it_has_not(network, tmp_path):
    out = tmp_path / "activities.csv"
    message = call_command_text("export", "activities", "--format", "csv", "--out", str(out))
    assert message.strip() == f"2 activities → {out}"
    assert out.read_text("utf-8-sig").splitlines()[0].startswith("活动名称,所属枢纽,主办组织")
    with pytest.raises(CommandError, match="facilities export as csv or xlsx, not json"):
        call_command_text("export", "facilities", "--format", "json", "--out", str(tmp_path / "f.json"))
    assert not (tmp_path / "f.json").exists()


def call_command_text(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_the_file_is_named_in_chinese_with_the_day(network, client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("office-file"))
    response = client.get("/activities/export.xlsx")
    assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''%E6%B4%BB%E5%8A%A8-")  # 活动-
    assert response["Content-Disposition"].endswith(f"{timezone.localdate():%Y%m%d}.xlsx")


def test_a_large_list_is_written_by_the_same_job_as_organisations(network, settings, tmp_path, django_user_model):
    from shuniu.exports import jobs

    settings.MEDIA_ROOT, settings.EXPORT_JOB_ROWS = tmp_path, 1
    office = _office()
    job = jobs.run_job(jobs.create_job(office, "xlsx", "hub=trade-union", kind="facilities").pk)
    assert (job.state, job.kind, job.rows_written, job.filename[:5]) == ("done", "facilities", 2, "服务阵地-")
    sheet = openpyxl.load_workbook(job.file.path, read_only=True).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["'=SUM(A1)", "建外街道职工服务站"]
    with pytest.raises(BadFilter, match="json"):
        jobs.create_job(office, "json", "", kind="activities")  # open-data JSON is the organisations' only
