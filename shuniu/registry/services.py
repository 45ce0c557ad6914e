"""Changes to an organisation that touch more than one record."""
from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import FormerName, Organization, RegistrationEvent, Status

ENDING_KINDS = {
    RegistrationEvent.Kind.DEREGISTERED: Status.DEREGISTERED,
    RegistrationEvent.Kind.REVOKED: Status.REVOKED,
}


@transaction.atomic
def record_event(org: Organization, kind: str, date: datetime.date, *, document: str = "",
                 note: str = "") -> RegistrationEvent:
    """Add a registration event and bring the organisation's status in step with it."""
    event = RegistrationEvent(organization=org, kind=kind, date=date, document=document, note=note)
    event.full_clean()
    event.save()
    if kind in ENDING_KINDS:
        org.status, org.ended_on = ENDING_KINDS[kind], date
        org.save(update_fields=["status", "ended_on"])
    elif kind in RegistrationEvent.STARTING and org.founded is None:
        org.founded = date
        org.save(update_fields=["founded"])
    return event


@transaction.atomic
def rename(org: Organization, new_name: str, date: datetime.date, *, document: str = "") -> Organization:
    """变更登记 of the name: the old name is kept as a former name."""
    new_name = new_name.strip()
    if not new_name or new_name == org.name:
        raise ValidationError(_("The new name must differ from the current one."))
    FormerName.objects.create(organization=org, name=org.name, used_until=date)
    record_event(org, RegistrationEvent.Kind.CHANGED, date, document=document,
                 note=_("Name changed from %(old)s to %(new)s") % {"old": org.name, "new": new_name})
    org.name = new_name
    org.save(update_fields=["name"])
    return org
