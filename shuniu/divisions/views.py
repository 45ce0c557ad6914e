"""The district page: the district office's own figures, and the office's view of one district."""
import datetime

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from shuniu.accounts.permissions import covers_division, division_subtree, scope_of
from shuniu.analytics import figures
from shuniu.analytics.cache import cached, scope_key
from shuniu.hubs.models import Hub
from shuniu.registry.models import Organization, OrgType

from .models import Division, Level


@login_required
def district_detail(request, code: str):
    district = get_object_or_404(Division.objects.select_related("parent"), code=code, level=Level.DISTRICT)
    if not covers_division(request.user, district):
        raise Http404
    day = figures.today()
    area = division_subtree({district.pk})
    numbers = cached("district", lambda: _figures(request.user, district, area, day),
                     district.code, scope_key(scope_of(request.user)), day)
    return render(request, "divisions/district_detail.html", {
        "district": district,
        **numbers,
        "hubs": Hub.objects.restrict(request.user).filter(division_id__in=area)
                           .select_related("parent", "division").order_by("level", "slug"),
    })


def _figures(user, district, area, day) -> dict:
    base = Organization.objects.restrict(user).filter(registering_division_id__in=area)
    return {
        "row": next((r for r in figures.districts(day, base) if r["code"] == district.resolve().code), None),
        "by_type": _by_type(day, base),
        "fields": figures.by_field(day, base)[:12],
        "orphans": figures.without_supervisor_or_hub(day).filter(pk__in=base.values("pk")).count(),
    }


def _by_type(day: datetime.date, base) -> list[dict]:
    rows = figures.organizations(day, base).values("org_type").annotate(n=Count("pk")).order_by("-n")
    return [{"label": OrgType(r["org_type"]).label, "count": r["n"]} for r in rows]
