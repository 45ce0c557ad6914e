"""Export of the organisations a user may see: CSV, XLSX and open-data JSON, streamed.

Rows come through restrict() like every page; they are read in chunks and
written as they come, so a million rows never sit in memory. Text that a
spreadsheet would run as a formula (=, +, -, @ first) is neutralised.
The page streams small exports; a large one is written by a background job
(shuniu/exports) through these same functions, so both give the same file.
"""
from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import Callable, Iterator

from django.db.models import QuerySet
from django.http import QueryDict

from shuniu.divisions.models import Level
from shuniu.hubs.queries import with_current_hub

from .filters import OrganizationFilter
from .models import NoSupervisorReason, Organization, OrgType, Status

CHUNK = 2000
PROGRESS_EVERY = 5000  # rows between two progress reports (a background export's page polls them)
Progress = Callable[[int], None] | None
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# (column header as offices write it, value path)
COLUMNS = [
    ("统一社会信用代码", "uscc"), ("名称", "name"), ("类型", "org_type"), ("状态", "status"), ("层级", "level"),
    ("登记证号", "certificate_number"), ("登记管理机关区划代码", "registering_division__code"),
    ("登记管理机关区划", "registering_division__name"), ("住所区划代码", "seat_division__code"),
    ("领域", "field__name"), ("成立日期", "founded"), ("终止日期", "ended_on"), ("法定代表人", "legal_representative"),
    ("业务范围", "business_scope"), ("会员数", "members"), ("专职工作人员数", "staff"),
    ("业务主管单位", "supervisory_unit__name"), ("无业务主管单位原因", "no_supervisor_reason"),
    ("联系枢纽", "current_hub_name"), ("信用代码未通过校验", "uscc_legacy"),
]
LABELS = {"org_type": dict(OrgType.choices), "status": dict(Status.choices), "level": dict(Level.choices),
          "no_supervisor_reason": dict(NoSupervisorReason.choices)}


class BadFilter(ValueError):
    """The list's filters in the export link do not parse; the message names each field and why."""


def organizations_for(user, params: QueryDict) -> QuerySet[Organization]:
    """What the list page shows `user` for these filters: restrict() first, then the filters."""
    base = Organization.objects.restrict(user)
    filterset = OrganizationFilter(params or None, queryset=base, user=user)
    if not filterset.is_bound:
        return base
    if not filterset.is_valid():
        raise BadFilter("; ".join(f"{k}: {' '.join(v)}" for k, v in filterset.errors.items()))
    return filterset.qs


def rows(queryset: QuerySet[Organization], progress: Progress = None) -> Iterator[tuple]:
    """(pk, *values in COLUMNS order), read in chunks; the queryset is already restricted.
    `progress(rows so far)` is called every PROGRESS_EVERY rows and once at the end."""
    paths = ["pk", *(path for _, path in COLUMNS)]
    query = with_current_hub(queryset).order_by("pk").values_list(*paths).iterator(chunk_size=CHUNK)
    n = 0
    for n, row in enumerate(query, 1):
        yield row
        if progress is not None and n % PROGRESS_EVERY == 0:
            progress(n)
    if progress is not None:
        progress(n)


def safe_cell(value) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value  # shown as text, never evaluated
    return value


def _readable(row: tuple) -> list:
    out = []
    for (_, path), value in zip(COLUMNS, row, strict=True):
        if path in LABELS:
            value = str(LABELS[path].get(value, value)) if value else ""
        elif path == "uscc_legacy":
            value = "是" if value else ""
        out.append(safe_cell("" if value is None else value))
    return out


def csv_chunks(queryset: QuerySet[Organization], progress: Progress = None) -> Iterator[str]:
    """CSV text with a BOM, so Excel opens the Chinese headers as UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow([header for header, _ in COLUMNS])
    for n, row in enumerate(rows(queryset, progress), 1):
        writer.writerow(_readable(row[1:]))
        if n % 500 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def write_xlsx(queryset: QuerySet[Organization], target, progress: Progress = None) -> None:
    """Write the workbook to a path or binary file; constant memory, whatever the row count."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(target, {"constant_memory": True, "strings_to_formulas": False,
                                            "strings_to_urls": False})
    sheet = workbook.add_worksheet("社会组织")
    bold = workbook.add_format({"bold": True})
    sheet.write_row(0, 0, [header for header, _ in COLUMNS], bold)
    for n, row in enumerate(rows(queryset, progress), 1):
        sheet.write_row(n, 0, [v if isinstance(v, (int, float, str)) else str(v) for v in _readable(row[1:])])
    workbook.close()


def xlsx_file(queryset: QuerySet[Organization]):
    spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    write_xlsx(queryset, spool)
    spool.seek(0)
    return spool


def org_id(uscc: str | None, pk: int) -> str:
    """Open-data identifier in the org-id.guide scheme: CN-USCI-<code>; unregistered groups get a local one."""
    return f"CN-USCI-{uscc}" if uscc else f"XI-SHUNIU-{pk}"


def json_chunks(queryset: QuerySet[Organization], progress: Progress = None) -> Iterator[str]:
    """An open-data JSON array, one organisation object at a time."""
    yield "["
    first = True
    for pk, *values in rows(queryset, progress):
        record = {"id": org_id(values[0], pk), **{path: _json_value(value)
                                                  for (_, path), value in zip(COLUMNS, values, strict=True)}}
        yield ("" if first else ",") + "\n" + json.dumps(record, ensure_ascii=False)
        first = False
    yield "\n]\n"


def _json_value(value):
    return value.isoformat() if hasattr(value, "isoformat") else value
