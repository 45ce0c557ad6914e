"""Annual report pages: the scoped list, a report with its steps, and the organisation's filing form."""
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone

from shuniu.accounts.permissions import CHANGE, get_visible_or_404, restrict, scope_of
from shuniu.audit.versioning import save_versioned
from shuniu.registry.models import Organization

from ..forms.annual import ReportForm, StepForm
from ..models import AnnualReport, ReportState
from ..models.annual import ANNUAL_REPORT
from ..services import annual
from ..workflow import acting_role
from .common import attempt, by_organization, page, query

FILTERS = ("year", "state", "conclusion")


@login_required
def report_list(request):
    rows = restrict(AnnualReport.objects.all(), request.user).select_related("organization", "hub")
    chosen = {name: request.GET.get(name, "") for name in (*FILTERS, "hub")}
    for name in FILTERS:
        if chosen[name]:
            rows = rows.filter(**{name: chosen[name]}) if name != "year" or chosen[name].isdigit() else rows.none()
    if chosen["hub"]:
        rows = rows.filter(hub__slug=chosen["hub"])
    rows = by_organization(request, rows)
    return render(request, "oversight/report_list.html", {
        "page": page(request, rows.order_by("-year", "organization__name", "pk"), "annual-reports"),
        "chosen": chosen, "states": ReportState.choices, "query": query(request)})


@login_required
def report_detail(request, pk: int):
    report = get_visible_or_404(AnnualReport.objects.select_related("organization", "hub"), request.user, pk=pk)
    form = StepForm(request.POST or None, initial={"version": report.version})
    if request.method == "POST":
        if not restrict(AnnualReport.objects.filter(pk=pk), request.user, CHANGE).exists():
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            if attempt(request, form, lambda: annual.act(
                    report, request.user, data["action"], on=timezone.localdate(), reason=data["reason"],
                    conclusion=data["conclusion"], expected_version=data["version"])):
                return redirect("annual-report", pk=pk)
            report.refresh_from_db()
    return render(request, "oversight/report_detail.html", {
        "report": report, "form": form, "steps": report.steps.select_related("actor"),
        "actions": _actions(report, request.user)})


def _actions(report, user) -> list[str]:
    """The steps this user may take now, so the page offers only those."""
    if not restrict(AnnualReport.objects.filter(pk=report.pk), user, CHANGE).exists():
        return []
    names = {ReportState.FILED: "file", ReportState.RETURNED: "return", ReportState.CONCLUDED: "conclude"}
    allowed = []
    for (source, target), step in ANNUAL_REPORT.steps.items():
        if source == report.state and acting_role(user, step.roles):
            if target == ReportState.PRE_REVIEWED:
                allowed.append("file" if source == ReportState.DRAFT else "accept")
            else:
                allowed.append(names[target])
    return list(dict.fromkeys(allowed))


@login_required
def report_file(request, org_pk: int, year: int):
    """The organisation writes its report (saved as a draft) and files it."""
    org = get_visible_or_404(Organization.objects.all(), request.user, pk=org_pk)
    if acting_role(request.user, {"organization"}) is None or org.pk not in _own(request.user):
        raise PermissionDenied
    report = AnnualReport.objects.filter(organization=org, year=year).first()
    if report is not None and report.state not in (ReportState.DRAFT, ReportState.RETURNED):
        return redirect("annual-report", pk=report.pk)
    form = ReportForm(request.POST or None, instance=report, initial={"version": report and report.version})
    if request.method == "POST" and form.is_valid():
        if attempt(request, form, lambda: _save_and_maybe_file(request, form, org, year, report)):
            return redirect("annual-report", pk=AnnualReport.objects.get(organization=org, year=year).pk)
    return render(request, "oversight/report_file.html", {"org": org, "year": year, "form": form,
                                                          "report": report})


def _own(user) -> set[int]:
    return scope_of(user).organization_ids


@transaction.atomic
def _save_and_maybe_file(request, form, org, year, report):
    parts = {name: form.cleaned_data[name] for name in form.Meta.fields}
    if report is None:
        report = annual.start(org, year, request.user, **parts)
    else:
        for name, value in parts.items():
            setattr(report, name, value)
        save_versioned(report, form.cleaned_data["version"])
    if "file" in request.POST:
        annual.file(report, request.user, on=timezone.localdate())
