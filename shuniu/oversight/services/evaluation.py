"""考核: score every recognised hub for a year from the indicators and the records."""
from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Q

from shuniu.audit.history import bulk_create_audited
from shuniu.hubs.models import Hub

from ..models import EvaluationLine, HubEvaluation, Indicator
from ..sources import SOURCES, year_end

CENT = Decimal("0.01")


def points(value: Decimal | None, target: Decimal, weight: Decimal) -> Decimal:
    """Full weight at or above the target, in proportion below it, nothing without a value."""
    if value is None or target <= 0:
        return Decimal("0.00")
    return (min(value / target, Decimal(1)) * weight).quantize(CENT, ROUND_HALF_UP)


def evaluable_hubs(year: int):
    """Hubs with a recognition standing at the end of the year."""
    day = year_end(year)
    return Hub.objects.filter(Q(recognitions__recognised_on__lte=day),
                              Q(recognitions__revoked_on__isnull=True) | Q(recognitions__revoked_on__gt=day)
                              ).distinct().prefetch_related("fields")


@transaction.atomic
def evaluate_year(year: int, *, on: datetime.date, hubs=None,
                  progress: Callable[[int, int], None] | None = None) -> list[HubEvaluation]:
    """Compute and store each hub's score for `year`, replacing an earlier computation of that year.

    An indicator whose source is pending is listed in `pending` and counts neither in
    the score nor in the maximum, so a score never includes a value no record supports.
    `progress(scored, total)` is called after each hub (the background job shows it).
    """
    indicators = list(Indicator.objects.filter(active=True).order_by("pk"))
    hubs = list(hubs if hubs is not None else evaluable_hubs(year))
    results = []
    for hub in hubs:
        lines, pending = [], []
        for indicator in indicators:
            source = SOURCES.get(indicator.source)
            if source is None or source.pending:
                pending.append(indicator.name)
                continue
            value = source.compute(hub, year)
            lines.append(EvaluationLine(indicator=indicator.name, source=indicator.source, weight=indicator.weight,
                                        target=indicator.target, value=value,
                                        points=points(value, indicator.target, indicator.weight)))
        evaluation, _ = HubEvaluation.objects.update_or_create(hub=hub, year=year, defaults={
            "score": sum((line.points for line in lines), Decimal("0.00")),
            "max_score": sum((line.weight for line in lines), Decimal("0.00")),
            "computed_on": on, "pending": "\n".join(pending)})
        evaluation.lines.all().delete()
        for line in lines:
            line.evaluation = evaluation
        bulk_create_audited(EvaluationLine, lines)
        results.append(evaluation)
        if progress is not None:
            progress(len(results), len(hubs))
    return results


def ranking(evaluations):
    """Evaluations with their rank (ties share one), best first, by share of the attainable score."""
    rows = sorted(evaluations, key=lambda e: (-(e.score / e.max_score if e.max_score else 0), e.hub.short_name))
    rank, previous = 0, None
    for index, evaluation in enumerate(rows, start=1):
        share = evaluation.score / evaluation.max_score if evaluation.max_score else Decimal(0)
        if share != previous:
            rank, previous = index, share
        evaluation.rank, evaluation.share = rank, share
    return rows
