"""行政区划 (GB/T 2260) and the population figures that densities divide by."""
from __future__ import annotations

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from shuniu.accounts.querysets import RestrictedQuerySet
from shuniu.audit.history import audited


class Level(models.TextChoices):
    CITY = "city", _("City")
    DISTRICT = "district", _("District")
    STREET = "street", _("Street / township")
    # Above Beijing's tree, for national data: a province's own registration authority
    # (省级) and its prefecture-level cities (地市级). Beijing and the other municipalities
    # are province-level `city` divisions whose districts sit right below them.
    PROVINCE = "province", _("Province")
    PREFECTURE = "prefecture", _("Prefecture")


BEIJING_LEVELS = (Level.CITY, Level.DISTRICT, Level.STREET)  # the levels the Beijing figures report


class DivisionQuerySet(RestrictedQuerySet):
    def valid_on(self, day: datetime.date):
        return self.filter(
            models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=day),
            models.Q(valid_to__isnull=True) | models.Q(valid_to__gt=day),
        )

    def current(self):
        return self.filter(valid_to__isnull=True)

    def districts(self):
        return self.filter(level=Level.DISTRICT)


class Division(models.Model):
    """A division with validity dates; a retired code points to its successor.

    Codes are never reused, so a record from 2010 naming 110103 (崇文区) still
    resolves: `resolve()` follows the successor chain to the division in force.
    """

    code = models.CharField(_("code"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=50)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, db_index=True)
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent")
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True, help_text=_("First day it no longer applies."))
    successor = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="predecessors", verbose_name=_("successor")
    )

    history = audited()
    objects = DivisionQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("division")
        verbose_name_plural = _("divisions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(successor__isnull=True) | models.Q(valid_to__isnull=False),
                name="division_successor_only_when_retired",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"

    @property
    def is_current(self) -> bool:
        return self.valid_to is None

    def resolve(self) -> Division:
        """The division in force that this one became (itself if still current)."""
        seen = {self.pk}
        division = self
        while division.successor_id is not None:
            division = division.successor
            if division.pk in seen:  # a cycle is a data error; stop rather than loop
                raise ValueError(f"successor cycle at {division.code}")
            seen.add(division.pk)
        return division

    def ancestors(self) -> list[Division]:
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain

    @classmethod
    def resolve_code(cls, code: str) -> Division | None:
        division = cls.objects.filter(code=code.strip()).select_related("successor").first()
        return division.resolve() if division else None


class Population(models.Model):
    """Residents (常住) and registered residents (户籍) of a division in a year."""

    division = models.ForeignKey(Division, models.CASCADE, related_name="populations", verbose_name=_("division"))
    year = models.PositiveSmallIntegerField(_("year"))
    residents = models.PositiveIntegerField(_("residents"), null=True, blank=True)
    registered_residents = models.PositiveIntegerField(_("registered residents"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)

    history = audited()
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["division__code", "-year"]
        verbose_name = _("population")
        verbose_name_plural = _("populations")
        constraints = [
            models.UniqueConstraint(fields=["division", "year"], name="population_one_per_division_year"),
        ]

    def __str__(self) -> str:
        return f"{self.division.name} {self.year}"
