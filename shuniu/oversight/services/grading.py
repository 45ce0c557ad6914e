"""Grading: an application, refused at once if the organisation is not eligible, then the authority's score."""
from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from shuniu.accounts.models import Role
from shuniu.accounts.permissions import ADD, restrict, save_restricted
from shuniu.registry.models import REGISTERED_TYPES, Organization

from .. import deadlines
from ..models.annual import AnnualReport, Conclusion, ReportState
from ..models.credit import CreditListEntry, EntryState
from ..models.grading import GRADING, VALID_YEARS, Grading, GradingState, GradingStep, grade_for
from ..workflow import SYSTEM, acting_role
from . import steps


def ineligibility(org: Organization, on: datetime.date) -> str:
    """Why `org` may not be graded on `on` ("" if it may): last year's inspection failed, or it is listed."""
    last = (AnnualReport.objects.filter(organization=org, state=ReportState.CONCLUDED, concluded_on__lte=on,
                                        year__gte=on.year - 2).order_by("-year").first())
    if last is not None and last.conclusion == Conclusion.FAILED:
        return _("The inspection of its %(year)s report concluded 不合格 (%(on)s).") % {
            "year": last.year, "on": last.concluded_on}
    listed = (CreditListEntry.objects.filter(organization=org, state=EntryState.LISTED, entered_on__lte=on)
              .order_by("entered_on").first())
    if listed is not None:
        return _("It is on the %(list)s since %(on)s (%(cause)s).") % {
            "list": listed.get_list_kind_display(), "on": listed.entered_on, "cause": listed.get_cause_display()}
    return ""


@transaction.atomic
def apply(org: Organization, user, *, on: datetime.date) -> Grading:
    """Record the application; an ineligible one is refused by the rules on the spot, with the reason."""
    if org.org_type not in REGISTERED_TYPES:
        raise ValidationError(_("%(org)s is not a registered organisation; it cannot be graded.") % {"org": org.name})
    role = acting_role(user, {Role.ORGANIZATION, Role.AUTHORITY})
    if role is None or not restrict(Organization.objects.filter(pk=org.pk), user).exists():
        raise PermissionDenied
    grading = Grading(organization=org, applied_on=on)
    grading.full_clean()
    save_restricted(grading, user, ADD)
    GradingStep.objects.create(grading=grading, actor=user, role=role, from_state="",
                               to_state=GradingState.APPLIED, date=on)
    why = ineligibility(org, on)
    if why:
        steps.take(grading, GRADING, GradingState.REFUSED, user, on=on, reason=why, step_model=GradingStep,
                   subject="grading", role=SYSTEM, refusal_reason=why, decided_on=on)
    return grading


def _eligible_now(grading: Grading, on: datetime.date) -> None:
    why = ineligibility(grading.organization, on)
    if why:
        raise steps.TransitionRefused(_("Cannot grade: %(why)s Refuse the application instead.") % {"why": why})


def decide(grading: Grading, user, *, on: datetime.date, score: int, reason: str = "",
           expected_version: int | None = None) -> GradingStep:
    """The authority's score: graded 1A–5A for five years, or below a grade."""
    if not 0 <= score <= 1000:
        raise ValidationError({"score": _("A score is out of 1000; %(score)s is not.") % {"score": score}})
    grade = grade_for(score)
    target = GradingState.GRADED if grade else GradingState.NOT_GRADED
    valid_until = deadlines.years_after(on, VALID_YEARS) - datetime.timedelta(days=1) if grade else None
    return steps.take(grading, GRADING, target, user, on=on, reason=reason, step_model=GradingStep,
                      subject="grading", expected_version=expected_version, guards=[_eligible_now], score=score,
                      grade=grade, decided_on=on, valid_until=valid_until)


def refuse(grading: Grading, user, *, on: datetime.date, reason: str,
           expected_version: int | None = None) -> GradingStep:
    return steps.take(grading, GRADING, GradingState.REFUSED, user, on=on, reason=reason, step_model=GradingStep,
                      subject="grading", expected_version=expected_version, refusal_reason=reason, decided_on=on)


def current_grade(org: Organization, on: datetime.date) -> Grading | None:
    return (Grading.objects.filter(organization=org, state=GradingState.GRADED, decided_on__lte=on,
                                   valid_until__gte=on).order_by("-decided_on").first())
