
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from shuniu.accounts.permissions import scope_of
from shuniu.registry.models import Organization, OrgType

from . import figures
from .cache import cached_or_last, refreshed
from .report import build
from .report.formats import CONTENT_TYPES, WRITERS
from .tasks import refresh_dashboard


@login_required
def dashboard(request):
    """The office's dashboard: headline figures, charts by type, district, field and year, and the map.

    The office's scope is everything, so the figures do not depend on who asks. After a change they
    are the last ones computed, marked as such, until a worker has the new ones (cache.cached_or_last).
    """
    if not scope_of(request.user).everything:
        raise PermissionDenied(_("Only the city office sees the whole city's figures."))
    day = figures.today()
    shown, current = cached_or_last("dashboard", lambda: _dashboard(day), refresh_dashboard.enqueue, day)
    return render(request, "analytics/dashboard.html", {**shown, "current": current})


def warm_dashboard() -> None:
    """Compute today's dashboard figures into the cache: after a bulk load, or when a worker refreshes them.

    With a shared cache backend every web worker then finds them ready.
    """
    day = figures.today()
    refreshed("dashboard", lambda: _dashboard(day), day)


def _dashboard(day) -> dict:
    base = Organization.objects.all()
    summary = figures.summary(day)
    districts = figures.districts(day, base)
    return {
        "summary": summary,
        "districts": districts,
        "city_hubs": figures.city_hubs(day),
        "charts": {
            "by_type": [{"name": label, "value": summary["by_type"].get(key, summary["filed_by_type"].get(key, 0))}
                        for key, label in _type_labels()],
            "districts": [{"code": d["code"], "name": d["name"], "registered": d["registered"],
                           "filed": d["filed"], "density": d["density_per_10k_residents"],
                           "coverage": d["hub_coverage"]} for d in districts],
            "fields": figures.by_field(day, base),
            "years": figures.by_year(base),
        },
    }


def _type_labels():
    return [(t.value, str(t.label)) for t in OrgType if t != OrgType.PEOPLE_ORG]


@login_required
def yearly_report(request):
    """The yearly report as a download: the city for the office, its own district for a district office."""
    try:
        year, fmt, district = _report_request(request.GET)
    except ValueError as exc:  # a hand-made link: the page says which parameter and why, with the way back
        return render(request, "400.html", {"reason": exc, "back": reverse("home")}, status=400)
    code, data = build.yearly_report_file(request.user, year, fmt, district)  # PermissionDenied → 403
    name = _("yearly report %(year)s %(code)s") % {"year": year, "code": code}
    return HttpResponse(data, content_type=CONTENT_TYPES[fmt],
                        headers={"Content-Disposition": content_disposition_header(True, f"{name}.{fmt}")})


def _report_request(params) -> tuple[int, str, str | None]:
    """(year, format, district code) from the query string; ValueError naming the field, the value and why."""
    raw_year, fmt, district = params.get("year", ""), params.get("format", "pdf"), params.get("district") or None
    if not raw_year.isdigit() or not 1949 <= int(raw_year) <= figures.today().year:
        raise ValueError(_("year: %(value)r is not a year between 1949 and %(last)s.")
                         % {"value": raw_year, "last": figures.today().year})
    if fmt not in WRITERS:
        raise ValueError(_("format: %(value)r is not one of pdf, xlsx.") % {"value": fmt})
    if district is not None and not (district.isdigit() and len(district) == 6):
        raise ValueError(_("district: %(value)r is not a six-digit district code.") % {"value": district})
    return int(raw_year), fmt, district
