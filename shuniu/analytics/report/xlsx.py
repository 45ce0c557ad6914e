"""The yearly report as a workbook: a cover sheet, then one sheet per section with its table and native charts.

Numbers are written as numbers with a display format, so the office can compute
with them; text is always written as a string (never a formula, never a link),
and text that a spreadsheet would take for a formula is neutralised as the
registry export does.
"""
from __future__ import annotations

import re
import unicodedata

import xlsxwriter
from django.utils.translation import gettext as _

from shuniu.exports.writers import safe_cell

from .model import DEC1, DEC2, INT, PCT, Chart, Report, Section, cell

NUM_FORMATS = {INT: "#,##0", DEC1: "#,##0.0", DEC2: "#,##0.00", PCT: "0.0%"}
CHART_TYPES = {"bar": "column", "hbar": "bar", "pie": "pie", "line": "line"}
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
DATA_GAP = 14  # columns between a table and its chart data, room for the charts


def write_xlsx(report: Report, target) -> None:
    """Write the report to a path or a binary file."""
    workbook = xlsxwriter.Workbook(target, {"strings_to_formulas": False, "strings_to_urls": False,
                                            "strings_to_numbers": False})
    styles = _styles(workbook)
    _cover(workbook, report, styles)
    for number, section in enumerate(report.sections, 1):
        _section_sheet(workbook, number, section, styles)
    workbook.close()


def _styles(workbook) -> dict:
    add = workbook.add_format
    styles = {
        "title": add({"bold": True, "font_size": 16}),
        "subtitle": add({"font_size": 11, "font_color": "#555555"}),
        "text": add({"text_wrap": True, "valign": "top"}),
        "header": add({"bold": True, "bg_color": "#E8EEF5", "border": 1, "text_wrap": True, "valign": "vcenter"}),
        "cell": add({"border": 1}),
        "dash": add({"border": 1, "align": "right"}),
        "caption": add({"italic": True, "font_color": "#555555"}),
    }
    for fmt, pattern in NUM_FORMATS.items():
        styles[fmt] = add({"border": 1, "num_format": pattern})
    return styles


def _cover(workbook, report: Report, styles: dict) -> None:
    sheet = workbook.add_worksheet(_sheet_name(_("Cover"), set()))
    sheet.set_column(0, 0, 6)
    sheet.set_column(1, 1, 60)
    sheet.write_string(0, 0, safe_cell(f"{report.area}{report.title}"), styles["title"])
    sheet.write_string(1, 0, _("Year %(year)s, figures as of %(day)s") % {"year": report.year, "day": report.as_of},
                       styles["subtitle"])
    sheet.write_string(2, 0, _("Produced on %(day)s from the records; every figure is computed, none typed in.")
                       % {"day": report.generated_on}, styles["subtitle"])
    sheet.write_string(4, 0, _("Contents"), styles["header"])
    sheet.write_string(4, 1, "", styles["header"])
    for number, section in enumerate(report.sections, 1):
        sheet.write_number(4 + number, 0, number, styles["cell"])
        sheet.write_string(4 + number, 1, safe_cell(section.title), styles["cell"])


