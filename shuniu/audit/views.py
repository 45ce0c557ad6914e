"""History pages and "restore this version", shared by every versioned record that has a page.

An app's view finds the object through its own scope rules (get_visible_or_404)
and hands it here with the fields a restore may set; see registry/views.py.
"""
from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shuniu.accounts.permissions import CHANGE, restrict

from . import restore as restoring
from .changes import changes_of
from .versioning import VersionConflict, last_change

HISTORY_LIMIT = 200


class RestoreForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Why restore this version?"), max_length=500,
                             widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


def may_change(obj, user) -> bool:
    return restrict(type(obj).objects.filter(pk=obj.pk), user, CHANGE).exists()


def history_page(request, obj, *, title: str, back_url: str, restore_url_name: str, url_args: tuple):
    return render(request, "audit/history.html", {
        "obj": obj, "title": title, "back_url": back_url, "changes": changes_of(obj, HISTORY_LIMIT),
        "can_restore": may_change(obj, request.user), "restore_url_name": restore_url_name, "url_args": url_args,
        "version": getattr(obj, "version", None),
    })


def restore_page(request, obj, history_id: int, *, fields, title: str, back_url: str, history_url: str):
    """Show what the old version would bring back; on POST with a reason, save it as a new version."""
    if not may_change(obj, request.user):
        raise PermissionDenied
    record = restoring.historical(obj, history_id)
    if record is None:
        raise Http404
    form = RestoreForm(request.POST or None, initial={"version": obj.version})
    problem, status = None, 200
    if request.method == "POST" and not restoring.differences(obj, record, fields):
        problem, status = _("The record already equals this version: nothing to restore."), 400
    elif request.method == "POST" and form.is_valid():
        try:
            restoring.restore(obj, record, fields=fields, expected_version=form.cleaned_data["version"],
                              user=request.user, reason=form.cleaned_data["reason"])
        except VersionConflict as conflict:
            obj = conflict.current
            who, when = last_change(obj)
            problem = _("%(who)s saved this record at %(when)s, after you opened this page. Nothing was restored: "
                        "compare again below.") % {"who": who, "when": f"{when:%Y-%m-%d %H:%M}" if when else "—"}
            form = RestoreForm(initial={"version": obj.version, "reason": form.cleaned_data["reason"]})
            status = 409
        except ValidationError as error:
            obj.refresh_from_db()
            problem = _("This version cannot be restored as it is: %(why)s") % {"why": "; ".join(error.messages)}
            status = 400
        else:
            messages.success(request, _("Restored: the record is now a new version equal to the one chosen."))
            return redirect(history_url)
    return render(request, "audit/restore.html", {
        "obj": obj, "record": record, "title": title, "back_url": back_url, "history_url": history_url,
        "differences": restoring.differences(obj, record, fields), "form": form, "problem": problem,
    }, status=status)
