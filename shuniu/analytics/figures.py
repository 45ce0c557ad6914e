"""The office's headline figures, computed from the records as of a date.

Nothing here is stored or typed in: every number is a query over organisations,
affiliations, recognitions and populations, so the same function answers for
any date the records cover.
"""
from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from shuniu.divisions.models import BEIJING_LEVELS, Division, Level, Population
from shuniu.hubs.models import Affiliation, Hub, Recognition
from shuniu.registry.models import FILED_TYPES, REGISTERED_TYPES, Organization, OrgType

CITY_CODE = "110000"
PER = 10_000


def today() -> datetime.date:
    return timezone.localdate()


def active_on(day: datetime.date) -> Q:
    """Organisations that existed on `day`: founded by then (or date unknown) and not yet ended."""
    return (Q(founded__isnull=True) | Q(founded__lte=day)) & (Q(ended_on__isnull=True) | Q(ended_on__gt=day))


def open_on(day: datetime.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}start__lte": day}) & (Q(**{f"{prefix}end__isnull": True}) | Q(**{f"{prefix}end__gt": day}))


def organizations(day: datetime.date, base: QuerySet[Organization] | None = None) -> QuerySet[Organization]:
    """Organisations that existed on `day`, within `base` (a restricted queryset) when given."""
    return (base if base is not None else Organization.objects.all()).filter(active_on(day))


def linked(day: datetime.date) -> Exists:
    return Exists(Affiliation.objects.filter(open_on(day), organization=OuterRef("pk")))


def recognised_hubs(day: datetime.date) -> QuerySet[Hub]:
    recognitions = Recognition.objects.filter(hub=OuterRef("pk"), recognised_on__lte=day).filter(
        Q(revoked_on__isnull=True) | Q(revoked_on__gt=day))
    return Hub.objects.filter(Exists(recognitions))


def _ratio(part: int, whole: int | None, scale: int = 1) -> float | None:
    return None if not whole else part * scale / whole


@dataclass(frozen=True)
class CityPopulation:
    year: int
    residents: int | None
    registered_residents: int | None
    source: str


def city_population(day: datetime.date) -> CityPopulation | None:
    row = (Population.objects.filter(division__code=CITY_CODE, year__lte=day.year).order_by("-year").first()
           or Population.objects.filter(division__code=CITY_CODE).order_by("year").first())
    if row is None:
        return None
    return CityPopulation(row.year, row.residents, row.registered_residents, row.source)


def summary(day: datetime.date | None = None) -> dict:
    day = day or today()
    orgs = organizations(day)
    counts = orgs.aggregate(
        **{t.value: Count("pk", filter=Q(org_type=t)) for t in OrgType},
    )
    registered = sum(counts[t] for t in REGISTERED_TYPES)
    filed = sum(counts[t] for t in FILED_TYPES)
    population = city_population(day)
    hubs = recognised_hubs(day)
    return {
        "as_of": day.isoformat(),
        "registered_total": registered,
        "by_type": {t.value: counts[t] for t in REGISTERED_TYPES},
        "filed_total": filed,
        "filed_by_type": {t.value: counts[t] for t in FILED_TYPES},
        "total": registered + filed,
        "hubs": _hubs_by_level(hubs),
        "hubs_by_batch": _city_hubs_by_batch(day),
        "density_per_10k_residents": _round(_ratio(registered, population and population.residents, PER), 1),
        "density_per_10k_registered_residents": _round(
            _ratio(registered, population and population.registered_residents, PER), 1),
        "population": population and asdict(population),
        "city_level_hub_coverage": _round(city_level_hub_coverage(day), 3),
        "supervisory_units": supervisory_units(day),
        "supervisory_units_by_level": supervisory_units_by_level(day),
        "organizations_without_supervisor_or_hub": without_supervisor_or_hub(day).count(),
    }


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def _hubs_by_level(hubs: QuerySet[Hub]) -> dict[str, int]:
    counts = dict(hubs.values_list("level").annotate(n=Count("pk")).values_list("level", "n"))
    return {level.value: counts.get(level.value, 0) for level in BEIJING_LEVELS}


def _city_hubs_by_batch(day: datetime.date) -> dict[str, int]:
    rows = (Recognition.objects.filter(hub__level=Level.CITY, recognised_on__lte=day)
            .filter(Q(revoked_on__isnull=True) | Q(revoked_on__gt=day))
            .values("batch").annotate(n=Count("hub", distinct=True)).order_by("batch"))
    return {str(row["batch"]): row["n"] for row in rows}


def city_level_registered(day: datetime.date) -> QuerySet[Organization]:
    """City-level registered organisations, without the hubs themselves (they are the network)."""
    return organizations(day).filter(level=Level.CITY, org_type__in=REGISTERED_TYPES, hub__isnull=True)


def city_level_hub_coverage(day: datetime.date) -> float | None:
    base = city_level_registered(day)
    result = base.aggregate(total=Count("pk"), linked=Count("pk", filter=Q(linked(day))))
    return _ratio(result["linked"], result["total"])


def supervisory_units(day: datetime.date) -> int:
    """Distinct 业务主管单位 that supervise at least one registered organisation."""
    return (organizations(day).filter(org_type__in=REGISTERED_TYPES, supervisory_unit__isnull=False)
            .values("supervisory_unit").distinct().count())


def supervisory_units_by_level(day: datetime.date) -> dict[str, dict[str, int]]:
    rows = (organizations(day).filter(org_type__in=REGISTERED_TYPES, supervisory_unit__isnull=False)
            .values("level", "supervisory_unit__kind")
            .annotate(n=Count("supervisory_unit", distinct=True)))
    result: dict[str, dict[str, int]] = {}
    for row in rows:
        result.setdefault(row["level"], {})[row["supervisory_unit__kind"]] = row["n"]
    return result


