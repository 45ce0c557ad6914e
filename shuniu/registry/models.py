"""社会组织, their registration events and their 业务主管单位."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from shuniu.accounts.querysets import RestrictedQuerySet
from shuniu.audit.history import audited
from shuniu.audit.versioning import Versioned
from shuniu.divisions.models import Division, Level

from . import uscc as uscc_rules
from .pinyin import initials


class OrgType(models.TextChoices):
    ASSOCIATION = "association", _("Association (社会团体)")
    SERVICE_ORG = "service_org", _("Social service organisation (民办非企业单位)")
    FOUNDATION = "foundation", _("Foundation (基金会)")
    COMMUNITY = "community", _("Community organisation (filed)")
    GRASSROOTS = "grassroots", _("Grassroots group (unregistered)")
    PEOPLE_ORG = "people_org", _("People's organisation (exempt from registration)")


REGISTERED_TYPES = (OrgType.ASSOCIATION, OrgType.SERVICE_ORG, OrgType.FOUNDATION)
FILED_TYPES = (OrgType.COMMUNITY, OrgType.GRASSROOTS)


class Status(models.TextChoices):
    ACTIVE = "active", _("Active")
    DEREGISTERED = "deregistered", _("Deregistered (注销)")
    REVOKED = "revoked", _("Revoked (撤销)")


class NoSupervisorReason(models.TextChoices):
    DIRECT = "direct", _("Registered directly (直接登记)")
    DECOUPLED = "decoupled", _("Decoupled from its agency (脱钩)")
    NOT_FOUND = "not_found", _("No supervisory unit found (未找到)")
    NOT_REQUIRED = "not_required", _("Not required (filed, unregistered or exempt)")


class Field(Versioned, models.Model):
    """A field of social life (本领域): what the charter authorises hubs for.

    Fields are data, edited in the admin; a field no hub is authorised for is
    reported as not covered.
    """

    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=60)
    description = models.TextField(_("description"), blank=True)
    terms = models.TextField(_("terms"), blank=True,
                             help_text=_("Words that mark an organisation of this field, separated by spaces; "
                                         "the router learns from them."))

    history = audited()
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("field")
        verbose_name_plural = _("fields")

    @property
    def parts(self) -> str:
        """The description as a Chinese list (、): the charter separates a field's parts with ASCII commas."""
        return "、".join(part.strip() for part in self.description.replace("，", ",").split(",") if part.strip())

    def __str__(self) -> str:
        return self.name


