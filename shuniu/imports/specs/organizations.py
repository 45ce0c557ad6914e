"""Import spec for 社会组织: the columns offices use, and how a row becomes an Organization."""
from __future__ import annotations

import functools
import operator
import re
import unicodedata
from collections import defaultdict

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from django.utils.translation import gettext as _

from shuniu.accounts.permissions import scope_of
from shuniu.divisions.models import Division, Level
from shuniu.registry import uscc as uscc_rules
from shuniu.registry.models import FILED_TYPES, NoSupervisorReason, Organization, OrgType, Status, SupervisoryUnit

from .. import columnar, names
from ..initials import initials as _initials
from ..initials import initials_of as _initials_of
from ..report import RowInvalid
from . import base
from .base import Column, Spec

COLUMNS = [
    Column("uscc", ("统一社会信用代码", "社会信用代码", "信用代码", "credit code", "unified social credit code"),
           help="18位；2016年前登记、尚无代码的可留空，填登记证号"),
    Column("name", ("名称", "社会组织名称", "组织名称", "name"), required=True),
    Column("org_type", ("类型", "组织类型", "社会组织类型", "type", "org type"), required=True,
           help="社会团体、民办非企业单位（社会服务机构）、基金会、社区社会组织、未登记、人民团体"),
    Column("registering_division", ("登记管理机关", "登记管理机关区划代码", "登记机关", "registering division",
                                    "registration authority"),
           help="区划代码（110105）或机关名称（朝阳区民政局）；空则用行政区划代码"),
    Column("seat_division", ("行政区划代码", "住所区划代码", "所在区划", "seat division", "division code"),
           help="6位区县或9位街道乡镇代码"),
    Column("level", ("层级", "级别", "level"), help="市级、区级、街乡级；空则按登记管理机关"),
    Column("status", ("状态", "登记状态", "status"), help="正常、注销、撤销；空为正常"),
    Column("certificate_number", ("登记证号", "证书号", "登记证书号", "certificate number")),
    Column("founded", ("成立日期", "成立时间", "登记日期", "founded"), help="2010-06-30"),
    Column("ended_on", ("终止日期", "注销日期", "撤销日期", "ended on")),
    Column("legal_representative", ("法定代表人", "负责人", "legal representative")),
    Column("business_scope", ("业务范围", "宗旨和业务范围", "business scope")),
    Column("members", ("会员数", "会员数量", "members")),
    Column("staff", ("专职工作人员数", "专职人员数", "从业人员数", "staff")),
    Column("supervisory_unit", ("业务主管单位", "主管单位", "supervisory unit"),
           help="单位全称；直接登记、脱钩的填在下一列"),
    Column("no_supervisor_reason", ("无业务主管单位原因", "无主管单位原因", "no supervisor reason"),
           help="直接登记、脱钩、未找到、不需要"),
]

# Values written to the staging table, in this order (model attnames, see staging.py).
FIELDS = ("name", "name_initials", "org_type", "status", "level", "uscc", "uscc_legacy", "certificate_number",
          "registering_division_id", "seat_division_id", "founded", "ended_on", "legal_representative",
          "business_scope", "members", "staff", "supervisory_unit_id", "no_supervisor_reason")
# Which stored fields a file column sets (an absent column leaves existing records alone).
SETS = {"name": ("name", "name_initials"), "uscc": ("uscc", "uscc_legacy"),
        "registering_division": ("registering_division_id",), "seat_division": ("seat_division_id",),
        "supervisory_unit": ("supervisory_unit_id", "no_supervisor_reason"),
        "no_supervisor_reason": ("supervisory_unit_id", "no_supervisor_reason")}
DERIVED = ("name_initials",)  # computed from other fields; a dry run leaves it empty (check.py)
KEYS = (("uscc",), ("certificate_number",), ("name", "registering_division_id"))
DEFAULTS = {"field_id": None, "founded_by_agency": False, "agency_officials_in_post": 0,
            "government_funding_share": None, "version": 1}

TYPE_WORDS = {
    OrgType.ASSOCIATION: ("社会团体", "社团", "association", "51"),
    OrgType.SERVICE_ORG: ("民办非企业单位", "社会服务机构", "民非", "民办非企业", "service_org", "52"),
    OrgType.FOUNDATION: ("基金会", "foundation", "53"),
    OrgType.COMMUNITY: ("社区社会组织", "备案", "community"),
    OrgType.GRASSROOTS: ("未登记", "草根组织", "grassroots"),
    OrgType.PEOPLE_ORG: ("人民团体", "群团组织", "people_org"),
}
LEVEL_WORDS = {Level.CITY: ("市级", "市", "city"), Level.DISTRICT: ("区级", "区", "区县级", "district"),
               Level.STREET: ("街乡级", "街道", "乡镇", "街道乡镇", "street")}
