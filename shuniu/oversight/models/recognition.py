"""认定: an organisation applies to be recognised as a hub (or a hub for a change of its fields)."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from shuniu.accounts.querysets import RestrictedQuerySet
from shuniu.audit.history import audited
from shuniu.divisions.models import Division, Level
from shuniu.hubs.models import Hub, Recognition
from shuniu.registry.models import Field, Organization

from .steps import Workflow


class RecognitionApplication(Workflow):
    """The record behind a hubs.Recognition: applied, reviewed, recognised in a batch (or refused).

    It lives in oversight rather than on hubs.Recognition because an application
    exists before any hub does (a new hub is created only when recognised) and can
    end without one (rejected, withdrawn); Recognition stays the plain fact.
    """

    class Kind(models.TextChoices):
        NEW_HUB = "new_hub", _("Recognition as a hub")
        FIELDS = "fields", _("Change of authorised fields")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    organization = models.ForeignKey(Organization, models.PROTECT, related_name="recognition_applications",
                                     verbose_name=_("applicant"))
    hub = models.ForeignKey(Hub, models.PROTECT, null=True, blank=True, related_name="applications",
                            verbose_name=_("hub"), help_text=_("The hub whose fields change; for a new hub, "
                                                               "the hub created when it is recognised."))
    fields = models.ManyToManyField(Field, related_name="+", verbose_name=_("fields applied for"),
                                    help_text=_("For a change of fields: the hub's whole new set."))
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    division = models.ForeignKey(Division, models.PROTECT, related_name="+", verbose_name=_("division"))
    parent = models.ForeignKey(Hub, models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name=_("parent hub"))
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, blank=True)
    statement = models.TextField(_("statement"), help_text=_("Why the applicant should link this field."))
    review_note = models.TextField(_("review note"), blank=True)
    recognised_by = models.ForeignKey(Division, models.PROTECT, related_name="+", verbose_name=_("recognised by"))
    batch = models.PositiveSmallIntegerField(_("batch"), null=True, blank=True)
    recognised_on = models.DateField(_("recognised on"), null=True, blank=True)
    document_number = models.CharField(_("document number"), max_length=80, blank=True)
    recognition = models.OneToOneField(Recognition, models.PROTECT, null=True, blank=True,
                                       related_name="application", verbose_name=_("recognition"))

    history = audited(m2m_fields=[fields])
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("recognition application")
        verbose_name_plural = _("recognition applications")

    def __str__(self) -> str:
        return f"{self.organization} · {self.get_kind_display()}"

    def clean(self) -> None:
        super().clean()
        if self.kind == self.Kind.FIELDS and not self.hub_id:
            raise ValidationError({"hub": _("A change of fields names the hub whose fields change.")})
        if self.kind == self.Kind.NEW_HUB and self.state == "submitted":
            if Hub.objects.filter(organization_id=self.organization_id).exists():
                raise ValidationError({"organization": _("%(org)s is already a hub; apply for a change of fields.")
                                       % {"org": self.organization}})
            if not (self.short_name and self.slug):
                raise ValidationError(_("A new hub needs a short name and a slug."))
            if self.slug and Hub.objects.filter(slug=self.slug).exists():
                raise ValidationError({"slug": _("The slug %(slug)s is taken by another hub.") % {"slug": self.slug}})
        if self.level != Level.CITY and not self.parent_id and self.kind == self.Kind.NEW_HUB:
            raise ValidationError({"parent": _("A district or street hub names its parent hub.")})
