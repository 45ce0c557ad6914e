"""信用名单 (民政部令第60号): 活动异常名录 and 严重违法失信名单, each entry with dated reasons in and out."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from shuniu.accounts.models import Role
from shuniu.accounts.querysets import RestrictedQuerySet
from shuniu.audit.history import audited
from shuniu.audit.versioning import Versioned
from shuniu.registry.models import Organization

from ..workflow import SYSTEM, Step, StepRecord, Workflow


class ListKind(models.TextChoices):
    ABNORMAL = "abnormal", _("Abnormal activity list (活动异常名录)")
    SERIOUS = "serious", _("Serious violation list (严重违法失信名单)")


class Cause(models.TextChoices):
    """Why an organisation is listed. The first three are applied (and lifted) by the rules."""

    REPORT_NOT_FILED = "report_not_filed", _("Annual report not filed by the deadline")
    NO_PARTY_ORGANIZATION = "no_party_org", _("No party organisation where one is due")
    TWO_YEARS_ABNORMAL = "two_years", _("Two years on the abnormal activity list")
    UNREACHABLE = "unreachable", _("Unreachable at its registered address")
    PENALTY = "penalty", _("Administrative penalty")
    REVOKED = "revoked", _("Registration revoked")
    OTHER = "other", _("Other (see the reason)")


RULE_CAUSES = {Cause.REPORT_NOT_FILED, Cause.NO_PARTY_ORGANIZATION, Cause.TWO_YEARS_ABNORMAL}


class EntryState(models.TextChoices):
    LISTED = "listed", _("Listed")
    LEFT = "left", _("Removed from the list")


BY_HAND = frozenset({Role.AUTHORITY})
CREDIT_LIST = Workflow(_("Credit list entry"), dict(EntryState.choices), [
    Step(EntryState.LISTED, EntryState.LEFT, BY_HAND | {SYSTEM}, needs_reason=True),
])


class CreditListEntry(Versioned, models.Model):
    organization = models.ForeignKey(Organization, models.PROTECT, related_name="credit_entries",
                                     verbose_name=_("organisation"))
    list_kind = models.CharField(_("list"), max_length=10, choices=ListKind.choices)
    cause = models.CharField(_("cause"), max_length=16, choices=Cause.choices)
    # What the rule was about (e.g. "2009" for the 2009 report), so a rule lists an organisation
    # once per cause and knows when that cause is cured. Empty for entries made by hand.
    cause_key = models.CharField(_("cause detail"), max_length=40, blank=True)
    by_rule = models.BooleanField(_("applied by the rules"), default=False)
    state = models.CharField(_("state"), max_length=8, choices=EntryState.choices, default=EntryState.LISTED)
    entered_on = models.DateField(_("listed on"), db_index=True)
    reason_in = models.TextField(_("reason for listing"))
    left_on = models.DateField(_("removed on"), null=True, blank=True)
    reason_out = models.TextField(_("reason for removal"), blank=True)
    decision_document = models.CharField(_("decision document"), max_length=80, blank=True)

    history = audited()
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-entered_on", "organization"]
        verbose_name = _("credit list entry")
        verbose_name_plural = _("credit list entries")
        constraints = [
            models.UniqueConstraint(fields=["organization", "list_kind", "cause", "cause_key"],
                                    condition=models.Q(state="listed"), name="credit_entry_one_open_per_cause",
                                    violation_error_message=_("The organisation is already on this list for "
                                                              "this cause.")),
            models.CheckConstraint(
                condition=models.Q(state="listed", left_on__isnull=True)
                | models.Q(state="left", left_on__isnull=False),
                name="credit_entry_left_iff_dated",
                violation_error_message=_("A removed entry has a removal date, and only a removed one.")),
            models.CheckConstraint(condition=models.Q(left_on__isnull=True) | models.Q(left_on__gte=models.F(
                "entered_on")), name="credit_entry_left_after_entered",
                violation_error_message=_("An entry cannot be removed before it was listed.")),
        ]
        indexes = [models.Index(fields=["list_kind", "state"], name="credit_entry_kind_state")]

    def __str__(self) -> str:
        return f"{self.organization} · {self.get_list_kind_display()} · {self.entered_on}"

    def clean(self) -> None:
        super().clean()
        if not (self.reason_in or "").strip():
            raise ValidationError({"reason_in": _("Say why the organisation is listed.")})


class CreditListStep(StepRecord):
    WORKFLOW = CREDIT_LIST
    entry = models.ForeignKey(CreditListEntry, models.CASCADE, related_name="steps", verbose_name=_("entry"))

    objects = RestrictedQuerySet.as_manager()

    class Meta(StepRecord.Meta):
        verbose_name = _("credit list step")
        verbose_name_plural = _("credit list steps")
