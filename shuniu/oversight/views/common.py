"""What the oversight pages share: the day steps take effect, and turning refusals into form errors."""
from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from shuniu.audit.versioning import VersionConflict
from shuniu.paginator import page_of

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
