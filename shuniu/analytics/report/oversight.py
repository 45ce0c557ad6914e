"""The report's 监督管理 section: the year's annual inspection, credit lists and gradings.

Figures from shuniu.oversight.figures over the Area's restricted organisations; the oversight
app registers the builder with `sections.add_section` when it loads.
"""
from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .area import Area
from .model import INT, PCT, Chart, Column, Section, Series, Value
from .sections import _pct


def oversight(area: Area) -> Section:
    from shuniu.oversight import figures

    year = area.day.year
    inspection = figures.inspection(area.organizations, year)
    lists = figures.credit_lists(area.organizations, year)
    grades = figures.gradings(area.organizations, year)
    conclusions = _conclusions()
    reported_on = "、".join(str(y) for y in inspection["years_reported_on"]) or "—"
    rows = [
        [_("Annual inspections concluded in %(year)s (reports on %(years)s)") % {"year": year, "years": reported_on},
         Value(inspection["concluded"], INT), _reports()],
        *[["　" + label, Value(inspection["by_conclusion"][key], INT), _reports()] for key, label in conclusions],
        [_("Pass rate (passed of concluded)"), Value(inspection["pass_rate"], PCT), ""],
    ]
    for kind, label in _lists():
        rows += [
            [label + _(": listed in the year"), Value(lists[kind]["entered"], INT), _orgs()],
            [label + _(": removed in the year"), Value(lists[kind]["left"], INT), _orgs()],
            [label + _(": on the list on 31 December"), Value(lists[kind]["listed"], INT), _orgs()],
        ]
    rows += [[_("Graded %(grade)s in the year (valid on 31 December: %(valid)s)") % {
        "grade": grade, "valid": f"{n['valid']:,}"}, Value(n["decided"], INT), _orgs()] for grade, n in grades.items()]
    text = _("In %(year)s the annual inspection concluded on %(n)s reports: %(passed)s passed, %(basic)s basically "
             "passed, %(failed)s failed (pass rate %(rate)s). %(abnormal_in)s organisations were put on the "
             "abnormal activity list and %(abnormal_out)s removed; %(serious_in)s were put on the serious "
             "violation list. %(graded)s organisations were graded in the year; %(valid)s hold a valid grade "
             "on 31 December.") % {
        "year": year, "n": f"{inspection['concluded']:,}", "passed": f"{inspection['by_conclusion']['passed']:,}",
        "basic": f"{inspection['by_conclusion']['basic']:,}", "failed": f"{inspection['by_conclusion']['failed']:,}",
        "rate": _pct(inspection["pass_rate"]), "abnormal_in": f"{lists['abnormal']['entered']:,}",
        "abnormal_out": f"{lists['abnormal']['left']:,}", "serious_in": f"{lists['serious']['entered']:,}",
        "graded": f"{sum(n['decided'] for n in grades.values()):,}",
        "valid": f"{sum(n['valid'] for n in grades.values()):,}"}
    charts = []
    if inspection["concluded"]:
        charts.append(Chart("pie", _("Annual inspection conclusions"), [label for _key, label in conclusions],
              [Series(_("Reports"), [inspection["by_conclusion"][key] for key, _label in conclusions])]))
    if any(n["decided"] or n["valid"] for n in grades.values()):
        charts.append(Chart("bar", _("Gradings by grade"), list(grades),
                            [Series(_("Graded in the year"), [n["decided"] for n in grades.values()]),
                             Series(_("Valid on 31 December"), [n["valid"] for n in grades.values()])]))
    notes = [_("Inspections count the conclusions reached in the year, whatever year the report was on. Credit "
               "lists count entries by the date they were made or lifted. Grades are valid five years from the "
               "decision.")]
    columns = [Column(_("Indicator")), Column(_("Value")), Column(_("Unit"))]
    return Section("oversight", _("Oversight"), columns, rows, text, charts, notes)


def _conclusions() -> list[tuple[str, str]]:
    return [("passed", _("Passed")), ("basic", _("Basically passed")), ("failed", _("Failed"))]


def _lists() -> list[tuple[str, str]]:
    return [("abnormal", _("Abnormal activity list")), ("serious", _("Serious violation list"))]


def _reports() -> str:
    return pgettext("unit", "reports")


def _orgs() -> str:
    return pgettext("unit", "organisations")
