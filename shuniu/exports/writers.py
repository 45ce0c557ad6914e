"""What every exported list shares: its shape (a Table) and the CSV and XLSX writers.

Each app that has lists to export describes them as Tables (registry/exports.py,
services/exports.py): the headers, the rows a user may see through the list's
filters (restrict() first), and those rows as readable cells. The writers here
turn any Table into a file the same way, streamed a row at a time, so an export
of a million rows never sits in memory. Text a spreadsheet would run as a
formula (=, +, -, @ first) is neutralised in every cell of every table.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.http import QueryDict

Progress = Callable[[int], None] | None
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CSV_CHUNK = 500  # rows per chunk of a streamed CSV


class BadFilter(ValueError):
    """The list's filters in the export link do not parse; the message names each field and why."""


@dataclass(frozen=True)
class Table:
    kind: str  # the URL's and the job's name for it: organizations, facilities, activities
    sheet: str  # the XLSX sheet's name, as the list is called in Chinese
    headers: list[str]
    rows_for: Callable[..., QuerySet]  # (user, QueryDict) → what the list shows the user; raises BadFilter
    cells: Callable[[QuerySet, Progress], Iterator[list]]  # readable cells, in the headers' order
    list_url: Callable[[QueryDict], str]  # the list the export came from, to go back to
    json: Callable[[QuerySet, Progress], Iterator[str]] | None = None  # open data, where there is a scheme

    @property
    def formats(self) -> tuple[str, ...]:
        return ("csv", "xlsx", "json") if self.json else ("csv", "xlsx")

    def filename(self, fmt: str, day) -> str:
        """社会组织-20101231.xlsx: named as the office files it (the Content-Disposition header encodes it)."""
        return f"{self.sheet}-{day:%Y%m%d}.{fmt}"


def safe_cell(value) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value  # shown as text, never evaluated
    return value


def plain(value) -> str | int | float:
    """A cell as both writers take it: text made safe, numbers as numbers, dates as 2010-06-30, None empty."""
    if value is None:
        return ""
    if isinstance(value, str):
        return safe_cell(value)
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, Decimal):
        return float(value)  # 116.45, not 116.45000
    return safe_cell(str(value))  # a date, or a record shown by its name


def counted(rows: Iterable, progress: Progress, every: int) -> Iterator:
    """`rows`, calling progress(rows so far) every `every` rows and once at the end."""
    n = 0
    for n, row in enumerate(rows, 1):
        yield row
        if progress is not None and n % every == 0:
            progress(n)
    if progress is not None:
        progress(n)


def csv_chunks(headers: list[str], rows: Iterable[list]) -> Iterator[str]:
    """CSV text with a BOM, so Excel opens the Chinese headers as UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(headers)
    for n, row in enumerate(rows, 1):
        writer.writerow([plain(v) for v in row])
        if n % CSV_CHUNK == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def write_xlsx(headers: list[str], rows: Iterable[list], target, sheet_name: str) -> None:
    """Write the workbook to a path or binary file; constant memory, whatever the row count."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(target, {"constant_memory": True, "strings_to_formulas": False,
                                            "strings_to_urls": False})
    sheet = workbook.add_worksheet(sheet_name)
    sheet.write_row(0, 0, headers, workbook.add_format({"bold": True}))
    for n, row in enumerate(rows, 1):
        sheet.write_row(n, 0, [plain(v) for v in row])
    workbook.close()


def text_chunks(table: Table, fmt: str, queryset: QuerySet, progress: Progress = None) -> Iterator[str]:
    """CSV or JSON as text, a chunk at a time: streamed by a response, or encoded into a job's file."""
    if fmt == "json":
        return table.json(queryset, progress)
    return csv_chunks(table.headers, table.cells(queryset, progress))


def write(table: Table, fmt: str, queryset: QuerySet, handle, progress: Progress = None) -> None:
    """The export of `queryset` in `fmt` into a binary file."""
    if fmt == "xlsx":
        write_xlsx(table.headers, table.cells(queryset, progress), handle, table.sheet)
        return
    for chunk in text_chunks(table, fmt, queryset, progress):
        handle.write(chunk.encode("utf-8"))
