"""What a yearly report is: a title page and a list of sections, each a table, an optional chart and a text.

The renderers (XLSX, PDF) know only these classes, never the figures: a new
section (party building, reach, …) is a new builder in sections.py and
appears in every format without touching them. Cells hold raw values (numbers
as numbers, shares as fractions) and each column says how to show them.
"""
from __future__ import annotations

from dataclasses import dataclass, field

# How a column's values are shown: text, whole number, one or two decimals, a share as a percentage.
TEXT, INT, DEC1, DEC2, PCT = "text", "int", "dec1", "dec2", "pct"


@dataclass(frozen=True)
class Column:
    header: str
    fmt: str = TEXT


@dataclass(frozen=True)
class Value:
    """A cell whose format differs from its column's (the headline table mixes counts, densities, shares)."""

    value: object
    fmt: str


@dataclass(frozen=True)
class Series:
    name: str
    values: list[float | int | None]


@dataclass(frozen=True)
class Chart:
    """A chart of figures already in the section's table.

    kind: "bar" (vertical, several series side by side or `stacked`), "hbar"
    (horizontal, one series), "pie" (one series) or "line".
    """

    kind: str
    title: str
    categories: list[str]
    series: list[Series]
    stacked: bool = False
    percent: bool = False  # values are shares (0–1): axes and labels show %
    secondary: bool = False  # the last series is read on its own axis (a running total beside yearly counts)


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    columns: list[Column]
    rows: list[list]
    text: str = ""
    charts: list[Chart] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # how the figures are defined, printed under the table


@dataclass(frozen=True)
class Report:
    title: str
    area: str           # 北京市, or the district's name
    code: str           # its division code
    year: int
    as_of: str          # ISO date the figures describe
    generated_on: str   # ISO date the report was produced
    sections: list[Section]


def cell(column: Column, value) -> tuple[object, str]:
    """(raw value, format) of one cell."""
    if isinstance(value, Value):
        return value.value, value.fmt
    return value, column.fmt


def show(value, fmt: str) -> str:
    """A cell as text, the same way in the PDF and in the report's tests: a missing figure is a dash."""
    if value is None or value == "":
        return "—"
    if fmt == INT:
        return f"{value:,}"
    if fmt == DEC1:
        return f"{value:,.1f}"
    if fmt == DEC2:
        return f"{value:,.2f}"
    if fmt == PCT:
        return f"{value * 100:.1f}%"
    return str(value)
