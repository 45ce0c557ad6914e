"""Creates the demo's government supervisory units and hands them out by field."""
from __future__ import annotations

from collections import Counter

from shuniu.audit.history import bulk_create_audited
from shuniu.divisions.models import Division, Level
from shuniu.registry.models import SupervisoryUnit

from .units import CITY_GOVERNMENT, CITY_INSTITUTIONS, DISTRICT_GOVERNMENT


class SupervisorBook:
    """Picks a unit for an organisation of a field: the least used of the field's units.

    Least-used rather than random spreads organisations the way the seed
    describes — many units, each with a few organisations (管理分散).
    """

    def __init__(self, city: Division, districts: list[Division], place_names: dict[str, str]):
        units = [SupervisoryUnit(name=name, kind=SupervisoryUnit.Kind.GOVERNMENT, level=Level.CITY, division=city)
                 for name, _ in CITY_GOVERNMENT]
        units += [SupervisoryUnit(name=name, kind=SupervisoryUnit.Kind.INSTITUTION, level=Level.CITY, division=city)
                  for name, _ in CITY_INSTITUTIONS]
        self._city: dict[str, list[SupervisoryUnit]] = {}
        for unit, (_, fields) in zip(units, CITY_GOVERNMENT + CITY_INSTITUTIONS, strict=True):
            for field in fields:
                self._city.setdefault(field, []).append(unit)
        self._district: dict[tuple[str, str], list[SupervisoryUnit]] = {}
        for district in districts:
            for department, fields in DISTRICT_GOVERNMENT:
                unit = SupervisoryUnit(name=place_names[district.code] + department,
                                       kind=SupervisoryUnit.Kind.GOVERNMENT, level=Level.DISTRICT, division=district)
                units.append(unit)
                for field in fields:
                    self._district.setdefault((district.code, field), []).append(unit)
        bulk_create_audited(SupervisoryUnit, units)
        self._use: Counter[int] = Counter()

    def _least_used(self, candidates: list[SupervisoryUnit]) -> SupervisoryUnit:
        unit = min(candidates, key=lambda u: self._use[u.pk])
        self._use[unit.pk] += 1
        return unit

    def city(self, field: str) -> SupervisoryUnit:
        return self._least_used(self._city[field])

    def district(self, district_code: str, field: str) -> SupervisoryUnit:
        candidates = self._district.get((district_code, field))
        return self._least_used(candidates) if candidates else self.city(field)
