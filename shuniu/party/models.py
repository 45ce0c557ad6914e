"""党建: party organisations in the organisations the hubs link, their members, 三会一课 and instructors.

The seed's fifth problem (section 一(一)) is party building lagging behind:
organisations without a party organisation, and members whose membership is
registered nowhere (口袋党员). Both are read from these records, never typed in.
"""
from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shuniu.accounts.querysets import RestrictedQuerySet
from shuniu.audit.history import audited
from shuniu.audit.versioning import Versioned
from shuniu.hubs.models import Hub
from shuniu.registry.models import Organization

from . import identity


def not_in_future(day: datetime.date | None, field: str, what) -> None:
    if day and day > timezone.localdate():
        raise ValidationError({field: _("%(what)s is dated %(day)s, which is in the future; record it once it "
                                        "has taken place.") % {"what": what, "day": day}})


class PartyOrganization(Versioned):
    """党委, 党总支, 党支部 in one organisation; a 联合党支部 over several; a hub's 社会组织联合党委 above them."""

    class Kind(models.TextChoices):
        COMMITTEE = "committee", _("Party committee (党委)")
        GENERAL_BRANCH = "general_branch", _("General branch (党总支)")
        BRANCH = "branch", _("Branch (党支部)")
        JOINT_BRANCH = "joint_branch", _("Joint branch (联合党支部)")
        JOINT_COMMITTEE = "joint_committee", _("Joint committee of social organisations (社会组织联合党委)")

    SINGLE = (Kind.COMMITTEE, Kind.GENERAL_BRANCH, Kind.BRANCH)  # set up inside one organisation

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    hub = models.ForeignKey(Hub, models.PROTECT, null=True, blank=True, related_name="party_organizations",
                            verbose_name=_("hub"), help_text=_("The hub whose party work it belongs to."))
    parent = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="children",
                               verbose_name=_("attached to"))
    organizations = models.ManyToManyField(Organization, through="Coverage", related_name="party_organizations",
                                           blank=True, verbose_name=_("organisations covered"))
    founded = models.DateField(_("founded"))
    dissolved = models.DateField(_("dissolved"), null=True, blank=True)

    history = audited()
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("party organisation")
        verbose_name_plural = _("party organisations")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        not_in_future(self.founded, "founded", _("The founding"))
        if self.kind == self.Kind.JOINT_COMMITTEE and not self.hub_id:
            raise ValidationError({"hub": _("A joint committee belongs to a hub; choose it.")})
        if self.dissolved and self.founded and self.dissolved < self.founded:
            raise ValidationError({"dissolved": _("It cannot be dissolved before it was founded.")})
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": _("A party organisation cannot be attached to itself.")})


class Coverage(models.Model):
    """Which organisations a party organisation covers (one for a branch, several for a joint branch)."""

    party_organization = models.ForeignKey(PartyOrganization, models.CASCADE, related_name="coverage",
                                           verbose_name=_("party organisation"))
    organization = models.ForeignKey(Organization, models.PROTECT, related_name="party_coverage",
                                     verbose_name=_("organisation"))

    history = audited()
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("party coverage")
        verbose_name_plural = _("party coverage")
        constraints = [models.UniqueConstraint(fields=["party_organization", "organization"],
                                               name="coverage_unique")]

    def __str__(self) -> str:
        return f"{self.party_organization} · {self.organization}"


