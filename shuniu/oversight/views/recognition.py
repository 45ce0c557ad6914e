"""认定 pages: the applications in scope, filing one, its steps, batches and revocations (office)."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from shuniu.accounts.permissions import ADD, get_visible_or_404, may, restrict, scope_of
from shuniu.hubs.models import Recognition

from ..forms.recognition import ApplicationForm, BatchForm, RevocationForm
from ..models import RecognitionApplication
from ..services import recognition as service
from .common import detail, listing, take_step


@login_required
def application_list(request):
    rows = restrict(RecognitionApplication.objects.select_related("organization", "hub"), request.user)
    return listing(request, "oversight/recognition_list.html", rows.order_by("-created", "-pk"), "recognition",
                   {"can_batch": scope_of(request.user).everything,
                    "can_apply": may(request.user, RecognitionApplication, ADD)})


@login_required
def application_new(request):
    if not may(request.user, RecognitionApplication, ADD):
        raise PermissionDenied
    form = ApplicationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items()}
        try:
            application = service.apply(request.user, fields=list(data.pop("fields")), **data)
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            return redirect("recognition-application", pk=application.pk)
    return render(request, "oversight/form.html", {"form": form, "title": _("Apply for recognition")},
                  status=400 if form.errors else 200)


def _application(request, pk):
    return get_visible_or_404(RecognitionApplication.objects.select_related(
        "organization", "hub", "division", "parent", "recognised_by", "recognition"), request.user, pk=pk)


@login_required
def application_detail(request, pk: int):
    return _render(request, _application(request, pk))


def _render(request, application, **kwargs):
    return detail(request, "oversight/recognition_detail.html", application, service.MACHINE, {
        "fields": application.fields.all(), "step_url": reverse("recognition-step", args=[application.pk])},
        **kwargs)


@login_required
def application_step(request, pk: int):
    application = _application(request, pk)
    if request.method != "POST":
        return redirect("recognition-application", pk=pk)
    return take_step(request, application, service.MACHINE, service.step,
                     reverse("recognition-application", args=[pk]),
                     lambda **kw: _render(request, application, **kw))


def _office_only(request):
    if not scope_of(request.user).everything:
        raise PermissionDenied


@login_required
def batch(request):
    """认定 a batch: approved applications with one batch number, date and document number."""
    _office_only(request)
    form = BatchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            service.recognise_batch(list(data["applications"]), request.user, batch=data["batch"], on=data["on"],
                                    document_number=data["document_number"])
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(request, _("Recognised %(n)s in batch %(b)s.")
                             % {"n": len(data["applications"]), "b": data["batch"]})
            return redirect("recognition-applications")
    return render(request, "oversight/form.html", {"form": form, "title": _("Recognise in a batch")},
                  status=400 if form.errors else 200)


@login_required
def revoke(request, pk: int):
    _office_only(request)
    recognition = get_visible_or_404(Recognition.objects.select_related("hub"), request.user, pk=pk)
    form = RevocationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service.revoke(recognition, request.user, **form.cleaned_data)
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(request, _("Recognition revoked."))
            return redirect("hub", slug=recognition.hub.slug)
    return render(request, "oversight/form.html", {
        "form": form, "title": _("Revoke the recognition of %(hub)s") % {"hub": recognition.hub}},
        status=400 if form.errors else 200)
