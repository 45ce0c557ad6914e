"""Party-building figures ("两个覆盖", organisations due, 口袋党员, 三会一课) over any set of organisations.

Plain functions over a queryset of organisations, so any scope can ask: a hub's network
(`hub_organizations`), a district (`district_organizations`), the city, or a user's
restricted queryset. Everything is read from the records as of a day:

- organisation coverage: the organisation has a party organisation of its own or is in
  a joint branch (联合党支部);
- work coverage: a party organisation covering it held a meeting (三会一课) in the last
  quarter (the QUARTER days up to the day), or a party-building instructor is assigned to it;
- due: 3 or more full members (正式党员) work there and it has no party organisation of its
  own — a joint branch or an instructor is the answer for fewer than 3 (facts.md), not for 3+;
- 口袋党员: members working in one of the organisations whose relation is registered nowhere.
"""
from __future__ import annotations

import datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from shuniu.accounts.permissions import division_subtree, hub_subtree
from shuniu.hubs.models import Affiliation, Hub
from shuniu.registry.models import Organization

from .models import Coverage, InstructorAssignment, PartyMeeting, PartyMember, PartyOrganization

QUARTER = datetime.timedelta(days=92)
DUE_AT = 3  # full members from which an organisation should have its own party organisation


def _active(day: datetime.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}founded__lte": day}) & (
        Q(**{f"{prefix}dissolved__isnull": True}) | Q(**{f"{prefix}dissolved__gt": day}))


def active_party_organizations(day: datetime.date) -> QuerySet[PartyOrganization]:
    return PartyOrganization.objects.filter(_active(day))


def _coverage(day: datetime.date, kinds=None) -> QuerySet[Coverage]:
    rows = Coverage.objects.filter(_active(day, "party_organization__"), organization=OuterRef("pk"))
    return rows.filter(party_organization__kind__in=kinds) if kinds else rows.exclude(
        party_organization__kind=PartyOrganization.Kind.JOINT_COMMITTEE)


def has_own_party_organization(day: datetime.date) -> Exists:
    return Exists(_coverage(day, PartyOrganization.SINGLE))


def organization_covered(day: datetime.date) -> Exists:
    """Has a party organisation of its own or is covered by a joint branch."""
    return Exists(_coverage(day))


def _recent_meetings(day: datetime.date) -> Q:
    return Q(date__gt=day - QUARTER, date__lte=day)


def work_covered(day: datetime.date) -> Q:
    """A covering party organisation met in the last quarter, or an instructor is assigned."""
    met = _coverage(day).filter(Exists(PartyMeeting.objects.filter(
        _recent_meetings(day), party_organization=OuterRef("party_organization"))))
    instructed = InstructorAssignment.objects.filter(
        organization=OuterRef("pk"), instructor__start__lte=day).filter(
        Q(instructor__end__isnull=True) | Q(instructor__end__gt=day))
    return Q(Exists(met)) | Q(Exists(instructed))


def full_members() -> Count:
    return Count("party_members", filter=Q(party_members__status=PartyMember.Status.FORMAL), distinct=True)


def due(organizations: QuerySet[Organization], day: datetime.date) -> QuerySet[Organization]:
    """Organisations with DUE_AT or more full members and no party organisation of their own."""
    with_members = organizations.filter(
        pk__in=PartyMember.objects.filter(status=PartyMember.Status.FORMAL).values("organization_id"))
    return (with_members.annotate(full_members=full_members()).filter(full_members__gte=DUE_AT)
            .exclude(has_own_party_organization(day)))


def pocket_members(organizations: QuerySet[Organization]) -> QuerySet[PartyMember]:
    return PartyMember.objects.filter(organization__in=organizations.values("pk"), branch__isnull=True,
                                      registered_elsewhere="").exclude(status=PartyMember.Status.LEFT)


def meetings(organizations: QuerySet[Organization], since: datetime.date, day: datetime.date) -> QuerySet:
    """Meetings held in (since, day] by party organisations covering any of the organisations."""
    covering = Coverage.objects.filter(organization__in=organizations.values("pk")).values("party_organization_id")
    return PartyMeeting.objects.filter(party_organization__in=covering, date__gt=since, date__lte=day)


def party_figures(organizations: QuerySet[Organization], day: datetime.date) -> dict:
    """The party figures of a set of organisations (active on `day`; hubs themselves excluded)."""
    orgs = counted(organizations, day)
    counts = orgs.aggregate(total=Count("pk"),
                            organization_covered=Count("pk", filter=Q(organization_covered(day))),
                            work_covered=Count("pk", filter=work_covered(day)))
    total = counts["total"]
    return {
        "organizations": total,
        "organization_covered": counts["organization_covered"],
        "organization_coverage": _share(counts["organization_covered"], total),
        "work_covered": counts["work_covered"],
        "work_coverage": _share(counts["work_covered"], total),
        "due": due(orgs, day).count(),
        "pocket_members": pocket_members(orgs).count(),
        "meetings_last_quarter": meetings(orgs, day - QUARTER, day).count(),
        "meetings_this_year": meetings(orgs, datetime.date(day.year, 1, 1) - datetime.timedelta(days=1),
                                       day).count(),
    }


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def counted(organizations: QuerySet[Organization], day: datetime.date) -> QuerySet[Organization]:
    """The organisations the figures count: existing on `day`, hubs excluded (they are the network)."""
    alive = (Q(founded__isnull=True) | Q(founded__lte=day)) & (Q(ended_on__isnull=True) | Q(ended_on__gt=day))
    return organizations.filter(alive, hub__isnull=True)


# -- scopes -----------------------------------------------------------------------------------------
def hub_organizations(hub: Hub, day: datetime.date, base: QuerySet[Organization] | None = None):
    """Organisations the hub's network (the hub and its sub-hubs) links on `day`."""
    links = Affiliation.objects.filter(hub_id__in=hub_subtree({hub.pk}), start__lte=day).filter(
        Q(end__isnull=True) | Q(end__gt=day))
    return (base if base is not None else Organization.objects.all()).filter(
        pk__in=links.values("organization_id"))


def district_organizations(district, base: QuerySet[Organization] | None = None):
    """Organisations registered or filed in the district or below it (retired codes included)."""
    return (base if base is not None else Organization.objects.all()).filter(
        registering_division_id__in=division_subtree({district.pk}))
