"""Importing organisations: matching, all-or-nothing, duplicates, encodings, history."""
from __future__ import annotations

import codecs
import datetime
import io

import pytest

from shuniu.imports.services import run_import
from shuniu.registry import uscc as uscc_rules
from shuniu.registry.models import NoSupervisorReason, Organization
from shuniu.testing import make_org, make_unit

HEADER = "统一社会信用代码,名称,类型,登记管理机关,行政区划代码,成立日期,法定代表人,业务范围,业务主管单位,登记证号\n"


def code(body: str, division: str = "110105", category: str = "1") -> str:
    return uscc_rules.build("5", category, division, body)


def csv_file(*lines: str, header: str = HEADER, encoding: str = "utf-8", bom: bool = False) -> io.BytesIO:
    data = (header + "".join(line + "\n" for line in lines)).encode(encoding)
    return io.BytesIO((codecs.BOM_UTF8 if bom else b"") + data)


def run(*lines: str, dry_run: bool = False, **kwargs):
    return run_import("organizations", csv_file(*lines, **kwargs), dry_run=dry_run)


@pytest.fixture
def unit(beijing):
    return make_unit("北京市科学技术协会")


def test_a_new_organisation_is_created_with_its_history(unit, actor):
    report = run(f"{code('MJ000001')},北京市朝阳区书画协会,社会团体,110105,110105,2010-06-30,"
                 "王建国,书画交流,北京市科学技术协会,京社证001")
    assert (report.created, report.invalid, report.entries) == (1, 0, []), report.entries
    org = Organization.objects.get(uscc=code("MJ000001"))
    assert (org.name, org.level, org.supervisory_unit, org.founded.isoformat()) == (
        "北京市朝阳区书画协会", "district", unit, "2010-06-30")
    assert org.name_initials == "bjscyqshxh"
    history = org.history.get()
    assert (history.history_type, history.history_user, history.name) == ("+", actor, org.name)


def test_a_row_with_the_same_credit_code_updates_only_what_changed(unit):
    org = make_org("北京市朝阳区书画协会", code="110105", level="district", uscc=code("MJ000001"),
                   legal_representative="旧人")
    report = run(f"{code('MJ000001')},北京市朝阳区书画协会,社会团体,110105,,2010-06-30,王建国,,北京市科学技术协会,")
    assert (report.created, report.updated, report.unchanged) == (0, 1, 0)
    org.refresh_from_db()
    assert (org.legal_representative, org.version) == ("王建国", 2)
    assert org.history.latest().history_type == "~"
    again = run(f"{code('MJ000001')},北京市朝阳区书画协会,社会团体,110105,,2010-06-30,王建国,,北京市科学技术协会,")
    assert (again.updated, again.unchanged) == (0, 1)
    assert org.history.count() == 2


def test_rows_without_a_code_match_by_certificate_then_by_name_and_division(beijing):
    by_cert = make_org("甲协会", code="110105", level="district", certificate_number="京社证9")
    by_name = make_org("乙协会", code="110105", level="district")
    report = run(",甲协会改名,社会团体,110105,,,张三,,直接登记,京社证9",
                 ",乙协会,社会团体,110105,,,李四,,直接登记,")
    assert (report.created, report.updated) == (0, 2), report.entries
    by_cert.refresh_from_db()
    by_name.refresh_from_db()
    assert (by_cert.name, by_name.legal_representative) == ("甲协会改名", "李四")
    assert by_name.no_supervisor_reason == NoSupervisorReason.DIRECT


def test_any_invalid_row_means_nothing_is_written_and_the_report_names_the_cell(beijing):
    report = run(",好协会,社会团体,110105,,2010-01-01,,,直接登记,",
                 ",坏协会,社会团体,110105,,2010-13-45,,,直接登记,")
    assert Organization.objects.count() == 0
    assert (report.invalid, report.created) == (1, 0)
    [entry] = [e for e in report.entries if e.severity == "error"]
    assert (entry.row, entry.column, entry.value) == (3, "成立日期", "2010-13-45")
    assert "not a date" in entry.reason


def test_two_rows_with_one_credit_code_are_refused(beijing):
    report = run(f"{code('MJ000001')},甲,社会团体,110105,,,,,直接登记,",
                 f"{code('MJ000001')},乙,社会团体,110105,,,,,直接登记,")
    assert report.invalid == 1 and Organization.objects.count() == 0
    assert "row 2" in report.entries[0].reason


def test_likely_duplicates_are_reported_and_not_merged(beijing):
    make_org("北京市海淀区围棋协会", code="110108", level="district")
    report = run(",海淀区围棋协会,社会团体,110108,,,,,直接登记,",
                 ",北京朝阳区（老年）书画协会,社会团体,110105,,,,,直接登记,",
                 ",朝阳区书画协会,社会团体,110105,,,,,直接登记,")
    assert report.created == 3 and report.duplicates == 2
    reasons = {e.row: e.reason for e in report.entries if e.severity == "duplicate"}
    assert "registered" in reasons[2] and "row 3" in reasons[4]
    assert Organization.objects.count() == 4


def test_a_dry_run_counts_like_a_real_run_and_writes_nothing(beijing):
    make_org("已有协会", code="110105", level="district")
    report = run(",已有协会,社会团体,110105,,,新代表,,直接登记,", ",新协会,社会团体,110105,,,,,直接登记,",
                 dry_run=True)
    assert (report.created, report.updated) == (1, 1)
    assert Organization.objects.count() == 1
    assert Organization.objects.get().legal_representative == ""


@pytest.mark.parametrize("encoding,bom", [("utf-8", False), ("utf-8", True), ("gb18030", False), ("gbk", False)])
def test_utf8_and_gbk_files_read_the_same(beijing, encoding, bom):
    report = run(",北京市朝阳区书画协会,社会团体,朝阳区民政局,,2010年6月30日,王建国,,直接登记,",
                 encoding=encoding, bom=bom)
    assert report.created == 1, report.entries
    assert Organization.objects.get().legal_representative == "王建国"


def test_english_aliases_and_a_missing_required_column(beijing):
    report = run("好协会,association,110105", header="name,type,registering division\n")
    assert report.created == 1, report.entries
    refused = run("好协会,110105", header="名称,登记管理机关\n")
    assert refused.has_errors and "类型" in refused.entries[0].reason


def test_a_credit_code_with_a_bad_check_character_is_kept_flagged(beijing):
    good = code("MJ000001")
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    report = run(f"{bad},甲协会,社会团体,110105,,,,,直接登记,")
    assert report.created == 1 and report.warnings == 1
    assert Organization.objects.get().uscc_legacy is True


def test_an_xlsx_workbook_imports(beijing):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["名称", "类型", "登记管理机关", "成立日期", "会员数"])

    book.active.append(["北京市朝阳区书画协会", "社会团体", 110105, datetime.datetime(2010, 6, 30), 120])
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    report = run_import("organizations", out)
    assert report.created == 1, report.entries
    org = Organization.objects.get()
    assert (org.members, org.founded.isoformat()) == (120, "2010-06-30")
