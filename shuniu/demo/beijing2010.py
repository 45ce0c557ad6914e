"""The beijing-2010 scenario: Beijing's hub system at the end of 2010, deterministic.

Real: the divisions, the 2010 populations, the 22 city hubs with their batches
and fields, and the seed's totals. Drawn (same seed, same data every run): the
individual organisations, their links, the district and street hubs.
"""
from __future__ import annotations

import datetime
import itertools
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from shuniu.audit.history import bulk_create_audited
from shuniu.divisions.models import Division, Level, Population
from shuniu.divisions.reference import load_divisions
from shuniu.hubs.models import Affiliation, Hub
from shuniu.hubs.reference import load_city_hubs
from shuniu.registry import uscc
from shuniu.registry.models import (
    Field,
    FormerName,
    NoSupervisorReason,
    Organization,
    OrgType,
    RegistrationEvent,
    Status,
)

from . import profile as p
from .names import CITY_PREFIXES, NameBook, business_scope
from .network import NetworkBuilder, random_day
from .oversight import OversightBuilder
from .party import PartyBuilder
from .reach import ReachBuilder
from .supervisors import SupervisorBook
from .vocabulary import UNIVERSITIES

END = datetime.date(2010, 12, 31)
MERGED_2010 = datetime.date(2010, 7, 1)  # 崇文, 宣武 → 东城, 西城
USCC_CATEGORY = {OrgType.ASSOCIATION: "1", OrgType.SERVICE_ORG: "2", OrgType.FOUNDATION: "3"}
CERTIFICATE = {OrgType.ASSOCIATION: "京社证字", OrgType.SERVICE_ORG: "京民证字", OrgType.FOUNDATION: "京基证字"}
FIRST_YEAR = {OrgType.ASSOCIATION: 1980, OrgType.SERVICE_ORG: 1999, OrgType.FOUNDATION: 1988,
              OrgType.COMMUNITY: 2003, OrgType.GRASSROOTS: 2002}
Link = tuple[Hub, str, datetime.date]


@dataclass
class Draft:
    org: Organization
    events: list[tuple[str, datetime.date]] = field(default_factory=list)
    link: Link | None = None
    former_name: tuple[str, datetime.date] | None = None


