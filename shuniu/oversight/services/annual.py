"""Annual reports: start, file, pre-review, conclude; and who supervises an organisation now."""
from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from shuniu.accounts.permissions import ADD, may, restrict, save_restricted
from shuniu.hubs.models import Affiliation, Hub
from shuniu.registry.models import REGISTERED_TYPES, Organization

from .. import deadlines
from ..models.annual import ANNUAL_REPORT, AnnualReport, AnnualReportStep, Conclusion, ReportState
from . import steps

REQUIRED_PARTS = ("work_report", "income", "expenditure", "party_building")


def supervising_hub(org: Organization) -> Hub | None:
    """The hub of the organisation's current supervision link; None for direct registration or a department."""
    link = (Affiliation.objects.filter(organization=org, end__isnull=True, kind=Affiliation.Kind.SUPERVISION)
            .select_related("hub").first())
    return link.hub if link else None


def filing_target(hub: Hub | None) -> str:
    """Filed to the hub for its pre-review; with no hub, straight to the authority."""
    return ReportState.FILED if hub is not None else ReportState.PRE_REVIEWED


def missing_parts(report: AnnualReport) -> list[str]:
    return [str(AnnualReport._meta.get_field(name).verbose_name) for name in REQUIRED_PARTS
            if getattr(report, name) in (None, "") or (isinstance(getattr(report, name), str)
                                                         and not getattr(report, name).strip())]


def _complete(report: AnnualReport, on: datetime.date) -> None:
    missing = missing_parts(report)
    if missing:
        raise steps.TransitionRefused(_("The report cannot be filed without: %(parts)s.")
                                      % {"parts": "、".join(missing)})


def start(org: Organization, year: int, user, **parts) -> AnnualReport:
    """A draft report, saved so nothing typed is lost before filing."""
    if org.org_type not in REGISTERED_TYPES:
        raise ValidationError(_("%(org)s is not a registered organisation; it files no annual report.")
                              % {"org": org.name})
    if not may(user, AnnualReport, ADD) or not restrict(Organization.objects.filter(pk=org.pk), user).exists():
        raise PermissionDenied
    report = AnnualReport(organization=org, year=year, **parts)
    report.full_clean()
    save_restricted(report, user, ADD)
    return report


@transaction.atomic
def file(report: AnnualReport, user, *, on: datetime.date, expected_version: int | None = None) -> AnnualReportStep:
    """The organisation files (or re-files after a return): to its supervising hub, or to the authority."""
    hub = supervising_hub(report.organization)
    target = filing_target(hub) if report.state == ReportState.DRAFT else ReportState.FILED
    return steps.take(report, ANNUAL_REPORT, target, user, on=on, step_model=AnnualReportStep, subject="report",
                      expected_version=expected_version, guards=[_complete], filed_on=on,
                      hub=hub if report.state == ReportState.DRAFT else report.hub,
                      reason="" if hub else _("No supervising hub: filed straight to the registration authority."))


def pre_review(report: AnnualReport, user, *, on: datetime.date, accept: bool, reason: str = "",
               expected_version: int | None = None) -> AnnualReportStep:
    """初审 by the supervising hub: pass it on to the authority, or return it with reasons."""
    target = ReportState.PRE_REVIEWED if accept else ReportState.RETURNED
    return steps.take(report, ANNUAL_REPORT, target, user, on=on, reason=reason, step_model=AnnualReportStep,
                      subject="report", expected_version=expected_version, hub_id=report.hub_id)


def conclude(report: AnnualReport, user, *, on: datetime.date, conclusion: str, reason: str = "",
             expected_version: int | None = None) -> AnnualReportStep:
    """The registration authority's conclusion: 合格, 基本合格 or 不合格."""
    if conclusion not in Conclusion.values:
        raise ValidationError({"conclusion": _("Choose a conclusion: %(choices)s.")
                               % {"choices": "、".join(str(label) for label in Conclusion.labels)}})
    if conclusion != Conclusion.PASSED and not reason.strip():
        raise ValidationError({"reason": _("Say why the report is not simply passed.")})
    return steps.take(report, ANNUAL_REPORT, ReportState.CONCLUDED, user, on=on, reason=reason,
                      step_model=AnnualReportStep, subject="report", expected_version=expected_version,
                      conclusion=conclusion, concluded_on=on)


def pre_review_due(report: AnnualReport) -> datetime.date | None:
    return deadlines.days_after(report.filed_on, "PRE_REVIEW_DAYS")


ACTIONS = ("file", "accept", "return", "conclude")


def act(report: AnnualReport, user, action: str, *, on: datetime.date, reason: str = "", conclusion: str = "",
        expected_version: int | None = None) -> AnnualReportStep:
    """One entry point for the page and the API: the named step, or a clear refusal."""
    if action == "file":
        return file(report, user, on=on, expected_version=expected_version)
    if action in ("accept", "return"):
        return pre_review(report, user, on=on, accept=action == "accept", reason=reason,
                          expected_version=expected_version)
    if action == "conclude":
        return conclude(report, user, on=on, conclusion=conclusion, reason=reason, expected_version=expected_version)
    raise ValidationError({"action": _("Unknown step %(action)r; choose one of %(actions)s.")
                           % {"action": action, "actions": ", ".join(ACTIONS)}})
