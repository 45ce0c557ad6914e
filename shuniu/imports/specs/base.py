"""A per-kind import spec: the columns (Chinese header first, aliases after), how
each cell is read, and how a whole row becomes the values written.

Parsers take the stripped cell text and return the stored value or raise
RowInvalid; they run a million times, so they are plain functions over dicts
loaded once (no query per row).
"""
from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ..report import RowInvalid

EARLIEST = datetime.date(1900, 1, 1)
MAX_INT = 2_147_483_647
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Column:
    key: str
    headers: tuple[str, ...]  # headers[0] is the template's Chinese header
    required: bool = False  # the column must be present and the cell filled
    help: str = ""  # shown in the template's second sheet

    @property
    def header(self) -> str:
        return self.headers[0]


@dataclass
class Spec:
    kind: str
    label: str
    columns: Sequence[Column]
    example: dict[str, str] = field(default_factory=dict)
    # build(context) -> callable(cells: dict[key, str], row_no) -> tuple for staging
    prepare: Callable | None = None

    def header_map(self, header_row: list[str]) -> tuple[dict[int, Column], list[str], list[str]]:
        """(position → column, unknown headers, problems) for the file's first row."""
        by_alias = {header_key(alias): col for col in self.columns for alias in (*col.headers, col.key)}
        found: dict[int, Column] = {}
        unknown, problems = [], []
        seen: dict[str, str] = {}
        for position, raw in enumerate(header_row):
            col = by_alias.get(header_key(raw))
            if col is None:
                if raw.strip():
                    unknown.append(raw.strip())
                continue
            if col.key in seen:
                problems.append(_("“%(a)s” and “%(b)s” are the same column (%(column)s)")
                                % {"a": raw.strip(), "b": seen[col.key], "column": col.header})
                continue
            seen[col.key] = raw.strip()
            found[position] = col
        missing = [c.header for c in self.columns if c.required and c.key not in seen]
        if missing:
            problems.append(_("required column missing: %(columns)s") % {"columns": "、".join(missing)})
        return found, unknown, problems


def header_key(raw: str) -> str:
    """统一社会信用代码*, ' Name ', 名称（必填） all find their column."""
    text = unicodedata.normalize("NFKC", raw or "").strip().lower()
    text = re.sub(r"\(必填\)|\(选填\)|[*\s_]", "", text)
    return text


def text(value: str, column: str, max_length: int) -> str:
    if _CONTROL.search(value):
        raise RowInvalid(column, value, _("contains control characters"))
    if len(value) > max_length:
        raise RowInvalid(column, value,
                         _("longer than %(max)d characters (%(n)d)") % {"max": max_length, "n": len(value)})
    return value


def date(value: str, column: str) -> datetime.date | None:
    if not value:
        return None
    if len(value) == 10 and value[4] == "-" and value[7] == "-":  # ISO, what exports and most files hold
        try:
            day = datetime.date.fromisoformat(value)
        except ValueError:
            raise RowInvalid(column, value, _("not a date (write 2010-06-30, 2010/6/30 or 2010年6月30日)")) from None
        if not EARLIEST <= day <= datetime.date.today():
            raise RowInvalid(column, value, _("date out of range (1900 to today)"))
        return day
    match = _DATE.match(value) or _COMPACT_DATE.match(value)
    if match is None:
        raise RowInvalid(column, value, _("not a date (write 2010-06-30, 2010/6/30 or 2010年6月30日)"))
    try:
        day = datetime.date(*(int(g) for g in match.groups()))
    except ValueError as exc:
        raise RowInvalid(column, value, _("not a date (%(error)s)") % {"error": exc}) from None
    if not EARLIEST <= day <= datetime.date.today():
        raise RowInvalid(column, value, _("date out of range (1900 to today)"))
    return day


def count(value: str, column: str) -> int | None:
    if not value:
        return None
    cleaned = value.replace(",", "").replace("，", "")
    if cleaned.endswith(".0"):
        cleaned = cleaned[:-2]
    if not cleaned.isdigit() or not cleaned.isascii():
        raise RowInvalid(column, value, _("not a whole number"))
    number = int(cleaned)
    if number > MAX_INT:
        raise RowInvalid(column, value, _("number too large"))
    return number


def choice(value: str, column: str, table: dict[str, str], words: str) -> str:
    found = table.get(value)
    if found is not None:
        return found
    found = table.get(unicodedata.normalize("NFKC", value).strip().lower())
    if found is None:
        raise RowInvalid(column, value, _("not one of: %(words)s") % {"words": words})
    return found


def folded(value: str) -> str:
    """How a name is looked up: width (NFKC), outer spaces and case do not matter."""
    return unicodedata.normalize("NFKC", value or "").strip().lower()


def choice_table(words: dict[str, Sequence[str]], choices) -> dict[str, str]:
    """Value → value for the stored values, the labels exports write and the words offices use (folded)."""
    table = {}
    for value, label in choices:
        table[value] = value
        table[folded(str(label))] = value
    for value, aliases in words.items():
        for alias in aliases:
            table[folded(alias)] = value
    return table


def hub_keys() -> dict[str, int]:
    """Every hub by its slug, short name and full name (folded): files name hubs all three ways.
    A name two hubs share maps to 0 (district hubs may share a short name): the row must give the slug."""
    from shuniu.hubs.models import Hub

    keys: dict[str, int] = {}
    for pk, slug, short, full in Hub.objects.values_list("id", "slug", "short_name", "organization__name"):
        for key in {folded(slug), folded(short), folded(full)}:
            keys[key] = 0 if keys.get(key, pk) != pk else pk
    return keys


def hubs_in_scope(user) -> set[int] | None:
    """The hubs whose network a row may name: the ones the app's forms offer this user (None: anywhere)."""
    from shuniu.accounts.permissions import restrict
    from shuniu.hubs.models import Hub

    if user is None:
        return None
    return set(restrict(Hub.objects.all(), user).values_list("pk", flat=True))


def hub(value: str, column: str, keys: dict[str, int], in_scope: set[int] | None, outside: str = "") -> int:
    """The hub's id; `outside` is the reason given for a hub not in scope (default: not of the user's network)."""
    pk = keys.get(folded(value))
    if pk is None:
        raise RowInvalid(column, value, _("no hub of this name"))
    if pk == 0:
        raise RowInvalid(column, value, _("several hubs have this name; give its code (slug)"))
    if in_scope is not None and pk not in in_scope:
        raise RowInvalid(column, value, outside or _("not a hub of your network"))
    return pk
