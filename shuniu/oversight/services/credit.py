"""Credit lists: listing and removal by hand (the authority), with reasons and dates in and out."""
from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from shuniu.accounts.permissions import ADD, may, restrict, save_restricted
from shuniu.audit.history import current_actor
from shuniu.registry.models import Organization

from ..models.credit import CREDIT_LIST, CreditListEntry, CreditListStep, EntryState
from ..workflow import SYSTEM, acting_role
from . import steps


@transaction.atomic
def enter(org: Organization, user, *, list_kind: str, cause: str, on: datetime.date, reason: str,
          document: str = "") -> CreditListEntry:
    """List an organisation by hand (the authority): the reason and the date are required."""
    if not may(user, CreditListEntry, ADD) or not restrict(Organization.objects.filter(pk=org.pk), user).exists():
        raise PermissionDenied
    role = acting_role(user, CREDIT_LIST.steps[(EntryState.LISTED, EntryState.LEFT)].roles - {SYSTEM})
    if role is None:
        raise PermissionDenied
    entry = CreditListEntry(organization=org, list_kind=list_kind, cause=cause, entered_on=on, reason_in=reason,
                            decision_document=document)
    entry.full_clean()
    save_restricted(entry, user, ADD)
    CreditListStep.objects.create(entry=entry, actor=user, role=role, from_state="", to_state=EntryState.LISTED,
                                  reason=reason, date=on)
    return entry


def leave(entry: CreditListEntry, user, *, on: datetime.date, reason: str, role: str | None = None,
          expected_version: int | None = None) -> CreditListStep:
    """Remove an entry, by hand (the authority, with the rectification as reason) or by the rules."""
    if on < entry.entered_on:
        raise ValidationError({"left_on": _("An entry cannot be removed (%(on)s) before it was listed (%(in)s).")
                               % {"on": on, "in": entry.entered_on}})
    return steps.take(entry, CREDIT_LIST, EntryState.LEFT, user, on=on, reason=reason, step_model=CreditListStep,
                      subject="entry", expected_version=expected_version, role=role, left_on=on, reason_out=reason)


def enter_by_rule(org_id: int, *, list_kind: str, cause: str, key: str, on: datetime.date,
                  reason: str) -> tuple[CreditListEntry, CreditListStep]:
    """An entry the rules make (unsaved, for bulk writing), with its step."""
    entry = CreditListEntry(organization_id=org_id, list_kind=list_kind, cause=cause, cause_key=key, by_rule=True,
                            entered_on=on, reason_in=reason)
    step = CreditListStep(entry=entry, actor=current_actor().user, role=SYSTEM, from_state="",
                          to_state=EntryState.LISTED, reason=reason, date=on)
    return entry, step


def open_entries(org_ids, on: datetime.date | None = None):
    rows = CreditListEntry.objects.filter(organization_id__in=org_ids, state=EntryState.LISTED)
    return rows if on is None else rows.filter(entered_on__lte=on)
