"""Whose report: the whole city for the office, one district for a district office.

Everything a section reads comes through restrict() with the requesting user,
then narrows to the area, exactly as the district page does.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from shuniu.accounts.models import Role
from shuniu.accounts.permissions import division_subtree, scope_of
from shuniu.divisions.models import Division, Level
from shuniu.hubs.models import Hub
from shuniu.registry.models import Organization


@dataclass(frozen=True)
class Area:
    day: datetime.date
    district: Division | None  # None: the whole city
    organizations: QuerySet[Organization]  # restricted, within the area
    hubs: QuerySet[Hub]  # restricted, within the area

    @property
    def is_city(self) -> bool:
        return self.district is None

    @property
    def name(self) -> str:
        return _("Beijing") if self.district is None else self.district.name

    @property
    def key(self) -> str:
        return "110000" if self.district is None else self.district.code


def area_for(user, year: int, district_code: str | None = None) -> Area:
    """The area `user` gets a report of; PermissionDenied (with the reason) when none.

    `user` None is the operator at the shell, who sees everything (as `report summary` does).
    """
    day = datetime.date(year, 12, 31)
    if user is None:
        district = _district(district_code) if district_code else None
        return _within(day, district, Organization.objects.all(), Hub.objects.all())
    scope = scope_of(user)
    if scope.everything:
        district = _district(district_code) if district_code else None
    elif Role.DISTRICT in scope.roles:
        own = [g.division for g in scope.grants if g.role == Role.DISTRICT]
        if district_code is None and len(own) > 1:
            raise PermissionDenied(_("You hold several districts: say which one (%(codes)s).")
                                   % {"codes": ", ".join(d.code for d in own)})
        district = _district(district_code) if district_code else own[0]
        if district.pk not in scope.division_ids:
            raise PermissionDenied(_("District %(code)s is outside your scope.") % {"code": district.code})
    else:
        raise PermissionDenied(_("The yearly report is for the city office and the district offices."))
    return _within(day, district, Organization.objects.restrict(user), Hub.objects.restrict(user))


def _within(day: datetime.date, district: Division | None, organizations: QuerySet[Organization],
            hubs: QuerySet[Hub]) -> Area:
    if district is not None:
        area = division_subtree({district.pk})
        organizations = organizations.filter(registering_division_id__in=area)
        hubs = hubs.filter(division_id__in=area)
    return Area(day, district, organizations, hubs)


def _district(code: str) -> Division:
    district = Division.objects.filter(code=code, level=Level.DISTRICT).first()
    if district is None:
        raise PermissionDenied(_("%(code)s is not a district code.") % {"code": code})
    return district