def without_supervisor_or_hub(day: datetime.date) -> QuerySet[Organization]:
    """The seed's problem 4: organisations nobody supervises and no hub links (无人联系、无人管理)."""
    return (organizations(day).exclude(org_type=OrgType.PEOPLE_ORG)
            .filter(supervisory_unit__isnull=True, hub__isnull=True).exclude(linked(day)))


def districts(day: datetime.date | None = None, base: QuerySet[Organization] | None = None) -> list[dict]:
    """Per current district: organisations registered or filed there, density and hub coverage."""
    day = day or today()
    # Beijing's districts (GB/T 2260 codes 11xxxx): the national demo holds every province's counties too.
    counts = (organizations(day, base).filter(level__in=[Level.DISTRICT, Level.STREET],
                                              registering_division__code__startswith=CITY_CODE[:2])
              .values("registering_division__code", "registering_division__parent__code", "org_type")
              .annotate(n=Count("pk"), linked=Count("pk", filter=Q(linked(day)))))
    per_district: dict[str, dict[str, int]] = {}
    for row in counts:
        code = row["registering_division__code"]
        if len(code) > 6:
            code = row["registering_division__parent__code"]
        tally = per_district.setdefault(code, {})
        tally[row["org_type"]] = tally.get(row["org_type"], 0) + row["n"]
        tally["linked"] = tally.get("linked", 0) + row["linked"]
    return [_district_row(d, per_district, day) for d in _current_districts_with_successors()]


def _current_districts_with_successors() -> list[Division]:
    return list(Division.objects.districts().current().filter(parent__code=CITY_CODE)
                .prefetch_related("predecessors", "populations"))


def _district_row(district: Division, per_district: dict[str, dict[str, int]], day: datetime.date) -> dict:
    by_type: dict[str, int] = {}
    for code in [district.code, *(p.code for p in district.predecessors.all())]:
        for org_type, n in per_district.get(code, {}).items():
            by_type[org_type] = by_type.get(org_type, 0) + n
    registered = sum(by_type.get(t, 0) for t in REGISTERED_TYPES)
    total = sum(n for key, n in by_type.items() if key != "linked")
    populations = sorted((p for p in district.populations.all() if p.year <= day.year), key=lambda p: p.year)
    residents = populations[-1].residents if populations else None
    return {
        "code": district.code,
        "name": district.name,
        "registered": registered,
        "filed": sum(by_type.get(t, 0) for t in FILED_TYPES),
        "residents": residents,
        "density_per_10k_residents": _round(_ratio(registered, residents, PER), 2),
        "hub_coverage": _round(_ratio(by_type.get("linked", 0), total), 3),
    }


def city_hubs(day: datetime.date | None = None) -> list[dict]:
    """Each recognised city hub with its batch and the organisations its tree links."""
    day = day or today()
    hubs = list(recognised_hubs(day).filter(level=Level.CITY)
                .prefetch_related("recognitions", "fields", "children__children"))
    direct = dict(Affiliation.objects.filter(open_on(day)).values("hub").annotate(n=Count("pk"))
                  .values_list("hub", "n"))
    rows = []
    for hub in hubs:
        tree = _subtree(hub)
        rows.append({
            "hub": hub,
            "batch": min(r.batch for r in hub.recognitions.all()),
            "fields": [f.name for f in hub.fields.all()],
            "sub_hubs": len(tree) - 1,
            "linked": sum(direct.get(h.pk, 0) for h in tree),
        })
    return sorted(rows, key=lambda r: (r["batch"], -r["linked"]))


def _subtree(hub: Hub) -> list[Hub]:
    nodes = [hub]
    for child in hub.children.all():
        nodes.extend([child, *child.children.all()])
    return nodes


def by_field(day: datetime.date, base: QuerySet[Organization] | None = None) -> list[dict]:
    """Registered and filed organisations per field, with whether a hub is authorised for it."""
    covered = set(Hub.objects.filter(fields__isnull=False).values_list("fields__slug", flat=True))
    rows = organizations(day, base).values("field__slug", "field__name").annotate(n=Count("pk")).order_by("-n")
    return [{"slug": r["field__slug"], "name": r["field__name"] or "—", "count": r["n"],
             "covered": r["field__slug"] in covered} for r in rows]


def by_year(base: QuerySet[Organization] | None = None) -> list[dict]:
    """Registered organisations founded each year (the system's growth over time)."""
    rows = ((base if base is not None else Organization.objects.all())
            .filter(org_type__in=REGISTERED_TYPES, founded__isnull=False)
            .values_list("founded__year").annotate(n=Count("pk")).order_by("founded__year"))
    return [{"year": year, "count": n} for year, n in rows]


def counts_by_type(day: datetime.date, base: QuerySet[Organization] | None = None) -> dict[str, int]:
    """Organisations of each type (people's organisations left out) that existed on `day`, within `base`."""
    types = [t for t in OrgType if t != OrgType.PEOPLE_ORG]
    counts = organizations(day, base).aggregate(**{t.value: Count("pk", filter=Q(org_type=t)) for t in types})
    return {t.value: counts[t.value] for t in types}


def hubs_linked(day: datetime.date, hubs: QuerySet[Hub]) -> list[dict]:
    """Each hub recognised on `day` among `hubs` (a restricted queryset), with the organisations it links itself."""
    rows = (hubs.filter(pk__in=recognised_hubs(day).values("pk"))
            .annotate(linked=Count("affiliations", filter=open_on(day, "affiliations__")))
            .select_related("organization", "parent").order_by("level", "-linked", "slug"))
    return [{"hub": hub, "level": hub.level, "parent": hub.parent and hub.parent.short_name,
             "linked": hub.linked} for hub in rows]
