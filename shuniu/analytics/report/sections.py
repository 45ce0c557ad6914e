"""The sections of the yearly report, each built from analytics.figures for one Area.

A builder takes the Area and returns a Section, or None when it does not apply
to that area (the district table is the city's only). SECTIONS is the order in
the report; other apps add theirs with `add_section` (party building and reach
are meant to come this way), so the renderers never change.
"""
from __future__ import annotations

from collections.abc import Callable

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from shuniu.analytics import figures
from shuniu.divisions.models import Level
from shuniu.registry.models import FILED_TYPES, REGISTERED_TYPES, OrgType, SupervisoryUnit

from .area import Area
from .model import DEC1, DEC2, INT, PCT, Chart, Column, Section, Series, Value

Builder = Callable[[Area], Section | None]
TOP_FIELDS = 15
AGENCIES = (SupervisoryUnit.Kind.GOVERNMENT, SupervisoryUnit.Kind.INSTITUTION)


def headline(area: Area) -> Section:
    if area.is_city:
        return _city_headline(area)
    return _district_headline(area)


def _count_rows(counts: dict[str, int]) -> list[list]:
    registered = sum(counts[t] for t in REGISTERED_TYPES)
    filed = sum(counts[t] for t in FILED_TYPES)
    return [
        [_("Registered organisations"), Value(registered, INT), _orgs()],
        *[["　" + str(OrgType(t).label), Value(counts[t], INT), _orgs()] for t in REGISTERED_TYPES],
        [_("Filed and unregistered organisations"), Value(filed, INT), _orgs()],
        *[["　" + str(OrgType(t).label), Value(counts[t], INT), _orgs()] for t in FILED_TYPES],
        [_("All organisations"), Value(registered + filed, INT), _orgs()],
    ]


def _headline_columns() -> list[Column]:
    return [Column(_("Indicator")), Column(_("Value")), Column(_("Unit"))]


def _city_headline(area: Area) -> Section:
    s = figures.summary(area.day)
    counts = {**s["by_type"], **s["filed_by_type"]}
    population = s["population"] or {}
    city_units = s["supervisory_units_by_level"].get(Level.CITY, {})
    batches = "，".join(_("batch %(b)s: %(n)s") % {"b": b, "n": n} for b, n in s["hubs_by_batch"].items())
    rows = [
        *_count_rows(counts),
        [_("Residents (%(year)s)") % {"year": population.get("year", "—")},
         Value(_wan(population.get("residents")), DEC1), pgettext("unit", "10,000 people")],
        [_("Registered residents (%(year)s)") % {"year": population.get("year", "—")},
         Value(_wan(population.get("registered_residents")), DEC1), pgettext("unit", "10,000 people")],
        [_("Registered organisations per 10,000 residents"), Value(s["density_per_10k_residents"], DEC1),
         _orgs()],
        [_("Registered organisations per 10,000 registered residents"),
         Value(s["density_per_10k_registered_residents"], DEC1), _orgs()],
        [_("City hubs recognised") + (f"（{batches}）" if batches else ""), Value(s["hubs"][Level.CITY], INT), _hubs()],
        [_("District hubs"), Value(s["hubs"][Level.DISTRICT], INT), _hubs()],
        [_("Street hubs"), Value(s["hubs"][Level.STREET], INT), _hubs()],
        [_("City-level registered organisations linked to a hub"), Value(s["city_level_hub_coverage"], PCT), ""],
        [_("Supervisory units in use"), Value(s["supervisory_units"], INT), pgettext("unit", "units")],
        [_("of which city level"), Value(sum(city_units.values()), INT), pgettext("unit", "units")],
        [_("Organisations with neither a supervisory unit nor a hub"),
         Value(s["organizations_without_supervisor_or_hub"], INT), _orgs()],
    ]
    text = _(
        "By %(day)s, %(area)s had %(registered)s registered social organisations (%(associations)s associations, "
        "%(service)s social service organisations, %(foundations)s foundations) and %(filed)s filed or "
        "unregistered ones, %(total)s in all. That is %(density)s registered organisations per 10,000 residents "
        "and %(density_registered)s per 10,000 registered residents. %(hubs)s city hubs link %(coverage)s of the "
        "city-level registered organisations; %(units)s supervisory units are in use, %(city_units)s of them at "
        "city level."
    ) % {
        "day": _date(area.day), "area": area.name, "registered": f"{s['registered_total']:,}",
        "associations": f"{counts['association']:,}", "service": f"{counts['service_org']:,}",
        "foundations": f"{counts['foundation']:,}", "filed": f"{s['filed_total']:,}", "total": f"{s['total']:,}",
        "density": _or_dash(s["density_per_10k_residents"]),
        "density_registered": _or_dash(s["density_per_10k_registered_residents"]),
        "hubs": s["hubs"][Level.CITY], "coverage": _pct(s["city_level_hub_coverage"]),
        "units": s["supervisory_units"], "city_units": sum(city_units.values()),
    }
    return Section("headline", _("Headline figures"), _headline_columns(), rows, text, notes=_definitions())


