"""The deadline rules, applied for a date: `shuniu oversight run --date YYYY-MM-DD`.

Every effect is dated by when it fell due (the day after a deadline, the day a
report was filed, two years after a listing), not by when the rules ran, and a
rule lists an organisation at most once per cause. So running twice changes
nothing the second time, and replaying the same dates on the same records
reproduces the same rows.

Rules (民政部令第60号 as facts.md summarises it):
1. report not filed by the deadline → 活动异常名录 the day after; leaves the day it is filed;
2. a party organisation due and missing → 活动异常名录; leaves once one is set up (figures from the party app);
3. two years on the 活动异常名录 → leaves it for the 严重违法失信名单;
4. 严重违法失信名单 is left after two clean years (no new entry of either list).
"""
from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from shuniu.audit.history import bulk_create_audited, bulk_update_audited
from shuniu.registry.models import REGISTERED_TYPES, Organization

from . import deadlines
from .models.annual import AnnualReport
from .models.credit import CREDIT_LIST, Cause, CreditListEntry, CreditListStep, EntryState, ListKind
from .services import credit
from .services.steps import plan
from .workflow import SYSTEM, bulk_record

# Where the party app's figures come from: a function (date) -> set of organisation ids for which a
# party organisation is due and missing on that date. A setting, so tests can put in their own; if it
# names nothing importable the rule reports itself as pending (RunResult.pending) instead of guessing.
PARTY_SOURCE_DEFAULT = "shuniu.party.figures.organizations_missing_party_organization"


@dataclass
class RunResult:
    on: datetime.date
    entered: list[CreditListEntry] = field(default_factory=list)
    left: list[CreditListEntry] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)
    pending_steps: list[CreditListStep] = field(default_factory=list)  # planned removals not yet written

    @property
    def changed(self) -> bool:
        return bool(self.entered or self.left)

    def summary(self) -> str:
        lines = [_("Rules applied for %(on)s: %(entered)d listed, %(left)d removed.")
                 % {"on": self.on, "entered": len(self.entered), "left": len(self.left)}]
        lines += [_("Pending: %(rule)s") % {"rule": rule} for rule in self.pending]
        return "\n".join(lines)


def party_source() -> Callable[[datetime.date], set[int]] | None:
    path = getattr(settings, "SHUNIU_OVERSIGHT_PARTY_SOURCE", PARTY_SOURCE_DEFAULT)
    try:
        return import_string(path)
    except ImportError:
        return None


@transaction.atomic
def run(on: datetime.date) -> RunResult:
    """Apply every rule due up to `on`, as the current actor (acting_as) for the rules."""
    result = RunResult(on)
    # In this order, each rule's removals written before the next looks: a report filed in time for
    # rule 1 keeps the entry from rule 3, and rule 4 counts the listings rule 3 made.
    for rule in (_reports_not_filed, _party_missing, _abnormal_to_serious, _serious_clean):
        rule(on, result)
        _flush(result)
    return result


# -- 1. report not filed by the deadline ------------------------------------------------------------
def report_years(on: datetime.date) -> list[int]:
    """The years whose report deadline has passed on `on` (from the first year kept in the system)."""
    return [y for y in range(deadlines.setting("FIRST_REPORT_YEAR"), on.year) if deadlines.report_due(y) < on]


def obliged_to_report(year: int):
    """Registered organisations founded by the end of `year` and not ended by its deadline."""
    due = deadlines.report_due(year)
    return Organization.objects.filter(org_type__in=REGISTERED_TYPES).filter(
        Q(founded__isnull=True) | Q(founded__year__lte=year)).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=due))


def _reports_not_filed(on: datetime.date, result: RunResult) -> None:
    for year in report_years(on):
        due = deadlines.report_due(year)
        key = str(year)
        obliged = obliged_to_report(year)
        filed_in_time = AnnualReport.objects.filter(year=year, filed_on__lte=due).values("organization_id")
        already = CreditListEntry.objects.filter(cause=Cause.REPORT_NOT_FILED, cause_key=key).values(
            "organization_id")
        late = obliged.exclude(pk__in=filed_in_time).exclude(pk__in=already).values_list("pk", flat=True)
        reason = _("The annual report on %(year)s was not filed by %(due)s.") % {"year": year, "due": due}
        _enter_many(list(late), ListKind.ABNORMAL, Cause.REPORT_NOT_FILED, key, due + datetime.timedelta(days=1),
                    reason, result)
        # Cured: the report was filed (late) on or before `on`: the entry ends the day it was filed.
        open_ = CreditListEntry.objects.filter(cause=Cause.REPORT_NOT_FILED, cause_key=key, state=EntryState.LISTED)
        filed = dict(AnnualReport.objects.filter(year=year, filed_on__lte=on, organization_id__in=open_.values(
            "organization_id")).values_list("organization_id", "filed_on"))
        for entry in open_.filter(organization_id__in=filed).order_by("pk"):
            left_on = max(filed[entry.organization_id], entry.entered_on)
            if left_on >= _moved_on(entry):
                continue  # filed only after two years listed: rule 3 moved (or will move) it first
            _leave(entry, left_on, _("The annual report on %(year)s was filed on %(on)s.")
                   % {"year": year, "on": filed[entry.organization_id]}, result)


