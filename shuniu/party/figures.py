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


def organizations_missing_party_organization(day: datetime.date) -> set[int]:
    """Ids of the organisations for which a party organisation is due and missing on `day`
    (the credit-list rule in shuniu/oversight/rules.py reads this)."""
    return set(due(counted(Organization.objects.all(), day), day).values_list("pk", flat=True))


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


# -- many scopes at once ------------------------------------------------------------------------------
class Facts:
    """Each organisation's party facts read once (a handful of queries), then counted for many groups.

    The same figures as party_figures(), which asks the database per scope; a page or report that
    breaks the city down into 16 districts and 22 hub networks asks here instead.
    """

    def __init__(self, organizations: QuerySet[Organization], day: datetime.date):
        self.day = day
        self.ids = set(counted(organizations, day).values_list("pk", flat=True))
        active = Coverage.objects.filter(_active(day, "party_organization__")).exclude(
            party_organization__kind=PartyOrganization.Kind.JOINT_COMMITTEE)
        pairs = list(active.values_list("party_organization_id", "organization_id", "party_organization__kind"))
        self.covered = {org for _, org, _ in pairs}
        self.own = {org for _, org, kind in pairs if kind in PartyOrganization.SINGLE}
        met = set(PartyMeeting.objects.filter(_recent_meetings(day)).values_list("party_organization_id", flat=True))
        instructed = InstructorAssignment.objects.filter(instructor__start__lte=day).filter(
            Q(instructor__end__isnull=True) | Q(instructor__end__gt=day))
        self.working = {org for po, org, _ in pairs if po in met} | set(
            instructed.values_list("organization_id", flat=True))
        members = PartyMember.objects.filter(organization__isnull=False).values("organization_id")
        self.full = dict(members.filter(status=PartyMember.Status.FORMAL).annotate(n=Count("pk"))
                         .values_list("organization_id", "n"))
        self.pocket = dict(members.filter(branch__isnull=True, registered_elsewhere="")
                           .exclude(status=PartyMember.Status.LEFT).annotate(n=Count("pk"))
                           .values_list("organization_id", "n"))
        self.covering: dict[int, set[int]] = {}
        for po, org in Coverage.objects.values_list("party_organization_id", "organization_id"):
            self.covering.setdefault(org, set()).add(po)
        self.quarter = self._meetings(day - QUARTER)
        self.year = self._meetings(datetime.date(day.year, 1, 1) - datetime.timedelta(days=1))

    def _meetings(self, since: datetime.date) -> dict[int, int]:
        return dict(PartyMeeting.objects.filter(date__gt=since, date__lte=self.day).values("party_organization_id")
                    .annotate(n=Count("pk")).values_list("party_organization_id", "n"))

    def figures(self, organization_ids) -> dict:
        orgs = self.ids & set(organization_ids)
        total = len(orgs)
        covered, working = len(orgs & self.covered), len(orgs & self.working)
        parties = set().union(*(self.covering.get(org, ()) for org in orgs)) if orgs else set()
        return {
            "organizations": total,
            "organization_covered": covered,
            "organization_coverage": _share(covered, total),
            "work_covered": working,
            "work_coverage": _share(working, total),
            "due": sum(1 for org in orgs if self.full.get(org, 0) >= DUE_AT and org not in self.own),
            "pocket_members": sum(self.pocket.get(org, 0) for org in orgs),
            "meetings_last_quarter": sum(self.quarter.get(po, 0) for po in parties),
            "meetings_this_year": sum(self.year.get(po, 0) for po in parties),
        }

    def by_hub(self, hubs) -> dict[int, dict]:
        """Each hub's network (itself and its sub-hubs) → its figures."""
        links = Affiliation.objects.filter(start__lte=self.day).filter(Q(end__isnull=True) | Q(end__gt=self.day))
        linked: dict[int, set[int]] = {}
        for hub_id, org in links.values_list("hub_id", "organization_id"):
            linked.setdefault(hub_id, set()).add(org)
        return {hub.pk: self.figures(set().union(*(linked.get(h, set()) for h in hub_subtree({hub.pk}))))
                for hub in hubs}

    def by_district(self, districts) -> dict[int, dict]:
        """Each district (with its streets and retired codes) → its figures."""
        # figures() keeps self.ids only; a long IN list would cost more than reading every row's division.
        rows = Organization.objects.filter(pk__in=self.ids) if len(self.ids) < 5000 else Organization.objects
        where = dict(rows.values_list("pk", "registering_division_id"))
        result = {}
        for district in districts:
            area = division_subtree({district.pk})
            result[district.pk] = self.figures({org for org, div in where.items() if div in area})
        return result