STATUS_WORDS = {Status.ACTIVE: ("正常", "存续", "登记", "active"), Status.DEREGISTERED: ("注销", "deregistered"),
                Status.REVOKED: ("撤销", "吊销", "revoked")}
REASON_WORDS = {NoSupervisorReason.DIRECT: ("直接登记", "direct"), NoSupervisorReason.DECOUPLED: ("脱钩", "decoupled"),
                NoSupervisorReason.NOT_FOUND: ("未找到", "无", "not_found"),
                NoSupervisorReason.NOT_REQUIRED: ("不需要", "无需", "not_required")}
TYPE_HELP = "社会团体、民办非企业单位、基金会、社区社会组织、未登记、人民团体"
_AUTHORITY_SUFFIX = re.compile(r"(民政局|民政部门|社会建设工作办公室|社会办|社工委)$")


class Context:
    """Everything a row is checked against, read once per import (no query per row)."""

    def __init__(self, user=None, *, initials: bool = True):
        # A dry run needs no pinyin initials: they follow from the name, and cost a third of a row's parsing.
        self.initials = _initials if initials else _no_initials
        # Rows may only register organisations where the user may add them (None: the operator, anywhere).
        scope = scope_of(user) if user is not None else None
        self.allowed_divisions = None if scope is None or scope.everything else scope.division_ids
        self.types = base.choice_table(TYPE_WORDS, OrgType.choices)
        self.levels = base.choice_table(LEVEL_WORDS, Level.choices)
        self.statuses = base.choice_table(STATUS_WORDS, Status.choices)
        self.reasons = base.choice_table(REASON_WORDS, NoSupervisorReason.choices)
        self.divisions: dict[str, tuple[int, str]] = {}
        by_name: dict[str, list[int]] = defaultdict(list)
        for pk, code, name, level, valid_to in Division.objects.values_list("id", "code", "name", "level", "valid_to"):
            self.divisions[code] = (pk, level)
            if valid_to is None:
                by_name[name].append(pk)
        self.levels_by_id = {pk: level for pk, level in self.divisions.values()}
        self.division_by_name = {name: ids[0] if len(ids) == 1 else None for name, ids in by_name.items()}
        units: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
        for pk, name, division_id, level in SupervisoryUnit.objects.values_list("id", "name", "division_id", "level"):
            units[unicodedata.normalize("NFKC", name).strip()].append((pk, division_id, level))
        self.units = dict(units)
        self.memo: dict[str, dict] = defaultdict(dict)  # parse_block's verdicts per distinct value, kept across blocks

    def division(self, value: str, column: str) -> int | None:
        if not value:
            return None
        known = self.divisions.get(value)
        if known is not None:
            return known[0]
        code = unicodedata.normalize("NFKC", value).strip()
        if code.isdigit():
            if code in self.divisions:
                return self.divisions[code][0]
            raise RowInvalid(column, value, _("unknown division code"))
        name = _AUTHORITY_SUFFIX.sub("", code)
        for candidate in (name, name + "区", name + "市"):
            if candidate in self.division_by_name:
                pk = self.division_by_name[candidate]
                if pk is None:
                    raise RowInvalid(column, value, _("several divisions have this name; give the code"))
                return pk
        raise RowInvalid(column, value, _("unknown division (give the 6- or 9-digit code)"))

    def unit(self, value: str, registering_division: int | None) -> int:
        found = self.units.get(value) or self.units.get(unicodedata.normalize("NFKC", value).strip())
        if not found:
            raise RowInvalid("业务主管单位", value, _("no supervisory unit of this name"))
        if len(found) == 1:
            return found[0][0]
        same_place = [pk for pk, division_id, _ in found if division_id == registering_division]
        city = [pk for pk, _, level in found if level == Level.CITY]
        for candidates in (same_place, city):
            if len(candidates) == 1:
                return candidates[0]
        raise RowInvalid("业务主管单位", value, _("several supervisory units have this name"))


