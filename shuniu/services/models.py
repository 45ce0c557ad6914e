"""服务阵地: the hubs' facilities, the activities held through them, and the hubs' contact with organisations.

The seed's section 二 measures a hub's reach by these: service centres and stations
with the union members they cover, youth centres and the young people served and
reached, women's homes in every district. The figures are sums over these records.
"""
from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from shuniu.accounts.permissions import hub_subtree
from shuniu.accounts.querysets import RestrictedQuerySet
from shuniu.audit.history import audited
from shuniu.audit.versioning import Versioned
from shuniu.divisions.models import Division
from shuniu.hubs.models import Hub
from shuniu.party.models import not_in_future
from shuniu.registry.models import Organization

# Beijing's extent, generously: a point outside is a typo (swapped or mistyped coordinates).
LATITUDE = (Decimal("39.4"), Decimal("41.1"))
LONGITUDE = (Decimal("115.4"), Decimal("117.6"))


class Facility(Versioned):
    class Kind(models.TextChoices):
        WORKER_CENTRE = "worker_centre", _("Worker service (assistance) centre (职工服务(帮扶)中心)")
        UNION_STATION = "union_station", _("Trade union service station (工会服务站)")
        YOUTH_HUB = "youth_hub", _("Community youth hub (社区青年汇)")
        RURAL_YOUTH = "rural_youth", _("Rural youth club (乡村青年社)")
        WOMENS_HOME = "womens_home", _("Women's home (妇女之家)")
        OTHER = "other", _("Other service facility")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices, db_index=True)
    hub = models.ForeignKey(Hub, models.PROTECT, related_name="facilities", verbose_name=_("hub"))
    division = models.ForeignKey(Division, models.PROTECT, related_name="facilities", verbose_name=_("division"))
    address = models.CharField(_("address"), max_length=200, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5, null=True, blank=True,
                                   validators=[MinValueValidator(LATITUDE[0]), MaxValueValidator(LATITUDE[1])])
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5, null=True, blank=True,
                                    validators=[MinValueValidator(LONGITUDE[0]), MaxValueValidator(LONGITUDE[1])])
    opened = models.DateField(_("opened"))
    closed = models.DateField(_("closed"), null=True, blank=True)
    members_covered = models.PositiveIntegerField(
        _("members covered"), null=True, blank=True,
        help_text=_("Union members (工会会员) of the grassroots unions this facility serves, as it reports them."))

    history = audited()
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["hub", "kind", "name", "pk"]
        verbose_name = _("service facility")
        verbose_name_plural = _("service facilities")
        indexes = [models.Index(fields=["hub", "kind"], name="facility_hub_kind")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        not_in_future(self.opened, "opened", _("The opening"))
        if self.closed and self.opened and self.closed < self.opened:
            raise ValidationError({"closed": _("A facility cannot close before it opened (%(day)s).")
                                   % {"day": self.opened}})
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(_("Give both latitude and longitude, or neither."))


class Activity(Versioned):
    """An activity a hub (or an organisation in its network) held: who was served directly, who was reached.

    `reached` counts everyone the activity reached, the participants served directly
    included; so it is never below `served`.
    """

    title = models.CharField(_("title"), max_length=200)
    hub = models.ForeignKey(Hub, models.PROTECT, related_name="activities", verbose_name=_("hub"),
                            help_text=_("The hub whose network the activity belongs to."))
    organizer = models.ForeignKey(Organization, models.PROTECT, null=True, blank=True,
                                  related_name="organized_activities", verbose_name=_("organising organisation"),
                                  help_text=_("Empty when the hub itself organised it."))
    facility = models.ForeignKey(Facility, models.PROTECT, null=True, blank=True, related_name="activities",
                                 verbose_name=_("facility"))
    start = models.DateField(_("start"), db_index=True)
    end = models.DateField(_("end"), null=True, blank=True)
    served = models.IntegerField(_("participants served directly"), default=0)
    reached = models.IntegerField(_("people reached"), default=0)
    organizations = models.ManyToManyField(Organization, through="Participation", related_name="activities",
                                           blank=True, verbose_name=_("organisations taking part"))
    description = models.TextField(_("description"), blank=True)

    history = audited()
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-start", "pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [models.CheckConstraint(
            condition=models.Q(served__gte=0) & models.Q(reached__gte=models.F("served")),
            name="activity_served_within_reached",
            violation_error_message=_("Participants served must be zero or more, and no more than people reached."))]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        not_in_future(self.start, "start", _("The activity"))
        if self.end and self.start and self.end < self.start:
            raise ValidationError({"end": _("The end (%(end)s) is before the start (%(start)s).")
                                   % {"end": self.end, "start": self.start}})
        if self.served is not None and self.served < 0:
            raise ValidationError({"served": _("Participants served cannot be negative (%(n)s given).")
                                   % {"n": self.served}})
        if self.reached is not None and self.reached < 0:
            raise ValidationError({"reached": _("People reached cannot be negative (%(n)s given).")
                                   % {"n": self.reached}})
        if self.served is not None and self.reached is not None and self.served > self.reached:
            raise ValidationError({"served": _(
                "Participants served directly (%(served)s) cannot be more than people reached (%(reached)s): "
                "the people reached include those served.") % {"served": self.served, "reached": self.reached}})
        if self.facility_id and self.hub_id and self.facility.hub_id not in hub_subtree({self.hub_id}):
            raise ValidationError({"facility": _("%(facility)s is not a facility of %(hub)s or its sub-hubs.")
                                   % {"facility": self.facility, "hub": self.hub}})


class Participation(models.Model):
    activity = models.ForeignKey(Activity, models.CASCADE, related_name="participations",
                                 verbose_name=_("activity"))
    organization = models.ForeignKey(Organization, models.PROTECT, related_name="participations",
                                     verbose_name=_("organisation"))

    history = audited()
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [models.UniqueConstraint(fields=["activity", "organization"], name="participation_unique")]

    def __str__(self) -> str:
        return f"{self.activity} · {self.organization}"


class ContactRecord(Versioned):
    """A hub's daily contact, guidance, training or visit with one organisation (日常联系·业务指导·培训·走访)."""

    class Kind(models.TextChoices):
        CONTACT = "contact", _("Daily contact (日常联系)")
        GUIDANCE = "guidance", _("Guidance (业务指导)")
        TRAINING = "training", _("Training (培训)")
        VISIT = "visit", _("Visit (走访)")

    hub = models.ForeignKey(Hub, models.PROTECT, related_name="contact_records", verbose_name=_("hub"))
    organization = models.ForeignKey(Organization, models.PROTECT, related_name="contact_records",
                                     verbose_name=_("organisation"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    date = models.DateField(_("date"), db_index=True)
    note = models.TextField(_("note"), blank=True)

    history = audited()
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "pk"]
        verbose_name = _("contact record")
        verbose_name_plural = _("contact records")

    def __str__(self) -> str:
        return f"{self.hub} · {self.organization} · {self.date}"

    def clean(self) -> None:
        super().clean()
        not_in_future(self.date, "date", _("The contact"))
