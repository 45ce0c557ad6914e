"""The national scenario: N organisations across every province's division codes, fast.

For scale work (issue 7): `shuniu demo --scenario national --organizations 1000000`.
Real: the divisions (GB/T 2260, see divisions/data/SOURCES.md), Beijing's 22 city
hubs and the fields. Drawn (same seed, same data): everything else. The shares below
are the demo's assumptions, set near the national make-up of the early 2020s (about
37万 社会团体, 52万 社会服务机构, 9千 基金会, plus filed community organisations);
organisations follow the number of county-level divisions of each province, since
no population data is shipped. Hubs exist only in Beijing: organisations outside it
have a government supervisory unit or none.

Every row is written with its history row (bulk_create_audited), in batches so memory
stays flat whatever N is.
"""
from __future__ import annotations

import datetime
import functools
import itertools
import random
from collections.abc import Iterator

from django.db import transaction

from shuniu.audit.history import bulk_create_audited
from shuniu.divisions.models import Division, Level
from shuniu.divisions.reference import load_national_divisions
from shuniu.hubs.models import Affiliation, Hub
from shuniu.hubs.reference import load_city_hubs
from shuniu.registry import uscc
from shuniu.registry.models import (
    Field,
    NoSupervisorReason,
    Organization,
    OrgType,
    RegistrationEvent,
    Status,
    SupervisoryUnit,
)
from shuniu.registry.pinyin import initials

from . import profile as p
from .bulk import create_audited
from .names import NameBook, business_scope, short_place
from .network import random_day
from .units import DISTRICT_GOVERNMENT

END = datetime.date(2025, 12, 31)
TYPE_SHARES = {OrgType.ASSOCIATION: 0.31, OrgType.SERVICE_ORG: 0.43, OrgType.FOUNDATION: 0.008,
               OrgType.COMMUNITY: 0.21, OrgType.GRASSROOTS: 0.042}
# Where registered organisations register: the province's own bureau, a prefecture's or a county's.
LEVEL_SHARES = {Level.PROVINCE: 0.12, Level.PREFECTURE: 0.3, Level.DISTRICT: 0.58}
FIRST_YEAR = {OrgType.ASSOCIATION: 1980, OrgType.SERVICE_ORG: 1999, OrgType.FOUNDATION: 1988,
              OrgType.COMMUNITY: 2003, OrgType.GRASSROOTS: 2002}
USCC_CATEGORY = {OrgType.ASSOCIATION: "1", OrgType.SERVICE_ORG: "2", OrgType.FOUNDATION: "3"}
CERTIFICATE = {OrgType.ASSOCIATION: "社证字", OrgType.SERVICE_ORG: "民证字", OrgType.FOUNDATION: "基证字"}
ENDED_RATE = 0.02
BATCH = 5000
SERIAL_MARK = "M"  # first character of the organisation-code body of this scenario's credit codes


@functools.lru_cache(maxsize=200_000)
def _initials(part: str) -> str:
    """Pinyin initials per part of a name (place, then the rest): pypinyin takes about 1 ms a name,
    and names here are built from a few thousand parts. A polyphonic character is read within its
    part, which is also where it belongs (南京市|长江…, not 市长)."""
    return initials(part)


