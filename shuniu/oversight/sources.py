"""Data sources for hub evaluation indicators: named computations that apps register.

An indicator names a source; the source computes one number for a hub and a year
from records. Apps register their own (party figures from shuniu/party, reach from
shuniu/services, the inspection pass rate from the annual-report workflow) by
calling `register_source` from their AppConfig.ready(). A source named here but
not yet computable is `pending`: an indicator may already use it, and the score
lists it as left out instead of counting a made-up value.
"""
from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shuniu.accounts.permissions import division_subtree, hub_subtree
from shuniu.hubs.models import Affiliation, Hub
from shuniu.registry.models import Organization

Compute = Callable[[Hub, int], Decimal | None]


@dataclass(frozen=True)
class Source:
    slug: str
    label: object
    compute: Compute | None  # None: pending, its app has not registered the computation yet
    unit: str = ""

    @property
    def pending(self) -> bool:
        return self.compute is None


SOURCES: dict[str, Source] = {}


def register_source(slug: str, label, compute: Compute | None, unit: str = "") -> Source:
    """Add or replace a source; an app replaces a pending one by registering its computation."""
    SOURCES[slug] = Source(slug, label, compute, unit)
    return SOURCES[slug]


def choices() -> list[tuple[str, str]]:
    return [(s.slug, f"{s.label}" + (str(_(" (pending)")) if s.pending else "")) for s in SOURCES.values()]


def year_end(year: int) -> datetime.date:
    return datetime.date(year, 12, 31)


def _linked_at(hub: Hub, day: datetime.date):
    """Links of the hub's network (the hub and its sub-hubs) open on `day`."""
    return Affiliation.objects.filter(hub_id__in=hub_subtree({hub.pk}), start__lte=day).filter(
        Q(end__isnull=True) | Q(end__gt=day))


def coverage(hub: Hub, year: int) -> Decimal | None:
    """Share of the organisations of the hub's fields in its area that its network links at year end.

    Organisations counted are those founded by year end and active now: the registry
    keeps the end date, so those ended before the year end are left out too.
    """
    day = year_end(year)
    in_field = Organization.objects.filter(
        field__in=hub.fields.all(), hub__isnull=True, registering_division_id__in=division_subtree({hub.division_id})
    ).filter(Q(founded__isnull=True) | Q(founded__lte=day)).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day))
    total = in_field.count()
    if not total:
        return None
    linked = in_field.filter(pk__in=_linked_at(hub, day).values("organization_id")).count()
    return Decimal(linked) / Decimal(total)


def organizations_linked(hub: Hub, year: int) -> Decimal:
    return Decimal(_linked_at(hub, year_end(year)).values("organization_id").distinct().count())


def new_links(hub: Hub, year: int) -> Decimal:
    return Decimal(Affiliation.objects.filter(hub_id__in=hub_subtree({hub.pk}), start__year=year).count())


def projects_delivered(hub: Hub, year: int) -> Decimal:
    """Service projects of the year's calls that the hub was responsible for and that were evaluated."""
    from .models import ServiceProject

    return Decimal(ServiceProject.objects.filter(responsible_hub_id__in=hub_subtree({hub.pk}), call__year=year,
                                                 state__in=("evaluated", "closed")).count())


def inspection_pass_rate(hub: Hub, year: int) -> Decimal | None:
    """Share of 合格 among the inspections concluded in `year` (the year's 年检, on the previous year's reports:
    what is known when the year is evaluated early the next year), for the organisations the hub's network
    linked at the end of `year`. None concluded: no figure (None, which earns no points)."""
    from .models import AnnualReport, Conclusion, ReportState

    concluded = AnnualReport.objects.filter(
        concluded_on__year=year, state=ReportState.CONCLUDED,
        organization_id__in=_linked_at(hub, year_end(year)).values("organization_id"))
    total = concluded.count()
    if not total:
        return None
    return Decimal(concluded.filter(conclusion=Conclusion.PASSED).count()) / Decimal(total)


def party_coverage(hub: Hub, year: int) -> Decimal | None:
    """Share of the organisations the hub's network links at year end that have a party organisation
    (their own or a joint branch), from the party app's records."""
    from shuniu.party import figures as party

    day = year_end(year)
    share = party.party_figures(party.hub_organizations(hub, day), day)["organization_coverage"]
    return None if share is None else Decimal(str(share))


def contacts(hub: Hub, year: int) -> Decimal:
    """Contacts, guidance, training and visits the hub's network recorded in the year."""
    from shuniu.services.models import ContactRecord

    return Decimal(ContactRecord.objects.filter(hub_id__in=hub_subtree({hub.pk}), date__year=year).count())


def reach(hub: Hub, year: int) -> Decimal:
    """People reached by the activities the hub's network held in the year."""
    from django.db.models import Sum

    from shuniu.services.models import Activity

    reached = Activity.objects.filter(hub_id__in=hub_subtree({hub.pk}), start__year=year).aggregate(
        n=Sum("reached"))["n"]
    return Decimal(reached or 0)


register_source("coverage", _("Coverage of the hub's fields (share linked)"), coverage, "share")
register_source("organizations_linked", _("Organisations linked at year end"), organizations_linked)
register_source("new_links", _("New links in the year"), new_links)
register_source("projects_delivered", _("Service projects delivered"), projects_delivered)
register_source("party_coverage", _("Party organisation coverage (shuniu/party)"), party_coverage, "share")
register_source("contacts", _("Contacts and guidance given (shuniu/services)"), contacts)
register_source("reach", _("People reached by activities (shuniu/services)"), reach)
register_source("inspection_pass_rate", _("Annual inspection pass rate (oversight annual reports)"),
                inspection_pass_rate, "share")
