"""Build the yearly report for a user: the area from their scope, each section from the figures."""
from __future__ import annotations

import io
from dataclasses import replace

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from shuniu.accounts.permissions import scope_of
from shuniu.analytics.cache import cached, scope_key

from . import sections
from .area import Area, area_for
from .model import Report


def yearly_report(user, year: int, district_code: str | None = None) -> Report:
    """The report of `year` (figures as of 31 December) for what `user` may see; PermissionDenied otherwise."""
    area = area_for(user, year, district_code)
    scope = "operator" if user is None else scope_key(scope_of(user))
    report = cached("yearly-report", lambda: build(area), area.key, scope, year, get_language())
    return replace(report, generated_on=timezone.localdate().isoformat())  # the cached figures, today's date


def yearly_report_file(user, year: int, fmt: str, district_code: str | None = None) -> tuple[str, bytes]:
    """(division code, file) of the report in `fmt`, rendered once per data version and day.

    Laying out the PDF takes seconds; the same office asking twice gets the same bytes.
    """
    from .formats import WRITERS

    area = area_for(user, year, district_code)
    scope = "operator" if user is None else scope_key(scope_of(user))

    def render() -> bytes:
        buffer = io.BytesIO()
        WRITERS[fmt](yearly_report(user, year, district_code), buffer)
        return buffer.getvalue()

    today = timezone.localdate().isoformat()  # the file prints the day it was produced
    return area.key, cached("yearly-report-file", render, area.key, scope, year, fmt, get_language(), today)


def build(area: Area) -> Report:
    built = [builder(area) for builder in sections.SECTIONS]
    return Report(
        title=_("Yearly report of the hub-type social-organisation working system"),
        area=area.name,
        code=area.key,
        year=area.day.year,
        as_of=area.day.isoformat(),
        generated_on=timezone.localdate().isoformat(),
        sections=[s for s in built if s is not None],
    )
