"""Who may apply for a service project: one function, with a seam for the checks other apps own.

facts.md: passed the last annual inspection, no penalty (credit list) in two years,
the responsible hub consents, at most two projects per organisation a year. The
checks this module can make from its own records are built in; the annual
inspection and the credit lists are read from the annual-report and credit-list
workflows' records (registered at the end with `register_check`; a check named in
EXPECTED but not registered would be listed by `pending_checks()` and the page says so).
"""
from __future__ import annotations

import datetime
from collections.abc import Callable

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shuniu.hubs.services import open_affiliation
from shuniu.registry.models import REGISTERED_TYPES, Organization, Status

Check = Callable[[Organization, datetime.date], str | None]  # a problem, or None
MAX_PROJECTS_A_YEAR = 2
LIVE_STATES = ("applied", "consented", "reviewed", "published", "implementing", "evaluated", "closed")

_checks: dict[str, Check] = {}
# Checks the rules call for whose records another workflow keeps; registered by that workflow.
EXPECTED = {"last_inspection_passed": gettext_lazy("passed the last annual inspection (年检)"),
            "not_credit_listed": gettext_lazy("not on a credit list, no penalty in two years")}


def register_check(name: str, check: Check) -> Check:
    _checks[name] = check
    return check


def pending_checks() -> list[str]:
    return [str(label) for name, label in EXPECTED.items() if name not in _checks]


def problems(org: Organization, *, year: int, on: datetime.date, hub=None, exclude_pk: int | None = None
             ) -> list[str]:
    """Every reason `org` may not apply for a project of `year` with `hub` responsible; empty: eligible."""
    found = []
    if org.org_type not in REGISTERED_TYPES or org.status != Status.ACTIVE:
        found.append(_("%(org)s is not a registered, active social organisation.") % {"org": org.name})
    from .models import ServiceProject

    others = ServiceProject.objects.filter(organization=org, call__year=year, state__in=LIVE_STATES)
    if exclude_pk:
        others = others.exclude(pk=exclude_pk)
    if others.count() >= MAX_PROJECTS_A_YEAR:
        found.append(_("%(org)s already has %(n)s projects in %(year)s; at most %(max)s a year.")
                     % {"org": org.name, "n": others.count(), "year": year, "max": MAX_PROJECTS_A_YEAR})
    if hub is not None:
        link = open_affiliation(org)
        if link is None or link.hub_id != hub.pk:
            found.append(_("%(hub)s is not the hub linking %(org)s, so it cannot be its responsible hub.")
                         % {"hub": hub, "org": org.name})
    for check in _checks.values():
        problem = check(org, on)
        if problem:
            found.append(problem)
    return found


# -- the checks read from the annual-report and credit-list workflows --------------------------------------
PENALTY_YEARS = 2  # facts.md: no penalty in two years


def last_inspection_passed(org: Organization, on: datetime.date) -> str | None:
    """The latest inspection concluded by `on` must be 合格. 基本合格 is not 合格; an organisation with no
    concluded inspection on record (too young to report, or from before the system) is not refused for it."""
    from .models import AnnualReport, Conclusion, ReportState

    last = (AnnualReport.objects.filter(organization=org, state=ReportState.CONCLUDED, concluded_on__lte=on)
            .order_by("-year").first())
    if last is None or last.conclusion == Conclusion.PASSED:
        return None
    return (_("%(org)s: the inspection of its %(year)s report concluded “%(conclusion)s” (%(on)s), not 合格.")
            % {"org": org.name, "year": last.year, "conclusion": last.get_conclusion_display(),
               "on": last.concluded_on})


def not_credit_listed(org: Organization, on: datetime.date) -> str | None:
    """On a credit list on `on` (either list), or on the serious violation list at any time in the two years
    before: the penalty the rule speaks of. An abnormal-list entry already lifted does not count."""
    from .models import CreditListEntry, ListKind

    since = _years_before(on, PENALTY_YEARS)
    entries = CreditListEntry.objects.filter(organization=org, entered_on__lte=on).filter(
        Q(left_on__isnull=True) | Q(left_on__gt=on) | Q(list_kind=ListKind.SERIOUS, left_on__gt=since))
    entry = entries.order_by("-entered_on").first()
    if entry is None:
        return None
    return (_("%(org)s: on the %(list)s from %(on)s (%(cause)s).")
            % {"org": org.name, "list": entry.get_list_kind_display(), "on": entry.entered_on,
               "cause": entry.get_cause_display()})


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


register_check("last_inspection_passed", last_inspection_passed)
register_check("not_credit_listed", not_credit_listed)
