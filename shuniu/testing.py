"""Builders the tests of every app share (tests only; they act as the current actor)."""
from __future__ import annotations

import datetime
import itertools

from shuniu.divisions.models import Division, Level
from shuniu.registry.models import NoSupervisorReason, Organization, OrgType, SupervisoryUnit

_names = itertools.count(1)


def division(code: str) -> Division:
    return Division.objects.get(code=code)


def make_unit(name: str = "市科委", level: str = Level.CITY, code: str = "110000") -> SupervisoryUnit:
    return SupervisoryUnit.objects.create(name=name, kind=SupervisoryUnit.Kind.GOVERNMENT, level=level,
                                          division=division(code))


def make_org(name: str | None = None, *, org_type: str = OrgType.ASSOCIATION, level: str = Level.CITY,
             code: str = "110000", founded: datetime.date | None = datetime.date(2005, 5, 1),
             supervisory_unit: SupervisoryUnit | None = None, **fields) -> Organization:
    if supervisory_unit is None and "no_supervisor_reason" not in fields:
        fields["no_supervisor_reason"] = NoSupervisorReason.NOT_FOUND
    return Organization.objects.create(
        name=name or f"北京市测试协会{next(_names)}", org_type=org_type, level=level,
        registering_division=division(code), founded=founded, supervisory_unit=supervisory_unit, **fields)
