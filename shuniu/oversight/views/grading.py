"""Grading pages: applications and grades in scope, deciding one, applying."""
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone

from shuniu.accounts.permissions import CHANGE, get_visible_or_404, restrict
from shuniu.registry.models import Organization

from ..forms.grading import DecideForm
from ..models import Grading, GradingState
from ..services import grading as service
from ..workflow import acting_role
from .common import attempt, by_organization, page, query


@login_required
def grading_list(request):
    rows = restrict(Grading.objects.all(), request.user).select_related("organization")
    state = request.GET.get("state", "")
    if state:
        rows = rows.filter(state=state)
    rows = by_organization(request, rows)
    return render(request, "oversight/grading_list.html", {
        "page": page(request, rows.order_by("-applied_on", "organization__name", "pk"), "gradings"),
        "state": state, "states": GradingState.choices, "query": query(request)})


@login_required
def grading_detail(request, pk: int):
    grading = get_visible_or_404(Grading.objects.select_related("organization"), request.user, pk=pk)
    can_change = restrict(Grading.objects.filter(pk=pk), request.user, CHANGE).exists()
    form = DecideForm(request.POST or None, initial={"version": grading.version})
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        if form.is_valid():
            if attempt(request, form, lambda: _decide(request, grading, form.cleaned_data)):
                return redirect("grading", pk=pk)
            grading.refresh_from_db()
    return render(request, "oversight/grading_detail.html", {
        "grading": grading, "form": form, "steps": grading.steps.select_related("actor"),
        "can_decide": can_change and grading.state == GradingState.APPLIED})


def _decide(request, grading, data):
    on = timezone.localdate()
    if data["action"] == "refuse":
        return service.refuse(grading, request.user, on=on, reason=data["reason"], expected_version=data["version"])
    if data["score"] is None:
        from django.core.exceptions import ValidationError
        from django.utils.translation import gettext as _

        raise ValidationError({"score": _("Enter the score (of 1000).")})
    return service.decide(grading, request.user, on=on, score=data["score"], reason=data["reason"],
                          expected_version=data["version"])


@login_required
def grading_apply(request, org_pk: int):
    """An organisation (or the authority for it) applies; an ineligible application is refused at once."""
    if acting_role(request.user, {"organization", "authority"}) is None:
        raise PermissionDenied
    org = get_visible_or_404(Organization.objects.all(), request.user, pk=org_pk)
    if request.method != "POST":
        return render(request, "oversight/grading_apply.html", {"org": org})
    created = []
    form = DecideForm()  # only to carry errors
    if attempt(request, form, lambda: created.append(service.apply(org, request.user, on=timezone.localdate()))):
        return redirect("grading", pk=created[0].pk)
    return render(request, "oversight/grading_apply.html", {"org": org, "errors": form.non_field_errors()})
