"""Reading a block at a time (columnar.py) gives what reading a row at a time gives.

The row path (reading.py + the spec's parse_row) is the definition; the block
path only decides faster which rows are plainly fine. These tests generate
files from cells chosen to sit on every edge the two paths could see
differently (spaces of every kind, control characters, full-width text,
codes with bad checksums, lengths at their limits, dates in every format) and
compare row by row, and whole reports.
"""
from __future__ import annotations

import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shuniu.imports import columnar, services
from shuniu.imports.report import RowInvalid
from shuniu.imports.services import run_import
from shuniu.imports.specs import organizations as spec
from shuniu.testing import make_unit

from .test_import_organizations import code

SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                           HealthCheck.data_too_large])
SPACES = ["", " ", "\u3000", "\t", "\xa0", "\x1c", "\u2028"]
POOLS = {
    "统一社会信用代码": [code("MJ000001"), code("MJ000002").lower(), code("MJ000003")[:-1] + "0", "5111010500000000X",
                 code("MJ000004", category="2"), "ABC", "", code("MJ000005", division="999999")],
    "名称": ["北京市朝阳区书画协会", "朝阳区  书画协会", "ＡＢＣ协会", "书画\x01协会", "", "长" * 200, "长" * 201,
           "北京市（老年）书画协会", "a\u3000b"],
    "类型": ["社会团体", "民非", "基金会", "社区社会组织", "公司", " 社会团体", ""],
    "登记管理机关": ["110105", "朝阳区民政局", "999999", "", "110105001", "１１０１０５"],
    "行政区划代码": ["110105", "110105001", "", "x"],
    "成立日期": ["2010-06-30", "2010/6/30", "2010年6月30日", "20100630", "2010-02-30", "2999-01-01", "", "1899-12-31"],
    "终止日期": ["", "2009-01-01", "2012-01-01"],
    "法定代表人": ["王建国", "", "王" * 51, "王\x7f"],
    "业务范围": ["书画交流", "", "范" * 20_001, "多行\n内容"],
    "会员数": ["120", "1,200", "-3", "12.0", "abc", "", "99999999999"],
    "业务主管单位": ["北京市科学技术协会", "直接登记", "无此单位", ""],
    "无业务主管单位原因": ["", "直接登记", "脱钩", "乱写"],
    "登记证号": ["京社证001", "", "证" * 41],
}
HEADER = list(POOLS)


@st.composite
def rows(draw):
    out = []
    for _ in range(draw(st.integers(1, 12))):
        row = []
        for column in HEADER:
            value = draw(st.sampled_from(POOLS[column]))
            row.append(draw(st.sampled_from(SPACES)) + value + draw(st.sampled_from(SPACES)))
        out.append(row)
    return out


def as_csv(table: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([HEADER, *table])
    return out.getvalue().encode("utf-8")


@pytest.fixture
def ctx(beijing):
    make_unit("北京市科学技术协会")
    return spec.Context(None)


def _blocks(data: bytes):
    positions, _unknown, problems = spec.SPEC.header_map(HEADER)
    assert not problems
    return list(columnar.blocks(io.BytesIO(data), {p: c.key for p, c in positions.items()}, len(HEADER)))


@SETTINGS
@given(table=rows())
def test_every_row_the_columns_pass_is_what_parse_row_makes_of_it(ctx, table):
    for block in _blocks(as_csv(table)):
        values, slow = spec.parse_block(block, ctx)
        for i in range(len(block.row_no)):
            if slow[i]:
                continue
            expected, warnings = spec.parse_row(columnar.row_cells(block, i), ctx)  # raises if it should not pass
            assert warnings == []
            assert tuple(values[f][i].as_py() for f in spec.FIELDS) == expected


@SETTINGS
@given(table=rows())
def test_a_file_read_by_blocks_and_by_rows_gives_the_same_report(ctx, actor, monkeypatch, table):
    data = as_csv(table)
    by_blocks = run_import("organizations", io.BytesIO(data), dry_run=True)
    monkeypatch.setattr(columnar, "can_read", lambda head: False)
    by_rows = run_import("organizations", io.BytesIO(data), dry_run=True)
    monkeypatch.undo()
    assert _summary(by_blocks) == _summary(by_rows)


def _summary(report):
    return (report.rows, report.created, report.updated, report.unchanged, report.invalid, report.duplicates,
            [(e.row, e.column, e.value, e.reason, e.severity) for e in report.entries])


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet='ab,"\n\r \u3000', max_size=60))
def test_cells_read_by_blocks_are_the_cells_csv_reads(text):
    """Where Arrow reads a file at all, it reads the same cells; otherwise it says so (NotColumnar)."""
    data = ("x,y\n" + text).encode()
    expected = [row for row in csv.reader(io.StringIO(data.decode(), newline=""))][1:]
    try:
        blocks = list(columnar.blocks(io.BytesIO(data), {0: "x", 1: "y"}, 2))
    except columnar.NotColumnar:
        return
    got = [[b.raw["x"][i].as_py(), b.raw["y"][i].as_py()] for b in blocks for i in range(len(b.row_no))]
    numbered = [n for b in blocks for n in b.row_no.tolist()]
    wanted = [(n, row) for n, row in enumerate(expected, start=2) if any(row)]
    assert list(zip(numbered, got, strict=True)) == wanted


def test_a_ragged_file_is_read_row_by_row_with_the_same_verdicts(beijing, actor):
    data = ("名称,类型,登记管理机关\n甲协会,社会团体,110105\n\n乙协会,社会团体\n丙协会,社会团体,110105,多余\n").encode()
    with pytest.raises(columnar.NotColumnar):
        _ = [b for b in columnar.blocks(io.BytesIO(data), {0: "name", 1: "org_type", 2: "registering_division"}, 3)]
    report = run_import("organizations", io.BytesIO(data), dry_run=True)
    assert (report.rows, report.invalid) == (3, 1)
    assert [(e.row, e.column) for e in report.entries if e.severity == "error"] == [(4, "登记管理机关")]


def test_the_block_path_is_taken_for_a_clean_csv(beijing, actor, monkeypatch):
    calls = []
    real = services._validate_block
    monkeypatch.setattr(services, "_validate_block", lambda *a: calls.append(1) or real(*a))
    report = run_import("organizations", io.BytesIO("名称,类型,登记管理机关\n甲协会,社会团体,110105\n".encode()))
    assert (report.created, calls) == (1, [1])


def test_a_checksum_only_code_is_kept_and_flagged_on_the_block_path(beijing, actor):
    bad = code("MJ000001")[:-1] + ("0" if code("MJ000001")[-1] != "0" else "1")
    data = f"统一社会信用代码,名称,类型,登记管理机关\n{bad},甲协会,社会团体,110105\n".encode()
    report = run_import("organizations", io.BytesIO(data))
    assert (report.created, [e.severity for e in report.entries]) == (1, ["warning"])


def test_refusals_are_the_row_paths_messages(ctx):
    block = _blocks(as_csv([["", "甲协会", "公司", "110105", "", "", "", "", "", "", "", "", ""]]))[0]
    _values, slow = spec.parse_block(block, ctx)
    assert slow.tolist() == [True]
    with pytest.raises(RowInvalid, match="not one of"):
        spec.parse_row(columnar.row_cells(block, 0), ctx)
