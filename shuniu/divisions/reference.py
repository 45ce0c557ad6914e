"""Load Beijing's divisions and 2010 population from the reference data in the repo."""
from __future__ import annotations

import csv
import datetime
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from shuniu.audit.history import bulk_create_audited

from .models import Division, Level, Population

DATA = Path(__file__).with_name("data") / "beijing-divisions.csv"
BEIJING = "110000"

# The seed (section 一(一)) divides by these two city-wide figures; the census
# total in the CSV (1,961.2万) is kept for the districts, which the seed does not give.
POPULATION_2010 = {
    "residents": 19_700_000,
    "registered_residents": 12_570_000,
    "source": "《北京市构建社会组织“枢纽型”工作体系的实践与策略》一(一)：2010年常住人口1970万、户籍人口1257万",
}


def _month_start(value: str) -> datetime.date | None:
    if not value:
        return None
    year, month = value.split("-")
    return datetime.date(int(year), int(month), 1)


def read_rows(path: Path = DATA) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@transaction.atomic
def load_divisions(path: Path = DATA) -> int:
    """Create or update every division in the file; returns how many rows were read.

    Rows are written in dependency order (a parent or successor before the rows
    naming it), new ones in bulk; an existing row is saved only if it differs, so
    loading the same file again adds no history.
    """
    rows = read_rows(path)
    # Parents and successors read along: comparing them below must not query once per row.
    existing = {d.code: d for d in Division.objects.select_related("parent", "successor")}
    for depth_rows in _by_depth(rows):
        new = []
        for row in depth_rows:
            wanted = _wanted(row, existing)
            division = existing.get(row["code"])
            if division is None:
                new.append(Division(code=row["code"], **wanted))
            elif any(getattr(division, k) != v for k, v in wanted.items()):
                for key, value in wanted.items():
                    setattr(division, key, value)
                division.save()
        for division in bulk_create_audited(Division, new):
            existing[division.code] = division
    _load_population_2010(rows, existing)
    return len(rows)


def _wanted(row: dict[str, str], existing: dict[str, Division]) -> dict:
    return {
        "name": row["name"],
        "level": Level(row["level"]),
        "valid_to": _month_start(row["valid_to"]),
        "parent": existing[row["parent"]] if row["parent"] else None,
        "successor": existing[row["successor"]] if row["successor"] else None,
    }


def _by_depth(rows: list[dict[str, str]]) -> list[list[dict[str, str]]]:
    """Group rows so that every parent and successor sits in an earlier group."""
    by_code = {row["code"]: row for row in rows}
    depth: dict[str, int] = {}

    def depth_of(code: str, seen: frozenset = frozenset()) -> int:
        if code not in by_code:
            return -1  # already in the database, or unknown (reported by the KeyError in _wanted)
        if code in seen:
            raise ValueError(f"division {code} is its own ancestor or successor")
        if code not in depth:
            row = by_code[code]
            refs = [ref for ref in (row["parent"], row["successor"]) if ref]
            depth[code] = 1 + max((depth_of(ref, seen | {code}) for ref in refs), default=-1)
        return depth[code]

    groups: dict[int, list[dict[str, str]]] = {}
    for row in rows:
        groups.setdefault(depth_of(row["code"]), []).append(row)
    return [groups[d] for d in sorted(groups)]


def _load_population_2010(rows: list[dict[str, str]], divisions: dict[str, Division]) -> None:
    wanted = {divisions[BEIJING]: POPULATION_2010}
    for row in rows:
        if row["level"] == Level.DISTRICT and row["residents_2010_10k"]:
            residents = int(Decimal(row["residents_2010_10k"]) * 10_000)
            wanted[divisions[row["code"]]] = {"residents": residents, "registered_residents": None,
                                              "source": "第六次全国人口普查 (2010)"}
    existing = {p.division_id: p for p in Population.objects.filter(year=2010)}
    for division, values in wanted.items():
        row = existing.get(division.pk)
        if row is None:
            Population.objects.create(division=division, year=2010, **values)
        elif any(getattr(row, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(row, key, value)
            row.save()


NATIONAL_DATA = Path(__file__).with_name("data") / "china-divisions.csv"


def load_national_divisions() -> int:
    """Beijing's divisions, then the other provinces' (same columns; see data/SOURCES.md)."""
    return load_divisions() + load_divisions(NATIONAL_DATA)
