"""Import spec for 服务阵地 (services.Facility): a hub network's service centres, stations, youth hubs, women's homes.

Natural key: hub + name + division (所属枢纽 + 阵地名称 + 行政区划代码). A row whose key
matches a stored facility updates it (columns the file lacks leave stored values
alone) or is unchanged; otherwise it is a new facility. Two rows with one key are
refused. The same name written differently (full/half width, 北京市 prefix,
brackets) in the same division, in the file or among stored facilities, is
reported as a likely duplicate and never merged: a hub may well run two stations
with one name in a street, but usually it is one typed twice.

The rules are the app's: the hub must be one the facility form offers the user
(restrict(Hub)), coordinates inside Beijing (services.forms.within_beijing), and
Facility.full_clean() (opened not in the future, closed after opened, both
coordinates or neither). Files are a hub network's hundreds or thousands of rows,
so rows are kept in memory (STAGED = False) and written by records.write().
"""
from __future__ import annotations

import sys
from collections import defaultdict
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from shuniu.accounts.permissions import restrict
from shuniu.divisions.models import Division
from shuniu.services.forms import within_beijing
from shuniu.services.models import LATITUDE, LONGITUDE, Facility
from shuniu.services.text import KIND_LABELS

from .. import names
from ..report import RowInvalid
from . import base, records
from .base import Column, Spec

STAGED = False
MAX_ROWS = 50_000
MODEL = Facility
COLUMNS = [
    Column("name", ("阵地名称", "服务阵地名称", "名称", "facility name", "name"), required=True),
    Column("kind", ("阵地类型", "类型", "kind", "type"), required=True,
           help="职工服务(帮扶)中心、工会服务站、社区青年汇、乡村青年社、妇女之家、其他服务阵地"),
    Column("hub", ("所属枢纽", "枢纽", "枢纽型社会组织", "hub"), required=True,
           help="本枢纽或其下级枢纽：简称、全称或代号（slug）"),
    Column("division", ("行政区划代码", "所在区划代码", "区划代码", "division code", "division"), required=True,
           help="6位区县或9位街道乡镇代码，如110105001"),
    Column("address", ("地址", "详细地址", "address")),
    Column("longitude", ("经度", "longitude", "lng"), help="北京市范围内，如116.45；与纬度同填或同空"),
    Column("latitude", ("纬度", "latitude", "lat"), help="北京市范围内，如39.95"),
    Column("opened", ("启用日期", "建成日期", "成立日期", "opened"), required=True, help="2010-06-30，不晚于今天"),
    Column("closed", ("停用日期", "关闭日期", "closed"), help="空为仍在使用"),
    Column("members_covered", ("覆盖会员数", "覆盖会员", "服务会员数", "members covered"),
           help="工会类阵地服务的基层工会会员数"),
]
HEADERS = {c.key: c.header for c in COLUMNS}
KEY = ("hub_id", "name", "division_id")
KEY_LABEL = "所属枢纽+阵地名称+行政区划代码"
NAME_HEADER = HEADERS["name"]
RESOLVED = ["hub", "division"]  # foreign keys come from maps read once; no query per row
STORED = {"kind", "address", "latitude", "longitude", "opened", "closed", "members_covered"}
KIND_WORDS = {
    Facility.Kind.WORKER_CENTRE: (KIND_LABELS["worker_centre"], "职工服务中心", "职工帮扶中心", "职工服务帮扶中心"),
    Facility.Kind.UNION_STATION: (KIND_LABELS["union_station"], "职工服务站"),
    Facility.Kind.YOUTH_HUB: (KIND_LABELS["youth_hub"], "青年汇"),
    Facility.Kind.RURAL_YOUTH: (KIND_LABELS["rural_youth"],),
    Facility.Kind.WOMENS_HOME: (KIND_LABELS["womens_home"],),
    Facility.Kind.OTHER: (KIND_LABELS["other"], "其他", "其它"),
}
PLACES = Decimal("0.00001")  # the model keeps five decimal places (about a metre)


class Context:
    def __init__(self, user=None):
        self.hubs = base.hub_keys()
        self.in_scope = base.hubs_in_scope(user)
        self.divisions = dict(Division.objects.values_list("code", "id"))
        self.kinds = base.choice_table(KIND_WORDS, Facility.Kind.choices)


