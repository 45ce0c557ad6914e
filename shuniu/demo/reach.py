"""The hubs' service network at the end of 2010, drawn to the seed's section 二.

Real (the seed): 市总工会 19 worker service centres and 532 union service stations covering
nearly 4 million union members; 团市委 228 社区青年汇 and 乡村青年社 with 585 activities,
about 80,000 young people served directly and 55,000 more reached; 市妇联 6,590 妇女之家
in all 16 districts. Drawn: where each facility is, which hub runs it, how the members and
people split over facilities and activities. The report sums these records; nothing is
stored as a total.
"""
from __future__ import annotations

import datetime
import random
from decimal import Decimal

from shuniu.audit.history import bulk_create_audited
from shuniu.divisions.models import Division
from shuniu.hubs.models import Affiliation, Hub
from shuniu.services.models import Activity, ContactRecord, Facility, Participation

from .network import random_day
from .profile import apportion

WORKER_CENTRES_CITY = ["北京市职工服务中心", "北京市困难职工帮扶中心", "北京市农民工服务中心"]  # + one per district
UNION_STATIONS = 532
UNION_MEMBERS = 3_960_000  # "覆盖近400万工会会员"
YOUTH_FACILITIES = 228
YOUTH_ACTIVITIES = 585
YOUTH_SERVED = 79_600  # "直接服务参与活动的青少年近8万人"
YOUTH_REACHED_BEYOND = 55_300  # "影响带动青少年55000余人", beyond those served
WOMENS_HOMES = 6_590
CONTACTS = 3_000
URBAN = {"110101", "110102", "110105", "110106", "110107", "110108"}
# Approximate seat of each district government (degrees), for drawing points near it.
CENTRES = {
    "110101": (39.928, 116.416), "110102": (39.912, 116.366), "110105": (39.948, 116.486),
    "110106": (39.858, 116.286), "110107": (39.906, 116.195), "110108": (39.959, 116.298),
    "110109": (39.940, 116.102), "110111": (39.748, 116.143), "110112": (39.909, 116.656),
    "110113": (40.130, 116.654), "110114": (40.221, 116.231), "110115": (39.727, 116.341),
    "110116": (40.316, 116.632), "110117": (40.140, 117.121), "110118": (40.377, 116.843),
    "110119": (40.457, 115.975),
}
ACTIVITY_TITLES = ["青年社团文化季", "青年志愿服务日", "社区青年读书会", "青年就业创业沙龙", "青少年法律讲堂",
                   "青年交友联谊会", "青少年心理健康讲座", "社区青年运动会", "青年技能培训班", "亲子科普体验营"]