def parse_row(cells: dict[str, str], ctx: Context) -> tuple[tuple, list[tuple[str, str, str]]]:
    """(values in FIELDS order, warnings as (column, value, reason)); raises RowInvalid on the first bad cell."""
    warnings = []
    get = cells.get
    name = names.clean_name(get("name", ""))
    if not name:
        raise RowInvalid("名称", "", _("required"))
    base.text(name, "名称", 200)
    org_type = _type(get("org_type", ""), ctx)
    code, legacy = _uscc(get("uscc", ""), org_type, ctx, warnings)
    seat, registering, level = _place(get("seat_division", ""), get("registering_division", ""),
                                      get("level", ""), ctx)
    status = _status(get("status", ""), ctx)
    founded, ended_on = _dates(get("founded", ""), get("ended_on", ""))
    unit, reason = _supervision(get("supervisory_unit", ""), get("no_supervisor_reason", ""), org_type,
                                registering, ctx)
    return (
        name, ctx.initials(name), org_type, status, level, code, legacy,
        base.text(get("certificate_number", ""), "登记证号", 40), registering, seat, founded, ended_on,
        base.text(get("legal_representative", ""), "法定代表人", 50),
        base.text(get("business_scope", ""), "业务范围", 20_000),
        base.count(get("members", ""), "会员数"), base.count(get("staff", ""), "专职工作人员数"), unit, reason,
    ), warnings


def _type(text: str, ctx: Context) -> str:
    return base.choice(text, "类型", ctx.types, TYPE_HELP)


def _place(seat_text: str, registering_text: str, level_text: str, ctx: Context) -> tuple[int | None, int, str]:
    """(seat, registering division, level): the registering division defaults to the seat, the level to its."""
    seat = ctx.division(seat_text, "行政区划代码")
    registering = ctx.division(registering_text, "登记管理机关") or seat
    if registering is None:
        raise RowInvalid("登记管理机关", "", _("required (or give 行政区划代码)"))
    if ctx.allowed_divisions is not None and registering not in ctx.allowed_divisions:
        raise RowInvalid("登记管理机关", registering_text or seat_text,
                         _("outside the divisions you may register organisations in"))
    level = base.choice(level_text, "层级", ctx.levels, "市级、区级、街乡级") if level_text else \
        _level_of(ctx.levels_by_id[registering])
    return seat, registering, level


def _status(text: str, ctx: Context) -> str:
    return base.choice(text, "状态", ctx.statuses, "正常、注销、撤销") if text else Status.ACTIVE


def _dates(founded_text: str, ended_text: str) -> tuple:
    founded = base.date(founded_text, "成立日期")
    ended_on = base.date(ended_text, "终止日期")
    if founded and ended_on and ended_on < founded:
        raise RowInvalid("终止日期", ended_text, _("before the founding date"))
    return founded, ended_on


def _date(text: str) -> tuple:
    return (base.date(text, ""),)  # as with _count


def _count(text: str) -> tuple[int | None]:
    return (base.count(text, ""),)  # a refused count is read again by parse_row, which names its column