class Beijing2010:
    SEED = 2010

    def __init__(self, seed: int = SEED):
        self.seed = seed
        self.rng = random.Random(seed)
        self.names = NameBook(self.rng)
        self.serial = itertools.count(1)
        self.code_serial = itertools.count(10_000)
        self._recognised: dict[int, datetime.date] = {}

    @transaction.atomic
    def build(self) -> None:
        load_divisions()
        self.city_hubs = load_city_hubs()
        self.fields = {f.slug: f for f in Field.objects.all()}
        self._index_divisions()
        self.supervisors = SupervisorBook(self.city, self.districts, self.short_2010)
        self.network = NetworkBuilder(self.rng, self.city_hubs, END)
        self.network.build(self.districts, self.as_of_2010, [s for d in self.districts for s in self.streets[d.code]])
        for name in Organization.objects.values_list("name", flat=True):
            self.names.reserve(name)
        drafts = [*self._city_registered(), *self._district_registered(), *self._community(),
                  *self._grassroots(), *self._ended()]
        self._save(drafts)
        # Their own random streams: the organisations drawn above stay the same whatever is added here.
        ReachBuilder(random.Random(self.seed + 1), self.city_hubs, self.network.district_hubs,
                     self.network.street_hubs, self.districts, self.streets, self.weights, END).build()
        PartyBuilder(random.Random(self.seed + 2), NameBook(random.Random(self.seed + 3)), END).build()
        OversightBuilder(self.seed * 10 + 1, END).build()

    # -- divisions -------------------------------------------------------------------------
    def _index_divisions(self) -> None:
        self.city = Division.objects.get(code="110000")
        self.districts = list(Division.objects.districts().current().order_by("code"))
        retired = {d.successor_id: d for d in Division.objects.districts().filter(valid_to__isnull=False)}
        # The division each district was on 31 Dec 2010: 密云县, not 密云区.
        self.as_of_2010 = {d.code: (retired[d.pk] if d.pk in retired and retired[d.pk].valid_to > END else d)
                           for d in self.districts}
        self.merged_into = {retired[d.pk].successor.code: retired[d.pk] for d in self.districts
                            if d.pk in retired and retired[d.pk].valid_to <= END}
        self.short_2010 = {code: d.name for code, d in self.as_of_2010.items()}
        self.streets = {d.code: list(d.children.filter(level=Level.STREET).order_by("code")) for d in self.districts}
        residents = dict(Population.objects.filter(year=2010, division__in=self.districts)
                         .values_list("division__code", "residents"))
        self.weights = {d.code: residents[d.code] * p.DISTRICT_ACTIVITY[d.code] for d in self.districts}

    def _registering_district(self, code: str, founded: datetime.date) -> Division:
        old = self.merged_into.get(code)
        if old is not None and founded < MERGED_2010 and self.rng.random() < 0.4:
            return old  # registered with 崇文/宣武 before the merger; resolves to its successor
        return self.as_of_2010[code]

    def _street(self, district_code: str) -> Division:
        return self.rng.choice(self.streets[district_code])

    def _district_by_residents(self) -> str:
        return self.rng.choices(list(self.weights), weights=list(self.weights.values()))[0]

    # -- registered organisations -------------------------------------------------------------
    def _city_registered(self):
        for org_type, quota in p.CITY_LEVEL.items():
            existing = Organization.objects.filter(org_type=org_type, level=Level.CITY).count()
            for slug, n in p.apportion(quota - existing, p.WEIGHTS[(org_type, "city")]).items():
                for _ in range(n):
                    yield self._city_draft(org_type, slug)

    def _city_draft(self, org_type: str, slug: str) -> Draft:
        name, subject = self._registered_name(org_type, slug, CITY_PREFIXES)
        founded = self._founded(org_type)
        seat = self._street(self._district_by_residents())
        org = self._registered_org(name, org_type, slug, Level.CITY, self.city, seat, founded, subject)
        hub = self.city_hubs.get(slug)
        link = None
        if hub is not None and self.rng.random() < p.CITY_LINK_RATE:
            link = self._link(hub, founded, p.CITY_SUPERVISION_RATE)
        org.supervisory_unit = (link[0].supervisory_unit if link and link[1] == "supervision"
                                else self.supervisors.city(slug))
        return self._draft(org, link)

    def _district_registered(self):
        for org_type in (OrgType.ASSOCIATION, OrgType.SERVICE_ORG):
            existing = Organization.objects.filter(org_type=org_type, level=Level.DISTRICT).count()
            total = p.REGISTERED[org_type] - p.CITY_LEVEL[org_type] - existing
            for code, n in p.apportion(total, self.weights).items():
                for slug, k in p.apportion(n, p.WEIGHTS[(org_type, "district")]).items():
                    for _ in range(k):
                        yield self._district_draft(org_type, slug, code)

    def _district_draft(self, org_type: str, slug: str, code: str) -> Draft:
        founded = self._founded(org_type)
        registering = self._registering_district(code, founded)
        name, subject = self._registered_name(org_type, slug, ["北京市" + registering.name])
        org = self._registered_org(name, org_type, slug, Level.DISTRICT, registering, self._street(code),
                                   founded, subject)
        hub = self.network.district_hubs.get((slug, code))
        link = None
        if hub is not None and self.rng.random() < p.DISTRICT_LINK_RATE:
            link = self._link(hub, founded, p.DISTRICT_SUPERVISION_RATE)
        org.supervisory_unit = (link[0].supervisory_unit if link and link[1] == "supervision"
                                else self.supervisors.district(code, slug))
        return self._draft(org, link)

    def _registered_name(self, org_type: str, slug: str, prefixes: list[str]) -> tuple[str, str]:
        if org_type == OrgType.ASSOCIATION:
            name = self.names.association(slug, prefixes)
            return name, self.fields[slug].name
        if org_type == OrgType.SERVICE_ORG:
            return self.names.service_org(slug, prefixes)
        return self.names.foundation(slug), self.fields[slug].name

    def _founded(self, org_type: str) -> datetime.date:
        # Most organisations are young: the triangular mode sits at the end of the range.
        year = round(self.rng.triangular(FIRST_YEAR[org_type], END.year, END.year))
        return random_day(self.rng, datetime.date(year, 1, 1), min(datetime.date(year, 12, 31), END))

    def _registered_org(self, name, org_type, slug, level, registering, seat, founded, subject) -> Organization:
        field_ = self.fields[slug]
        agency = self.rng.random() < p.AGENCY_FOUNDED_RATE[level]
        org = Organization(
            name=name, org_type=org_type, level=level, registering_division=registering, seat_division=seat,
            field=field_, founded=founded, legal_representative=self.names.person(),
            business_scope=business_scope(org_type, subject, field_.description),
            members=self.rng.randint(30, 3000) if org_type == OrgType.ASSOCIATION else None,
            staff=self.rng.randint(1, 60), founded_by_agency=agency,
            agency_officials_in_post=self.rng.randint(1, 3) if agency and self.rng.random() < 0.6 else 0,
            government_funding_share=self._funding_share(agency),
            certificate_number=f"{CERTIFICATE[org_type]}第{next(self.serial):05d}号",
        )
        self._assign_uscc(org, registering.resolve().code if level == Level.DISTRICT else "110000")
        return org

    def _funding_share(self, agency: bool) -> Decimal:
        share = self.rng.betavariate(4, 2) if agency else self.rng.betavariate(1, 6)
        return Decimal(f"{share:.3f}")

    def _assign_uscc(self, org: Organization, division_code: str) -> None:
        body = f"5{next(self.code_serial):07d}"
        code = uscc.build("5", USCC_CATEGORY[org.org_type], division_code, body)
        if self.rng.random() < p.LEGACY_CODE_RATE:
            wrong = uscc.ALPHABET[(uscc.ALPHABET.index(code[-1]) + 1) % len(uscc.ALPHABET)]
            code, org.uscc_legacy = code[:-1] + wrong, True
        org.uscc = code

    def _link(self, hub: Hub, founded: datetime.date, supervision_rate: float) -> Link:
        kind = "supervision" if self.rng.random() < supervision_rate else "liaison"
        if hub.pk not in self._recognised:
            self._recognised[hub.pk] = min(r.recognised_on for r in hub.recognitions.all())
        return hub, kind, random_day(self.rng, max(founded, self._recognised[hub.pk]), END)

    def _draft(self, org: Organization, link: Link | None) -> Draft:
        draft = Draft(org, events=[(RegistrationEvent.Kind.ESTABLISHED, org.founded)], link=link)
        if self.rng.random() < p.RENAMED_RATE:
            draft.former_name = self._former_name(org)
        return draft

    def _former_name(self, org: Organization) -> tuple[str, datetime.date] | None:
        name = org.name
        if name.startswith("北京市"):
            old = "北京" + name[3:]
        else:
            old = "北京市" + name.removeprefix("北京").removeprefix("首都")
        if old in self.names.used or org.founded >= END:
            return None
        self.names.reserve(old)
        return old, random_day(self.rng, org.founded + datetime.timedelta(days=1), END)

    # -- filed and unregistered -----------------------------------------------------------------
    def _community(self):
        for code, n in p.apportion(p.COMMUNITY, self.weights).items():
            for slug, k in p.apportion(n, p.WEIGHTS[("community", "street")]).items():
                for _ in range(k):
                    street = self._street(code)
                    name, subject = self.names.community(slug, street.name)
                    founded = self._founded(OrgType.COMMUNITY)
                    org = self._unregistered_org(name, OrgType.COMMUNITY, slug, street, founded, subject,
                                                 NoSupervisorReason.NOT_REQUIRED)
                    hub, rate = self.network.street_hubs.get((slug, street.code)), p.STREET_LIAISON_RATE
                    if hub is None:
                        hub, rate = self.network.district_hubs.get((slug, code)), p.COMMUNITY_DISTRICT_LIAISON_RATE
                    link = self._liaison(hub, founded, rate)
                    yield Draft(org, events=[(RegistrationEvent.Kind.FILED, founded)], link=link)

    def _grassroots(self):
        for code, n in p.apportion(p.GRASSROOTS, self.weights).items():
            for slug, k in p.apportion(n, p.WEIGHTS[("grassroots", "street")]).items():
                for _ in range(k):
                    yield self._grassroots_draft(slug, code)

    def _grassroots_draft(self, slug: str, code: str) -> Draft:
        street = self._street(code)
        campus = slug == "youth-league" and self.rng.random() < p.CAMPUS_SHARE
        place = self.rng.choice(UNIVERSITIES) if campus else street.name
        name, subject = self.names.grassroots(slug, place, campus)
        founded = self._founded(OrgType.GRASSROOTS)
        org = self._unregistered_org(name, OrgType.GRASSROOTS, slug, street, founded, subject,
                                     NoSupervisorReason.NOT_FOUND)
        if slug == "youth-league":
            hub = self.city_hubs[slug] if campus else self.network.district_hubs.get((slug, code))
            link = self._liaison(hub, founded, p.YOUTH_LIAISON_RATE)
        else:
            hub = self.network.district_hubs.get((slug, code))
            link = self._liaison(hub, founded, p.GRASSROOTS_OTHER_LIAISON_RATE)
        return Draft(org, link=link)

    def _unregistered_org(self, name, org_type, slug, street, founded, subject, reason) -> Organization:
        field_ = self.fields[slug]
        return Organization(
            name=name, org_type=org_type, level=Level.STREET, registering_division=street, seat_division=street,
            field=field_, founded=founded, legal_representative=self.names.person(),
            business_scope=business_scope(org_type, subject, field_.description),
            members=self.rng.randint(5, 120), no_supervisor_reason=reason,
        )

    def _liaison(self, hub: Hub | None, founded: datetime.date, rate: float) -> Link | None:
        if hub is None or self.rng.random() >= rate:
            return None
        return self._link(hub, founded, supervision_rate=0.0)

    # -- ended before 2011 ----------------------------------------------------------------------
    def _ended(self):
        for _ in range(p.ENDED_BEFORE_2011):
            org_type = self.rng.choice([OrgType.ASSOCIATION, OrgType.SERVICE_ORG])
            slug = self.rng.choice(list(p.WEIGHTS[(org_type, "district")]))
            code = self._district_by_residents()
            founded = random_day(self.rng, datetime.date(1999, 1, 1), datetime.date(2005, 12, 31))
            registering = self._registering_district(code, founded)
            name, subject = self._registered_name(org_type, slug, ["北京市" + registering.name])
            org = self._registered_org(name, org_type, slug, Level.DISTRICT, registering, self._street(code),
                                       founded, subject)
            org.uscc, org.uscc_legacy = None, False  # ended before codes were issued (2016)
            org.supervisory_unit = self.supervisors.district(code, slug)
            kind = RegistrationEvent.Kind.DEREGISTERED if self.rng.random() < 0.8 else RegistrationEvent.Kind.REVOKED
            org.ended_on = random_day(self.rng, datetime.date(2006, 1, 1), datetime.date(2010, 11, 30))
            org.status = Status.DEREGISTERED if kind == RegistrationEvent.Kind.DEREGISTERED else Status.REVOKED
            yield Draft(org, events=[(RegistrationEvent.Kind.ESTABLISHED, founded), (kind, org.ended_on)])

    # -- saving -------------------------------------------------------------------------------------
    def _save(self, drafts: list[Draft]) -> None:
        for draft in drafts:
            draft.org.fill_derived()
        bulk_create_audited(Organization, [d.org for d in drafts])
        bulk_create_audited(RegistrationEvent, [
            RegistrationEvent(organization=d.org, kind=kind, date=day) for d in drafts for kind, day in d.events])
        renamed = [d for d in drafts if d.former_name]
        bulk_create_audited(FormerName, [
            FormerName(organization=d.org, name=d.former_name[0], used_until=d.former_name[1]) for d in renamed])
        bulk_create_audited(RegistrationEvent, [
            RegistrationEvent(organization=d.org, kind=RegistrationEvent.Kind.CHANGED, date=d.former_name[1],
                              note=f"名称由“{d.former_name[0]}”变更为“{d.org.name}”") for d in renamed])
        bulk_create_audited(Affiliation, [
            Affiliation(organization=d.org, hub=hub, kind=kind, start=start, source=Affiliation.Source.IMPORTED,
                        reason=f"{hub.short_name}本领域社会组织（演示数据）")
            for d in drafts if d.link for hub, kind, start in [d.link]])
