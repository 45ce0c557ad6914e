"""Service network pages: a hub's facility map with its reach, the activities list and the entry form."""
from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from shuniu.accounts.permissions import (
    ADD,
    CHANGE,
    get_visible_or_404,
    hub_subtree,
    may,
    may_import,
    own_organizations,
    restrict,
    save_restricted,
)
from shuniu.analytics.cache import cached
from shuniu.audit.versioning import VersionConflict, conflict_of, save_versioned
from shuniu.hubs.models import Hub
from shuniu.paginator import page_of
from shuniu.party.services import create_restricted
from shuniu.party.views import as_of

from .figures import hub_reach
from .forms import ActivityForm, ContactRecordForm, FacilityForm
from .models import Activity, ContactRecord, Facility

PAGE_SIZE = 50


@login_required
def hub_facilities(request, slug: str):
    """A hub network's facilities on the Beijing map, with what the network reaches."""
    hub = get_visible_or_404(Hub.objects.select_related("organization", "division"), request.user, slug=slug)
    day, bad_date = as_of(request)
    subtree = hub_subtree({hub.pk})
    facilities = restrict(Facility.objects.filter(hub_id__in=subtree), request.user)
    kind = request.GET.get("kind", "")
    kind = kind if kind in Facility.Kind.values else ""  # an unknown kind shows them all
    if kind:
        facilities = facilities.filter(kind=kind)
    kinds = dict(Facility.Kind.choices)
    points = [[float(lng), float(lat), kinds[k], name] for lng, lat, k, name in facilities.filter(
        latitude__isnull=False).order_by("pk").values_list("longitude", "latitude", "kind", "name")]
    page = page_of(request, facilities.select_related("hub", "division").order_by("kind", "name", "pk"),
                   PAGE_SIZE, f"facilities-{hub.pk}")
    return render(request, "services/hub_facilities.html", {
        "hub": hub, "day": day, "bad_date": bad_date, "kind": kind, "kinds": Facility.Kind.choices,
        "reach": cached("hub-reach", lambda: hub_reach(subtree, day), hub.pk, day),
        "map": {"points": points, "kinds": [str(label) for _, label in Facility.Kind.choices]},
        "page": page,
        "export_query": urlencode({"hub": hub.slug, **({"kind": kind} if kind else {})}),
        "can_add_activity": may(request.user, Activity, ADD),
        "can_add_facility": may(request.user, Facility, ADD),
        "can_change_facility": may(request.user, Facility, CHANGE),
        "can_add_contact": may(request.user, ContactRecord, ADD),
        "contacts": restrict(ContactRecord.objects.filter(hub_id__in=subtree), request.user)
        .select_related("hub", "organization").order_by("-date", "-pk")[:20],
    })


@login_required
def activity_list(request):
    rows = (restrict(Activity.objects.all(), request.user)
            .select_related("hub", "organizer", "facility").order_by("-start", "-pk"))
    page = page_of(request, rows, PAGE_SIZE, "activities")
    editable = set(_changeable_activities(request.user).filter(pk__in=[a.pk for a in page])
                   .values_list("pk", flat=True)) if may(request.user, Activity, CHANGE) else set()
    return render(request, "services/activity_list.html", {
        "page": page, "can_add": may(request.user, Activity, ADD), "editable": editable,
        "can_import": may_import(request.user, "activities", Activity)})


def _changeable_activities(user):
    """Activities the user may edit: an organisation (without a hub role) only those it organised,
    not the ones it merely took part in."""
    rows = restrict(Activity.objects.all(), user, CHANGE)
    own = own_organizations(user)
    if own is not None:
        rows = rows.filter(organizer_id__in=own)
    return rows


@login_required
def activity_add(request):
    """Hub staff record their network's activities; an organisation records its own."""
    if not may(request.user, Activity, ADD):
        raise PermissionDenied(_("Your account does not record activities."))
    form = ActivityForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        create_restricted(Activity, request.user, form.save)
        messages.success(request, _("Activity recorded."))
        return redirect("activities")
    return render(request, "services/activity_form.html", {"form": form, "title": _("Record an activity")})


