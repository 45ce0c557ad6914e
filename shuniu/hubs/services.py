"""Linking organisations to hubs. Links are ended and started, never rewritten."""
from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from shuniu.registry.models import NoSupervisorReason, Organization

from .models import Affiliation, Hub


def open_affiliation(org: Organization) -> Affiliation | None:
    return org.affiliations.filter(end__isnull=True).select_related("hub").first()


@transaction.atomic
def link(org: Organization, hub: Hub, *, kind: str, start: datetime.date, source: str,
         reason: str = "") -> Affiliation:
    """Start a link. A supervision link makes the hub the organisation's 业务主管单位."""
    # Lock the organisation so two links started at once cannot both pass the check in clean().
    org = Organization.objects.select_for_update().get(pk=org.pk)
    affiliation = Affiliation(organization=org, hub=hub, kind=kind, start=start, source=source, reason=reason)
    affiliation.full_clean()
    affiliation.save()
    if kind == Affiliation.Kind.SUPERVISION and org.supervisory_unit_id != hub.supervisory_unit_id:
        org.supervisory_unit_id, org.no_supervisor_reason = hub.supervisory_unit_id, ""
        org.save(update_fields=["supervisory_unit", "no_supervisor_reason"])
    return affiliation


@transaction.atomic
def end_link(affiliation: Affiliation, *, end: datetime.date, reason: str) -> Affiliation:
    """End a link. If the hub was the supervisory unit, the organisation has none until told."""
    if affiliation.end is not None:
        raise ValidationError(_("This link already ended on %(end)s.") % {"end": affiliation.end})
    if end < affiliation.start:
        raise ValidationError(_("The end of a link cannot come before its start (%(start)s).")
                              % {"start": affiliation.start})
    if not reason.strip():
        raise ValidationError(_("Say why the link ends."))
    affiliation.end, affiliation.end_reason = end, reason
    affiliation.save(update_fields=["end", "end_reason"])
    org = affiliation.organization
    hub_unit = affiliation.hub.supervisory_unit_id
    if affiliation.kind == Affiliation.Kind.SUPERVISION and org.supervisory_unit_id == hub_unit:
        org.supervisory_unit, org.no_supervisor_reason = None, NoSupervisorReason.NOT_FOUND
        org.save(update_fields=["supervisory_unit", "no_supervisor_reason"])
    return affiliation


@transaction.atomic
def transfer(org: Organization, to_hub: Hub, *, on: datetime.date, reason: str,
             kind: str | None = None) -> Affiliation:
    """移交: end the current link and start one with `to_hub` on the same day."""
    current = open_affiliation(org)
    if current is None:
        raise ValidationError(_("%(org)s is not linked to any hub; link it instead.") % {"org": org.name})
    if current.hub_id == to_hub.pk:
        raise ValidationError(_("%(org)s is already linked to %(hub)s.") % {"org": org.name, "hub": to_hub})
    end_link(current, end=on, reason=reason)
    return link(org, to_hub, kind=kind or current.kind, start=on,
                source=Affiliation.Source.TRANSFERRED, reason=reason)