class SupervisoryUnit(Versioned, models.Model):
    """业务主管单位: a government department, a public institution, or a hub."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("Government department")
        INSTITUTION = "institution", _("Public institution")
        HUB = "hub", _("Hub organisation")

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    division = models.ForeignKey(Division, models.PROTECT, related_name="+", verbose_name=_("division"))

    history = audited()
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["level", "name"]
        verbose_name = _("supervisory unit")
        verbose_name_plural = _("supervisory units")
        constraints = [models.UniqueConstraint(fields=["division", "name"], name="supervisory_unit_unique_name")]

    def __str__(self) -> str:
        return self.name


class Organization(Versioned, models.Model):
    # name and level are indexed in Meta.indexes, not with db_index: on a CharField that adds a second,
    # varchar_pattern_ops index for LIKE 'prefix%', which nothing asks of either, and every index
    # costs each write and a million-row import its build.
    name = models.CharField(_("name"), max_length=200)
    # Searched with contains (the trigram index of migration 0003), never by equality or prefix; org_type
    # leads the (org_type, level, status) index. Plain indexes on either would only slow every write.
    name_initials = models.CharField(_("pinyin initials"), max_length=200, blank=True, editable=False)
    org_type = models.CharField(_("type"), max_length=12, choices=OrgType.choices)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE,
                              help_text=_("Kept in step with the registration events."))
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    uscc = models.CharField(_("unified social credit code"), max_length=18, null=True, blank=True, unique=True)
    uscc_legacy = models.BooleanField(
        _("credit code unverified"), default=False,
        help_text=_("The code as issued fails a checksum; it is kept as recorded and never reported as valid."))
    certificate_number = models.CharField(_("registration certificate number"), max_length=40, blank=True)
    registering_division = models.ForeignKey(
        Division, models.PROTECT, related_name="registered_organizations", verbose_name=_("registering division"),
        help_text=_("Division of the registration authority (or of the office it is filed with)."))
    seat_division = models.ForeignKey(
        Division, models.PROTECT, null=True, blank=True, related_name="seated_organizations",
        verbose_name=_("seat division"))
    field = models.ForeignKey(Field, models.PROTECT, null=True, blank=True, related_name="organizations",
                              verbose_name=_("field"))
    founded = models.DateField(_("founded"), null=True, blank=True, db_index=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True,
                                help_text=_("Date of deregistration or revocation."))
    legal_representative = models.CharField(_("legal representative"), max_length=50, blank=True)
    business_scope = models.TextField(_("business scope"), blank=True)
    members = models.PositiveIntegerField(_("members"), null=True, blank=True)
    staff = models.PositiveIntegerField(_("staff"), null=True, blank=True)
    supervisory_unit = models.ForeignKey(
        SupervisoryUnit, models.PROTECT, null=True, blank=True, related_name="organizations",
        verbose_name=_("supervisory unit"))
    no_supervisor_reason = models.CharField(
        _("reason for no supervisory unit"), max_length=14, choices=NoSupervisorReason.choices, blank=True)
    # The facts behind the seed's problem 2 (政社不分): who founded it and who pays.
    founded_by_agency = models.BooleanField(_("founded by a government agency"), default=False)
    agency_officials_in_post = models.PositiveSmallIntegerField(_("agency officials in post"), default=0)
    government_funding_share = models.DecimalField(
        _("share of funding from government"), max_digits=4, decimal_places=3, null=True, blank=True)
    history = audited()
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("social organisation")
        verbose_name_plural = _("social organisations")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(supervisory_unit__isnull=True) & ~models.Q(no_supervisor_reason=""))
                | (models.Q(supervisory_unit__isnull=False) & models.Q(no_supervisor_reason="")),
                name="organization_supervisor_xor_reason",
                violation_error_message=_("Name a supervisory unit or the reason there is none, not both."),
            ),
            models.CheckConstraint(
                condition=models.Q(government_funding_share__isnull=True)
                | models.Q(government_funding_share__gte=0, government_funding_share__lte=1),
                name="organization_funding_share_0_1",
                violation_error_message=_("The share of funding from government is between 0 and 1."),
            ),
        ]
        indexes = [models.Index(fields=["org_type", "level", "status"], name="org_type_level_status"),
                   models.Index(fields=["name"], name="org_name"), models.Index(fields=["level"], name="org_level")]

    def __str__(self) -> str:
        return self.name

    def fill_derived(self) -> None:
        """Columns computed from others; bulk writers call this since they skip save()."""
        self.name_initials = initials(self.name)

    def save(self, *args, **kwargs):
        self.fill_derived()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_initials"}
        super().save(*args, **kwargs)

    def clean_fields(self, exclude=None) -> None:
        # Normalise first: a pasted code with spaces or full-width letters is still 18 characters.
        self.uscc = uscc_rules.normalize(self.uscc) or None
        super().clean_fields(exclude)

    def clean(self) -> None:
        super().clean()
        if self.uscc:
            self.uscc = self._clean_uscc(self.uscc)
        if self.founded and self.ended_on and self.ended_on < self.founded:
            raise ValidationError({"ended_on": _("The end date is before the founding date.")})

    def _clean_uscc(self, raw: str) -> str:
        known = set(Division.objects.values_list("code", flat=True))
        result = uscc_rules.check(raw, org_type=self.org_type, known_divisions=known)
        if result.valid:
            if self.uscc_legacy:
                raise ValidationError({"uscc_legacy": _("The code passes every check; it is not unverified.")})
            return result.code
        if result.checksum_only and self.uscc_legacy:
            return result.code
        messages = "; ".join(str(p) for p in result.problems)
        if result.checksum_only:
            messages += str(_(" — if this is the code as issued, tick “credit code unverified” to keep it."))
        raise ValidationError({"uscc": messages})


class RegistrationEvent(models.Model):
    """A dated step in an organisation's registration: the record behind its status."""

    class Kind(models.TextChoices):
        ESTABLISHED = "established", _("Established (成立登记)")
        FILED = "filed", _("Filed (备案)")
        CHANGED = "changed", _("Changed (变更登记)")
        DEREGISTERED = "deregistered", _("Deregistered (注销登记)")
        REVOKED = "revoked", _("Revoked (撤销登记)")

    organization = models.ForeignKey(Organization, models.CASCADE, related_name="events",
                                     verbose_name=_("organisation"))
    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices)
    date = models.DateField(_("date"))
    document = models.CharField(_("document number"), max_length=80, blank=True)
    note = models.TextField(_("note"), blank=True)

    history = audited()
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["organization", "date", "pk"]
        verbose_name = _("registration event")
        verbose_name_plural = _("registration events")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date}"

    STARTING = (Kind.ESTABLISHED, Kind.FILED)  # events that begin an organisation's record

    def clean(self) -> None:
        super().clean()
        if self.pk is not None or not self.organization_id:
            return
        org = self.organization
        if org.status != Status.ACTIVE:
            raise ValidationError(_("%(name)s has already ended (%(status)s); no further events can be recorded.")
                                  % {"name": org.name, "status": org.get_status_display()})
        if org.founded and self.date and self.date < org.founded and self.kind not in self.STARTING:
            raise ValidationError({"date": _("The event date %(date)s is before the founding date %(founded)s.")
                                   % {"date": self.date, "founded": org.founded}})


class FormerName(models.Model):
    organization = models.ForeignKey(Organization, models.CASCADE, related_name="former_names",
                                     verbose_name=_("organisation"))
    name = models.CharField(_("name"), max_length=200, db_index=True)
    used_until = models.DateField(_("used until"), null=True, blank=True)

    history = audited()
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["organization", "used_until"]
        verbose_name = _("former name")
        verbose_name_plural = _("former names")

    def __str__(self) -> str:
        return self.name