@login_required
def activity_edit(request, pk: int):
    """Edit an activity: out of sight 404; seen but not the user's to change 403; a stale save shows the
    differences."""
    activity = get_visible_or_404(Activity.objects.select_related("organizer", "facility"), request.user, pk=pk)
    if not may(request.user, Activity, CHANGE) or not _changeable_activities(request.user).filter(pk=pk).exists():
        raise PermissionDenied(_("You may not change this activity."))
    form = ActivityForm(request.POST or None, instance=activity, user=request.user)
    conflict = None
    if request.method == "POST" and not form.is_valid():
        conflict = form.conflict
    elif request.method == "POST":
        try:
            save_restricted(activity, request.user, CHANGE,
                            save=lambda: save_versioned(activity, form.cleaned_data["version"], form.save))
        except VersionConflict as error:
            conflict = conflict_of(form, error.current)
        else:
            messages.success(request, _("Saved."))
            return redirect("activities")
    return render(request, "services/activity_form.html", {"form": form, "conflict": conflict,
                                                            "title": _("Edit activity")})


@login_required
def contact_add(request):
    """A hub's daily contact, guidance, training or visit with an organisation it may see."""
    if not may(request.user, ContactRecord, ADD):
        raise PermissionDenied(_("Your account does not record contacts."))
    form = ContactRecordForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        record = create_restricted(ContactRecord, request.user, form.save)
        messages.success(request, _("Contact recorded."))
        return redirect("hub-facilities", slug=record.hub.slug)
    return render(request, "services/contact_form.html", {"form": form})


def _network_hubs(user, hub: Hub):
    """The hub and its sub-hubs that the user sees: where a facility of this network may belong."""
    return Hub.objects.restrict(user).filter(pk__in=hub_subtree({hub.pk})).order_by("level", "slug")


@login_required
def facility_add(request, slug: str):
    """A new facility in a hub's network; who sees the hub but may not add facilities gets 403."""
    hub = get_visible_or_404(Hub.objects.select_related("organization"), request.user, slug=slug)
    if not may(request.user, Facility, ADD):
        raise PermissionDenied(_("Facilities are recorded by the office and the hubs."))
    form = FacilityForm(request.POST or None, user=request.user, hubs=_network_hubs(request.user, hub),
                        initial={"hub": hub.pk})
    if request.method == "POST" and form.is_valid():
        create_restricted(Facility, request.user, form.save)
        messages.success(request, _("Facility recorded."))
        return redirect("hub-facilities", slug=hub.slug)
    return render(request, "services/facility_form.html", {"hub": hub, "form": form, "conflict": None,
                                                            "title": _("Record a facility")})


@login_required
def facility_edit(request, pk: int):
    """Edit a facility: out of sight 404; seen but not changeable 403; a stale save shows the differences."""
    facility = get_visible_or_404(Facility.objects.select_related("hub__organization", "division"),
                                  request.user, pk=pk)
    if not restrict(Facility.objects.filter(pk=pk), request.user, CHANGE).exists():
        raise PermissionDenied(_("Facilities are changed by the office and the hubs."))
    hub = facility.hub
    form = FacilityForm(request.POST or None, instance=facility, user=request.user,
                        hubs=_network_hubs(request.user, _network_root(request.user, hub)))
    conflict = None
    if request.method == "POST" and not form.is_valid():
        conflict = form.conflict
    elif request.method == "POST":
        try:
            save_restricted(facility, request.user, CHANGE,
                            save=lambda: save_versioned(facility, form.cleaned_data["version"], form.save))
        except VersionConflict as error:
            conflict = conflict_of(form, error.current)
        else:
            messages.success(request, _("Saved."))
            return redirect("hub-facilities", slug=hub.slug)
    return render(request, "services/facility_form.html", {"hub": hub, "form": form, "conflict": conflict,
                                                            "title": _("Edit facility")})


def _network_root(user, hub: Hub) -> Hub:
    """The highest hub above `hub` the user still sees, so a facility can move within the network it sees."""
    visible = set(Hub.objects.restrict(user).values_list("pk", flat=True))
    while hub.parent_id and hub.parent_id in visible:
        hub = hub.parent
    return hub
