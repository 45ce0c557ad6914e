"""移交 between hubs, and changes of an organisation's 业务主管单位."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from shuniu.accounts.querysets import RestrictedQuerySet
from shuniu.audit.history import audited
from shuniu.hubs.models import Affiliation, Hub
from shuniu.registry.models import Organization, SupervisoryUnit

from .steps import Workflow


class TransferRequest(Workflow):
    """A transfer of an organisation from one hub to another, with both hubs' consent.

    The side that asks has consented by asking; the other side consents (both, if
    the office asks). A supervision transfer changes the organisation's supervisory
    unit, which the registration authority confirms before it is executed.
    """

    class Side(models.TextChoices):
        RELEASING = "releasing", _("Releasing hub")
        RECEIVING = "receiving", _("Receiving hub")
        OFFICE = "office", _("Office")

    organization = models.ForeignKey(Organization, models.PROTECT, related_name="transfer_requests",
                                     verbose_name=_("organisation"))
    from_hub = models.ForeignKey(Hub, models.PROTECT, related_name="transfers_out", verbose_name=_("releasing hub"))
    to_hub = models.ForeignKey(Hub, models.PROTECT, related_name="transfers_in", verbose_name=_("receiving hub"))
    kind = models.CharField(_("kind of link"), max_length=12, choices=Affiliation.Kind.choices)
    requested_by = models.CharField(_("requested by"), max_length=10, choices=Side.choices)
    effective_on = models.DateField(_("effective on"))
    reason = models.TextField(_("reason"))
    affiliation = models.OneToOneField(Affiliation, models.PROTECT, null=True, blank=True, related_name="+",
                                       verbose_name=_("new link"))

    history = audited()
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("transfer request")
        verbose_name_plural = _("transfer requests")

    def __str__(self) -> str:
        return f"{self.organization}: {self.from_hub} → {self.to_hub}"

    @property
    def needs_confirmation(self) -> bool:
        return self.kind == Affiliation.Kind.SUPERVISION

    def clean(self) -> None:
        super().clean()
        if self.from_hub_id and self.from_hub_id == self.to_hub_id:
            raise ValidationError({"to_hub": _("The receiving hub is the releasing hub.")})


class SupervisoryUnitChange(Workflow):
    """变更业务主管单位 to a government department or institution, confirmed by the authority.

    A change to a hub is a transfer (the link and the unit move together), so it is
    refused here with a pointer to the transfer.
    """

    organization = models.ForeignKey(Organization, models.PROTECT, related_name="supervisor_changes",
                                     verbose_name=_("organisation"))
    from_unit = models.ForeignKey(SupervisoryUnit, models.PROTECT, null=True, blank=True, related_name="+",
                                  verbose_name=_("current supervisory unit"))
    to_unit = models.ForeignKey(SupervisoryUnit, models.PROTECT, related_name="+",
                                verbose_name=_("new supervisory unit"))
    effective_on = models.DateField(_("effective on"))
    reason = models.TextField(_("reason"))
    document_number = models.CharField(_("document number"), max_length=80, blank=True)

    history = audited()
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("change of supervisory unit")
        verbose_name_plural = _("changes of supervisory unit")

    def __str__(self) -> str:
        return f"{self.organization}: {self.from_unit or '—'} → {self.to_unit}"

    def clean(self) -> None:
        super().clean()
        if self.to_unit_id and self.to_unit.kind == SupervisoryUnit.Kind.HUB:
            raise ValidationError({"to_unit": _("%(unit)s is a hub: move the organisation with a transfer, "
                                                "which moves its link and its supervisory unit together.")
                                   % {"unit": self.to_unit}})
        if self.to_unit_id and self.to_unit_id == self.from_unit_id:
            raise ValidationError({"to_unit": _("This is already the organisation's supervisory unit.")})
