"""The report's sections on the working system's two networks: party building (党建工作) and the
service network's reach (服务阵地与覆盖).

The figures come from the party and services apps (party.figures.Facts, services.figures.hub_reach),
over the Area's restricted organisations and hubs; the apps register these builders with
`sections.add_section` when they load (their apps.py), so the report has them only where the apps are.
"""
from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from shuniu.accounts.permissions import hub_subtree
from shuniu.analytics.figures import recognised_hubs
from shuniu.divisions.models import Division, Level

from .area import Area
from .model import INT, PCT, Chart, Column, Section, Series
from .sections import _date, _district_column, _pct

TOP_HUBS = 20


# -- 党建工作 -------------------------------------------------------------------------------------------
def party(area: Area) -> Section:
    from shuniu.party.figures import Facts

    facts = Facts(area.organizations, area.day)
    total = facts.figures(facts.ids)
    if area.is_city:
        groups = list(Division.objects.districts().current().order_by("code"))
        figures = facts.by_district(groups)
        names = [d.name for d in groups]
        first = _district_column()
    else:
        # District hubs, each with its street sub-hubs: a bar per street hub would be unreadable.
        groups = list(_area_hubs(area).filter(level=Level.DISTRICT).order_by("short_name"))
        figures = facts.by_hub(groups)
        names = [h.short_name for h in groups]
        first = Column(_("District or hub"))
    rows = [_party_row(area.name, total)] + [
        _party_row(name, figures[g.pk]) for name, g in zip(names, groups, strict=True)]
    text = _("Of the %(total)s organisations counted in %(area)s on %(day)s (hubs themselves excluded), "
             "%(covered)s (%(coverage)s) are covered by a party organisation of their own or a joint branch "
             "and %(working)s (%(work_coverage)s) by party work; %(due)s should set up a party organisation "
             "of their own; %(pocket)s party members (口袋党员) are registered nowhere; %(meetings)s meetings "
             "were held in %(year)s.") % {
        "total": f"{total['organizations']:,}", "area": area.name, "day": _date(area.day),
        "covered": f"{total['organization_covered']:,}", "coverage": _pct(total["organization_coverage"]),
        "working": f"{total['work_covered']:,}", "work_coverage": _pct(total["work_coverage"]),
        "due": f"{total['due']:,}", "pocket": f"{total['pocket_members']:,}",
        "meetings": f"{total['meetings_this_year']:,}", "year": area.day.year}
    title = _("Party coverage by district") if area.is_city else _("Party coverage by hub network")
    chart = Chart("bar", title, names[:TOP_HUBS], [
        Series(_("Organisation coverage"), [r[3] for r in rows[1:TOP_HUBS + 1]]),
        Series(_("Work coverage"), [r[5] for r in rows[1:TOP_HUBS + 1]])], percent=True)
    columns = [first, Column(_("Organisations"), INT), Column(_("Covered by a party organisation"), INT),
               Column(_("Organisation coverage"), PCT), Column(_("Covered by party work"), INT),
               Column(_("Work coverage"), PCT), Column(_("Party organisation due"), INT),
               Column(_("Members registered nowhere"), INT), Column(_("Meetings in the year"), INT)]
    notes = [_("Organisation coverage: a party organisation of its own or a joint branch covers the organisation. "
               "Work coverage: a covering party organisation met in the last quarter of the year, or a "
               "party-building instructor is assigned. Due: 3 or more full members and no party organisation "
               "of its own. Hub networks count the organisations linked to the hub and its sub-hubs.")]
    return Section("party", _("Party building"), columns, rows, text, [chart] if groups else [],
                   notes)


def _party_row(name: str, f: dict) -> list:
    return [name, f["organizations"], f["organization_covered"], f["organization_coverage"], f["work_covered"],
            f["work_coverage"], f["due"], f["pocket_members"], f["meetings_this_year"]]