class PartyMember(Versioned):
    """A party member working in an organisation; `branch` is where the membership relation is registered.

    Registered nowhere (no branch here, nothing recorded elsewhere) while working in an
    organisation: a 口袋党员, whose transfer letter stayed in the pocket.
    """

    class Status(models.TextChoices):
        FORMAL = "formal", _("Full member (正式党员)")
        PROBATIONARY = "probationary", _("Probationary member (预备党员)")
        LEFT = "left", _("Left (relation transferred out)")

    name = models.CharField(_("full name"), max_length=50)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[identity.validate_phone])
    id_number = models.CharField(_("ID number"), max_length=18, unique=True, validators=[identity.validate_id_number],
                                 help_text=_("Resident identity card number (18 characters)."))
    status = models.CharField(_("status"), max_length=14, choices=Status.choices, default=Status.FORMAL)
    organization = models.ForeignKey(Organization, models.PROTECT, null=True, blank=True,
                                     related_name="party_members", verbose_name=_("works in"))
    branch = models.ForeignKey(PartyOrganization, models.PROTECT, null=True, blank=True, related_name="members",
                               verbose_name=_("registered with branch"))
    registered_elsewhere = models.CharField(
        _("registered elsewhere"), max_length=200, blank=True,
        help_text=_("The party organisation outside this system holding the membership relation, if any."))
    joined_party = models.DateField(_("joined the party"), null=True, blank=True)

    history = audited()
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["organization", "pk"]
        verbose_name = _("party member")
        verbose_name_plural = _("party members")
        constraints = [models.CheckConstraint(
            condition=models.Q(branch__isnull=True) | models.Q(registered_elsewhere=""),
            name="party_member_registered_once",
            violation_error_message=_("A member's relation is registered in one place only."))]

    def __str__(self) -> str:
        return f"{self.get_status_display()} #{self.pk}"

    @property
    def is_pocket(self) -> bool:
        return (self.status != self.Status.LEFT and self.organization_id is not None
                and self.branch_id is None and not self.registered_elsewhere)

    def clean(self) -> None:
        super().clean()
        not_in_future(self.joined_party, "joined_party", _("Joining the party"))
        if self.branch_id and self.registered_elsewhere.strip():
            raise ValidationError({"registered_elsewhere": _(
                "The relation is registered with %(branch)s here; a member cannot also be registered with "
                "%(other)s.") % {"branch": self.branch, "other": self.registered_elsewhere}})
        if self.branch_id and self.branch.kind == PartyOrganization.Kind.JOINT_COMMITTEE:
            raise ValidationError({"branch": _("Members are registered with a branch, not with a joint committee.")})
        self._refuse_second_registration()

    def _refuse_second_registration(self) -> None:
        if not self.id_number:
            return
        other = (PartyMember.objects.filter(id_number=self.id_number).exclude(pk=self.pk)
                 .select_related("branch").first())
        if other is not None:
            where = other.branch.name if other.branch else (other.registered_elsewhere or _("no branch"))
            raise ValidationError({"id_number": _(
                "A member with ID number %(id)s is already recorded (registered with %(where)s); a member "
                "belongs to one branch only — transfer the relation instead of adding it twice.")
                % {"id": mask_id(self.id_number), "where": where}})


def mask_id(value: str) -> str:
    from .privacy import mask_id_number  # one masking rule for every place

    return mask_id_number(value)


class PartyMeeting(Versioned):
    """三会一课: 支部党员大会, 支部委员会, 党小组会, 党课."""

    class Kind(models.TextChoices):
        GENERAL_MEETING = "general_meeting", _("Members' general meeting (支部党员大会)")
        COMMITTEE_MEETING = "committee_meeting", _("Branch committee meeting (支部委员会)")
        GROUP_MEETING = "group_meeting", _("Party group meeting (党小组会)")
        PARTY_LECTURE = "party_lecture", _("Party lecture (党课)")

    party_organization = models.ForeignKey(PartyOrganization, models.PROTECT, related_name="meetings",
                                           verbose_name=_("party organisation"))
    kind = models.CharField(_("kind"), max_length=18, choices=Kind.choices)
    date = models.DateField(_("date"), db_index=True)
    attendees = models.PositiveIntegerField(_("attendees"), default=0)
    topic = models.CharField(_("topic"), max_length=200, blank=True)

    history = audited()
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "pk"]
        verbose_name = _("party meeting")
        verbose_name_plural = _("party meetings")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date}"

    def clean(self) -> None:
        super().clean()
        not_in_future(self.date, "date", _("The meeting"))
        po = self.party_organization if self.party_organization_id else None
        if po is not None and self.date and self.date < po.founded:
            raise ValidationError({"date": _("The meeting (%(day)s) is before %(po)s was founded (%(founded)s).")
                                   % {"day": self.date, "po": po, "founded": po.founded}})


class Instructor(Versioned):
    """党建工作指导员: sent by a hub to organisations that have no branch of their own."""

    name = models.CharField(_("full name"), max_length=50)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[identity.validate_phone])
    hub = models.ForeignKey(Hub, models.PROTECT, related_name="party_instructors", verbose_name=_("hub"))
    organizations = models.ManyToManyField(Organization, through="InstructorAssignment",
                                           related_name="party_instructors", verbose_name=_("organisations"))
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)

    history = audited()
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["hub", "pk"]
        verbose_name = _("party-building instructor")
        verbose_name_plural = _("party-building instructors")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"

    def clean(self) -> None:
        super().clean()
        not_in_future(self.start, "start", _("The start"))
        if self.end and self.start and self.end < self.start:
            raise ValidationError({"end": _("The end cannot come before the start.")})


class InstructorAssignment(models.Model):
    instructor = models.ForeignKey(Instructor, models.CASCADE, related_name="assignments",
                                   verbose_name=_("party-building instructor"))
    organization = models.ForeignKey(Organization, models.PROTECT, related_name="instructor_assignments",
                                     verbose_name=_("organisation"))

    history = audited()
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("instructor assignment")
        verbose_name_plural = _("instructor assignments")
        constraints = [models.UniqueConstraint(fields=["instructor", "organization"], name="assignment_unique")]

    def __str__(self) -> str:
        return f"{self.instructor} · {self.organization}"
