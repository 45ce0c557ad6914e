"""Oversight figures of a year over any set of organisations (the yearly report's 监督管理 section).

Plain functions over a queryset of organisations, so a caller passes what its user may see
(the city, a district): the annual inspection's conclusions reached in the year, credit-list
entries made and lifted in the year (and still listed at its end), gradings decided in the
year and valid at its end, by grade.
"""
from __future__ import annotations

import datetime

from django.db.models import Count, Q, QuerySet

from shuniu.registry.models import Organization

from .models import AnnualReport, Conclusion, CreditListEntry, Grading, GradingState, ListKind
from .models.grading import THRESHOLDS


def _year(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def inspection(organizations: QuerySet[Organization], year: int) -> dict:
    """Conclusions of the annual inspection reached in `year` (on the reports of the year before, mostly)."""
    first, last = _year(year)
    reports = AnnualReport.objects.filter(organization__in=organizations.values("pk"),
                                          concluded_on__gte=first, concluded_on__lte=last).exclude(conclusion="")
    counts = dict(reports.values_list("conclusion").annotate(n=Count("pk")).values_list("conclusion", "n"))
    by_conclusion = {c.value: counts.get(c.value, 0) for c in Conclusion}
    total = sum(by_conclusion.values())
    years = sorted(set(reports.values_list("year", flat=True)))
    return {"concluded": total, "by_conclusion": by_conclusion, "years_reported_on": years,
            "pass_rate": round(by_conclusion[Conclusion.PASSED] / total, 3) if total else None}


def credit_lists(organizations: QuerySet[Organization], year: int) -> dict:
    """Per list: entries made in `year`, entries lifted in `year`, entries standing on 31 December."""
    first, last = _year(year)
    entries = CreditListEntry.objects.filter(organization__in=organizations.values("pk"))
    counts = entries.values("list_kind").annotate(
        entered=Count("pk", filter=Q(entered_on__gte=first, entered_on__lte=last)),
        left=Count("pk", filter=Q(left_on__gte=first, left_on__lte=last)),
        listed=Count("pk", filter=Q(entered_on__lte=last) & (Q(left_on__isnull=True) | Q(left_on__gt=last))))
    found = {row["list_kind"]: row for row in counts}
    return {kind.value: {k: found.get(kind.value, {}).get(k, 0) for k in ("entered", "left", "listed")}
            for kind in ListKind}


def gradings(organizations: QuerySet[Organization], year: int) -> dict:
    """Per grade (5A…1A): gradings decided in `year`, and grades valid on 31 December."""
    first, last = _year(year)
    graded = Grading.objects.filter(organization__in=organizations.values("pk"), state=GradingState.GRADED,
                                    decided_on__lte=last)
    counts = graded.values("grade").annotate(
        decided=Count("pk", filter=Q(decided_on__gte=first)),
        valid=Count("pk", filter=Q(valid_until__isnull=True) | Q(valid_until__gte=last)))  # as Grading.valid_on
    found = {row["grade"]: row for row in counts}
    return {grade: {k: found.get(grade, {}).get(k, 0) for k in ("decided", "valid")} for _, grade in THRESHOLDS}