# -- 服务阵地与覆盖 ------------------------------------------------------------------------------------------
def reach(area: Area) -> Section:
    from shuniu.services.figures import hub_reach
    from shuniu.services.models import Facility

    hubs = list(_area_hubs(area).filter(level=Level.CITY if area.is_city else Level.DISTRICT)
                .select_related("organization"))
    networks = {hub.pk: hub_subtree({hub.pk}) for hub in hubs}
    figures = {hub.pk: hub_reach(networks[hub.pk], area.day) for hub in hubs}
    hubs.sort(key=lambda h: (-figures[h.pk]["facilities"], -figures[h.pk]["activities"], h.slug))
    total = hub_reach(set().union(*networks.values()), area.day)
    kinds = [k for k in Facility.Kind if total["facilities_by_kind"].get(k.value)]
    rows = [_reach_row(_("All hub networks"), total, kinds)] + [
        _reach_row(h.short_name, figures[h.pk], kinds) for h in hubs]
    leaders = "；".join(_leader(kind, hubs, figures) for kind in kinds)
    text = _("The %(n)s %(level)s hub networks of %(area)s had %(facilities)s service facilities open on %(day)s "
             "(%(leaders)s), covering %(members)s members; up to then they held %(activities)s activities that "
             "served %(served)s people and reached %(reached)s, and they link %(linked)s organisations.") % {
        "n": len(hubs), "level": str(Level.CITY.label if area.is_city else Level.DISTRICT.label),
        "area": area.name, "day": _date(area.day), "facilities": f"{total['facilities']:,}",
        "leaders": leaders or "—", "members": f"{total['members_covered']:,}",
        "activities": f"{total['activities']:,}", "served": f"{total['people_served']:,}",
        "reached": f"{total['people_reached']:,}", "linked": f"{total['organizations_linked']:,}"}
    shown = [h for h in hubs if figures[h.pk]["facilities"]][:TOP_HUBS]
    charts = [Chart("hbar", _("Service facilities per hub network"), [h.short_name for h in shown],
                    [Series(_("Facilities"), [figures[h.pk]["facilities"] for h in shown])])] if shown else []
    active = sorted((h for h in hubs if figures[h.pk]["activities"]),
                    key=lambda h: -figures[h.pk]["people_served"])[:TOP_HUBS]
    if active:
        charts.append(Chart("hbar", _("People served by each hub network's activities"),
                            [h.short_name for h in active],
                            [Series(_("People served"), [figures[h.pk]["people_served"] for h in active])]))
    columns = [Column(_("Hub network")), Column(_("Facilities"), INT),
               *(Column(str(k.label), INT) for k in kinds),
               Column(_("Members covered"), INT), Column(_("Number of activities"), INT),
               Column(_("People served"), INT), Column(_("People reached"), INT),
               Column(_("Organisations linked"), INT)]
    notes = [_("A hub network is the hub with its district and street sub-hubs. Facilities open on the date; "
               "activities held up to it. People reached counts those an activity reached beyond the ones it "
               "served directly, as the organisers reported it.")]
    return Section("reach", _("Service facilities and reach"), columns, rows, text, charts, notes)


def _reach_row(name: str, f: dict, kinds) -> list:
    return [name, f["facilities"], *(f["facilities_by_kind"].get(k.value, 0) for k in kinds), f["members_covered"],
            f["activities"], f["people_served"], f["people_reached"], f["organizations_linked"]]


def _leader(kind, hubs, figures) -> str:
    """The hub running most of a kind of facility, with its count (工会服务站 532，市总工会)."""
    best = max(hubs, key=lambda h: figures[h.pk]["facilities_by_kind"].get(kind.value, 0))
    return pgettext("facility count", "%(kind)s %(n)s (%(hub)s)") % {
        "kind": str(kind.label), "n": f"{figures[best.pk]['facilities_by_kind'].get(kind.value, 0):,}",
        "hub": best.short_name}


def _area_hubs(area: Area):
    return recognised_hubs(area.day).filter(pk__in=area.hubs.values("pk"))
