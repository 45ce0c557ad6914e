"""Whatever bytes arrive, the importer answers with a report or a clear error: never an exception, never a
partial write (issue 8)."""
from __future__ import annotations

import codecs
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shuniu.imports.services import run_import
from shuniu.imports.specs.organizations import COLUMNS
from shuniu.registry.models import Organization

FUZZ = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                       HealthCheck.data_too_large])
HEADERS = [c.header for c in COLUMNS]
CELL = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["社会团体", "基金会", "110105", "110000", "2010-06-30", "2010/2/30", "-1", "1e9", "直接登记",
                     "北京市科学技术协会", "=cmd|' /C calc'!A0", "\x00", "\u202e", "ＡＢＣ", "（）", ""]),
    st.integers().map(str),
    st.floats(allow_nan=True).map(str),
    st.tuples(st.sampled_from("x长\t\n\",="), st.integers(1000, 120_000)).map(lambda t: t[0] * t[1]),  # huge cells
)


def counts() -> tuple[int, int]:
    return Organization.objects.count(), Organization.history.count()


def assert_all_or_nothing(report, before: tuple[int, int]) -> None:
    after = counts()
    if report.has_errors:
        assert after == before, "a refused import wrote something"
        assert report.entries, "a refusal must say why"
    else:
        assert after[0] - before[0] == report.created
        assert after[1] - before[1] == report.created + report.updated


@pytest.fixture
def world(beijing):
    return counts()


@FUZZ
@given(data=st.binary(max_size=4000))
def test_random_bytes_give_a_report_not_an_exception(world, data):
    before = counts()
    report = run_import("organizations", io.BytesIO(data))
    assert_all_or_nothing(report, before)


@FUZZ
@given(rows=st.lists(st.lists(CELL, min_size=0, max_size=len(HEADERS) + 2), max_size=8),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]),
       dry_run=st.booleans())
def test_random_cells_in_any_encoding(world, rows, encoding, dry_run):
    import csv

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    writer.writerows(rows)
    data = out.getvalue().encode(encoding, errors="replace")
    before = counts()
    report = run_import("organizations", io.BytesIO(data), dry_run=dry_run)
    if dry_run:
        assert counts() == before
    else:
        assert_all_or_nothing(report, before)


@FUZZ
@given(good=st.integers(min_value=1, max_value=5), bad_at=st.integers(min_value=0, max_value=5),
       bad=st.sampled_from(["2010-13-01", "不存在的类型", "999999", "x" * 300]))
def test_one_bad_row_among_good_ones_writes_nothing(world, good, bad_at, bad):
    lines = [f"北京市协会{i},社会团体,110105,2010-01-01" for i in range(good)]
    column = {"2010-13-01": 3, "不存在的类型": 1, "999999": 2}.get(bad, 0)
    cells = ["北京市坏协会", "社会团体", "110105", "2010-01-01"]
    cells[column] = bad
    lines.insert(min(bad_at, len(lines)), ",".join(cells))
    data = ("名称,类型,登记管理机关,成立日期\n" + "\n".join(lines)).encode()
    before = counts()
    report = run_import("organizations", io.BytesIO(data))
    assert report.invalid == 1 and counts() == before


def test_mixed_encodings_in_one_file_are_refused_with_the_offset(beijing):
    data = ("名称,类型,登记管理机关\n北京市甲协会,社会团体,110105\n".encode()
            + "北京市乙协会,社会团体,110105\n".encode("gbk"))
    report = run_import("organizations", io.BytesIO(data))
    assert report.has_errors and Organization.objects.count() == 0
    assert "offset" in report.entries[0].reason


def test_a_damaged_workbook_is_refused_clearly(beijing):
    report = run_import("organizations", io.BytesIO(b"PK\x03\x04" + b"\x00" * 100))
    assert report.has_errors and "XLSX" in report.entries[0].reason


def test_a_bom_only_file_is_empty(beijing):
    report = run_import("organizations", io.BytesIO(codecs.BOM_UTF8))
    assert report.has_errors and "empty" in report.entries[0].reason
