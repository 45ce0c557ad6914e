"""Inbox providers for recognition, service projects and transfers (see inbox.py).

Each provider yields, among the records the user may see and that are not closed:
the ones with a step this user may take now (mine), and the overdue ones someone
else must act on, for the users above them (office, the district, the hub above).
"""
from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from shuniu.accounts.models import Role
from shuniu.accounts.permissions import restrict, scope_of

from ..inbox import Task, register
from ..models import ProjectReport, RecognitionApplication, ServiceProject, SupervisoryUnitChange, TransferRequest
from ..services import projects, recognition, transfers

OVERSEERS = {Role.OFFICE, Role.DISTRICT, Role.HUB}


def _oversees(user) -> bool:
    scope = scope_of(user)
    return scope.everything or bool(scope.roles & OVERSEERS)


def _workflow_tasks(user, today: date, queryset, machine, url_name: str, title):
    oversees = _oversees(user)
    for record in restrict(queryset, user).exclude(state__in=machine.final):
        # Withdrawals and refusals (the steps that need a reason) are always open to someone; they make no task.
        steps = [s for s in machine.available(record, user) if not s.reason_required]
        if steps:
            yield Task(f"{queryset.model._meta.model_name}.{record.state}", title(record),
                       reverse(url_name, args=[record.pk]), record.due, _("you"))
        elif oversees and record.due and record.due < today:
            yield Task(f"{queryset.model._meta.model_name}.{record.state}", title(record),
                       reverse(url_name, args=[record.pk]), record.due, _waiting_on(machine, record), mine=False)


def _waiting_on(machine, record) -> str:
    """Who must move the record forward: the actors of its steps that need no reason (not refusals)."""
    labels = dict.fromkeys(str(a.label) for s in machine.steps_from(record.state) if not s.reason_required
                           for a in s.actors)
    return _(" or ").join(labels)


@register
def recognition_tasks(user, today: date):
    return _workflow_tasks(user, today, RecognitionApplication.objects.select_related("organization"),
                           recognition.MACHINE, "recognition-application",
                           lambda a: _("Recognition: %(org)s") % {"org": a.organization.name})


@register
def project_tasks(user, today: date):
    yield from _workflow_tasks(user, today, ServiceProject.objects.select_related("organization"),
                               projects.MACHINE, "service-project",
                               lambda p: _("Service project: %(t)s") % {"t": p.title})
    oversees = _oversees(user)
    scope = scope_of(user)
    due = restrict(ProjectReport.objects.select_related("project__organization"), user).filter(
        submitted_on__isnull=True, project__state="implementing")
    for report in due:
        mine = projects.APPLICANT.admits(scope, report.project)
        if mine or (oversees and report.due < today):
            yield Task("project_report.due", _("%(kind)s due: %(t)s") % {"kind": report.get_kind_display(),
                                                                        "t": report.project.title},
                       reverse("project-report", args=[report.pk]) if mine else
                       reverse("service-project", args=[report.project_id]),
                       report.due, _("you") if mine else report.project.organization.name, mine=mine)


@register
def transfer_tasks(user, today: date):
    yield from _workflow_tasks(user, today, TransferRequest.objects.select_related("organization"),
                               transfers.TRANSFER, "transfer",
                               lambda t: _("Transfer: %(org)s") % {"org": t.organization.name})
    yield from _workflow_tasks(user, today, SupervisoryUnitChange.objects.select_related("organization"),
                               transfers.UNIT_CHANGE, "unit-change",
                               lambda c: _("Supervisory unit: %(org)s") % {"org": c.organization.name})
