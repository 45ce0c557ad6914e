"""Importing service facilities: the facility form's rules, upsert by hub + name + division, all or nothing."""
from __future__ import annotations

import codecs
import csv
import datetime
import io

import pytest
from openpyxl import Workbook

from shuniu.divisions.models import Division
from shuniu.imports.services import run_import
from shuniu.imports.specs import facilities
from shuniu.imports.templates_files import template_csv, template_xlsx
from shuniu.services.models import Facility

HEADER = "阵地名称,阵地类型,所属枢纽,行政区划代码,地址,经度,纬度,启用日期,停用日期,覆盖会员数\n"
GOOD = "建外街道职工服务站,工会服务站,市总工会,110105001,朝阳区建国门外大街1号,116.45,39.91,2010-03-01,,1200"
YOUTH = "朝外青年汇,社区青年汇,团市委,110105002,,,,2010-05-01,,"


def csv_file(*lines: str, header: str = HEADER, encoding: str = "utf-8", bom: bool = False) -> io.BytesIO:
    data = (header + "".join(line + "\n" for line in lines)).encode(encoding)
    return io.BytesIO((codecs.BOM_UTF8 if bom else b"") + data)


def run(*lines: str, dry_run: bool = False, user=None, **kwargs):
    return run_import("facilities", csv_file(*lines, **kwargs), dry_run=dry_run, user=user)


def errors(report) -> list[tuple[int, str, str]]:
    return [(e.row, e.column, e.value) for e in report.entries if e.severity == "error"]


def test_a_valid_file_creates_facilities_with_their_history(charter, actor):
    report = run(GOOD, YOUTH)
    assert (report.created, report.invalid, report.rows) == (2, 0, 2), report.entries
    station = Facility.objects.get(name="建外街道职工服务站")
    assert (station.kind, station.hub.slug, station.division.code, str(station.latitude),
            station.members_covered) == ("union_station", "trade-union", "110105001", "39.91000", 1200)
    assert (station.history.get().history_type, station.history.get().history_user) == ("+", actor)
    assert Facility.objects.get(name="朝外青年汇").latitude is None


@pytest.mark.parametrize("line,column,value,reason", [
    (GOOD.replace("116.45,39.91", "121.47,31.23"), "经度", "121.47", "outside Beijing"),
    (GOOD.replace("116.45,39.91", "116.45,"), "", "", "both latitude and longitude"),
    (GOOD.replace("2010-03-01", "2999-01-01"), "启用日期", "2999-01-01", "out of range"),
    (GOOD.replace("2010-03-01,", "2010-03-01,2009-01-01"), "停用日期", "2009-01-01", "close before it opened"),
    (GOOD.replace("工会服务站,", "加油站,"), "阵地类型", "加油站", "not one of"),
    (GOOD.replace("市总工会", "不存在的枢纽"), "所属枢纽", "不存在的枢纽", "no hub of this name"),
    (GOOD.replace("110105001", "999999999"), "行政区划代码", "999999999", "unknown division code"),
    (GOOD.replace(",1200", ",-5"), "覆盖会员数", "-5", "not a whole number"),
    (GOOD.replace("116.45", "东经116度"), "经度", "东经116度", "not a number"),
    (GOOD.replace("建外街道职工服务站", ""), "阵地名称", "", "required"),
])
def test_each_kind_of_bad_row_is_refused_naming_row_column_value_and_reason(charter, line, column, value, reason):
    report = run(YOUTH, line)
    assert report.invalid == 1 and report.created == 0
    bad = [e for e in report.entries if e.severity == "error"]
    assert (bad[0].row, bad[0].column, bad[0].value) == (3, column, value), bad
    assert reason in bad[0].reason
    assert not Facility.objects.exists()  # the good row is not written either


def test_a_row_for_a_stored_facility_updates_only_what_changed(charter):
    run(GOOD)
    station = Facility.objects.get()
    again = run(GOOD)
    assert (again.unchanged, again.updated, again.created) == (1, 0, 0)
    moved = run(GOOD.replace(",1200", ",1500"))
    assert (moved.updated, moved.created) == (1, 0)
    station.refresh_from_db()
    assert (station.members_covered, station.version, station.history.count()) == (1500, 2, 2)


def test_absent_columns_leave_stored_values_alone(charter):
    run(GOOD)
    report = run("建外街道职工服务站,工会服务站,市总工会,110105001,2010-03-01",
                 header="阵地名称,阵地类型,所属枢纽,行政区划代码,启用日期\n")
    assert report.unchanged == 1, report.entries
    assert Facility.objects.get().members_covered == 1200


def test_two_rows_with_one_key_are_refused(charter):
    report = run(GOOD, GOOD.replace(",1200", ",1300"))
    assert report.invalid == 1 and errors(report)[0][:2] == (3, facilities.KEY_LABEL)
    assert not Facility.objects.exists()