def parse_row(cells: dict[str, str], ctx: Context) -> tuple[records.Parsed, list]:
    name = names.clean_name(cells.get("name", ""))
    if not name:
        raise RowInvalid(HEADERS["name"], "", _("required"))
    parsed = records.Parsed(values={}, cells={**cells, "name": name})
    values = parsed.values
    values["name"] = base.text(name, HEADERS["name"], 200)
    values["kind"] = base.choice(cells.get("kind", ""), HEADERS["kind"], ctx.kinds, COLUMNS[1].help)
    values["hub_id"] = base.hub(cells.get("hub", ""), HEADERS["hub"], ctx.hubs, ctx.in_scope)
    values["division_id"] = _division(cells.get("division", ""), ctx)
    values["opened"] = base.date(cells.get("opened", ""), HEADERS["opened"])
    if values["opened"] is None:
        raise RowInvalid(HEADERS["opened"], "", _("required"))
    if "address" in cells:
        values["address"] = base.text(cells["address"], HEADERS["address"], 200)
    for key, bounds, label in (("longitude", LONGITUDE, _("Longitude")), ("latitude", LATITUDE, _("Latitude"))):
        if key in cells:
            values[key] = _coordinate(cells[key], HEADERS[key], bounds, label, parsed.warnings)
    if "closed" in cells:
        values["closed"] = base.date(cells["closed"], HEADERS["closed"])
    if "members_covered" in cells:
        values["members_covered"] = base.count(cells["members_covered"], HEADERS["members_covered"])
    return parsed, []


def _division(value: str, ctx: Context) -> int:
    code = base.folded(value)
    if not code:
        raise RowInvalid(HEADERS["division"], "", _("required"))
    pk = ctx.divisions.get(code)
    if pk is None:
        raise RowInvalid(HEADERS["division"], value, _("unknown division code"))
    return pk


def _coordinate(value: str, column: str, bounds, label, warnings: list) -> Decimal | None:
    if not value:
        return None
    try:
        number = Decimal(base.folded(value).rstrip("°"))
    except InvalidOperation:
        raise RowInvalid(column, value, _("not a number")) from None
    if not number.is_finite():
        raise RowInvalid(column, value, _("not a number"))
    try:
        within_beijing(number, bounds, label)
    except ValidationError as error:
        raise RowInvalid(column, value, error.messages[0]) from None
    rounded = number.quantize(PLACES)
    if rounded != number:
        warnings.append((column, value, _("rounded to five decimal places (about a metre)")))
    return rounded


def write(rows: list[tuple[int, records.Parsed]], report, dry_run: bool, user) -> None:
    """A dry run writes too, so that its counts and scope checks are the real ones: run_import rolls it back."""
    records.write(sys.modules[__name__], rows, report, user)


# -- the hooks records.write() calls --------------------------------------------------------------
def resolve(rows, report, user):
    return rows  # everything was resolved from the Context's maps


def stored(keys: set[tuple]) -> dict[tuple, Facility]:
    found = {}
    for chunk in records.chunks({key[1] for key in keys}):
        for facility in Facility.objects.filter(name__in=chunk):
            found[(facility.hub_id, facility.name, facility.division_id)] = facility
    return found


def differences(record: Facility, parsed: records.Parsed) -> list[str]:
    return [name for name, value in parsed.values.items() if getattr(record, name) != value]


def attach(record: Facility, parsed: records.Parsed) -> None:
    """Nothing to attach: Facility.clean() reads no related record."""


def finish(record: Facility, parsed: records.Parsed) -> None:
    """Nothing was held back from clean()."""


def loose_key(record: Facility) -> tuple:
    return names.similar_key(record.name), record.division_id


def label(record: Facility) -> str:
    return record.name


def stored_similar(loose_keys: set[tuple], user) -> dict[tuple, list[tuple[int, str]]]:
    found = defaultdict(list)
    visible = Facility.objects.all() if user is None else restrict(Facility.objects.all(), user)
    wanted = set(loose_keys)
    for chunk in records.chunks({key[1] for key in loose_keys}):
        for pk, name, division in visible.filter(division_id__in=chunk).values_list(
                "pk", "name", "division_id"):
            key = (names.similar_key(name), division)
            if key in wanted:
                found[key].append((pk, name))
    return found


def after_write(new, changed) -> None:
    """A facility has nothing hanging on it."""


SPEC = Spec(
    kind="facilities",
    label="服务阵地",
    columns=COLUMNS,
    example={"name": "建外街道职工服务站", "kind": "工会服务站", "hub": "市总工会", "division": "110105001",
             "address": "朝阳区建国门外大街1号", "longitude": "116.45", "latitude": "39.91", "opened": "2010-03-01",
             "closed": "", "members_covered": "1200"},
)
