"""政府购买服务 pages: calls, projects in scope, applying, the steps, and the organisation's reports."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from shuniu.accounts.permissions import ADD, get_visible_or_404, may, restrict, scope_of

from .. import eligibility
from ..forms.projects import CallForm, ProjectForm, ReportForm
from ..models import ProjectReport, ServiceCall, ServiceProject
from ..services import projects as service
from .common import detail, listing, take_step


@login_required
def project_list(request):
    rows = restrict(ServiceProject.objects.select_related("organization", "responsible_hub", "call"), request.user)
    state = request.GET.get("state")
    if state in service.MACHINE.states:
        rows = rows.filter(state=state)
    return listing(request, "oversight/project_list.html", rows.order_by("-call__year", "title", "pk"), "projects", {
        "states": service.MACHINE.states.items(), "state": state,
        "can_apply": may(request.user, ServiceProject, ADD), "is_office": scope_of(request.user).everything})


@login_required
def project_new(request):
    if not may(request.user, ServiceProject, ADD):
        raise PermissionDenied
    form = ProjectForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            project = service.apply(request.user, **form.cleaned_data)
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            return redirect("service-project", pk=project.pk)
    pending = eligibility.pending_checks()
    note = _("Not yet checked here (their workflows are being built): %(checks)s.") % {
        "checks": "; ".join(pending)} if pending else ""
    return render(request, "oversight/form.html", {"form": form, "title": _("Apply for a service project"),
                                                   "note": note}, status=400 if form.errors else 200)


def _project(request, pk):
    return get_visible_or_404(ServiceProject.objects.select_related("organization", "responsible_hub", "call"),
                              request.user, pk=pk)


def _render(request, project, **kwargs):
    reports = list(project.reports.all())
    may_report = project.state == "implementing" and service.APPLICANT.admits(scope_of(request.user), project)
    return detail(request, "oversight/project_detail.html", project, service.MACHINE, {
        "reports": reports, "may_report": may_report, "step_url": reverse("service-project-step", args=[project.pk])},
        **kwargs)


@login_required
def project_detail(request, pk: int):
    return _render(request, _project(request, pk))


@login_required
def project_step(request, pk: int):
    project = _project(request, pk)
    if request.method != "POST":
        return redirect("service-project", pk=pk)
    return take_step(request, project, service.MACHINE, service.step, reverse("service-project", args=[pk]),
                     lambda **kw: _render(request, project, **kw))


@login_required
def report_submit(request, pk: int):
    report = get_visible_or_404(ProjectReport.objects.select_related("project"), request.user, pk=pk)
    if not service.APPLICANT.admits(scope_of(request.user), report.project):
        raise PermissionDenied
    form = ReportForm(request.POST or None, instance=report)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            service.submit_report(report, request.user, text=data["text"], beneficiaries=data["beneficiaries"],
                                  funds_spent=data["funds_spent"])
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(request, _("Report submitted."))
            return redirect("service-project", pk=report.project_id)
    return render(request, "oversight/form.html", {
        "form": form, "title": f"{report.project} · {report.get_kind_display()}"}, status=400 if form.errors else 200)


@login_required
def call_list(request):
    rows = restrict(ServiceCall.objects.all(), request.user).order_by("-year", "title")
    form = None
    if scope_of(request.user).everything:
        form = CallForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            form.save()
            return redirect("service-calls")
    elif request.method == "POST":
        raise PermissionDenied
    return listing(request, "oversight/call_list.html", rows, "calls", {"form": form})
