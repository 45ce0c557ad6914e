"""What the oversight pages share: the day steps take effect, refusals as form errors, lists, and for the
step-machine workflows (transitions.py) the record with its step log and one form per step the user may take."""
from __future__ import annotations

import datetime
from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import modelform_factory
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shuniu.audit.versioning import VersionConflict
from shuniu.paginator import page_of

from ..models import StepLog
from ..transitions import Machine, Step

PAGE_SIZE = 50


def as_of(request) -> datetime.date:
    """`?on=YYYY-MM-DD` views the inbox as of another day (the demo lives in 2010); today otherwise."""
    raw = request.GET.get("on", "")
    try:
        return datetime.date.fromisoformat(raw) if raw else timezone.localdate()
    except ValueError:
        return timezone.localdate()


def attempt(request, form, do) -> bool:
    """Run a workflow step; a refusal or a stale version becomes a form error and nothing is saved."""
    try:
        do()
    except VersionConflict as error:
        form.add_error(None, _("Someone changed this record meanwhile (now version %(v)s); reload and try again.")
                       % {"v": error.current.version})
    except ValidationError as error:
        for message in error.messages:
            form.add_error(None, message)
    else:
        messages.success(request, _("Saved."))
        return True
    return False


def page(request, rows, name: str):
    return page_of(request, rows, PAGE_SIZE, name)


def query(request) -> str:
    """The list's filters without the page number, for the pager's links."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def by_organization(request, rows):
    """`?organization=<pk>`: one organisation's rows (the rows are already restricted to the viewer)."""
    raw = request.GET.get("organization", "")
    return rows.filter(organization_id=int(raw)) if raw.isdigit() else rows


class StepExtras(forms.Form):
    """What every step asks besides its own fields: the day it is taken and why."""

    on = forms.DateField(label=gettext_lazy("date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    reason = forms.CharField(label=gettext_lazy("reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


def step_forms(machine: Machine, obj, user, data=None, chosen: str | None = None) -> list[dict]:
    """One form per step the user may take now; the one posted (`chosen`) is bound to `data`."""
    result = []
    for step in machine.available(obj, user):
        if not step.on_page:
            continue
        bound = data if step.name == chosen else None
        fields_form = (modelform_factory(type(obj), fields=step.fields)(bound, instance=obj, prefix=step.name)
                       if step.fields else None)
        extras = StepExtras(bound, prefix=f"{step.name}-x", initial={"on": timezone.localdate()})
        result.append({"step": step, "fields": fields_form, "extras": extras})
    return result


def detail(request, template: str, obj, machine: Machine, context: dict, *, data=None, chosen=None,
           status: int = 200):
    log = list(StepLog.of(obj))
    for entry in log:
        entry.from_label = machine.label(entry.from_state) if entry.from_state else "—"  # the first step
        entry.to_label = machine.label(entry.to_state)
    context = {"object": obj, "machine": machine, "state_label": machine.label(obj.state),
               "is_final": obj.state in machine.final, "log": log,
               "step_forms": step_forms(machine, obj, request.user, data, chosen), **context}
    return render(request, template, context, status=status)


def take_step(request, obj, machine: Machine, run: Callable[..., object], redirect_to: str, render_page):
    """POST one step: validate its form, take it through the service; a refusal shows the page with why."""
    name = request.POST.get("step", "")
    step: Step | None = machine.steps.get(name)
    if step is not None and not step.on_page:  # e.g. recognition, taken for a whole batch on its own page
        messages.error(request, _("“%(step)s” is taken on its own page.") % {"step": step.label})
        return render_page(status=400)
    if step is None or step not in machine.available(obj, request.user):
        # Refused the same way the service would, with its message, whatever the form said.
        try:
            machine.check(obj, name, request.user)
        except ValidationError as refusal:
            if step is not None and obj.state in step.sources:
                raise PermissionDenied(" ".join(refusal.messages)) from None
            messages.error(request, " ".join(refusal.messages))
            return render_page(status=409)
    forms_ = step_forms(machine, obj, request.user, request.POST, name)
    chosen = next(f for f in forms_ if f["step"].name == name)
    valid = chosen["extras"].is_valid() and (chosen["fields"] is None or chosen["fields"].is_valid())
    if not valid:
        return render_page(data=request.POST, chosen=name, status=400)
    values = {f: chosen["fields"].cleaned_data[f] for f in step.fields} if chosen["fields"] else {}
    try:
        run(obj, name, request.user, reason=chosen["extras"].cleaned_data["reason"],
            on=chosen["extras"].cleaned_data["on"], **values)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
        return render_page(data=request.POST, chosen=name, status=409)
    messages.success(request, _("Done: %(step)s.") % {"step": step.label})
    return redirect(redirect_to)


def listing(request, template: str, rows, list_name: str, context: dict | None = None):
    return render(request, template, {"page": page_of(request, rows, PAGE_SIZE, list_name), **(context or {})})
