"""What each account may see: a role and the node of a tree it is granted on.

Scopes are trees: a grant on a division covers the divisions below it, a grant
on a hub covers its sub-hubs. Which node a role needs is fixed here, so a
district account without a district cannot exist.
"""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from shuniu.audit.history import audited
from shuniu.audit.versioning import Versioned

from .querysets import RestrictedQuerySet


class Role(models.TextChoices):
    OFFICE = "office", _("City office")
    DISTRICT = "district", _("District office")
    HUB = "hub", _("Hub staff")
    AUTHORITY = "authority", _("Registration authority")
    ORGANIZATION = "organization", _("Organisation account")


# The scope field each role is granted on (None: the whole city).
SCOPE_FIELD = {
    Role.OFFICE: None,
    Role.DISTRICT: "division",
    Role.HUB: "hub",
    Role.AUTHORITY: "division",
    Role.ORGANIZATION: "organization",
}


class Grant(Versioned, models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="grants", verbose_name=_("user"))
    role = models.CharField(_("role"), max_length=14, choices=Role.choices)
    division = models.ForeignKey("divisions.Division", models.PROTECT, null=True, blank=True, related_name="+",
                                 verbose_name=_("division"))
    hub = models.ForeignKey("hubs.Hub", models.PROTECT, null=True, blank=True, related_name="grants",
                            verbose_name=_("hub"))
    organization = models.ForeignKey("registry.Organization", models.PROTECT, null=True, blank=True,
                                     related_name="grants", verbose_name=_("organisation"))
    # Hub staff who do the hub's party work see party members' personal data (shuniu/party/privacy.py).
    party_work = models.BooleanField(_("party-work staff"), default=False,
                                     help_text=_("Hub staff only: does the hub's party-building work."))

    history = audited()
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("grant")
        verbose_name_plural = _("grants")

    def __str__(self) -> str:
        scope = self.division or self.hub or self.organization or _("whole city")
        return f"{self.user} · {self.get_role_display()} · {scope}"

    def clean(self) -> None:
        super().clean()
        needed = SCOPE_FIELD.get(self.role)
        for name in ("division", "hub", "organization"):
            present = getattr(self, f"{name}_id") is not None
            if name == needed and not present:
                raise ValidationError({name: _("This role is granted on a %(scope)s; choose one.") % {"scope": name}})
            if name != needed and present:
                raise ValidationError({name: _("This role does not take a %(scope)s.") % {"scope": name}})
        if self.party_work and self.role != Role.HUB:
            raise ValidationError({"party_work": _("Only hub staff are marked as party-work staff.")})
