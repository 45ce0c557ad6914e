"""政府购买服务: 申报 → 主责单位同意 → 评审 → 公示 → 立项 → 实施 (reports) → 考评 → 结项."""
from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shuniu.accounts.permissions import scope_of

from .. import eligibility
from ..models import ProjectReport, ServiceProject, StepLog
from ..transitions import OFFICE, Machine, Step, TransitionRefused, hub_of, organization_of, start, take

APPLICANT = organization_of("organization", gettext_lazy("the applying organisation"))
RESPONSIBLE_HUB = hub_of("responsible_hub", gettext_lazy("the responsible hub"))
CONSENT_DAYS, REVIEW_DAYS, PUBLICATION_DAYS, EVALUATION_DAYS = 14, 30, 7, 30


def _still_eligible(project: ServiceProject, on: datetime.date) -> str | None:
    # Checked again on the day the hub consents: a list entry or a failed inspection since the application counts.
    found = eligibility.problems(project.organization, year=project.call.year, on=on,
                                 hub=project.responsible_hub, exclude_pk=project.pk)
    return " ".join(found) or None


def _within_budget(project: ServiceProject, on: datetime.date) -> str | None:
    if project.approved_amount is None:
        return _("Give the amount approved.")
    committed = (ServiceProject.objects.filter(call=project.call, approved_amount__isnull=False)
                 .exclude(pk=project.pk).exclude(state__in=("rejected", "withdrawn", "declined"))
                 .aggregate(total=Sum("approved_amount"))["total"] or Decimal(0))
    if committed + project.approved_amount > project.call.budget:
        return (_("Approving %(a)s yuan would exceed the call's budget of %(b)s yuan (%(c)s already committed).")
                % {"a": project.approved_amount, "b": project.call.budget, "c": committed})
    return None


def _final_report_in(project: ServiceProject, on: datetime.date) -> str | None:
    if project.evaluation_score is None:
        return _("Give the evaluation score.")
    if not project.reports.filter(kind=ProjectReport.Kind.FINAL, submitted_on__isnull=False).exists():
        return _("The final report has not been submitted yet; a project is evaluated on its reports.")
    return None


MACHINE = Machine(
    gettext_lazy("service project"),
    states={"applied": gettext_lazy("Applied, awaiting the hub's consent"),
            "consented": gettext_lazy("Consented, awaiting review"), "reviewed": gettext_lazy("Reviewed"),
            "published": gettext_lazy("Published (公示)"), "implementing": gettext_lazy("Approved, implementing"),
            "evaluated": gettext_lazy("Evaluated"), "closed": gettext_lazy("Closed"),
            "declined": gettext_lazy("Declined by the hub"), "rejected": gettext_lazy("Rejected"),
            "withdrawn": gettext_lazy("Withdrawn")},
    steps=[
        Step("consent", ("applied",), "consented", (RESPONSIBLE_HUB,), gettext_lazy("Consent as responsible hub"),
             due_in=REVIEW_DAYS, guard=_still_eligible),
        Step("decline", ("applied",), "declined", (RESPONSIBLE_HUB,), gettext_lazy("Decline"), reason_required=True),
        Step("review", ("consented",), "reviewed", (OFFICE,), gettext_lazy("Record the review"),
             fields=("review_score", "review_note"), due_in=PUBLICATION_DAYS,
             guard=lambda p, on: None if p.review_score is not None else _("Give the review score.")),
        Step("publish", ("reviewed",), "published", (OFFICE,), gettext_lazy("Publish (公示)"),
             due_in=PUBLICATION_DAYS),
        Step("approve", ("published",), "implementing", (OFFICE,), gettext_lazy("Approve (立项)"),
             fields=("approved_amount",), guard=_within_budget),
        Step("reject", ("consented", "reviewed", "published"), "rejected", (OFFICE,), gettext_lazy("Reject"),
             reason_required=True),
        Step("evaluate", ("implementing",), "evaluated", (OFFICE,), gettext_lazy("Evaluate (考评)"),
             fields=("evaluation_score", "evaluation_note"), due_in=EVALUATION_DAYS, guard=_final_report_in),
        Step("close", ("evaluated",), "closed", (OFFICE,), gettext_lazy("Close (结项)"), fields=("closure_note",)),
        Step("withdraw", ("applied", "consented"), "withdrawn", (APPLICANT, OFFICE), gettext_lazy("Withdraw"),
             reason_required=True),
    ],
    final=("closed", "declined", "rejected", "withdrawn"),
)


def apply(user, *, call, organization, responsible_hub, on: datetime.date | None = None, **fields) -> ServiceProject:
    """申报: the organisation (or the office for it) applies to a call; eligibility is checked first."""
    on = on or timezone.localdate()
    scope = scope_of(user)
    if not (scope.everything or organization.pk in scope.organization_ids):
        raise TransitionRefused(_("Only the organisation itself or the office may apply for its project."))
    if not call.opens <= on <= call.deadline:
        raise TransitionRefused(_("The call “%(call)s” takes applications from %(opens)s to %(deadline)s.")
                                % {"call": call, "opens": call.opens, "deadline": call.deadline})
    found = eligibility.problems(organization, year=call.year, on=on, hub=responsible_hub)
    if found:
        raise TransitionRefused(found)
    project = ServiceProject(call=call, organization=organization, responsible_hub=responsible_hub, **fields)
    return start(MACHINE, project, user, state="applied", on=on, due_in=CONSENT_DAYS)


def step(project: ServiceProject, name: str, user, *, reason: str = "", on=None, **values) -> ServiceProject:
    effect = _schedule_reports if name == "approve" else None
    return take(MACHINE, project, name, user, reason=reason, on=on, values=values, effect=effect)


def _schedule_reports(project: ServiceProject, step: Step) -> None:
    """立项 sets what the organisation owes: an interim report at mid-term, a final one after the end."""
    middle = project.starts + (project.ends - project.starts) / 2
    ProjectReport.objects.create(project=project, kind=ProjectReport.Kind.INTERIM, due=middle)
    ProjectReport.objects.create(project=project, kind=ProjectReport.Kind.FINAL,
                                 due=project.ends + datetime.timedelta(days=15))


def submit_report(report: ProjectReport, user, *, text: str, beneficiaries: int, funds_spent: Decimal,
                  on: datetime.date | None = None) -> ProjectReport:
    on = on or timezone.localdate()
    with transaction.atomic():
        report = ProjectReport.objects.select_for_update().select_related("project").get(pk=report.pk)
        project = report.project
        if not (APPLICANT.admits(scope_of(user), project) or OFFICE.admits(scope_of(user), project)):
            raise TransitionRefused(_("Only the organisation delivering the project may submit its reports."))
        if project.state != "implementing":
            raise TransitionRefused(_("Reports are submitted while the project is implemented; it is “%(s)s”.")
                                    % {"s": MACHINE.label(project.state)})
        if report.submitted_on:
            raise TransitionRefused(_("This report was already submitted on %(d)s.") % {"d": report.submitted_on})
        if not text.strip():
            raise TransitionRefused({"text": _("The report is empty.")})
        report.text, report.beneficiaries, report.funds_spent, report.submitted_on = (
            text, beneficiaries, funds_spent, on)
        report.full_clean()
        report.save()
        StepLog.record(project, MACHINE.name, project.state, project.state, f"report_{report.kind}", user,
                       report.get_kind_display(), on)
    return report
