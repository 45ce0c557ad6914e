"""The service network's reach, per hub network, computed from facilities, activities and links.

`hub_reach(hub_ids, day)` answers for any set of hubs (a hub and its sub-hubs, usually);
`reach_report(day)` is `shuniu report reach`: every city hub's network with its facilities,
members covered, activities, people served and reached, organisations linked, and the
party figures of the organisations it links.
"""
from __future__ import annotations

import datetime

from django.db.models import Count, Q, Sum

from shuniu.accounts.permissions import hub_subtree
from shuniu.analytics.figures import open_on, recognised_hubs, today
from shuniu.divisions.models import Division, Level
from shuniu.hubs.models import Affiliation
from shuniu.party import figures as party
from shuniu.registry.models import Organization

from .models import Activity, ContactRecord, Facility, Participation


def facilities_on(day: datetime.date, hub_ids) -> Facility:
    return Facility.objects.filter(hub_id__in=hub_ids, opened__lte=day).filter(
        Q(closed__isnull=True) | Q(closed__gt=day))


def activities_until(day: datetime.date, hub_ids):
    return Activity.objects.filter(hub_id__in=hub_ids, start__lte=day)


def hub_reach(hub_ids, day: datetime.date) -> dict:
    """Facilities by kind, members covered, activities and people, organisations linked, for these hubs."""
    facilities = facilities_on(day, hub_ids)
    by_kind = dict(facilities.values_list("kind").annotate(n=Count("pk")).values_list("kind", "n"))
    activities = activities_until(day, hub_ids)
    people = activities.aggregate(n=Count("pk"), served=Sum("served"), reached=Sum("reached"))
    served, reached = people["served"] or 0, people["reached"] or 0
    linked = Affiliation.objects.filter(open_on(day), hub_id__in=hub_ids)
    taking_part = Participation.objects.filter(activity__in=activities).values("organization_id")
    contacted = ContactRecord.objects.filter(hub_id__in=hub_ids, date__lte=day).values("organization_id")
    return {
        "facilities": sum(by_kind.values()),
        "facilities_by_kind": {kind.value: by_kind.get(kind.value, 0) for kind in Facility.Kind
                               if by_kind.get(kind.value)},
        "members_covered": facilities.aggregate(n=Sum("members_covered"))["n"] or 0,
        "activities": people["n"],
        "people_served": served,
        "people_reached": reached,
        "reached_beyond_served": reached - served,
        "organizations_linked": linked.values("organization_id").distinct().count(),
        "organizations_taking_part": taking_part.distinct().count(),
        "organizations_contacted": contacted.distinct().count(),
        "contacts": ContactRecord.objects.filter(hub_id__in=hub_ids, date__lte=day).count(),
    }


def reach_report(day: datetime.date | None = None) -> dict:
    day = day or today()
    hubs = list(recognised_hubs(day).filter(level=Level.CITY).select_related("organization").order_by("slug"))
    facts = party.Facts(Organization.objects.all(), day)
    by_hub = facts.by_hub(hubs)
    rows = []
    for hub in hubs:
        ids = hub_subtree({hub.pk})
        rows.append({"slug": hub.slug, "name": hub.short_name, "sub_hubs": len(ids) - 1, **hub_reach(ids, day),
                     "party": by_hub[hub.pk]})
    districts = list(Division.objects.districts().current().order_by("code"))
    by_district = facts.by_district(districts)
    every_hub = set(recognised_hubs(day).values_list("pk", flat=True))
    return {
        "as_of": day.isoformat(),
        "hubs": sorted(rows, key=lambda r: (-r["facilities"], -r["activities"], r["slug"])),
        "districts": [{"code": d.code, "name": d.name, "party": by_district[d.pk]} for d in districts],
        "city": {**hub_reach(every_hub, day), "party": facts.figures(facts.ids)},
    }