def _definitions(*keys: str) -> list[str]:
    """How the headline figures are defined (those named, or all)."""
    notes = {
        "registered": _("Registered organisations: associations, social service organisations and foundations "
                        "founded by the date and not deregistered or revoked before it."),
        "density": _("Densities divide registered organisations by the residents and registered residents of "
                     "the population record for the year."),
        "coverage": _("Hub coverage: of the city-level registered organisations (the hubs themselves excluded), "
                      "the share with a hub link open on the date."),
        "units": _("Supervisory units: distinct units supervising at least one registered organisation."),
        "orphans": _("Neither a supervisory unit nor a hub: organisations (people's organisations excepted) with "
                     "no supervisory unit and no open hub link."),
    }
    return [notes[k] for k in keys] if keys else list(notes.values())


def _district_headline(area: Area) -> Section:
    counts = figures.counts_by_type(area.day, area.organizations)
    row = next((r for r in figures.districts(area.day, area.organizations) if r["code"] == area.key), None) or {}
    hubs = figures.hubs_linked(area.day, area.hubs)
    orphans = figures.without_supervisor_or_hub(area.day).filter(pk__in=area.organizations.values("pk")).count()
    levels = {level: sum(1 for h in hubs if h["level"] == level) for level in (Level.DISTRICT, Level.STREET)}
    rows = [
        *_count_rows(counts),
        [_("Residents (%(year)s)") % {"year": area.day.year}, Value(_wan(row.get("residents")), DEC1),
         pgettext("unit", "10,000 people")],
        [_("District-level registered organisations per 10,000 residents"),
         Value(row.get("density_per_10k_residents"), DEC2), _orgs()],
        [_("District and street organisations linked to a hub"), Value(row.get("hub_coverage"), PCT), ""],
        [_("District hubs"), Value(levels[Level.DISTRICT], INT), _hubs()],
        [_("Street hubs"), Value(levels[Level.STREET], INT), _hubs()],
        [_("Organisations with neither a supervisory unit nor a hub"), Value(orphans, INT), _orgs()],
    ]
    registered = sum(counts[t] for t in REGISTERED_TYPES)
    text = _(
        "By %(day)s, %(area)s had %(registered)s registered social organisations and %(filed)s filed or "
        "unregistered ones; %(density)s district-level registered organisations per 10,000 residents, "
        "%(coverage)s of its district and street organisations linked to a hub, %(orphans)s with neither a "
        "supervisory unit nor a hub."
    ) % {
        "day": _date(area.day), "area": area.name, "registered": f"{registered:,}",
        "filed": f"{sum(counts[t] for t in FILED_TYPES):,}",
        "density": _or_dash(row.get("density_per_10k_residents")), "coverage": _pct(row.get("hub_coverage")),
        "orphans": f"{orphans:,}",
    }
    notes = _definitions("registered", "orphans")
    return Section("headline", _("Headline figures"), _headline_columns(), rows, text, notes=notes)


