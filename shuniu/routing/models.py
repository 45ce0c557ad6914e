"""The office's decision on a routing proposal: linked as proposed, linked elsewhere, or no hub fits."""
from django.db import models
from django.utils.translation import gettext_lazy as _

from shuniu.accounts.querysets import RestrictedQuerySet
from shuniu.audit.history import audited


class RoutingReview(models.Model):
    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", _("Linked as proposed")
        OVERRIDDEN = "overridden", _("Linked to another hub")
        NONE = "none", _("No hub's field fits")

    organization = models.OneToOneField("registry.Organization", models.CASCADE, related_name="routing_review",
                                        verbose_name=_("organisation"))
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices)
    proposed = models.CharField(_("proposed hub"), max_length=80)
    score = models.FloatField(_("score"))
    hub = models.ForeignKey("hubs.Hub", models.PROTECT, null=True, blank=True, related_name="+",
                            verbose_name=_("hub"))
    reasons = models.TextField(_("reasons"), blank=True)
    decided_on = models.DateField(_("decided on"), auto_now_add=True)

    history = audited()
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("routing review")
        verbose_name_plural = _("routing reviews")

    def __str__(self) -> str:
        return f"{self.organization} · {self.get_outcome_display()}"