# -- 2. party organisation due and missing ---------------------------------------------------------
def _party_missing(on: datetime.date, result: RunResult) -> None:
    source = party_source()
    if source is None:
        result.pending.append(_("party organisation due and missing — the party app does not provide "
                                "its figures yet"))
        return
    missing = set(source(on))
    listed = set(CreditListEntry.objects.filter(cause=Cause.NO_PARTY_ORGANIZATION, state=EntryState.LISTED)
                 .values_list("organization_id", flat=True))
    reason = _("A party organisation is due (3 or more party members) and there is none.")
    _enter_many(sorted(missing - listed), ListKind.ABNORMAL, Cause.NO_PARTY_ORGANIZATION, "", on, reason, result)
    for entry in CreditListEntry.objects.filter(cause=Cause.NO_PARTY_ORGANIZATION, state=EntryState.LISTED,
                                                entered_on__lt=on).exclude(organization_id__in=missing):
        _leave(entry, on, _("A party organisation has been set up."), result)


# -- 3. two years on the abnormal list ------------------------------------------------------------
def _abnormal_to_serious(on: datetime.date, result: RunResult) -> None:
    years = deadlines.setting("ABNORMAL_TO_SERIOUS_YEARS")
    limit = deadlines.years_after(on, -years)
    for entry in CreditListEntry.objects.filter(list_kind=ListKind.ABNORMAL, state=EntryState.LISTED,
                                                entered_on__lte=limit).order_by("entered_on", "pk"):
        moved_on = _moved_on(entry)
        reason = _("%(years)d years on the abnormal activity list since %(since)s (%(cause)s).") % {
            "years": years, "since": entry.entered_on, "cause": entry.get_cause_display()}
        _leave(entry, moved_on, _("Moved to the serious violation list: %(why)s") % {"why": reason}, result)
        key = f"{entry.cause}:{entry.cause_key}:{entry.entered_on:%Y%m%d}"
        _enter_many([entry.organization_id], ListKind.SERIOUS, Cause.TWO_YEARS_ABNORMAL, key, moved_on, reason,
                    result)


def _moved_on(entry: CreditListEntry) -> datetime.date:
    return deadlines.years_after(entry.entered_on, deadlines.setting("ABNORMAL_TO_SERIOUS_YEARS"))


# -- 4. two clean years on the serious list ---------------------------------------------------------
def _serious_clean(on: datetime.date, result: RunResult) -> None:
    years = deadlines.setting("SERIOUS_CLEAN_YEARS")
    serious = CreditListEntry.objects.filter(list_kind=ListKind.SERIOUS, state=EntryState.LISTED, entered_on__lt=on)
    latest = dict(CreditListEntry.objects.filter(organization_id__in=serious.values("organization_id"))
                  .values("organization_id").annotate(last=Max("entered_on")).values_list("organization_id", "last"))
    for entry in serious.order_by("entered_on", "pk"):
        clean_from = max(entry.entered_on, latest[entry.organization_id])
        leaves_on = deadlines.years_after(clean_from, years)
        if leaves_on <= on:
            _leave(entry, leaves_on, _("%(years)d years with no new listing since %(since)s.")
                   % {"years": years, "since": clean_from}, result)


# -- writing -------------------------------------------------------------------------------------
def _enter_many(org_ids: list[int], list_kind: str, cause: str, key: str, day: datetime.date, reason: str,
                result: RunResult) -> None:
    if not org_ids:
        return
    pairs = [credit.enter_by_rule(pk, list_kind=list_kind, cause=cause, key=key, on=day, reason=reason)
             for pk in org_ids]
    entries = bulk_create_audited(CreditListEntry, [entry for entry, _step in pairs])
    for entry, (_entry, step) in zip(entries, pairs, strict=True):
        step.entry = entry
    bulk_record(CreditListStep, [step for _entry, step in pairs])
    result.entered += entries


def _leave(entry: CreditListEntry, day: datetime.date, reason: str, result: RunResult) -> None:
    """Plan the removal through the credit-list workflow; `_flush` writes the planned ones together."""
    step = plan(entry, CREDIT_LIST, EntryState.LEFT, SYSTEM, on=day, reason=reason, step_model=CreditListStep,
                subject="entry", left_on=day, reason_out=reason)
    entry.version += 1
    result.pending_steps.append(step)
    result.left.append(entry)


def _flush(result: RunResult) -> None:
    """Write the removals planned so far: one update and one history row per entry, one step row each.

    Hundreds of entries can be cured on one day (late reports); one UPDATE per batch instead of a
    locked read-validate-save per entry keeps a replay of a whole year to seconds.
    """
    if not result.pending_steps:
        return
    entries = [step.entry for step in result.pending_steps]
    bulk_update_audited(CreditListEntry, entries, ["state", "left_on", "reason_out", "version"])
    bulk_record(CreditListStep, result.pending_steps)
    result.pending_steps = []