def test_likely_duplicates_are_reported_not_merged(charter):
    run(GOOD)
    report = run(GOOD.replace("建外街道职工服务站", "北京市建外街道职工服务站（新）"),
                 YOUTH, YOUTH.replace("朝外青年汇", "朝外 青年汇").replace("团市委", "市科协"))
    assert (report.created, report.duplicates) == (3, 2), report.entries
    reasons = [e.reason for e in report.entries if e.severity == "duplicate"]
    assert any("stored #" in r for r in reasons) and any("as row 3" in r for r in reasons)
    assert Facility.objects.count() == 4


def test_coordinates_with_more_places_are_rounded_with_a_warning(charter):
    report = run(GOOD.replace("116.45,39.91", "116.451234,39.912345"))
    assert (report.created, report.warnings) == (1, 2)
    assert str(Facility.objects.get().longitude) == "116.45123"


def test_a_dry_run_counts_what_the_real_run_does_and_writes_nothing(charter):
    run(GOOD)
    lines = (GOOD.replace(",1200", ",1500"), YOUTH, GOOD.replace("建外街道职工服务站", "建外二站"))
    dry = run(*lines, dry_run=True)
    assert Facility.objects.count() == 1 and Facility.objects.get().members_covered == 1200
    real = run(*lines)
    assert dry.counts() == real.counts() and (real.created, real.updated) == (2, 1)


@pytest.mark.parametrize("encoding,bom", [("utf-8", True), ("gb18030", False)])
def test_csv_in_utf8_with_bom_and_in_gb18030(charter, encoding, bom):
    report = run(GOOD, YOUTH, encoding=encoding, bom=bom)
    assert report.created == 2, report.entries
    assert Facility.objects.filter(name="朝外青年汇").exists()


def test_an_xlsx_workbook_with_english_headers_imports(charter):
    book = Workbook()
    book.active.append(["name", "kind", "hub", "division code", "longitude", "latitude", "opened", "members covered"])
    book.active.append(["建外街道职工服务站", "union_station", "trade-union", 110105001, 116.45, 39.91,
                        datetime.datetime(2010, 3, 1), 1200])
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    report = run_import("facilities", out)
    assert report.created == 1, report.entries
    station = Facility.objects.get()
    assert (station.opened, station.members_covered) == (datetime.date(2010, 3, 1), 1200)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_template_example_row_imports(charter, fmt):
    data = template_csv("facilities") if fmt == "csv" else template_xlsx("facilities")
    report = run_import("facilities", io.BytesIO(data))
    assert (report.created, report.invalid, report.warnings) == (1, 0, 0), report.entries


def test_stored_facilities_written_out_in_the_template_columns_import_back_unchanged(charter):
    """There is no facility export yet: the file is what one would write, every column from the stored record."""
    run(GOOD, YOUTH)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([c.header for c in facilities.COLUMNS])
    for f in Facility.objects.select_related("hub", "division"):
        writer.writerow([f.name, f.get_kind_display(), f.hub.slug, f.division.code, f.address,
                         f.longitude or "", f.latitude or "", f.opened, f.closed or "", f.members_covered or ""])
    report = run_import("facilities", io.BytesIO(out.getvalue().encode("utf-8")))
    assert (report.unchanged, report.updated, report.created, report.invalid) == (2, 0, 0, 0), report.entries


def test_a_hub_imports_only_into_its_own_network(charter, django_user_model):
    from shuniu.accounts.models import Grant, Role

    staff = django_user_model.objects.create_user("hub-trade-union")
    Grant.objects.create(user=staff, role=Role.HUB, hub=charter["trade-union"])
    report = run(GOOD, YOUTH, user=staff)
    assert report.invalid == 1 and errors(report) == [(3, "所属枢纽", "团市委")]
    assert not Facility.objects.exists()
    assert run(GOOD, user=staff).created == 1
    assert Division.objects.filter(code="110105002").exists()


def test_the_command_imports_facilities_as_a_hub_user(charter, tmp_path, settings, django_user_model):
    from django.core.management import call_command

    from shuniu.accounts.models import Grant, Role

    settings.MEDIA_ROOT = tmp_path
    staff = django_user_model.objects.create_user("hub-trade-union")
    Grant.objects.create(user=staff, role=Role.HUB, hub=charter["trade-union"])
    path = tmp_path / "facilities.csv"
    path.write_text(HEADER + GOOD + "\n", encoding="gb18030")
    dry = call_command("import", "facilities", str(path), "--dry-run", "--user", "hub-trade-union")
    assert "created=1" in dry and "dry run" in dry and not Facility.objects.exists()
    real = call_command("import", "facilities", str(path), "--user", "hub-trade-union")
    assert "created=1" in real and Facility.objects.get().history.get().history_user == staff
    path.write_text(HEADER + YOUTH + "\n", encoding="utf-8")
    with pytest.raises(SystemExit):
        call_command("import", "facilities", str(path), "--user", "hub-trade-union")  # 团市委: not its network
    assert Facility.objects.count() == 1


def test_a_hub_name_two_hubs_share_must_be_given_by_its_code(charter):
    youth = charter["youth-league"]
    youth.short_name = charter["trade-union"].short_name  # as district hubs in two districts may
    youth.save()
    report = run(GOOD)
    assert report.invalid == 1 and "slug" in report.entries[0].reason
    assert run(GOOD.replace("市总工会", "trade-union")).created == 1
