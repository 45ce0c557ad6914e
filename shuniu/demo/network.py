"""The hub network below the city: district hubs under several city hubs, street hubs below them."""
from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from shuniu.divisions.models import Division, Level
from shuniu.hubs.authorisation import authorising
from shuniu.hubs.models import Hub, Recognition
from shuniu.registry.models import NoSupervisorReason, Organization, OrgType, SupervisoryUnit


@dataclass(frozen=True)
class HubTemplate:
    field: str
    full: str  # {p}: the division's name as of 2010, e.g. 朝阳区, 密云县
    short: str
    org_type: str
    in_every_district: bool = True


DISTRICT_HUBS = [
    HubTemplate("trade-union", "北京市{p}总工会", "{p}总工会", OrgType.PEOPLE_ORG),
    HubTemplate("youth-league", "共青团北京市{p}委员会", "团{p}委", OrgType.PEOPLE_ORG),
    HubTemplate("women", "北京市{p}妇女联合会", "{p}妇联", OrgType.PEOPLE_ORG),
    HubTemplate("science", "北京市{p}科学技术协会", "{p}科协", OrgType.PEOPLE_ORG),
    HubTemplate("disability", "北京市{p}残疾人联合会", "{p}残联", OrgType.PEOPLE_ORG),
    HubTemplate("arts", "北京市{p}文学艺术界联合会", "{p}文联", OrgType.PEOPLE_ORG),
    HubTemplate("sports", "北京市{p}体育总会", "{p}体育总会", OrgType.ASSOCIATION, False),
    HubTemplate("private-economy", "北京市{p}个体劳动者协会", "{p}个协", OrgType.ASSOCIATION, False),
    HubTemplate("volunteers", "北京市{p}志愿者联合会", "{p}志愿者联合会", OrgType.ASSOCIATION, False),
]
STREET_HUBS = [
    HubTemplate("trade-union", "{p}总工会", "{p}总工会", OrgType.PEOPLE_ORG),
    HubTemplate("women", "{p}妇女联合会", "{p}妇联", OrgType.PEOPLE_ORG),
]
PARTIAL_DISTRICTS = 8  # districts with a sports / private-economy / volunteers hub in 2010
STREETS_WITH_HUBS = 40


def random_day(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    return first + datetime.timedelta(days=rng.randint(0, max((last - first).days, 0)))


class NetworkBuilder:
    def __init__(self, rng: random.Random, city_hubs: dict[str, Hub], end: datetime.date):
        self.rng, self.city_hubs, self.end = rng, city_hubs, end
        self.district_hubs: dict[tuple[str, str], Hub] = {}  # (field, district code) → hub
        self.street_hubs: dict[tuple[str, str], Hub] = {}  # (field, street code) → hub

    def build(self, districts: list[Division], as_of_2010: dict[str, Division], streets: list[Division]) -> None:
        for template in DISTRICT_HUBS:
            chosen = districts if template.in_every_district else sorted(
                self.rng.sample(districts, PARTIAL_DISTRICTS), key=lambda d: d.code)
            for district in chosen:
                parent = self.city_hubs[template.field]
                name_at = as_of_2010[district.code]
                hub = self._create(template, district, name_at.name, Level.DISTRICT, parent, district,
                                   datetime.date(2009, 6, 1))
                self.district_hubs[(template.field, district.code)] = hub
        town_streets = [s for s in streets if int(s.code[-3:]) < 100]  # 街道, not 镇/乡
        for street in sorted(self.rng.sample(town_streets, STREETS_WITH_HUBS), key=lambda d: d.code):
            for template in STREET_HUBS:
                parent = self.district_hubs[(template.field, street.parent.code)]
                hub = self._create(template, street, street.name, Level.STREET, parent, street.parent,
                                   datetime.date(2010, 1, 1))
                self.street_hubs[(template.field, street.code)] = hub

    def _create(self, template: HubTemplate, division: Division, place: str, level: str, parent: Hub,
                recognised_by: Division, earliest: datetime.date) -> Hub:
        org = Organization.objects.create(
            name=template.full.format(p=place), org_type=template.org_type, level=level,
            registering_division=division, seat_division=division, field=parent.fields.first(),
            founded=datetime.date(self.rng.randint(1985, 2005), self.rng.randint(1, 12), 1),
            no_supervisor_reason=NoSupervisorReason.NOT_REQUIRED,
        )
        short = template.short.format(p=place)
        unit = SupervisoryUnit.objects.create(name=short, kind=SupervisoryUnit.Kind.HUB, level=level,
                                              division=division)
        hub = Hub.objects.create(organization=org, slug=f"{template.field}-{division.code}", short_name=short,
                                 level=level, division=division, parent=parent, supervisory_unit=unit)
        with authorising("demo: recognised with its parent's fields"):
            hub.fields.set(parent.fields.all())
        Recognition.objects.create(hub=hub, recognised_by=recognised_by, batch=1,
                                   recognised_on=random_day(self.rng, earliest, self.end - datetime.timedelta(days=60)))
        return hub
