"""Import spec for 活动 (services.Activity): what a hub network held, whom it served and reached.

Natural key: hub + organiser + title + start date (所属枢纽 + 主办组织 + 活动名称 +
开始日期; an empty 主办组织 means the hub itself organised it). A row whose key
matches a stored activity updates it (columns the file lacks leave stored values
alone; 参与社会组织, when given, replaces the list) or is unchanged; otherwise it is
a new activity. Two rows with one key are refused. The same title written
differently (names.similar_key) on the same start date, in the file or among
stored activities, is reported as a likely duplicate, never merged.

The rules are the activity form's: the hub must be one the form offers the user
(restrict(Hub)); the organiser, the facility and the organisations taking part
are named and looked up among what the user may see (restrict()); then
Activity.full_clean(): not in the future, the end not before the start,
participants served zero or more and no more than people reached, the facility
in the hub's network. An empty 覆盖人数 means as many as were served.

An organisation's own account (permissions.own_organizations) imports the
activities it organised, as its form records them: the hub is one its
organisation is linked to (what restrict(Hub) shows it), the facility one of
that hub's network it may see, and the organiser one of its own organisations,
never the hub itself. With one organisation, an empty or absent 主办组织 means
it; an account acting for several must name one in every row.
"""
from __future__ import annotations

import re
import sys
from collections import defaultdict

from django.utils.translation import gettext as _

from shuniu.accounts.permissions import hub_subtree, own_organizations, restrict
from shuniu.audit.history import bulk_create_audited
from shuniu.hubs.models import Hub
from shuniu.registry import uscc as uscc_rules
from shuniu.registry.models import Organization
from shuniu.services.models import Activity, Facility, Participation

from .. import names
from ..report import RowInvalid
from . import base, records
from .base import Column, Spec

STAGED = False
MAX_ROWS = 50_000
MODEL = Activity
COLUMNS = [
    Column("title", ("活动名称", "活动主题", "名称", "title", "activity"), required=True),
    Column("hub", ("所属枢纽", "主办枢纽", "枢纽", "hub"), required=True,
           help="活动所属的枢纽网络：本枢纽或其下级枢纽的简称、全称或代号（slug）"),
    Column("organizer", ("主办组织", "主办社会组织", "承办组织", "组织者", "organizer", "organiser"),
           help="社会组织名称或统一社会信用代码；枢纽自办的留空；社会组织账号导入本组织活动时可省略"),
    Column("facility", ("阵地", "服务阵地", "阵地名称", "活动阵地", "facility"),
           help="本枢纽网络中的服务阵地名称，可空"),
    Column("start", ("开始日期", "活动日期", "日期", "start"), required=True, help="2010-06-30，不晚于今天"),
    Column("end", ("结束日期", "end"), help="空为当天结束"),
    Column("served", ("服务人数", "直接服务人数", "参与人数", "served"), help="直接服务的人数，不少于0；空为0"),
    Column("reached", ("覆盖人数", "影响人数", "覆盖影响人数", "reached"),
           help="含直接服务人数，不少于服务人数；空则等于服务人数"),
    Column("organizations", ("参与社会组织", "参与组织", "organizations"), help="名称或信用代码，多个用“、”或“；”分隔"),
    Column("description", ("活动内容", "活动简介", "说明", "description")),
]
HEADERS = {c.key: c.header for c in COLUMNS} | {"organizations": "参与社会组织"}
KEY = ("hub_id", "organizer_id", "title", "start")
KEY_LABEL = "所属枢纽+主办组织+活动名称+开始日期"
NAME_HEADER = HEADERS["title"]
RESOLVED = ["hub", "organizer", "facility"]  # looked up for the whole file at once, not per row
STORED = {"facility_id", "end", "served", "reached", "description"}
_SEPARATORS = re.compile(r"[、;；\n]+")


class Context:
    def __init__(self, user=None):
        self.hubs = base.hub_keys()
        self.in_scope = base.hubs_in_scope(user)
        own = None if user is None else own_organizations(user)
        self.outside = _("not a hub your organisation is linked to") if own is not None else ""


def parse_row(cells: dict[str, str], ctx: Context) -> tuple[records.Parsed, list]:
    title = names.clean_name(cells.get("title", ""))
    if not title:
        raise RowInvalid(HEADERS["title"], "", _("required"))
    parsed = records.Parsed(values={}, cells={key: cells[key] for key in cells if key in HEADERS})
    values = parsed.values
    values["title"] = base.text(title, HEADERS["title"], 200)
    values["hub_id"] = base.hub(cells.get("hub", ""), HEADERS["hub"], ctx.hubs, ctx.in_scope, ctx.outside)
    values["start"] = base.date(cells.get("start", ""), HEADERS["start"])
    if values["start"] is None:
        raise RowInvalid(HEADERS["start"], "", _("required"))
    if "end" in cells:
        values["end"] = base.date(cells["end"], HEADERS["end"])
    if "served" in cells:
        values["served"] = _signed(cells["served"], HEADERS["served"])
    if "reached" in cells:
        values["reached"] = _signed(cells["reached"], HEADERS["reached"])
        if not cells["reached"]:
            values["reached"] = values.get("served", 0)
    if "description" in cells:
        values["description"] = base.text(cells["description"], HEADERS["description"], 20_000)
    parsed.extra["organizer"] = cells.get("organizer", "")
    if "facility" in cells:
        parsed.extra["facility"] = names.clean_name(cells["facility"])
    if "organizations" in cells:
        parsed.extra["organizations"] = [names.clean_name(n) for n in _SEPARATORS.split(cells["organizations"])
                                         if n.strip()]
    return parsed, []


