"""移交 and 变更业务主管单位 pages: requests in scope, asking for one, and its steps."""
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from shuniu.accounts.permissions import ADD, get_visible_or_404, may, restrict

from ..forms.transfers import TransferForm, UnitChangeForm
from ..models import SupervisoryUnitChange, TransferRequest
from ..services import transfers as service
from .common import detail, listing, take_step


@login_required
def transfer_list(request):
    transfers = restrict(TransferRequest.objects.select_related("organization", "from_hub", "to_hub"), request.user)
    changes = restrict(SupervisoryUnitChange.objects.select_related("organization", "from_unit", "to_unit"),
                       request.user).order_by("-created", "-pk")[:50]
    return listing(request, "oversight/transfer_list.html", transfers.order_by("-created", "-pk"), "transfers", {
        "changes": changes, "can_request": may(request.user, TransferRequest, ADD),
        "can_change": may(request.user, SupervisoryUnitChange, ADD)})


def _form_page(request, form_class, model, start, title: str, url_name: str):
    if not may(request.user, model, ADD):
        raise PermissionDenied
    form = form_class(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            record = start(request.user, **form.cleaned_data)
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            return redirect(url_name, pk=record.pk)
    return render(request, "oversight/form.html", {"form": form, "title": title}, status=400 if form.errors else 200)


@login_required
def transfer_new(request):
    return _form_page(request, TransferForm, TransferRequest, service.request, _("Ask for a transfer"), "transfer")


@login_required
def unit_change_new(request):
    return _form_page(request, UnitChangeForm, SupervisoryUnitChange, service.request_unit_change,
                      _("Ask to change the supervisory unit"), "unit-change")


def _transfer(request, pk):
    return get_visible_or_404(TransferRequest.objects.select_related("organization", "from_hub", "to_hub",
                                                                     "affiliation"), request.user, pk=pk)


def _render_transfer(request, transfer, **kwargs):
    return detail(request, "oversight/transfer_detail.html", transfer, service.TRANSFER,
                  {"step_url": reverse("transfer-step", args=[transfer.pk])}, **kwargs)


@login_required
def transfer_detail(request, pk: int):
    return _render_transfer(request, _transfer(request, pk))


@login_required
def transfer_step(request, pk: int):
    transfer = _transfer(request, pk)
    if request.method != "POST":
        return redirect("transfer", pk=pk)
    return take_step(request, transfer, service.TRANSFER, service.step, reverse("transfer", args=[pk]),
                     lambda **kw: _render_transfer(request, transfer, **kw))


def _change(request, pk):
    return get_visible_or_404(SupervisoryUnitChange.objects.select_related("organization", "from_unit", "to_unit"),
                              request.user, pk=pk)


def _render_change(request, change, **kwargs):
    return detail(request, "oversight/unit_change_detail.html", change, service.UNIT_CHANGE,
                  {"step_url": reverse("unit-change-step", args=[change.pk])}, **kwargs)


@login_required
def unit_change_detail(request, pk: int):
    return _render_change(request, _change(request, pk))


@login_required
def unit_change_step(request, pk: int):
    change = _change(request, pk)
    if request.method != "POST":
        return redirect("unit-change", pk=pk)
    return take_step(request, change, service.UNIT_CHANGE, service.unit_change_step, reverse("unit-change", args=[pk]),
                     lambda **kw: _render_change(request, change, **kw))