# -- a block at a time (columnar.py): the same rules, each run once per distinct value ------------------
def parse_block(block: columnar.Block, ctx: Context) -> tuple[dict[str, pa.Array], np.ndarray]:
    """(FIELDS → column, rows to leave to parse_row); a row left out is never wrong, only slower."""
    get = functools.partial(columnar.cells, block)
    name, slow = columnar.text(block, "name")
    slow |= columnar.flags(pc.match_substring_regex(name, _NAME_NEEDS_CLEANING)) | columnar.too_long(name, 200)
    out = {"name": name}
    types, which = columnar.per_distinct([get("org_type")], lambda text: (_type(text, ctx),), ctx.memo["type"])
    slow |= columnar.refused(types, which)
    out["org_type"] = columnar.spread(types, which, 0, pa.string())
    places, which = columnar.per_distinct([get("seat_division"), get("registering_division"), get("level")],
                                          lambda *texts: _place(*texts, ctx), ctx.memo["place"])
    slow |= columnar.refused(places, which)
    for part, field, kind in ((0, "seat_division_id", pa.int64()), (1, "registering_division_id", pa.int64()),
                              (2, "level", pa.string())):
        out[field] = columnar.spread(places, which, part, kind)
    _distinct(out, slow, [get("status")], lambda text: (_status(text, ctx),), {"status": pa.string()},
              ctx.memo["status"])
    _distinct(out, slow, [get("founded")], _date, {"founded": pa.date32()}, ctx.memo["date"])
    _distinct(out, slow, [get("ended_on")], _date, {"ended_on": pa.date32()}, ctx.memo["date"])
    slow |= columnar.flags(pc.fill_null(pc.less(out["ended_on"], out["founded"]), False))  # _dates' order rule
    _distinct(out, slow, [get("members")], _count, {"members": pa.int64()}, ctx.memo["count"])
    _distinct(out, slow, [get("staff")], _count, {"staff": pa.int64()}, ctx.memo["count"])
    _distinct(out, slow, [get("supervisory_unit"), get("no_supervisor_reason"), out["org_type"].fill_null(""),
                          out["registering_division_id"].fill_null(0)],
              lambda *args: _supervision(*args, ctx),
              {"supervisory_unit_id": pa.int64(), "no_supervisor_reason": pa.string()}, ctx.memo["supervision"])
    for key, limit in (("certificate_number", 40), ("legal_representative", 50), ("business_scope", 20_000)):
        out[key], careful = columnar.text(block, key)
        slow |= careful | columnar.too_long(out[key], limit)
    codes, careful = columnar.text(block, "uscc")
    out["uscc"], plain = _usccs(codes, out["org_type"].fill_null(""), ctx)
    slow |= careful | ~plain
    out["uscc_legacy"] = pa.array(np.zeros(len(name), dtype=bool))
    if ctx.initials is _no_initials:
        out["name_initials"] = pa.array([""] * len(name), type=pa.string())
    else:
        out["name_initials"] = pa.array(_initials_of(name.to_pylist()), type=pa.string())
    return {field: out[field] for field in FIELDS}, slow


# A name clean_name would change (runs of spaces, tabs, any other kind of space), or none at all.
_NAME_NEEDS_CLEANING = r"^$|\s\s|[\t\n\r]|" + columnar.UNICODE_SPACE


def _distinct(out: dict, slow: np.ndarray, columns, check, fields: dict[str, pa.DataType], memo: dict) -> None:
    results, which = columnar.per_distinct(columns, check, memo)
    slow |= columnar.refused(results, which)
    for part, (field, kind) in enumerate(fields.items()):
        out[field] = columnar.spread(results, which, part, kind)


def _usccs(codes: pa.Array, org_types: pa.Array, ctx: Context) -> tuple[pa.Array, np.ndarray]:
    """(codes, plainly valid or empty): the common case of _plainly_valid, for a whole column."""
    empty = columnar.flags(pc.equal(codes, ""))
    ok = columnar.flags(pc.match_substring_regex(codes, f"^[{uscc_rules.ALPHABET}]{{18}}$")) & ~empty
    if ok.any():
        prefix_ok, _which = columnar.per_distinct(
            [pc.utf8_slice_codeunits(codes, 0, 2), org_types],
            lambda prefix, org_type: (prefix in uscc_rules.TYPE_PREFIXES.get(org_type, ()),))
        ok &= np.array([r[0] for r in prefix_ok], dtype=bool)[_which]
        places = pc.utf8_slice_codeunits(codes, 2, 8)
        ok &= columnar.flags(pc.is_in(places, pa.array([*ctx.divisions, uscc_rules.NATIONAL])))
        ok &= _checksums_hold(codes, ok)
    values = pc.if_else(pa.array(empty), pa.nulls(len(codes), pa.string()), codes)
    return values, ok | empty


def _checksums_hold(codes: pa.Array, ok: np.ndarray) -> np.ndarray:
    """GB 32100's two check characters (the organisation code's and the whole code's), vectorised."""
    rows = np.nonzero(ok)[0]
    picked = codes.take(pa.array(rows)).cast(pa.large_binary())  # 18 ASCII bytes each (the regex said so)
    digits = np.frombuffer(picked.buffers()[2], dtype=np.uint8)[:18 * len(rows)].reshape(-1, 18)
    values = _ALPHABET_LOOKUP[digits]
    org = 11 - (_ORG_LOOKUP[digits[:, 8:16]] @ np.array(uscc_rules.ORG_CODE_WEIGHTS)) % 11
    org_ok = np.where(org == 10, digits[:, 16] == ord("X"), values[:, 16] == np.where(org == 11, 0, org))
    total = values[:, :17] @ np.array(uscc_rules.WEIGHTS)
    full_ok = values[:, 17] == (31 - total % 31) % 31
    hold = np.zeros(len(ok), dtype=bool)
    hold[rows] = org_ok & full_ok
    return hold


