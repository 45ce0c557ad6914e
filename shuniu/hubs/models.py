"""枢纽型社会组织, their recognition, and their links to organisations."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from shuniu.accounts.querysets import RestrictedQuerySet
from shuniu.audit.history import audited
from shuniu.audit.versioning import Versioned
from shuniu.divisions.models import Division, Level
from shuniu.registry.models import Field, Organization, SupervisoryUnit


class Hub(Versioned, models.Model):
    """A hub is an organisation the office has recognised to link one or more fields."""

    organization = models.OneToOneField(Organization, models.PROTECT, related_name="hub",
                                        verbose_name=_("organisation"))
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    short_name = models.CharField(_("short name"), max_length=40)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, db_index=True)
    division = models.ForeignKey(Division, models.PROTECT, related_name="hubs", verbose_name=_("division"))
    parent = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="children",
                               verbose_name=_("parent hub"))
    supervisory_unit = models.OneToOneField(
        SupervisoryUnit, models.PROTECT, related_name="hub", verbose_name=_("as supervisory unit"),
        help_text=_("The hub in its role as 业务主管单位 of the organisations it supervises."))
    fields = models.ManyToManyField(Field, related_name="hubs", blank=True, verbose_name=_("authorised fields"))

    history = audited(m2m_fields=[fields])
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["level", "slug"]
        verbose_name = _("hub")
        verbose_name_plural = _("hubs")

    def __str__(self) -> str:
        return self.short_name

    def clean(self) -> None:
        super().clean()
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": _("A hub cannot be its own parent.")})
        order = {Level.CITY: 0, Level.DISTRICT: 1, Level.STREET: 2}
        if self.parent and order[self.parent.level] >= order[self.level]:
            raise ValidationError({"parent": _("The parent hub must be at a higher level.")})


class Recognition(Versioned, models.Model):
    """认定: the act that makes an organisation a hub; revocation ends it."""

    hub = models.ForeignKey(Hub, models.PROTECT, related_name="recognitions", verbose_name=_("hub"))
    recognised_by = models.ForeignKey(Division, models.PROTECT, related_name="+", verbose_name=_("recognised by"),
                                      help_text=_("The division whose office recognised the hub."))
    batch = models.PositiveSmallIntegerField(_("batch"))
    recognised_on = models.DateField(_("recognised on"))
    document_number = models.CharField(_("document number"), max_length=80, blank=True)
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revocation_document = models.CharField(_("revocation document"), max_length=80, blank=True)
    note = models.TextField(_("note"), blank=True)

    history = audited()
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["recognised_on", "hub"]
        verbose_name = _("recognition")
        verbose_name_plural = _("recognitions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(revoked_on__isnull=True) | models.Q(revoked_on__gte=models.F("recognised_on")),
                name="recognition_revoked_after_recognised",
                violation_error_message=_("Revocation cannot come before recognition."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.hub} · {self.batch}"


class Affiliation(Versioned, models.Model):
    """联系·服务·管理: an organisation's link to a hub over a period.

    Never overwritten: a transfer ends one row and starts another, so the
    history of who supervised an organisation is the rows themselves.
    """

    class Kind(models.TextChoices):
        SUPERVISION = "supervision", _("Supervision (hub is the supervisory unit)")
        LIAISON = "liaison", _("Liaison (linked only)")

    class Source(models.TextChoices):
        MANUAL = "manual", _("Entered by hand")
        ROUTED = "routed", _("Routed")
        IMPORTED = "imported", _("Imported")
        TRANSFERRED = "transferred", _("Transferred")

    organization = models.ForeignKey(Organization, models.PROTECT, related_name="affiliations",
                                     verbose_name=_("organisation"))
    hub = models.ForeignKey(Hub, models.PROTECT, related_name="affiliations", verbose_name=_("hub"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True, db_index=True)
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    reason = models.TextField(_("reason"), blank=True)
    end_reason = models.TextField(_("reason for ending"), blank=True)

    history = audited()
    objects = RestrictedQuerySet.as_manager()

    # Once saved, only the end of a link may change.
    MUTABLE_FIELDS = {"end", "end_reason", "version"}

    class Meta:
        ordering = ["organization", "start", "pk"]
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")
        constraints = [
            models.UniqueConstraint(fields=["organization"], condition=models.Q(end__isnull=True),
                                    name="affiliation_one_open_per_organization",
                                    violation_error_message=_("The organisation is already linked to a hub.")),
            models.CheckConstraint(condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
                                   name="affiliation_end_after_start",
                                   violation_error_message=_("The end of a link cannot come before its start.")),
        ]
        indexes = [models.Index(fields=["hub", "end"], name="affiliation_hub_open")]

    def __str__(self) -> str:
        return f"{self.organization} → {self.hub}"

    def clean(self) -> None:
        super().clean()
        if self.hub_id and self.organization_id and self.hub.organization_id == self.organization_id:
            raise ValidationError({"hub": _("A hub cannot be linked to itself.")})
        if self.end and not self.end_reason.strip():
            raise ValidationError({"end_reason": _("Say why the link ends.")})
        if self.pk is None and self.end is None and self.organization_id:
            # The partial unique constraint says the same, but forms skip it when `end` is not on the form.
            current = Affiliation.objects.filter(organization_id=self.organization_id, end__isnull=True).first()
            if current is not None:
                raise ValidationError(_("%(org)s is already linked to %(hub)s since %(start)s; transfer it instead.")
                                      % {"org": self.organization, "hub": current.hub, "start": current.start})

    def save(self, *args, **kwargs):
        if self.pk is not None:
            self._refuse_rewrites(kwargs.get("update_fields"))
        super().save(*args, **kwargs)

    def _refuse_rewrites(self, update_fields) -> None:
        if update_fields is not None and set(update_fields) <= self.MUTABLE_FIELDS:
            return
        stored = type(self).objects.filter(pk=self.pk).values(
            "organization_id", "hub_id", "kind", "start", "source", "reason").first()
        if stored is None:
            return
        changed = [name for name, value in stored.items() if getattr(self, name) != value]
        if changed:
            raise ValidationError(_("An affiliation is never rewritten; end it and start a new one (changed: %(f)s).")
                                  % {"f": ", ".join(changed)})
