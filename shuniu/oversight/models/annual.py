"""年度工作报告 (annual report / inspection): filed → hub pre-review → authority conclusion."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from shuniu.accounts.models import Role
from shuniu.accounts.querysets import RestrictedQuerySet
from shuniu.audit.history import audited
from shuniu.audit.versioning import Versioned
from shuniu.hubs.models import Hub
from shuniu.registry.models import Organization

from ..workflow import Step, StepRecord, Workflow


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    FILED = "filed", _("Filed, awaiting pre-review")
    RETURNED = "returned", _("Returned by the hub")
    PRE_REVIEWED = "pre_reviewed", _("Pre-reviewed, awaiting conclusion")
    CONCLUDED = "concluded", _("Concluded")


class Conclusion(models.TextChoices):
    PASSED = "passed", _("Passed (合格)")
    BASIC = "basic", _("Basically passed (基本合格)")
    FAILED = "failed", _("Failed (不合格)")


# Filing goes to the supervising hub, or straight to the authority when no hub supervises
# (registered directly, or supervised by a department outside this system): the service
# picks the target, the table says who may take each step.
ORG, HUB, AUTH = frozenset({Role.ORGANIZATION}), frozenset({Role.HUB}), frozenset({Role.AUTHORITY})
ANNUAL_REPORT = Workflow(_("Annual report"), dict(ReportState.choices), [
    Step(ReportState.DRAFT, ReportState.FILED, ORG),
    Step(ReportState.DRAFT, ReportState.PRE_REVIEWED, ORG),        # no hub: filed straight to the authority
    Step(ReportState.RETURNED, ReportState.FILED, ORG),
    Step(ReportState.FILED, ReportState.RETURNED, HUB, needs_reason=True),
    Step(ReportState.FILED, ReportState.PRE_REVIEWED, HUB),
    Step(ReportState.PRE_REVIEWED, ReportState.CONCLUDED, AUTH),
])


class AnnualReport(Versioned, models.Model):
    """One organisation's report on one year (年度), and the inspection's conclusion on it."""

    organization = models.ForeignKey(Organization, models.PROTECT, related_name="annual_reports",
                                     verbose_name=_("organisation"))
    year = models.PositiveSmallIntegerField(_("year reported on"))
    state = models.CharField(_("state"), max_length=14, choices=ReportState.choices, default=ReportState.DRAFT)
    hub = models.ForeignKey(Hub, models.PROTECT, null=True, blank=True, related_name="annual_reports",
                            verbose_name=_("pre-reviewing hub"),
                            help_text=_("The supervising hub when the report was filed; none: no hub step."))
    work_report = models.TextField(_("work report"), blank=True)
    income = models.DecimalField(_("income (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True)
    expenditure = models.DecimalField(_("expenditure (yuan)"), max_digits=14, decimal_places=2, null=True,
                                      blank=True)
    net_assets = models.DecimalField(_("net assets (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True)
    party_building = models.TextField(_("party-building report"), blank=True)
    filed_on = models.DateField(_("filed on"), null=True, blank=True, db_index=True)
    conclusion = models.CharField(_("conclusion"), max_length=8, choices=Conclusion.choices, blank=True)
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True)

    history = audited()
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "organization"]
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="annual_report_one_per_year",
                                    violation_error_message=_("This organisation already has a report for "
                                                              "this year.")),
            models.CheckConstraint(
                condition=models.Q(state="concluded", conclusion__in=["passed", "basic", "failed"])
                | (~models.Q(state="concluded") & models.Q(conclusion="")),
                name="annual_report_conclusion_iff_concluded",
                violation_error_message=_("A concluded report has a conclusion, and only a concluded one.")),
        ]
        indexes = [models.Index(fields=["year", "state"], name="annual_report_year_state")]

    def __str__(self) -> str:
        return f"{self.organization} · {self.year}"

    def clean(self) -> None:
        super().clean()
        founded = self.organization.founded if self.organization_id else None
        if founded and self.year and self.year < founded.year:
            raise ValidationError({"year": _("%(org)s was founded in %(founded)s; it has no report for %(year)s.")
                                   % {"org": self.organization, "founded": founded.year, "year": self.year}})

    @property
    def skips_hub(self) -> bool:
        return self.hub_id is None


class AnnualReportStep(StepRecord):
    WORKFLOW = ANNUAL_REPORT
    report = models.ForeignKey(AnnualReport, models.CASCADE, related_name="steps", verbose_name=_("report"))

    objects = RestrictedQuerySet.as_manager()

    class Meta(StepRecord.Meta):
        verbose_name = _("annual report step")
        verbose_name_plural = _("annual report steps")