class National:
    SEED = 2025

    def __init__(self, organizations: int, seed: int = SEED, batch: int = BATCH):
        self.target = organizations
        self.batch = batch
        self.seed = seed
        self.rng = random.Random(seed)
        self.names = NameBook(self.rng)
        self.code_serial = itertools.count(1)
        self._units: dict[tuple[int, str], SupervisoryUnit] = {}
        self._new_units: list[SupervisoryUnit] = []

    def build(self) -> int:
        """Load until the database holds `organizations` organisations; returns how many were added."""
        with transaction.atomic():
            self._prepare()
        existing = Organization.objects.count()
        if existing:  # resuming a stopped load: a fresh draw, and codes after the ones issued
            self.rng.seed(self.seed + existing)
            self.code_serial = itertools.count(self._last_serial() + 1)
        wanted = self.target - existing
        added = 0
        while added < wanted:
            with transaction.atomic():
                n = min(self.batch, wanted - added)
                self._save([self._draft() for _ in range(n)])
            added += n
        return added

    @staticmethod
    def _last_serial() -> int:
        codes = Organization.objects.filter(uscc__contains=SERIAL_MARK).values_list("uscc", flat=True)
        return max((int(c[9:16]) for c in codes.iterator(chunk_size=20_000) if c[8] == SERIAL_MARK), default=0)

    # -- reference data -----------------------------------------------------------------------
    def _prepare(self) -> None:
        load_national_divisions()
        self.city_hubs = load_city_hubs()
        self.fields = {f.slug: f for f in Field.objects.all()}
        self._recognised = {h.pk: min(r.recognised_on for r in h.recognitions.all()) for h in self.city_hubs.values()}
        for name in Organization.objects.values_list("name", flat=True):
            self.names.reserve(name)
        divisions = list(Division.objects.current().exclude(level=Level.STREET).select_related("parent__parent"))
        self.provinces = [d for d in divisions if d.parent_id is None]
        self.prefectures: dict[int, list[Division]] = {}
        self.counties: dict[int, list[Division]] = {}
        for d in divisions:
            if d.level == Level.PREFECTURE:
                self.prefectures.setdefault(d.parent_id, []).append(d)
            elif d.level == Level.DISTRICT:
                province = d.parent if d.parent.parent_id is None else d.parent.parent
                self.counties.setdefault(province.pk, []).append(d)
        self.province_weights = [len(self.counties.get(d.pk, ())) or 1 for d in self.provinces]
        self.beijing_streets = {d.pk: list(d.children.filter(level=Level.STREET))
                                for d in Division.objects.filter(parent__code="110000", level=Level.DISTRICT)}
        existing = SupervisoryUnit.objects.filter(kind=SupervisoryUnit.Kind.GOVERNMENT)
        for unit in existing:
            self._units[(unit.division_id, unit.name)] = unit

    # -- one organisation ---------------------------------------------------------------------
    def _draft(self) -> tuple[Organization, Affiliation | None]:
        org_type = self.rng.choices(list(TYPE_SHARES), weights=list(TYPE_SHARES.values()))[0]
        province = self.rng.choices(self.provinces, weights=self.province_weights)[0]
        if org_type in (OrgType.COMMUNITY, OrgType.GRASSROOTS):
            org = self._filed(org_type, province)
        else:
            org = self._registered(org_type, province)
        return org, self._affiliation(org)

    def _registered(self, org_type: str, province: Division) -> Organization:
        division, level = self._registering(org_type, province)
        prefix = self._prefix(division)
        slug, name, subject = self._registered_name(org_type, level, prefix)
        founded = self._founded(org_type)
        org = Organization(
            name=name, org_type=org_type, level=level, registering_division=division,
            seat_division=self._seat(division), field=self.fields[slug], founded=founded,
            legal_representative=self.names.person(),
            business_scope=business_scope(org_type, subject, self.fields[slug].description),
            members=self.rng.randint(30, 3000) if org_type == OrgType.ASSOCIATION else None,
            staff=self.rng.randint(1, 60), uscc=self._uscc(org_type, division.code),
            supervisory_unit=self._unit(division, slug),
        )
        org.name_initials = _initials(prefix) + _initials(name[len(prefix):])
        org.certificate_number = f"{short_place(province.name)[:2]}{CERTIFICATE[org_type]}第{org.uscc[9:16]}号"
        if org.uscc[-1] == "!":
            org.uscc, org.uscc_legacy = org.uscc[:-1], True
        self._maybe_end(org)
        return org

    def _registered_name(self, org_type: str, level: str, prefix: str) -> tuple[str, str, str]:
        """(field, name, subject); at a million, one place's names of a field can run out: draw another field."""
        for _ in range(20):
            slug = self._field(org_type, "city" if level in (Level.PROVINCE, Level.CITY) else "district")
            try:
                if org_type == OrgType.ASSOCIATION:
                    return slug, self.names.association(slug, [prefix]), self.fields[slug].name
                if org_type == OrgType.SERVICE_ORG:
                    return slug, *self.names.service_org(slug, [prefix])
                return slug, self.names.foundation(slug, [prefix]), self.fields[slug].name
            except LookupError:
                continue
        raise LookupError(f"no {org_type} name left for {prefix}")

    def _registering(self, org_type: str, province: Division) -> tuple[Division, str]:
        if org_type == OrgType.FOUNDATION or province.level == Level.CITY:
            # Municipalities register at city or district level; foundations at the province.
            if org_type == OrgType.FOUNDATION or self.rng.random() < 0.15:
                return province, Level.CITY if province.level == Level.CITY else Level.PROVINCE
            return self.rng.choice(self.counties[province.pk]), Level.DISTRICT
        level = self.rng.choices(list(LEVEL_SHARES), weights=list(LEVEL_SHARES.values()))[0]
        if level == Level.PROVINCE or (level == Level.PREFECTURE and province.pk not in self.prefectures):
            return province, Level.PROVINCE
        if level == Level.PREFECTURE:
            return self.rng.choice(self.prefectures[province.pk]), Level.PREFECTURE
        return self.rng.choice(self.counties[province.pk]), Level.DISTRICT

    def _filed(self, org_type: str, province: Division) -> Organization:
        county = self.rng.choice(self.counties[province.pk])
        streets = self.beijing_streets.get(county.pk)
        place = self.rng.choice(streets) if streets else county  # streets are known in Beijing only
        slug = self._field(org_type, "street")
        if org_type == OrgType.COMMUNITY:
            name, subject = self.names.community(slug, place.name)
        else:
            name, subject = self.names.grassroots(slug, place.name)
        prefix = short_place(place.name)
        org = Organization(
            name=name, name_initials=_initials(prefix) + _initials(name.removeprefix(prefix)),
            org_type=org_type, level=Level.STREET if streets else Level.DISTRICT,
            registering_division=place, seat_division=place, field=self.fields[slug],
            founded=self._founded(org_type), legal_representative=self.names.person(),
            business_scope=business_scope(org_type, subject, self.fields[slug].description),
            members=self.rng.randint(5, 120),
            no_supervisor_reason=(NoSupervisorReason.NOT_REQUIRED if org_type == OrgType.COMMUNITY
                                  else NoSupervisorReason.NOT_FOUND),
        )
        return org

    def _field(self, org_type: str, level: str) -> str:
        weights = p.WEIGHTS[(org_type, level)] if (org_type, level) in p.WEIGHTS else p.WEIGHTS[(org_type, "city")]
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def _prefix(self, division: Division) -> str:
        if division.level in (Level.PROVINCE, Level.CITY):
            return division.name
        if division.level == Level.PREFECTURE:
            return division.name
        parent = division.parent
        return (parent.name if parent.level != Level.PROVINCE else "") + division.name

    def _seat(self, division: Division) -> Division:
        streets = self.beijing_streets.get(division.pk)
        return self.rng.choice(streets) if streets else division

    def _founded(self, org_type: str) -> datetime.date:
        year = round(self.rng.triangular(FIRST_YEAR[org_type], END.year, END.year - 6))
        return random_day(self.rng, datetime.date(year, 1, 1), min(datetime.date(year, 12, 31), END))

    def _uscc(self, org_type: str, division_code: str) -> str:
        body = f"{SERIAL_MARK}{next(self.code_serial):07d}"
        code = uscc.build("5", USCC_CATEGORY[org_type], division_code, body)
        if self.rng.random() < p.LEGACY_CODE_RATE:  # as issued, failing the check (kept, flagged)
            wrong = uscc.ALPHABET[(uscc.ALPHABET.index(code[-1]) + 1) % len(uscc.ALPHABET)]
            return code[:-1] + wrong + "!"
        return code

    def _unit(self, division: Division, slug: str) -> SupervisoryUnit | None:
        departments = [name for name, fields in DISTRICT_GOVERNMENT if slug in fields]
        if not departments:
            return None
        name = division.name + self.rng.choice(departments)
        unit = self._units.get((division.pk, name))
        if unit is None:
            level = division.level
            unit = SupervisoryUnit(name=name, kind=SupervisoryUnit.Kind.GOVERNMENT, level=level, division=division)
            self._units[(division.pk, name)] = unit
            self._new_units.append(unit)
        return unit

    def _maybe_end(self, org: Organization) -> None:
        if self.rng.random() < ENDED_RATE and org.founded < END - datetime.timedelta(days=400):
            org.status = self.rng.choice([Status.DEREGISTERED, Status.REVOKED])
            org.ended_on = random_day(self.rng, org.founded + datetime.timedelta(days=365), END)

    def _affiliation(self, org: Organization) -> Affiliation | None:
        """Beijing's city-level organisations of a hub's field are linked to that hub, as in beijing-2010."""
        hub: Hub | None = self.city_hubs.get(org.field.slug) if org.level == Level.CITY else None
        if hub is None or org.registering_division.code != "110000" or self.rng.random() >= p.CITY_LINK_RATE:
            return None
        start = random_day(self.rng, max(org.founded, self._recognised[hub.pk]), END)
        kind = Affiliation.Kind.SUPERVISION if self.rng.random() < p.CITY_SUPERVISION_RATE else Affiliation.Kind.LIAISON
        if kind == Affiliation.Kind.SUPERVISION:
            org.supervisory_unit = hub.supervisory_unit
        return Affiliation(organization=org, hub=hub, kind=kind, start=start, source=Affiliation.Source.IMPORTED,
                           reason=f"{hub.short_name}本领域社会组织（演示数据）")

    # -- saving ---------------------------------------------------------------------------------
    def _save(self, drafts: list[tuple[Organization, Affiliation | None]]) -> None:
        if self._new_units:
            bulk_create_audited(SupervisoryUnit, self._new_units)
            self._new_units = []
        orgs = [org for org, _ in drafts]
        create_audited(Organization, orgs)
        create_audited(RegistrationEvent, list(self._events(orgs)))
        create_audited(Affiliation, [link for _, link in drafts if link is not None])

    @staticmethod
    def _events(orgs: list[Organization]) -> Iterator[RegistrationEvent]:
        for org in orgs:
            kind = (RegistrationEvent.Kind.FILED if org.org_type in (OrgType.COMMUNITY, OrgType.GRASSROOTS)
                    else RegistrationEvent.Kind.ESTABLISHED)
            yield RegistrationEvent(organization=org, kind=kind, date=org.founded)
            if org.ended_on:
                ended = (RegistrationEvent.Kind.DEREGISTERED if org.status == Status.DEREGISTERED
                         else RegistrationEvent.Kind.REVOKED)
                yield RegistrationEvent(organization=org, kind=ended, date=org.ended_on)
