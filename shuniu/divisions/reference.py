"""Load Beijing's divisions and 2010 population from the reference data in the repo."""
from __future__ import annotations

import csv
import datetime
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from .models import Division, Level, Population

DATA = Path(__file__).with_name("data") / "beijing-divisions.csv"
BEIJING = "110000"

# The seed (section 一(一)) divides by these two city-wide figures; the census
# total in the CSV (1,961.2万) is kept for the districts, which the seed does not give.
POPULATION_2010 = {
    "residents": 19_700_000,
    "registered_residents": 12_570_000,
    "source": "seed 一(一): 2010年常住人口1970万、户籍人口1257万",
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

    Two passes, because a row may name a parent or successor that comes later.
    """
    rows = read_rows(path)
    existing = {d.code: d for d in Division.objects.all()}
    for row in rows:
        division = existing.get(row["code"]) or Division(code=row["code"])
        division.name = row["name"]
        division.level = Level(row["level"])
        division.valid_to = _month_start(row["valid_to"])
        division.parent = None
        division.successor = None
        division.save()
        existing[division.code] = division
    for row in rows:
        division = existing[row["code"]]
        parent = existing.get(row["parent"]) if row["parent"] else None
        successor = existing.get(row["successor"]) if row["successor"] else None
        if (division.parent_id, division.successor_id) != (getattr(parent, "pk", None), getattr(successor, "pk", None)):
            division.parent, division.successor = parent, successor
            division.save(update_fields=["parent", "successor"])
    _load_population_2010(rows, existing)
    return len(rows)


def _load_population_2010(rows: list[dict[str, str]], divisions: dict[str, Division]) -> None:
    for row in rows:
        if row["level"] != Level.DISTRICT or not row["residents_2010_10k"]:
            continue
        residents = int(Decimal(row["residents_2010_10k"]) * 10_000)
        Population.objects.update_or_create(
            division=divisions[row["code"]],
            year=2010,
            defaults={"residents": residents, "source": "第六次全国人口普查 (2010)"},
        )
    Population.objects.update_or_create(division=divisions[BEIJING], year=2010, defaults=POPULATION_2010)