class ReachBuilder:
    def __init__(self, rng: random.Random, city_hubs: dict[str, Hub], district_hubs: dict, street_hubs: dict,
                 districts: list[Division], streets: dict[str, list[Division]], weights: dict[str, float],
                 end: datetime.date):
        self.rng, self.city_hubs, self.end = rng, city_hubs, end
        self.district_hubs, self.street_hubs = district_hubs, street_hubs
        self.districts, self.streets, self.weights = districts, streets, weights
        self.facilities: list[Facility] = []

    def build(self) -> None:
        self._trade_union()
        youth = self._youth()
        self._women()
        bulk_create_audited(Facility, self.facilities)
        self._youth_activities(youth)
        self._contacts()

    # -- facilities ----------------------------------------------------------------------------------
    def _owner(self, field: str, street: Division) -> Hub:
        return self.street_hubs.get((field, street.code)) or self.district_hubs[(field, street.parent.code)]

    def _facility(self, name: str, kind: str, hub: Hub, street: Division, opened_from: datetime.date,
                  members: int | None = None) -> Facility:
        lat, lng = self._point(street.parent.code)
        facility = Facility(name=name, kind=kind, hub=hub, division=street, address=f"北京市{street.parent.name}"
                            f"{street.name}{self.rng.randint(1, 200)}号", latitude=lat, longitude=lng,
                            opened=random_day(self.rng, opened_from, self.end), members_covered=members)
        self.facilities.append(facility)
        return facility

    def _point(self, district_code: str) -> tuple[Decimal, Decimal]:
        lat, lng = CENTRES[district_code]
        spread = 0.03 if district_code in URBAN else 0.12
        return (Decimal(f"{lat + self.rng.uniform(-spread, spread):.5f}"),
                Decimal(f"{lng + self.rng.uniform(-spread, spread) * 1.3:.5f}"))

    def _street(self, code: str) -> Division:
        return self.rng.choice(self.streets[code])

    def _trade_union(self) -> None:
        city = self.city_hubs["trade-union"]
        for name in WORKER_CENTRES_CITY:
            self._facility(name, Facility.Kind.WORKER_CENTRE, city, self._street("110101"), datetime.date(2009, 3, 1))
        for district in self.districts:
            hub = self.district_hubs[("trade-union", district.code)]
            self._facility(f"{hub.organization.name}职工服务（帮扶）中心", Facility.Kind.WORKER_CENTRE, hub,
                           self._street(district.code), datetime.date(2009, 6, 1))
        stations = [self._street(code) for code, n in apportion(UNION_STATIONS, self.weights).items()
                    for _ in range(n)]
        members = apportion(UNION_MEMBERS, {i: self.rng.uniform(0.4, 1.6) for i in range(len(stations))})
        for i, street in enumerate(stations):
            self._facility(f"{street.name}工会服务站（{i + 1:03d}）", Facility.Kind.UNION_STATION,
                           self._owner("trade-union", street), street, datetime.date(2009, 6, 1), members[i])

    def _youth(self) -> list[Facility]:
        made = []
        for code, n in apportion(YOUTH_FACILITIES, self.weights).items():
            hub = self.district_hubs[("youth-league", code)]
            for i in range(n):
                street = self._street(code)
                rural = code not in URBAN and self.rng.random() < 0.6
                kind = Facility.Kind.RURAL_YOUTH if rural else Facility.Kind.YOUTH_HUB
                label = "乡村青年社" if rural else "社区青年汇"
                made.append(self._facility(f"{street.name}{label}（{i + 1:02d}）", kind, hub, street,
                                           datetime.date(2010, 1, 1)))
        return made

    def _women(self) -> None:
        for code, n in apportion(WOMENS_HOMES, self.weights).items():
            streets = {s.code: s for s in self.streets[code]}
            for street_code, k in apportion(n, {c: 1.0 for c in streets}).items():
                street = streets[street_code]
                hub = self._owner("women", street)
                for i in range(k):
                    self._facility(f"{street.name}第{i + 1}妇女之家", Facility.Kind.WOMENS_HOME, hub, street,
                                   datetime.date(2009, 6, 1))

    # -- activities and contacts -------------------------------------------------------------------
    def _youth_activities(self, facilities: list[Facility]) -> None:
        per_facility = apportion(YOUTH_ACTIVITIES, {i: 1.0 for i in range(len(facilities))})
        slots = [facilities[i] for i, n in per_facility.items() for _ in range(n)]
        served = apportion(YOUTH_SERVED, {i: self.rng.uniform(0.3, 1.7) for i in range(len(slots))})
        beyond = apportion(YOUTH_REACHED_BEYOND, {i: self.rng.uniform(0.2, 1.8) for i in range(len(slots))})
        groups = self._linked("youth-league")
        activities, taking_part = [], []
        for i, facility in enumerate(slots):
            local = groups.get(facility.hub_id, [])
            partners = self.rng.sample(local, min(len(local), self.rng.randint(1, 4)))
            organizer = partners[0] if partners and self.rng.random() < 0.3 else None
            start = random_day(self.rng, max(facility.opened, datetime.date(2010, 3, 1)), self.end)
            activity = Activity(title=f"{facility.name}·{self.rng.choice(ACTIVITY_TITLES)}", hub_id=facility.hub_id,
                                organizer_id=organizer, facility=facility, start=start,
                                end=start + datetime.timedelta(days=self.rng.choice((0, 0, 1, 2))),
                                served=served[i], reached=served[i] + beyond[i])
            activities.append(activity)
            taking_part.append(partners)
        bulk_create_audited(Activity, activities)
        bulk_create_audited(Participation, [Participation(activity=a, organization_id=org)
                                            for a, orgs in zip(activities, taking_part, strict=True) for org in orgs])

    def _linked(self, field: str) -> dict[int, list[int]]:
        """Organisations linked to each hub of a field, by hub id (sorted, for a deterministic draw)."""
        rows = (Affiliation.objects.filter(end__isnull=True, hub__slug__startswith=field)
                .order_by("hub_id", "organization_id").values_list("hub_id", "organization_id"))
        linked: dict[int, list[int]] = {}
        for hub_id, org_id in rows:
            linked.setdefault(hub_id, []).append(org_id)
        return linked

    def _contacts(self) -> None:
        links = list(Affiliation.objects.filter(end__isnull=True).order_by("pk")
                     .values_list("hub_id", "organization_id", "start"))
        kinds = list(ContactRecord.Kind)
        records = []
        for hub_id, org_id, start in sorted(self.rng.sample(links, min(CONTACTS, len(links)))):
            kind = self.rng.choice(kinds)
            records.append(ContactRecord(hub_id=hub_id, organization_id=org_id, kind=kind,
                                         date=random_day(self.rng, max(start, datetime.date(2010, 1, 1)), self.end),
                                         note="演示数据"))
        bulk_create_audited(ContactRecord, records)
