"""Credit list pages: the entries in scope, one entry with its steps, and listing or removing by hand."""
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from shuniu.accounts.permissions import CHANGE, get_visible_or_404, restrict
from shuniu.registry.models import Organization

from ..forms.credit import EnterForm, LeaveForm
from ..models import Cause, CreditListEntry, EntryState, ListKind
from ..services import credit
from ..workflow import acting_role
from .common import attempt, by_organization, page, query


@login_required
def entry_list(request):
    rows = restrict(CreditListEntry.objects.all(), request.user).select_related("organization")
    chosen = {name: request.GET.get(name, "") for name in ("list_kind", "state", "cause")}
    rows = by_organization(request, rows.filter(**{k: v for k, v in chosen.items() if v}))
    return render(request, "oversight/entry_list.html", {
        "page": page(request, rows.order_by("-entered_on", "organization__name", "pk"), "credit-entries"),
        "chosen": chosen, "query": query(request), "kinds": ListKind.choices, "states": EntryState.choices,
        "causes": Cause.choices})


@login_required
def entry_detail(request, pk: int):
    entry = get_visible_or_404(CreditListEntry.objects.select_related("organization"), request.user, pk=pk)
    can_change = restrict(CreditListEntry.objects.filter(pk=pk), request.user, CHANGE).exists()
    form = LeaveForm(request.POST or None, initial={"version": entry.version})
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            if attempt(request, form, lambda: credit.leave(entry, request.user, on=data["left_on"],
                                                           reason=data["reason"], expected_version=data["version"])):
                return redirect("credit-entry", pk=pk)
            entry.refresh_from_db()
    return render(request, "oversight/entry_detail.html", {
        "entry": entry, "form": form, "steps": entry.steps.select_related("actor"),
        "can_leave": can_change and entry.state == EntryState.LISTED})


@login_required
def entry_new(request, org_pk: int):
    if acting_role(request.user, {"authority"}) is None:
        raise PermissionDenied  # the authority lists by hand; the office oversees, it does not decide
    org = get_visible_or_404(Organization.objects.all(), request.user, pk=org_pk)
    form = EnterForm(request.POST or None)
    created = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if attempt(request, form, lambda: created.append(credit.enter(
                org, request.user, list_kind=data["list_kind"], cause=data["cause"], on=data["entered_on"],
                reason=data["reason"], document=data["document"]))):
            return redirect("credit-entry", pk=created[0].pk)
    return render(request, "oversight/entry_new.html", {"org": org, "form": form})


def public_list(request):
    """公示: the organisations on either list now, for anyone."""
    from ..disclosure import listed_now

    rows = listed_now().order_by("-entered_on", "organization__name", "pk")
    return render(request, "oversight/public_entries.html", {"page": page(request, rows, "public-credit"),
                                                             "query": query(request)})