def by_type(area: Area) -> Section:
    counts = figures.counts_by_type(area.day, None if area.is_city else area.organizations)
    total = sum(counts.values())
    labels = [str(OrgType(t).label) for t in counts]
    rows = [[label, n, n / total if total else None] for label, n in zip(labels, counts.values(), strict=True)]
    registered = sum(counts[t] for t in REGISTERED_TYPES)
    text = _("Registered organisations (associations, social service organisations, foundations) are "
             "%(share)s of the %(total)s organisations; the rest are filed community organisations and "
             "unregistered grassroots groups.") % {"share": _pct(registered / total if total else None),
                                                   "total": f"{total:,}"}
    chart = Chart("pie", _("Organisations by type"), labels, [Series(_("Organisations"), list(counts.values()))])
    return Section("by_type", _("Organisations by type"),
                   [Column(_("Type")), Column(_("Organisations"), INT), Column(_("Share"), PCT)], rows, text, [chart])


def districts(area: Area) -> Section | None:
    if not area.is_city:
        return None
    rows = figures.districts(area.day, area.organizations)
    table = [[r["name"], r["code"], r["registered"], r["filed"], _wan(r["residents"]),
              r["density_per_10k_residents"], r["hub_coverage"]] for r in rows]
    names = [r["name"] for r in rows]
    densest = max(rows, key=lambda r: r["density_per_10k_residents"] or 0, default=None)
    text = _("District-level registered organisations and filed or unregistered groups per district (retired "
             "codes such as 崇文 and 宣武 count in their successors). The highest density is %(name)s with "
             "%(density)s per 10,000 residents.") % {
        "name": densest["name"] if densest else "—",
        "density": _or_dash(densest and densest["density_per_10k_residents"])}
    charts = [
        Chart("bar", _("Organisations by district"), names,
              [Series(_("District-level registered"), [r["registered"] for r in rows]),
               Series(_("Filed and grassroots"), [r["filed"] for r in rows])], stacked=True),
        Chart("bar", _("Registered organisations per 10,000 residents, by district"), names,
              [Series(_("per 10,000 residents"), [r["density_per_10k_residents"] for r in rows])]),
    ]
    columns = [_district_column(), Column(_("Code")), Column(_("District-level registered"), INT),
               Column(_("Filed and grassroots"), INT), Column(_("Residents (10,000)"), DEC1),
               Column(_("Per 10,000 residents"), DEC2), Column(_("Linked to a hub"), PCT)]
    return Section("districts", _("Organisations by district"), columns, table, text, charts)


def hubs(area: Area) -> Section:
    if area.is_city:
        return _city_hubs(area)
    rows = figures.hubs_linked(area.day, area.hubs)
    table = [[str(Level(r["level"]).label), r["hub"].short_name, r["hub"].organization.name, r["parent"] or "—",
              r["linked"]] for r in rows]
    text = _("%(n)s hubs recognised in %(area)s by %(day)s link %(linked)s organisations directly.") % {
        "n": len(rows), "area": area.name, "day": _date(area.day),
        "linked": f"{sum(r['linked'] for r in rows):,}"}
    top = rows[:20]
    charts = [Chart("hbar", _("Organisations linked per hub"), [r["hub"].short_name for r in top],
                    [Series(_("Organisations linked"), [r["linked"] for r in top])])] if top else []
    columns = [Column(_("Level")), Column(_("Hub")), _name_column(), Column(_("Parent hub")),
               Column(_("Organisations linked"), INT)]
    return Section("hubs", _("Hubs"), columns, table, text, charts)


def _city_hubs(area: Area) -> Section:
    rows = figures.city_hubs(area.day)
    table = [[r["batch"], r["hub"].short_name, r["hub"].organization.name, "、".join(r["fields"]), r["sub_hubs"],
              r["linked"]] for r in rows]
    batches = sorted({r["batch"] for r in rows})
    text = _("%(n)s city hubs recognised by %(day)s in %(batches)s batches; with their district and street "
             "sub-hubs they link %(linked)s organisations.") % {
        "n": len(rows), "day": _date(area.day), "batches": len(batches),
        "linked": f"{sum(r['linked'] for r in rows):,}"}
    chart = Chart("hbar", _("Organisations linked per city hub (with its sub-hubs)"),
                  [r["hub"].short_name for r in rows], [Series(_("Organisations linked"), [r["linked"] for r in rows])])
    columns = [Column(_("Batch"), INT), Column(_("Hub")), _name_column(), Column(_("Fields")),
               Column(_("Sub-hubs"), INT), Column(_("Organisations linked"), INT)]
    return Section("hubs", _("City hubs"), columns, table, text, [chart])


