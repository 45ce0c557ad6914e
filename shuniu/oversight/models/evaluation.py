"""考核: the office's indicator system and the yearly scores computed from records."""
from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from shuniu.accounts.querysets import RestrictedQuerySet
from shuniu.audit.history import audited
from shuniu.audit.versioning import Versioned
from shuniu.hubs.models import Hub
from shuniu.jobs import BackgroundJob, ProgressFile


class Indicator(Versioned, models.Model):
    """One line of the indicator system: what is measured (a named source), its target and weight.

    Indicators are data the office edits; a stored HubEvaluation copies the
    indicator's name, weight and target, so editing them later never changes a
    past year's score.
    """

    name = models.CharField(_("name"), max_length=80)
    source = models.CharField(_("data source"), max_length=40,
                              help_text=_("A named computation registered by an app (oversight/sources.py)."))
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2,
                                 validators=[MinValueValidator(Decimal("0.01"))])
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=3,
                                 validators=[MinValueValidator(Decimal("0.001"))],
                                 help_text=_("The value that earns the full weight; less earns in proportion."))
    active = models.BooleanField(_("active"), default=True)

    history = audited()
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-active", "name"]
        verbose_name = _("evaluation indicator")
        verbose_name_plural = _("evaluation indicators")
        constraints = [models.UniqueConstraint(fields=["name"], name="indicator_unique_name")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from ..sources import SOURCES

        super().clean()
        if self.source and self.source not in SOURCES:
            raise ValidationError({"source": _("Unknown data source %(s)s; choose one of: %(known)s.")
                                   % {"s": self.source, "known": ", ".join(sorted(SOURCES))}})


class HubEvaluation(models.Model):
    """A hub's score for one year, with the per-indicator breakdown it was computed from."""

    hub = models.ForeignKey(Hub, models.PROTECT, related_name="evaluations", verbose_name=_("hub"))
    year = models.PositiveSmallIntegerField(_("year"))
    score = models.DecimalField(_("total score"), max_digits=7, decimal_places=2)
    max_score = models.DecimalField(_("maximum score"), max_digits=7, decimal_places=2)
    computed_on = models.DateField(_("computed on"))
    pending = models.TextField(_("sources not yet available"), blank=True,
                               help_text=_("Indicators whose source is not yet computable were left out."))

    history = audited()
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["year", "-score", "hub"]
        verbose_name = _("hub evaluation")
        verbose_name_plural = _("hub evaluations")
        constraints = [models.UniqueConstraint(fields=["hub", "year"], name="hubevaluation_one_per_year")]

    def __str__(self) -> str:
        return f"{self.hub} {self.year}: {self.score}"


class EvaluationLine(models.Model):
    evaluation = models.ForeignKey(HubEvaluation, models.CASCADE, related_name="lines",
                                   verbose_name=_("evaluation"))
    indicator = models.CharField(_("indicator"), max_length=80)
    source = models.CharField(_("data source"), max_length=40)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2)
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=3)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=4, null=True, blank=True)
    points = models.DecimalField(_("points"), max_digits=7, decimal_places=2)

    history = audited()
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["evaluation", "pk"]
        verbose_name = _("evaluation line")
        verbose_name_plural = _("evaluation lines")

    def __str__(self) -> str:
        return f"{self.indicator}: {self.points}"


def progress_file(job_id: int) -> ProgressFile:
    return ProgressFile("evaluations", job_id)


class EvaluationJob(BackgroundJob):
    """The office's "compute the scores" for a year, run by the worker (shuniu/jobs.py) and not in the request:
    at 100,000 organisations scoring Beijing's 22 city hubs took about 3 s (bench/evaluation.py), and the
    time grows with the organisations and the hubs. Not audited: the scores it writes are."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed (see the error)")

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                   verbose_name=_("asked by"))  # "created by" reads 导入人, the importer's word
    year = models.PositiveSmallIntegerField(_("year"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    hubs_total = models.PositiveIntegerField(_("hubs to score"), null=True, blank=True)
    hubs_scored = models.PositiveIntegerField(_("hubs scored"), default=0)

    FINISHED_STATES = (State.DONE, State.FAILED)
    OPEN_STATES = (State.QUEUED, State.RUNNING)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("evaluation job")
        verbose_name_plural = _("evaluation jobs")
        # Two runs of one year would replace each other's scores; the database keeps a second from starting.
        constraints = [models.UniqueConstraint(fields=["year"], condition=models.Q(state__in=["queued", "running"]),
                                               name="evaluationjob_one_open_per_year")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.year}"

    @cached_property
    def live(self) -> dict[str, int | None]:
        """Hubs scored and to score: from the worker's progress file while running, else as stored."""
        return self.live_counts(progress_file(self.pk), hubs_scored=self.hubs_scored, hubs_total=self.hubs_total)
