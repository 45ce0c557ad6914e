"""等级评估 (grading): a score out of 1000 gives 1A–5A, valid five years."""
from __future__ import annotations

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from shuniu.accounts.models import Role
from shuniu.accounts.querysets import RestrictedQuerySet
from shuniu.audit.history import audited
from shuniu.audit.versioning import Versioned
from shuniu.registry.models import Organization

from ..workflow import SYSTEM, Step, StepRecord, Workflow

VALID_YEARS = 5
# The lowest score of each grade (facts.md: 5A > 950, 4A 901–950, 3A 851–900, 2A 801–850, 1A 751–800).
THRESHOLDS = [(951, "5A"), (901, "4A"), (851, "3A"), (801, "2A"), (751, "1A")]


def grade_for(score: int) -> str:
    """The grade a score earns; "" below 751 (no grade)."""
    return next((grade for lowest, grade in THRESHOLDS if score >= lowest), "")


class GradingState(models.TextChoices):
    APPLIED = "applied", _("Applied")
    GRADED = "graded", _("Graded")
    NOT_GRADED = "not_graded", _("Scored below a grade")
    REFUSED = "refused", _("Refused")


AUTH = frozenset({Role.AUTHORITY})
GRADING = Workflow(_("Grading"), dict(GradingState.choices), [
    Step(GradingState.APPLIED, GradingState.GRADED, AUTH),
    Step(GradingState.APPLIED, GradingState.NOT_GRADED, AUTH),
    Step(GradingState.APPLIED, GradingState.REFUSED, AUTH | {SYSTEM}, needs_reason=True),
])


class Grading(Versioned, models.Model):
    organization = models.ForeignKey(Organization, models.PROTECT, related_name="gradings",
                                     verbose_name=_("organisation"))
    state = models.CharField(_("state"), max_length=12, choices=GradingState.choices, default=GradingState.APPLIED)
    applied_on = models.DateField(_("applied on"))
    score = models.PositiveSmallIntegerField(_("score (of 1000)"), null=True, blank=True)
    grade = models.CharField(_("grade"), max_length=2, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    refusal_reason = models.TextField(_("reason for refusal"), blank=True)

    history = audited()
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-applied_on", "organization"]
        verbose_name = _("grading")
        verbose_name_plural = _("gradings")
        constraints = [
            models.CheckConstraint(condition=models.Q(score__isnull=True) | models.Q(score__lte=1000),
                                   name="grading_score_at_most_1000",
                                   violation_error_message=_("A score is out of 1000.")),
            models.UniqueConstraint(fields=["organization"], condition=models.Q(state="applied"),
                                    name="grading_one_open_application",
                                    violation_error_message=_("The organisation already has an open application.")),
        ]

    def __str__(self) -> str:
        return f"{self.organization} · {self.grade or self.get_state_display()}"

    def valid_on(self, day: datetime.date) -> bool:
        return self.state == GradingState.GRADED and self.decided_on <= day <= self.valid_until


class GradingStep(StepRecord):
    WORKFLOW = GRADING
    grading = models.ForeignKey(Grading, models.CASCADE, related_name="steps", verbose_name=_("grading"))

    objects = RestrictedQuerySet.as_manager()

    class Meta(StepRecord.Meta):
        verbose_name = _("grading step")
        verbose_name_plural = _("grading steps")
