"""Inbox providers for annual reports and grading (see inbox.py).

Each role sees the steps waiting on it; the level above sees overdue steps of
those below it, counted per hub (a parent hub, the district office for its
district's hubs, the office for everyone) rather than one line per report.
"""
from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import Max, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from shuniu.accounts.models import Role
from shuniu.accounts.permissions import restrict, scope_of
from shuniu.registry.models import REGISTERED_TYPES, Organization

from .. import deadlines
from ..inbox import Task, register
from ..models import AnnualReport, Grading, GradingState, ReportState


def open_years(today: datetime.date) -> list[int]:
    """The report years an organisation may still be asked about on `today`: last year's once filing opens,
    and the year before if it was never filed."""
    first = deadlines.setting("FIRST_REPORT_YEAR")
    return [y for y in (today.year - 2, today.year - 1) if y >= first and deadlines.report_opens(y) <= today]


@register
def annual_report_tasks(user, today: datetime.date):
    scope = scope_of(user)
    if scope.is_public:
        return []
    tasks = []
    if Role.ORGANIZATION in scope.roles:
        tasks += _filing(scope.organization_ids, today)
    if Role.HUB in scope.roles:
        tasks += _pre_reviews(user, scope, today)
    if Role.AUTHORITY in scope.roles:
        tasks += _conclusions(restrict(AnnualReport.objects.all(), user), today, mine=True)
    if scope.everything or Role.DISTRICT in scope.roles:
        tasks += _overdue_above(user, scope, today)
    return tasks


def _filing(org_ids, today):
    orgs = Organization.objects.filter(pk__in=org_ids, org_type__in=REGISTERED_TYPES, status="active")
    done = set(AnnualReport.objects.filter(organization_id__in=org_ids).exclude(
        state__in=[ReportState.DRAFT, ReportState.RETURNED]).values_list("organization_id", "year"))
    for org in orgs:
        for year in open_years(today):
            if (org.founded is None or org.founded.year <= year) and (org.pk, year) not in done:
                yield Task("annual_report.file", _("%(org)s: file the annual report on %(year)s")
                           % {"org": org.name, "year": year}, reverse("annual-report-file", args=[org.pk, year]),
                           deadlines.report_due(year), org.name)


def _pre_review_due(report) -> datetime.date | None:
    return deadlines.days_after(report.filed_on, "PRE_REVIEW_DAYS")


def _pre_reviews(user, scope, today):
    own = {g.hub_id for g in scope.grants if g.role == Role.HUB}
    waiting = AnnualReport.objects.filter(state=ReportState.FILED, hub_id__in=scope.hub_ids).select_related(
        "organization", "hub")
    below = defaultdict(list)
    for report in waiting:
        due = _pre_review_due(report)
        if report.hub_id in own:
            yield Task("annual_report.pre_review", _("Pre-review the %(year)s report of %(org)s")
                       % {"year": report.year, "org": report.organization.name},
                       reverse("annual-report", args=[report.pk]), due, report.hub.short_name)
        elif due < today:
            below[report.hub].append(due)
    yield from _per_hub(below)


def _per_hub(overdue: dict) -> list[Task]:
    return [Task("annual_report.pre_review.overdue",
                 _("%(hub)s: %(n)d annual reports past the pre-review deadline") % {"hub": hub.short_name,
                                                                                    "n": len(dues)},
                 reverse("annual-reports") + f"?state=filed&hub={hub.slug}", min(dues), hub.short_name, mine=False)
            for hub, dues in overdue.items()]


def _conclusions(reports, today, *, mine: bool):
    waiting = (reports.filter(state=ReportState.PRE_REVIEWED).select_related("organization")
               .annotate(last_step=Max("steps__date")))
    overdue = []
    for report in waiting:
        due = deadlines.days_after(report.last_step or report.filed_on, "CONCLUSION_DAYS")
        if mine:
            yield Task("annual_report.conclude", _("Conclude the inspection of %(org)s (%(year)s)")
                       % {"org": report.organization.name, "year": report.year},
                       reverse("annual-report", args=[report.pk]), due, _("registration authority"))
        elif due and due < today:
            overdue.append(due)
    if overdue:
        yield Task("annual_report.conclude.overdue", _("%(n)d inspections past the conclusion deadline")
                   % {"n": len(overdue)}, reverse("annual-reports") + "?state=pre_reviewed", min(overdue),
                   _("registration authority"), mine=False)


def _overdue_above(user, scope, today):
    """The office sees every overdue pre-review and conclusion; a district office those of its district's hubs."""
    hubs = Q() if scope.everything else Q(hub__division_id__in=scope.division_ids)
    late = defaultdict(list)
    for report in AnnualReport.objects.filter(hubs, state=ReportState.FILED).select_related("hub"):
        due = _pre_review_due(report)
        if due < today:
            late[report.hub].append(due)
    yield from _per_hub(late)
    if scope.everything:
        yield from _conclusions(AnnualReport.objects.all(), today, mine=False)


@register
def grading_tasks(user, today: datetime.date):
    scope = scope_of(user)
    if Role.AUTHORITY not in scope.roles and not scope.everything:
        return []
    mine = Role.AUTHORITY in scope.roles
    tasks, overdue = [], []
    for grading in restrict(Grading.objects.filter(state=GradingState.APPLIED), user).select_related(
            "organization"):
        due = deadlines.days_after(grading.applied_on, "GRADING_DECISION_DAYS")
        if mine:
            tasks.append(Task("grading.decide", _("Decide the grading of %(org)s") % {"org": grading.organization.name},
                              reverse("grading", args=[grading.pk]), due, _("registration authority")))
        elif due < today:
            overdue.append(due)
    if overdue:
        tasks.append(Task("grading.decide.overdue", _("%(n)d grading applications past the decision deadline")
                          % {"n": len(overdue)}, reverse("gradings") + "?state=applied", min(overdue),
                          _("registration authority"), mine=False))
    return tasks