def _signed(value: str, column: str) -> int:
    """A count that may be negative, so that Activity.clean() refuses it with its own message."""
    if value.startswith(("-", "－")):
        return -(base.count(value[1:].strip(), column) or 0)
    return base.count(value, column) or 0


def write(rows: list[tuple[int, records.Parsed]], report, dry_run: bool, user) -> None:
    """A dry run writes too, so that its counts and scope checks are the real ones: run_import rolls it back."""
    records.write(sys.modules[__name__], rows, report, user)


# -- the hooks records.write() calls --------------------------------------------------------------
def resolve(rows, report, user):
    """Name → record for organisers, facilities and organisations taking part, among what the user may see."""
    orgs = _Organisations(rows, user)
    facilities = _Facilities(rows, user)
    hubs = Hub.objects.in_bulk({parsed.values["hub_id"] for _, parsed in rows})
    kept = []
    for row_no, parsed in rows:
        try:
            _resolve_row(parsed, hubs[parsed.values["hub_id"]], orgs, facilities)
        except RowInvalid as exc:
            report.invalid += 1
            report.error(row_no, exc.column, exc.value, exc.reason)
            continue
        kept.append((row_no, parsed))
    return kept


def _resolve_row(parsed: records.Parsed, hub: Hub, orgs: _Organisations, facilities: _Facilities) -> None:
    parsed.extra["hub"] = hub
    parsed.values["organizer_id"] = _organizer(parsed.extra["organizer"], hub, orgs)
    if "facility" in parsed.extra:
        facility = facilities.get(parsed.extra["facility"], hub.pk) if parsed.extra["facility"] else None
        parsed.values["facility_id"] = facility.pk if facility else None
        parsed.extra["facility"] = facility
        parsed.extra["in_network"] = facility is not None and facilities.in_network(facility, hub.pk)
    if "organizations" in parsed.extra:
        parsed.extra["organization_ids"] = {orgs.get(text, HEADERS["organizations"])
                                            for text in parsed.extra["organizations"]}


def _organizer(text: str, hub: Hub, orgs: _Organisations) -> int | None:
    """The organiser's id; None when the hub itself organised it (its own organisation, or an empty cell)."""
    if orgs.own is None:
        organizer = orgs.get(text, HEADERS["organizer"]) if text else None
        return None if organizer == hub.organization_id else organizer
    if not text:  # an organisation's account: its own activity
        if len(orgs.own) != 1:
            raise RowInvalid(HEADERS["organizer"], "", _(
                "required: your account acts for several organisations; name the one that organised it"))
        return next(iter(orgs.own))
    pk = orgs.find(text)
    if pk is None or (pk and pk not in orgs.own):
        raise RowInvalid(HEADERS["organizer"], text, _(
            "not your organisation: an organisation's account imports only the activities it organised"))
    return orgs.get(text, HEADERS["organizer"])  # two of its organisations of this name: the code is needed


def _code(text: str) -> str | None:
    code = uscc_rules.normalize(text)
    return code if len(code) == 18 and all(ch in uscc_rules.ALPHABET for ch in code) else None


class _Organisations:
    """The organisations the file names, by credit code or by name, among those the user may see."""

    def __init__(self, rows, user):
        texts = {parsed.extra["organizer"] for _, parsed in rows if parsed.extra["organizer"]}
        texts |= {text for _, parsed in rows for text in parsed.extra.get("organizations", ())}
        codes = {code for code in map(_code, texts) if code}
        wanted = {names.clean_name(text) for text in texts if not _code(text)}
        visible = Organization.objects.all() if user is None else restrict(Organization.objects.all(), user)
        self.own = None if user is None else own_organizations(user)  # an organisation's account: its own
        self.by_code: dict[str, int] = {}
        for chunk in records.chunks(codes):
            self.by_code.update(visible.filter(uscc__in=chunk).values_list("uscc", "id"))
        self.by_name: dict[str, int] = {}
        for chunk in records.chunks(wanted):
            for name, pk in visible.filter(name__in=chunk).values_list("name", "id"):
                self.by_name[name] = 0 if name in self.by_name else pk  # 0: several have this name

    def find(self, text: str) -> int | None:
        """The id, 0 if several share the name, None if none the user may see has it."""
        code = _code(text)
        return self.by_code.get(code) if code else self.by_name.get(names.clean_name(text))

    def get(self, text: str, column: str) -> int:
        pk = self.find(text)
        if pk is None:
            raise RowInvalid(column, text, _("No organisation named “%(name)s” among those you may see.")
                             % {"name": text})
        if pk == 0:
            raise RowInvalid(column, text, _("several organisations have this name; give the credit code"))
        return pk


