"""Load the charter: the fields and the 22 city-level hubs (see data/SOURCES.md)."""
from __future__ import annotations

import csv
import datetime
from pathlib import Path

from django.db import transaction

from shuniu.divisions.models import Division, Level
from shuniu.registry.models import Field, NoSupervisorReason, Organization, SupervisoryUnit

from .authorisation import authorising
from .models import Hub, Recognition

DATA = Path(__file__).with_name("data")


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def city_hub_rows() -> list[dict[str, str]]:
    return _rows("city-hubs.csv")


def field_rows() -> list[dict[str, str]]:
    """Every field of the charter with its terms: the 22 hubs' fields, then those no hub covers."""
    terms = {r["slug"]: r["terms"] for r in _rows("field-terms.csv")}
    rows = [{"slug": r["slug"], "name": r["field_name"], "description": r["field_description"]}
            for r in city_hub_rows()]
    rows += _rows("uncovered-fields.csv")
    return [{**r, "terms": terms.get(r["slug"], "")} for r in rows]


@transaction.atomic
def load_fields() -> dict[str, Field]:
    fields = {}
    for row in field_rows():
        fields[row["slug"]], _ = Field.objects.update_or_create(
            slug=row["slug"], defaults={"name": row["name"], "description": row["description"],
                                        "terms": row["terms"]})
    return fields


@transaction.atomic
def load_city_hubs() -> dict[str, Hub]:
    """The 22 city hubs with their recognition; safe to run again."""
    fields = load_fields()
    city = Division.objects.get(code="110000")
    hubs = {}
    for row in city_hub_rows():
        hub = Hub.objects.filter(slug=row["slug"]).first() or _create_hub(row, city, fields[row["slug"]])
        with authorising(f"charter: recognised in batch {row['batch']}"):
            hub.fields.set([fields[row["slug"]]])
        hubs[hub.slug] = hub
    return hubs


def _create_hub(row: dict[str, str], city: Division, field: Field) -> Hub:
    # The sources do not say who supervises the hubs themselves, so none is recorded.
    org = Organization.objects.create(
        name=row["full_name"], org_type=row["org_type"], level=Level.CITY,
        registering_division=city, seat_division=city, field=field,
        no_supervisor_reason=NoSupervisorReason.NOT_REQUIRED,
    )
    unit = SupervisoryUnit.objects.create(name=row["short_name"], kind=SupervisoryUnit.Kind.HUB,
                                          level=Level.CITY, division=city)
    hub = Hub.objects.create(organization=org, slug=row["slug"], short_name=row["short_name"],
                             level=Level.CITY, division=city, supervisory_unit=unit)
    year, month = (int(part) for part in row["recognised"].split("-"))
    Recognition.objects.create(hub=hub, recognised_by=city, batch=int(row["batch"]),
                               recognised_on=datetime.date(year, month, 1),
                               note="认定月份见种子文献一(三)；文号未见于资料")
    return hub
