"""政府购买服务: calls for projects, the projects and their delivery reports."""
from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from shuniu.accounts.querysets import RestrictedQuerySet
from shuniu.audit.history import audited
from shuniu.audit.versioning import Versioned
from shuniu.hubs.models import Hub
from shuniu.registry.models import Organization

from .steps import Workflow

YUAN = {"max_digits": 14, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}


class Category(models.TextChoices):
    """The five categories of Beijing's 社会建设专项资金 (facts.md)."""

    PUBLIC = "public", _("Social public services (社会公共服务)")
    WELFARE = "welfare", _("Social welfare services (社会公益服务)")
    COMMUNITY = "community", _("Community convenience services (社区便民服务)")
    GOVERNANCE = "governance", _("Social governance services (社会治理服务)")
    CONSULTING = "consulting", _("Decision consulting (决策咨询)")


class ServiceCall(Versioned, models.Model):
    """A call for projects: the year's budget and the deadline for applications."""

    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=120)
    budget = models.DecimalField(_("budget (yuan)"), **YUAN)
    opens = models.DateField(_("opens"))
    deadline = models.DateField(_("application deadline"))

    history = audited()
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("call for service projects")
        verbose_name_plural = _("calls for service projects")
        constraints = [models.CheckConstraint(condition=models.Q(deadline__gte=models.F("opens")),
                                              name="servicecall_deadline_after_opening",
                                              violation_error_message=_("The deadline comes before the opening."))]

    def __str__(self) -> str:
        return self.title


class ServiceProject(Workflow):
    """One project: applied → consented → reviewed → published → implementing → evaluated → closed."""

    call = models.ForeignKey(ServiceCall, models.PROTECT, related_name="projects", verbose_name=_("call"))
    organization = models.ForeignKey(Organization, models.PROTECT, related_name="service_projects",
                                     verbose_name=_("organisation"))
    responsible_hub = models.ForeignKey(Hub, models.PROTECT, related_name="service_projects",
                                        verbose_name=_("responsible hub (主责单位)"))
    title = models.CharField(_("title"), max_length=160)
    category = models.CharField(_("category"), max_length=12, choices=Category.choices)
    summary = models.TextField(_("summary"))
    requested_amount = models.DecimalField(_("amount requested (yuan)"), **YUAN)
    approved_amount = models.DecimalField(_("amount approved (yuan)"), null=True, blank=True, **YUAN)
    planned_beneficiaries = models.PositiveIntegerField(_("beneficiaries planned"))
    starts = models.DateField(_("starts"))
    ends = models.DateField(_("ends"))
    review_score = models.DecimalField(_("review score"), max_digits=5, decimal_places=2, null=True, blank=True,
                                       validators=[MinValueValidator(0), MaxValueValidator(100)])
    review_note = models.TextField(_("review note"), blank=True)
    evaluation_score = models.DecimalField(_("evaluation score"), max_digits=5, decimal_places=2, null=True,
                                           blank=True, validators=[MinValueValidator(0), MaxValueValidator(100)])
    evaluation_note = models.TextField(_("evaluation note"), blank=True)
    closure_note = models.TextField(_("closure note"), blank=True)

    history = audited()
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-call__year", "title", "pk"]
        verbose_name = _("service project")
        verbose_name_plural = _("service projects")
        constraints = [models.CheckConstraint(condition=models.Q(ends__gte=models.F("starts")),
                                              name="serviceproject_ends_after_start",
                                              violation_error_message=_("The project ends before it starts."))]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if self.approved_amount is not None and self.approved_amount > self.requested_amount:
            raise ValidationError({"approved_amount": _("%(a)s yuan approved is more than the %(r)s requested.")
                                   % {"a": self.approved_amount, "r": self.requested_amount}})

    @property
    def beneficiaries_served(self) -> int:
        return sum(r.beneficiaries for r in self.reports.all() if r.submitted_on)

    @property
    def funds_spent(self) -> Decimal:
        return sum((r.funds_spent for r in self.reports.all() if r.submitted_on), Decimal("0"))


class ProjectReport(models.Model):
    """A delivery report the organisation owes: interim at mid-term, final at the end."""

    class Kind(models.TextChoices):
        INTERIM = "interim", _("Interim report")
        FINAL = "final", _("Final report")

    project = models.ForeignKey(ServiceProject, models.PROTECT, related_name="reports", verbose_name=_("project"))
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    due = models.DateField(_("due"))
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    text = models.TextField(_("report"), blank=True)
    beneficiaries = models.PositiveIntegerField(_("beneficiaries served"), default=0)
    funds_spent = models.DecimalField(_("funds spent (yuan)"), default=Decimal("0"), **YUAN)

    history = audited()
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["project", "due", "pk"]
        verbose_name = _("project report")
        verbose_name_plural = _("project reports")
        constraints = [models.UniqueConstraint(fields=["project", "kind"], name="projectreport_one_per_kind")]

    def __str__(self) -> str:
        return f"{self.project} · {self.get_kind_display()}"
