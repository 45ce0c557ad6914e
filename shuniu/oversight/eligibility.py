"""Who may apply for a service project: one function, with a seam for the checks other apps own.

facts.md: passed the last annual inspection, no penalty (credit list) in two years,
the responsible hub consents, at most two projects per organisation a year. The
checks this module can make from its own records are built in; the annual
inspection and the credit lists belong to the annual-report and credit-list
workflows, which add their checks with `register_check` (until they do, those
checks are listed by `pending_checks()` and the page says so).
"""
from __future__ import annotations

import datetime
from collections.abc import Callable

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
