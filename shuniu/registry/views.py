"""Organisation pages: the scoped list and record, and the public disclosure search."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Value
from django.db.models.functions import Concat
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from shuniu.accounts.permissions import ADD, CHANGE, VIEW, get_visible_or_404, may, restrict, save_restricted
from shuniu.audit.changes import changes_of
from shuniu.audit.versioning import VersionConflict, conflict_of, save_versioned
from shuniu.audit.views import history_page, restore_page
from shuniu.hubs.queries import attach_current_hubs, with_current_hub
from shuniu.oversight import disclosure
from shuniu.paginator import SEARCH_CAP, page_of
from shuniu.party.models import PartyOrganization

from .editing import restorable_fields
from .filters import OrganizationFilter, search
from .forms import organization_form_class
from .models import REGISTERED_TYPES, Organization, OrgType, RegistrationEvent

PAGE_SIZE = 50
PUBLIC = AnonymousUser()  # the public's scope, whoever is asking


# The event an organisation's founding date stands for, by type (the unregistered and the exempt have none).
STARTING_KIND = {**dict.fromkeys(REGISTERED_TYPES, RegistrationEvent.Kind.ESTABLISHED),
                 OrgType.COMMUNITY: RegistrationEvent.Kind.FILED}


def registration_events(org: Organization) -> list[RegistrationEvent]:
    """The organisation's registration events, opening with its founding date if no event records it.

    Imports and migrated registries carry a founding date (成立日期) but no 成立登记 event:
    writing one, with its history, per imported row would double a million-row load. The
    page shows the founding from the date instead, marked as taken from it (not saved).
    """
    events = list(org.events.order_by("date", "pk"))
    kind = STARTING_KIND.get(org.org_type)
    if org.founded and kind and not any(e.kind in RegistrationEvent.STARTING for e in events):
        founding = RegistrationEvent(organization=org, kind=kind, date=org.founded)
        founding.from_founding_date = True
        events.insert(0, founding)
    return events


# The same order as ("name", "pk") through an expression, so that no index is walked for it.
BY_NAME_UNINDEXED = [Concat("name", Value("")).asc(), "pk"]


def _page(request, queryset, list_name: str):
    return page_of(request, queryset, PAGE_SIZE, list_name, cap=SEARCH_CAP, few_rows_order=BY_NAME_UNINDEXED)


def _list_rows(queryset):
    return queryset.select_related("registering_division", "field").order_by("name", "pk")


@login_required
def organization_list(request):
    base = Organization.objects.restrict(request.user)
    filterset = OrganizationFilter(request.GET or None, queryset=base, user=request.user)
    if filterset.is_bound:
        rows = filterset.qs if filterset.is_valid() else base.none()  # a bad filter shows its error, not everything
    else:
        rows = base
    return render(request, "registry/organization_list.html", {
        "filter": filterset,
        "page": _with_hubs(_page(request, _list_rows(rows), "organizations")),
        "query": _query_without_page(request),
        "may_add": may(request.user, Organization, ADD),  # those who may add organisations may import them
    })


def _with_hubs(page):
    page.object_list = attach_current_hubs(page.object_list)
    return page


def _query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@login_required
def organization_detail(request, pk: int):
    org = get_visible_or_404(
        with_current_hub(Organization.objects.select_related(
            "registering_division", "seat_division__parent", "field", "supervisory_unit")),
        request.user, pk=pk)
    return render(request, "registry/organization_detail.html", {
        "org": org,
        "affiliations": org.affiliations.select_related("hub").order_by("start", "pk"),
        "events": registration_events(org),
        "former_names": org.former_names.all(),
        "changes": changes_of(org),
        "can_edit": restrict(Organization.objects.filter(pk=org.pk), request.user, CHANGE).exists(),
        "can_see_party": may(request.user, PartyOrganization, VIEW),
    })


@login_required
def organization_edit(request, pk: int):
    """Edit the fields the user's role may change; out of scope is refused (403) whether or not it exists."""
    org = restrict(Organization.objects.filter(pk=pk), request.user, CHANGE).first()
    form_class = organization_form_class(request.user)
    if org is None or not form_class.base_fields:
        raise PermissionDenied
    form = form_class(request.POST or None, instance=org)
    conflict = None
    if request.method == "POST" and not form.is_valid():
        conflict = form.conflict  # stale: refused before saving, with the differences
    elif request.method == "POST":
        try:
            save_restricted(org, request.user, CHANGE,
                            save=lambda: save_versioned(org, form.cleaned_data["version"], form.save))
        except VersionConflict as error:
            conflict = conflict_of(form, error.current)
        else:
            messages.success(request, _("Saved."))
            return redirect("organization", pk=org.pk)
    return render(request, "registry/organization_edit.html", {"org": org, "form": form, "conflict": conflict})


def _history_target(request, pk: int) -> Organization:
    return get_visible_or_404(Organization.objects.all(), request.user, pk=pk)


@login_required
def organization_history(request, pk: int):
    """Every version of the record: who, when, why, what changed; restore for those who may edit."""
    org = _history_target(request, pk)
    return history_page(request, org, title=org.name, back_url=reverse("organization", args=[org.pk]),
                        restore_url_name="organization-restore", url_args=(org.pk,))


@login_required
def organization_restore(request, pk: int, history_id: int):
    org = _history_target(request, pk)  # out of scope: 404; in scope but read-only: 403 (restore_page)
    return restore_page(request, org, history_id, fields=restorable_fields(request.user), title=org.name,
                        back_url=reverse("organization", args=[org.pk]),
                        history_url=reverse("organization-history", args=[org.pk]))


def public_search(request):
    """公开查询: registered organisations' basic information, for anyone."""
    text = request.GET.get("q", "").strip()
    rows = Organization.objects.restrict(PUBLIC)
    rows = search(rows, text).select_related("registering_division").order_by("name", "pk") if text else rows.none()
    return render(request, "registry/public_search.html", {
        "q": text, "page": _page(request, rows, "public"), "query": _query_without_page(request)})


def public_detail(request, pk: int):
    org = get_visible_or_404(Organization.objects.select_related("registering_division", "supervisory_unit"),
                             PUBLIC, pk=pk)
    return render(request, "registry/public_detail.html", {
        "org": org, "events": registration_events(org), "former_names": org.former_names.all(),
        **disclosure.for_organization(org)})
