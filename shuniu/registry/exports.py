"""Export of the organisations a user may see: CSV, XLSX and open-data JSON, streamed.

Rows come through restrict() like every page; they are read in chunks and
written as they come, so a million rows never sit in memory. Text that a
spreadsheet would run as a formula (=, +, -, @ first) is neutralised.
The page streams small exports; a large one is written by a background job
(shuniu/exports) through these same functions, so both give the same file.
"""
from __future__ import annotations

import json
from collections.abc import Iterator

from django.db.models import QuerySet
from django.http import QueryDict
from django.urls import reverse

from shuniu.divisions.models import Level
from shuniu.exports import writers
from shuniu.exports.writers import BadFilter, Progress
from shuniu.hubs.queries import with_current_hub

from .filters import OrganizationFilter
from .models import NoSupervisorReason, Organization, OrgType, Status

CHUNK = 2000
PROGRESS_EVERY = 5000  # rows between two progress reports (a background export's page polls them)
# (column header as offices write them, value path)
COLUMNS = [
    ("统一社会信用代码", "uscc"), ("名称", "name"), ("类型", "org_type"), ("状态", "status"), ("层级", "level"),
    ("登记证号", "certificate_number"), ("登记管理机关区划代码", "registering_division__code"),
    ("登记管理机关区划", "registering_division__name"), ("住所区划代码", "seat_division__code"),
    ("领域", "field__name"), ("成立日期", "founded"), ("终止日期", "ended_on"), ("法定代表人", "legal_representative"),
    ("业务范围", "business_scope"), ("会员数", "members"), ("专职工作人员数", "staff"),
    ("业务主管单位", "supervisory_unit__name"), ("无业务主管单位原因", "no_supervisor_reason"),
    ("联系枢纽", "current_hub_name"), ("信用代码未通过校验", "uscc_legacy"),
]
HEADERS = [header for header, _ in COLUMNS]
LABELS = {"org_type": dict(OrgType.choices), "status": dict(Status.choices), "level": dict(Level.choices),
          "no_supervisor_reason": dict(NoSupervisorReason.choices)}


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
    return writers.counted(query, progress, PROGRESS_EVERY)


def _readable(row: tuple) -> list:
    out = []
    for (_, path), value in zip(COLUMNS, row, strict=True):
        if path in LABELS:
            value = str(LABELS[path].get(value, value)) if value else ""
        elif path == "uscc_legacy":
            value = "是" if value else ""
        out.append(value)
    return out


def cells(queryset: QuerySet[Organization], progress: Progress = None) -> Iterator[list]:
    return (_readable(row[1:]) for row in rows(queryset, progress))


def csv_chunks(queryset: QuerySet[Organization], progress: Progress = None) -> Iterator[str]:
    return writers.csv_chunks(HEADERS, cells(queryset, progress))


def write_xlsx(queryset: QuerySet[Organization], target, progress: Progress = None) -> None:
    writers.write_xlsx(HEADERS, cells(queryset, progress), target, "社会组织")


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


TABLE = writers.Table(
    kind="organizations", sheet="社会组织", headers=HEADERS, rows_for=organizations_for, cells=cells,
    list_url=lambda params: reverse("organizations") + (f"?{params.urlencode()}" if params else ""),
    json=json_chunks)
