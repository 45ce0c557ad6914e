"""Party building in the organisations at the end of 2010, drawn to the seed's problem 5.

The seed says party building lagged: coverage was thin and some members working in
organisations were 口袋党员. The demo draws members, branches, joint branches under each
hub's 社会组织联合党委, instructors, and a year of 三会一课 (its own assumptions, below); the
report counts them.
"""
from __future__ import annotations

import datetime
import random
from collections import defaultdict

from shuniu.audit.history import bulk_create_audited
from shuniu.hubs.models import Affiliation, Hub
from shuniu.party import identity
from shuniu.party.models import (
    Coverage,
    Instructor,
    InstructorAssignment,
    PartyMeeting,
    PartyMember,
    PartyOrganization,
)
from shuniu.registry.models import Organization, OrgType, Status

from .network import random_day

# Share of organisations by full members working there (none, 1–2, 3 or more): demo assumptions.
MEMBER_SHARES = {OrgType.ASSOCIATION: (0.5, 0.22, 0.28), OrgType.SERVICE_ORG: (0.55, 0.22, 0.23),
                 OrgType.FOUNDATION: (0.45, 0.2, 0.35), OrgType.COMMUNITY: (0.93, 0.06, 0.01),
                 OrgType.GRASSROOTS: (0.96, 0.04, 0.0)}
OWN_BRANCH_RATE = 0.6  # of organisations with 3+ full members
JOINT_RATE = {"small": 0.45, "large": 0.3}  # in a joint branch, when it has no branch of its own
INSTRUCTOR_RATE = 0.25
POCKET_RATE = {"own": 0.04, "joint": 0.1, "none": 0.45}  # registered nowhere
MEETING_MONTH_RATE = 0.55  # a branch committee meeting in a given month