def supervisory_units(area: Area) -> Section | None:
    if not area.is_city:
        return None
    by_level = figures.supervisory_units_by_level(area.day)
    kinds = list(SupervisoryUnit.Kind)
    rows = [[str(Level(level).label), *(by_level.get(level, {}).get(k, 0) for k in kinds),
             sum(by_level.get(level, {}).values())] for level in Level]
    city = by_level.get(Level.CITY, {})
    text = _("The seed's third problem, scattered management: %(city)s supervisory units supervise city-level "
             "registered organisations, %(agencies)s of them government departments and public institutions."
             ) % {"city": sum(city.values()), "agencies": sum(city.get(k, 0) for k in AGENCIES)}
    chart = Chart("bar", _("Supervisory units in use, by level and kind"), [str(r[0]) for r in rows],
                  [Series(str(k.label), [r[i + 1] for r in rows]) for i, k in enumerate(kinds)], stacked=True)
    columns = [Column(_("Level")), *(Column(str(k.label), INT) for k in kinds), Column(_("Total"), INT)]
    return Section("supervisory_units", _("Supervisory units"), columns, rows, text, [chart])


def fields(area: Area) -> Section:
    rows = figures.by_field(area.day, area.organizations)
    table = [[r["name"], r["count"], _("yes") if r["covered"] else _("no")] for r in rows]
    uncovered = sum(r["count"] for r in rows if not r["covered"])
    text = _("%(uncovered)s organisations are in fields no hub is authorised for.") % {"uncovered": f"{uncovered:,}"}
    top = rows[:TOP_FIELDS]
    chart = Chart("hbar", _("Organisations by field (top %(n)s)") % {"n": len(top)}, [r["name"] for r in top],
                  [Series(_("Organisations"), [r["count"] for r in top])])
    columns = [Column(_("Field")), Column(_("Organisations"), INT), Column(_("Hub authorised"))]
    return Section("fields", _("Organisations by field"), columns, table, text, [chart])


def years(area: Area) -> Section:
    rows = [r for r in figures.by_year(area.organizations) if r["year"] <= area.day.year]
    total, table = 0, []
    for r in rows:
        total += r["count"]
        table.append([str(r["year"]), r["count"], total])
    recent = table[-5:]
    text = _("Registered organisations by founding year (founding date known), up to %(year)s; %(recent)s were "
             "founded in the last five years shown.") % {"year": area.day.year,
                                                        "recent": f"{sum(r[1] for r in recent):,}"}
    chart = Chart("line", _("Registered organisations founded per year and in total"), [r[0] for r in table],
                  [Series(_("Founded that year"), [r[1] for r in table]),
                   Series(_("Founded up to that year (right axis)"), [r[2] for r in table])], secondary=True)
    columns = [Column(_("Year")), Column(_("Founded that year"), INT), Column(_("Founded up to that year"), INT)]
    return Section("years", _("Growth over time"), columns, table, text, [chart])


SECTIONS: list[Builder] = [headline, by_type, districts, hubs, supervisory_units, fields, years]


def add_section(builder: Builder, after: str | None = None) -> None:
    """Add a section builder (from another app), at the end or after the builder named `after`."""
    if builder in SECTIONS:
        return
    names = [b.__name__ for b in SECTIONS]
    SECTIONS.insert(names.index(after) + 1 if after in names else len(SECTIONS), builder)


def _date(day) -> str:
    """The date as the language writes it (2010年12月31日)."""
    return date_format(day, "DATE_FORMAT")


def _orgs() -> str:
    return pgettext("unit", "organisations")


def _hubs() -> str:
    return pgettext("unit", "hubs")


def _name_column() -> Column:
    return Column(pgettext("report column", "Organisation"))


def _district_column() -> Column:
    return Column(pgettext("report column", "District"))


def _wan(people: int | None) -> float | None:
    return None if people is None else round(people / 10_000, 1)


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _or_dash(value) -> str:
    return "—" if value is None else str(value)
