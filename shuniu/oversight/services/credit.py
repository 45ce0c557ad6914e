"""Credit lists: listing and removal by hand (the authority), with reasons and dates in and out."""
from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from shuniu.accounts.permissions import ADD, may, restrict, save_restricted
from shuniu.audit.history import current_actor
from shuniu.registry.models import Organization

from .. import deadlines
from ..models.annual import AnnualReport
from ..models.credit import CREDIT_LIST, Cause, CreditListEntry, CreditListStep, EntryState, ListKind
from ..workflow import SYSTEM, TransitionRefused, acting_role
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
    guards = [] if role == SYSTEM else [_cause_cured]
    return steps.take(entry, CREDIT_LIST, EntryState.LEFT, user, on=on, reason=reason, step_model=CreditListStep,
                      subject="entry", expected_version=expected_version, role=role, guards=guards, left_on=on,
                      reason_out=reason)


def _cause_cured(entry: CreditListEntry, on: datetime.date) -> None:
    """By hand, an entry leaves only as the rules would allow: the report filed, two clean years served."""
    if entry.cause == Cause.REPORT_NOT_FILED and not AnnualReport.objects.filter(
            organization_id=entry.organization_id, year=entry.cause_key, filed_on__lte=on).exists():
        raise TransitionRefused(_("The annual report on %(year)s has not been filed; the entry stays until it is.")
                                % {"year": entry.cause_key})
    clean = deadlines.years_after(entry.entered_on, deadlines.setting("SERIOUS_CLEAN_YEARS"))
    if entry.list_kind == ListKind.SERIOUS and on < clean:
        raise TransitionRefused(_("An organisation leaves the serious violation list after two clean years, "
                                  "not before %(day)s.") % {"day": clean})


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