def _no_initials(name: str) -> str:
    return ""


def _level_of(division_level: str) -> str:
    return division_level if division_level in (Level.CITY, Level.DISTRICT) else Level.STREET


_WELL_FORMED = re.compile(f"[{uscc_rules.ALPHABET}]{{18}}")
_ORG_VALUES = {ch: (int(ch) if ch.isdigit() else ord(ch) - 55) for ch in uscc_rules.ALPHABET}
# Per position, character → value × weight: a checksum is then one C-level map over the code.
_ORG_TERMS = [{ch: v * w for ch, v in _ORG_VALUES.items()} for w in uscc_rules.ORG_CODE_WEIGHTS]
_TERMS = [{ch: v * w for ch, v in uscc_rules.VALUES.items()} for w in uscc_rules.WEIGHTS]


# Character → value, as the whole code counts (its alphabet's order) and as the organisation code counts (A = 10).
_ALPHABET_LOOKUP = np.full(256, -1, dtype=np.int64)
_ORG_LOOKUP = np.full(256, -1, dtype=np.int64)
for _ch in uscc_rules.ALPHABET:
    _ALPHABET_LOOKUP[ord(_ch)] = uscc_rules.VALUES[_ch]
    _ORG_LOOKUP[ord(_ch)] = _ORG_VALUES[_ch]


_term = operator.getitem


def _plainly_valid(code: str, org_type: str, ctx: Context) -> bool:
    """The common case without building problem lists: a clean code that passes every check.

    Anything else goes through registry.uscc.check, which says what is wrong.
    """
    if _WELL_FORMED.fullmatch(code) is None or code[:2] not in uscc_rules.TYPE_PREFIXES.get(org_type, ()):
        return False
    if code[2:8] not in ctx.divisions and code[2:8] != uscc_rules.NATIONAL:
        return False
    org = 11 - sum(map(_term, _ORG_TERMS, code[8:16])) % 11
    if code[16] != {10: "X", 11: "0"}.get(org, str(org)):
        return False
    total = sum(map(_term, _TERMS, code[:17]))
    return code[17] == uscc_rules.ALPHABET[(31 - total % 31) % 31]


def _uscc(value: str, org_type: str, ctx: Context, warnings: list) -> tuple[str | None, bool]:
    if not value:
        return None, False
    if _plainly_valid(value, org_type, ctx):
        return value, False
    result = uscc_rules.check(value, org_type=org_type, known_divisions=ctx.divisions)
    if result.valid:
        return result.code, False
    if result.checksum_only:  # codes issued with a wrong check character are kept, flagged (GB 32100 in practice)
        warnings.append(("统一社会信用代码", value, _("fails its checksum; kept and flagged unverified")))
        return result.code, True
    raise RowInvalid("统一社会信用代码", value, "; ".join(str(p) for p in result.problems))


def _supervision(unit_text: str, reason_text: str, org_type: str, registering: int, ctx: Context):
    if unit_text and unit_text in ctx.reasons and not reason_text:
        reason_text, unit_text = unit_text, ""  # offices write 直接登记 / 脱钩 in the unit column
    if unit_text:
        if reason_text:
            raise RowInvalid("无业务主管单位原因", reason_text,
                             _("a supervisory unit is named; leave the reason empty"))
        return ctx.unit(unit_text, registering), ""
    if reason_text:
        return None, base.choice(reason_text, "无业务主管单位原因", ctx.reasons, "直接登记、脱钩、未找到、不需要")
    filed = org_type in FILED_TYPES or org_type == OrgType.PEOPLE_ORG
    return None, NoSupervisorReason.NOT_REQUIRED if filed else NoSupervisorReason.NOT_FOUND


SPEC = Spec(
    kind="organizations",
    label="社会组织",
    columns=COLUMNS,
    example={"uscc": uscc_rules.build("5", "1", "110105", "MJ012345"), "name": "北京市朝阳区老年书画协会",
             "org_type": "社会团体", "registering_division": "110105", "seat_division": "110105",
             "certificate_number": "京朝社证字第0123号", "founded": "2010-06-30", "legal_representative": "王建国",
             "business_scope": "组织书画创作交流、展览和培训", "members": "120", "supervisory_unit": "",
             "no_supervisor_reason": "直接登记"},
)
MODEL = Organization