def _section_sheet(workbook, number: int, section: Section, styles: dict) -> None:
    sheet = workbook.add_worksheet(_sheet_name(f"{number} {section.title}", set(workbook.sheetnames)))
    width = max(len(section.columns), 3)
    sheet.write_string(0, 0, safe_cell(f"{number}. {section.title}"), styles["title"])
    if section.text:
        sheet.merge_range(1, 0, 1, width - 1, safe_cell(section.text), styles["text"])
        sheet.set_row(1, 15 * max(2, _display_width(section.text) // (8 * width) + 1))
    header_row = 3
    for col, column in enumerate(section.columns):
        sheet.write_string(header_row, col, safe_cell(column.header), styles["header"])
    for r, row in enumerate(section.rows, header_row + 1):
        for col, (column, value) in enumerate(zip(section.columns, row, strict=True)):
            _write_cell(sheet, r, col, *cell(column, value), styles)
    for col, column in enumerate(section.columns):
        texts = [column.header, *(str(cell(column, row[col])[0]) for row in section.rows)]
        sheet.set_column(col, col, min(50, max(8, max(_display_width(t) for t in texts) + 2)))
    for n, note in enumerate(section.notes, header_row + len(section.rows) + 2):
        sheet.write_string(n, 0, safe_cell(note), styles["caption"])
    sheet.freeze_panes(header_row + 1, 0)
    data_col = len(section.columns) + DATA_GAP
    for index, chart in enumerate(section.charts):
        first_row = header_row + index * 24
        _chart_data(sheet, first_row, data_col, chart, styles)
        sheet.insert_chart(first_row, len(section.columns) + 1, _native_chart(workbook, sheet.name, first_row,
                                                                             data_col, chart),
                           {"x_scale": 1.4, "y_scale": 1.5 if chart.kind != "hbar" else _hbar_scale(chart)})


def _write_cell(sheet, row: int, col: int, value, fmt: str, styles: dict) -> None:
    if value is None or value == "":
        sheet.write_string(row, col, "—", styles["dash"])
    elif isinstance(value, bool) or not isinstance(value, (int, float)):
        sheet.write_string(row, col, safe_cell(str(value)), styles["cell"])
    else:
        sheet.write_number(row, col, value, styles.get(fmt, styles["cell"]))


def _chart_data(sheet, row: int, col: int, chart: Chart, styles: dict) -> None:
    """The chart's own figures beside the table (the table's rows may be more than the chart shows)."""
    sheet.write_string(row, col, safe_cell(_("Chart data: %(title)s") % {"title": chart.title}), styles["caption"])
    sheet.write_string(row + 1, col, "", styles["header"])
    for s, series in enumerate(chart.series, 1):
        sheet.write_string(row + 1, col + s, safe_cell(series.name), styles["header"])
    for i, category in enumerate(chart.categories, row + 2):
        sheet.write_string(i, col, safe_cell(str(category)), styles["cell"])
        for s, series in enumerate(chart.series, 1):
            value = series.values[i - row - 2]
            fmt = PCT if chart.percent else INT if isinstance(value, int) else DEC2
            _write_cell(sheet, i, col + s, value, fmt, styles)


def _native_chart(workbook, sheet_name: str, row: int, col: int, chart: Chart):
    options = {"type": CHART_TYPES[chart.kind]}
    if chart.stacked:
        options["subtype"] = "stacked"
    native = workbook.add_chart(options)
    first, last = row + 2, row + 1 + len(chart.categories)
    for s in range(1, len(chart.series) + 1):
        entry = {"name": [sheet_name, row + 1, col + s], "categories": [sheet_name, first, col, last, col],
                 "values": [sheet_name, first, col + s, last, col + s]}
        if chart.kind == "pie":
            entry["data_labels"] = {"percentage": True, "leader_lines": True}
        if chart.kind == "line":
            entry["marker"] = {"type": "circle", "size": 4}
        if chart.secondary and s == len(chart.series) > 1:
            entry["y2_axis"] = True  # the running total on its own scale
        native.add_series(entry)
    native.set_title({"name": chart.title, "name_font": {"size": 12}})
    native.set_legend({"position": "bottom"} if len(chart.series) > 1 or chart.kind == "pie" else {"none": True})
    if chart.kind == "hbar":
        native.set_y_axis({"reverse": True})  # a bar chart swaps its axes: this is the category axis; first row on top
    if chart.percent:
        native.set_y_axis({"num_format": "0%"})
    return native


def _hbar_scale(chart: Chart) -> float:
    return max(1.5, len(chart.categories) * 0.11)


def _display_width(text: str) -> int:
    """Width in spreadsheet columns: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _sheet_name(name: str, taken: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    base = SHEET_NAME_FORBIDDEN.sub(" ", name)[:31].strip() or "sheet"
    candidate, n = base, 2
    while candidate.lower() in {t.lower() for t in taken}:
        suffix = f" ({n})"
        candidate, n = base[: 31 - len(suffix)] + suffix, n + 1
    return candidate
