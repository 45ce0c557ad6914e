"""Import spec for 联系·服务·管理 links: which hub each organisation is linked to, from when.

Links are never overwritten (design.md), so an import only starts links: a row
for an organisation already linked to the same hub in the same way is
unchanged; one already linked elsewhere is refused (a transfer is a decision
made in the app, with its reason). Files are a hub system's own organisations,
thousands of rows, so rows are checked in memory against maps read in a few
chunked queries, and written with bulk_create_audited (one history row each).
"""
from __future__ import annotations

from django.utils.translation import gettext as _

from shuniu.audit.history import bulk_create_audited
from shuniu.hubs.models import Affiliation, Hub
from shuniu.registry import uscc as uscc_rules
from shuniu.registry.models import Organization

from .. import names
from ..report import Report, RowInvalid
from . import base
from .base import Column, Spec

STAGED = False  # rows are written by write() below, not by the staging tables
MAX_ROWS = 200_000
CHUNK = 2000
COLUMNS = [
    Column("uscc", ("统一社会信用代码", "社会信用代码", "信用代码", "credit code"), help="有代码的填代码；否则填名称"),
    Column("name", ("社会组织名称", "名称", "组织名称", "organization", "name")),
    Column("hub", ("枢纽型社会组织", "枢纽", "联系枢纽", "hub"), required=True, help="枢纽简称、全称或代号（slug）"),
    Column("kind", ("联系方式", "关系", "类型", "kind"), required=True, help="业务主管、联系"),
    Column("start", ("开始日期", "起始日期", "start"), required=True, help="2010-06-30"),
    Column("reason", ("说明", "原因", "reason")),
]
KINDS = {"业务主管": Affiliation.Kind.SUPERVISION, "主管": Affiliation.Kind.SUPERVISION,
         "supervision": Affiliation.Kind.SUPERVISION, "联系": Affiliation.Kind.LIAISON,
         "联系服务": Affiliation.Kind.LIAISON, "liaison": Affiliation.Kind.LIAISON}
MODEL = Affiliation


class Context:
    def __init__(self, user=None):
        self.hubs = base.hub_keys()


def parse_row(cells: dict[str, str], ctx: Context) -> tuple[tuple, list]:
    code = uscc_rules.normalize(cells.get("uscc", "")) or None
    name = names.clean_name(cells.get("name", ""))
    if not code and not name:
        raise RowInvalid("统一社会信用代码", "", _("give the credit code or the name of the organisation"))
    hub = base.hub(cells.get("hub", ""), "枢纽型社会组织", ctx.hubs, None)
    kind = base.choice(cells.get("kind", ""), "联系方式", KINDS, "业务主管、联系")
    start = base.date(cells.get("start", ""), "开始日期")
    if start is None:
        raise RowInvalid("开始日期", "", _("required"))
    return (code, name, hub, kind, start, base.text(cells.get("reason", ""), "说明", 2000)), []


def write(rows: list[tuple[int, tuple]], report: Report, dry_run: bool, user) -> None:
    """Resolve organisations, compare with their open links, then start the new links all at once."""
    by_code, by_name = _organisations(rows)
    open_links = _open_links({pk for pk in (*by_code.values(), *by_name.values()) if pk})
    new, seen = [], {}
    for row_no, (code, name, hub, kind, start, reason) in rows:
        org = by_code.get(code) if code else by_name.get(name)
        if not org:
            report.invalid += 1
            report.error(row_no, "统一社会信用代码" if code else "社会组织名称", code or name,
                         _("no such organisation") if org is None else _("several organisations have this name"))
            continue
        if org in seen:
            report.invalid += 1
            report.error(row_no, "统一社会信用代码", code or name, _("same organisation as row %(row)d")
                         % {"row": seen[org]})
            continue
        seen[org] = row_no
        current = open_links.get(org)
        if current == (hub, kind):
            report.unchanged += 1
        elif current is not None:
            report.invalid += 1
            report.error(row_no, "枢纽型社会组织", str(hub), _("already linked to another hub or in another way; "
                                                          "transfer it in the app"))
        else:
            new.append(Affiliation(organization_id=org, hub_id=hub, kind=kind, start=start,
                                   source=Affiliation.Source.IMPORTED, reason=reason))
    report.created = len(new)
    if report.invalid or dry_run:
        return
    bulk_create_audited(Affiliation, new)
    _supervision_sets_the_unit([a for a in new if a.kind == Affiliation.Kind.SUPERVISION])


def _organisations(rows) -> tuple[dict[str, int], dict[str, int | None]]:
    codes = sorted({r[1][0] for r in rows if r[1][0]})
    wanted_names = sorted({r[1][1] for r in rows if not r[1][0]})
    by_code: dict[str, int] = {}
    for i in range(0, len(codes), CHUNK):
        by_code.update(Organization.objects.filter(uscc__in=codes[i:i + CHUNK]).values_list("uscc", "id"))
    by_name: dict[str, int | None] = {}
    for i in range(0, len(wanted_names), CHUNK):
        for name, pk in Organization.objects.filter(name__in=wanted_names[i:i + CHUNK]).values_list("name", "id"):
            by_name[name] = 0 if name in by_name else pk  # 0: ambiguous
    return by_code, by_name


def _open_links(org_ids: set[int]) -> dict[int, tuple[int, str]]:
    ids = sorted(org_ids)
    found = {}
    for i in range(0, len(ids), CHUNK):
        found.update({org: (hub, kind) for org, hub, kind in Affiliation.objects.filter(
            organization_id__in=ids[i:i + CHUNK], end__isnull=True).values_list("organization_id", "hub_id", "kind")})
    return found


def _supervision_sets_the_unit(links: list[Affiliation]) -> None:
    """As hubs.services.link does: a supervising hub becomes the organisation's 业务主管单位."""
    units = dict(Hub.objects.filter(pk__in={a.hub_id for a in links}).values_list("id", "supervisory_unit_id"))
    orgs = Organization.objects.in_bulk([a.organization_id for a in links])
    for link in links:
        org = orgs[link.organization_id]
        if org.supervisory_unit_id != units[link.hub_id]:
            org.supervisory_unit_id, org.no_supervisor_reason = units[link.hub_id], ""
            org.save(update_fields=["supervisory_unit", "no_supervisor_reason"])


SPEC = Spec(
    kind="affiliations",
    label="联系枢纽",
    columns=COLUMNS,
    example={"uscc": "", "name": "北京市物理学会", "hub": "science", "kind": "联系", "start": "2010-06-30",
             "reason": "按业务领域归口联系"},
)