class PartyBuilder:
    def __init__(self, rng: random.Random, names, end: datetime.date):
        self.rng, self.names, self.end = rng, names, end
        self.ids: set[str] = set()
        self.committees: dict[int, PartyOrganization] = {}

    def build(self) -> None:
        orgs = list(Organization.objects.filter(status=Status.ACTIVE, hub__isnull=True, founded__lte=self.end)
                    .order_by("pk").values_list("pk", "name", "org_type", "founded",
                                                "registering_division__code"))
        hub_of = dict(Affiliation.objects.filter(end__isnull=True).values_list("organization_id", "hub_id"))
        self.hubs = {h.pk: h for h in Hub.objects.select_related("organization")}
        plans = [self._plan(row, hub_of.get(row[0])) for row in orgs]
        plans = [p for p in plans if p["full"] or p["probationary"]]
        self._committees({p["hub"] for p in plans if p["hub"]})
        self._branches(plans)
        self._joint_branches(plans)
        self._instructors(plans)
        self._members(plans)
        self._meetings()

    def _plan(self, row, hub_id) -> dict:
        pk, name, org_type, founded, code = row
        none, small, _ = MEMBER_SHARES[org_type]
        draw = self.rng.random()
        full = 0 if draw < none else self.rng.randint(1, 2) if draw < none + small else \
            round(self.rng.triangular(3, 12, 3))
        probationary = self.rng.choice((0, 0, 0, 1)) if full else 0
        return {"pk": pk, "name": name, "founded": founded, "code": code[:6], "hub": hub_id, "full": full,
                "probationary": probationary, "party": None, "where": "none"}

    def _committees(self, hub_ids) -> None:
        rows = [PartyOrganization(name=f"{self.hubs[h].organization.name}社会组织联合党委",
                                  kind=PartyOrganization.Kind.JOINT_COMMITTEE, hub_id=h,
                                  founded=datetime.date(2009, self.rng.randint(4, 12), 1)) for h in sorted(hub_ids)]
        bulk_create_audited(PartyOrganization, rows)
        self.committees = {po.hub_id: po for po in rows}

    def _branches(self, plans) -> None:
        chosen = [p for p in plans if p["full"] >= 3 and self.rng.random() < OWN_BRANCH_RATE]
        rows = []
        for p in chosen:
            kind = PartyOrganization.Kind.GENERAL_BRANCH if p["full"] >= 15 else PartyOrganization.Kind.BRANCH
            suffix = "党总支" if kind == PartyOrganization.Kind.GENERAL_BRANCH else "党支部"
            parent = self.committees.get(p["hub"])
            rows.append(PartyOrganization(name=p["name"] + suffix, kind=kind, hub_id=p["hub"], parent=parent,
                                          founded=random_day(self.rng, max(p["founded"], datetime.date(2000, 1, 1)),
                                                             self.end)))
            p["where"] = "own"
        bulk_create_audited(PartyOrganization, rows)
        for p, po in zip(chosen, rows, strict=True):
            p["party"] = po
        bulk_create_audited(Coverage, [Coverage(party_organization=p["party"], organization_id=p["pk"])
                                       for p in chosen])

    def _joint_branches(self, plans) -> None:
        """Organisations without a branch of their own, grouped 3–6 per joint branch under their hub."""
        waiting: dict[int, list[dict]] = defaultdict(list)
        for p in plans:
            if p["where"] == "none" and p["hub"] in self.committees and \
                    self.rng.random() < JOINT_RATE["large" if p["full"] >= 3 else "small"]:
                waiting[p["hub"]].append(p)
        groups = []
        for hub_id in sorted(waiting):
            members = waiting[hub_id]
            while members:
                size = self.rng.randint(3, 6)
                groups.append((hub_id, members[:size]))
                members = members[size:]
        rows = [PartyOrganization(name=f"{self.hubs[h].short_name}社会组织第{i + 1}联合党支部",
                                  kind=PartyOrganization.Kind.JOINT_BRANCH, hub_id=h, parent=self.committees[h],
                                  founded=random_day(self.rng, datetime.date(2009, 6, 1), self.end))
                for i, (h, _) in enumerate(groups)]
        bulk_create_audited(PartyOrganization, rows)
        coverage = []
        for po, (_, group) in zip(rows, groups, strict=True):
            for p in group:
                p["party"], p["where"] = po, "joint"
                coverage.append(Coverage(party_organization=po, organization_id=p["pk"]))
        bulk_create_audited(Coverage, coverage)

    def _instructors(self, plans) -> None:
        waiting: dict[int, list[int]] = defaultdict(list)
        for p in plans:
            if p["where"] == "none" and p["hub"] and self.rng.random() < INSTRUCTOR_RATE:
                waiting[p["hub"]].append(p["pk"])
        rows, assigned = [], []
        for hub_id in sorted(waiting):
            orgs = waiting[hub_id]
            while orgs:
                size = self.rng.randint(3, 6)
                rows.append(Instructor(name=self.names.person(), phone=self._phone(), hub_id=hub_id,
                                       start=random_day(self.rng, datetime.date(2009, 6, 1), self.end)))
                assigned.append(orgs[:size])
                orgs = orgs[size:]
        bulk_create_audited(Instructor, rows)
        bulk_create_audited(InstructorAssignment, [InstructorAssignment(instructor=i, organization_id=o)
                                                   for i, orgs in zip(rows, assigned, strict=True) for o in orgs])

    def _members(self, plans) -> None:
        rows = []
        for p in plans:
            for n in range(p["full"] + p["probationary"]):
                status = PartyMember.Status.FORMAL if n < p["full"] else PartyMember.Status.PROBATIONARY
                branch, elsewhere = None, ""
                draw = self.rng.random()
                if draw >= POCKET_RATE[p["where"]]:
                    if p["party"] is not None and draw < 0.95:
                        branch = p["party"]
                    else:
                        elsewhere = self.rng.choice((f"{p['code']}人才服务中心党委", "原单位党组织", "居住地社区党委"))
                rows.append(PartyMember(name=self.names.person(), phone=self._phone(), id_number=self._id(p["code"]),
                                        status=status, organization_id=p["pk"], branch=branch,
                                        registered_elsewhere=elsewhere,
                                        joined_party=random_day(self.rng, datetime.date(1980, 1, 1), self.end)))
        bulk_create_audited(PartyMember, rows)

    def _meetings(self) -> None:
        """A year of 三会一课: committee meetings in most months, a general meeting and a lecture most quarters."""
        branches = PartyOrganization.objects.exclude(kind=PartyOrganization.Kind.JOINT_COMMITTEE).order_by("pk")
        rows = []
        for po in branches.only("pk", "founded"):
            active = self.rng.random() < 0.8  # some branches exist on paper only
            for month in range(1, 13):
                first = datetime.date(2010, month, 1)
                if not active or first < po.founded.replace(day=1):
                    continue
                last = (datetime.date(2010, month + 1, 1) if month < 12 else datetime.date(2011, 1, 1)) \
                    - datetime.timedelta(days=1)
                kinds = [PartyMeeting.Kind.COMMITTEE_MEETING] if self.rng.random() < MEETING_MONTH_RATE else []
                if month % 3 == 0:
                    kinds += [k for k in (PartyMeeting.Kind.GENERAL_MEETING, PartyMeeting.Kind.PARTY_LECTURE)
                              if self.rng.random() < 0.7]
                for kind in kinds:
                    rows.append(PartyMeeting(party_organization=po, kind=kind,
                                             date=random_day(self.rng, max(first, po.founded), last),
                                             attendees=self.rng.randint(3, 20)))
        bulk_create_audited(PartyMeeting, rows)

    def _phone(self) -> str:
        return f"1{self.rng.choice('358')}{self.rng.randrange(10 ** 9):09d}"

    def _id(self, code: str) -> str:
        while True:
            birth = random_day(self.rng, datetime.date(1945, 1, 1), datetime.date(1988, 12, 31))
            body = f"{code}{birth:%Y%m%d}{self.rng.randint(0, 999):03d}"
            number = identity.valid_id(body)
            if number not in self.ids:
                self.ids.add(number)
                return number