class _Facilities:
    """The facilities the file names, among those the user may see; a name is looked for in the row's network."""

    def __init__(self, rows, user):
        wanted = {parsed.extra["facility"] for _, parsed in rows if parsed.extra.get("facility")}
        visible = Facility.objects.all() if user is None else restrict(Facility.objects.all(), user)
        self.by_name: dict[str, list[Facility]] = defaultdict(list)
        for chunk in records.chunks(wanted):
            for facility in visible.filter(name__in=chunk):
                self.by_name[facility.name].append(facility)
        self.networks: dict[int, set[int]] = {}

    def get(self, name: str, hub_id: int) -> Facility:
        found = self.by_name.get(name)
        if not found:
            raise RowInvalid(HEADERS["facility"], name, _("No facility named “%(name)s” among those you may see.")
                             % {"name": name})
        if hub_id not in self.networks:
            self.networks[hub_id] = hub_subtree({hub_id})
        inside = [f for f in found if f.hub_id in self.networks[hub_id]]
        if len(inside) > 1:
            raise RowInvalid(HEADERS["facility"], name, _("several facilities of this hub's network have this name"))
        return (inside or found)[0]  # one outside the network: Activity.clean() says so

    def in_network(self, facility: Facility, hub_id: int) -> bool:
        return facility.hub_id in self.networks[hub_id]


def stored(keys: set[tuple]) -> dict[tuple, Activity]:
    found = {}
    for chunk in records.chunks({key[2] for key in keys}):
        for activity in Activity.objects.filter(title__in=chunk):
            key = (activity.hub_id, activity.organizer_id, activity.title, activity.start)
            if key in keys:
                found[key] = activity
    taking_part = defaultdict(set)
    for chunk in records.chunks([a.pk for a in found.values()]):
        for activity_id, org_id in Participation.objects.filter(activity_id__in=chunk).values_list(
                "activity_id", "organization_id"):
            taking_part[activity_id].add(org_id)
    for activity in found.values():
        activity.taking_part = taking_part[activity.pk]
    return found


def differences(record: Activity, parsed: records.Parsed) -> list[str]:
    changed = [name for name, value in parsed.values.items() if getattr(record, name) != value]
    if "organization_ids" in parsed.extra and parsed.extra["organization_ids"] != record.taking_part:
        changed.append("organizations")
    return changed


def attach(record: Activity, parsed: records.Parsed) -> None:
    """The related records Activity.clean() reads, from the maps (no query per row).

    A facility found inside the hub's network (hub_subtree, in _Facilities.get) is put back after clean()
    by finish(): clean() would ask hub_subtree again, one query a row. One outside the network stays on
    the record, so that clean() refuses it with its own message."""
    record.hub = parsed.extra["hub"]
    if "facility" in parsed.extra:
        record.facility = None if parsed.extra["in_network"] else parsed.extra["facility"]
    if record.pk is None and "reached" not in parsed.values:
        record.reached = record.served  # no 覆盖人数 column: as many as were served


def finish(record: Activity, parsed: records.Parsed) -> None:
    if "facility" in parsed.extra:
        record.facility = parsed.extra["facility"]


def loose_key(record: Activity) -> tuple:
    return names.similar_key(record.title), record.start


def label(record: Activity) -> str:
    return f"{record.title} {record.start}"


def stored_similar(loose_keys: set[tuple], user) -> dict[tuple, list[tuple[int, str]]]:
    found = defaultdict(list)
    visible = Activity.objects.all() if user is None else restrict(Activity.objects.all(), user)
    for chunk in records.chunks({key[1] for key in loose_keys}):
        for pk, title, start in visible.filter(start__in=chunk).values_list("pk", "title", "start"):
            key = (names.similar_key(title), start)
            if key in loose_keys:
                found[key].append((pk, f"{title} {start}"))
    return found


def after_write(new: list[records.Planned], changed: list[records.Planned]) -> None:
    """The organisations taking part: created with a new activity, replaced when a row lists others."""
    rows = [Participation(activity=p.record, organization_id=org)
            for p in new for org in sorted(p.parsed.extra.get("organization_ids", ()))]
    for plan in changed:
        if "organizations" not in plan.changed:
            continue
        wanted = plan.parsed.extra["organization_ids"]
        for gone in Participation.objects.filter(activity=plan.record).exclude(organization_id__in=wanted):
            gone.delete()  # one by one: each leaves its history row
        rows += [Participation(activity=plan.record, organization_id=org)
                 for org in sorted(wanted - plan.record.taking_part)]
    if rows:
        bulk_create_audited(Participation, rows)


SPEC = Spec(
    kind="activities",
    label="活动",
    columns=COLUMNS,
    example={"title": "职工法律咨询日", "hub": "市总工会", "organizer": "", "facility": "建外街道职工服务站",
             "start": "2010-05-01", "end": "2010-05-01", "served": "80", "reached": "300", "organizations": "",
             "description": "劳动法律咨询与维权讲座"},
)
