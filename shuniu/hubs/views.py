"""Hub pages: one hub with its organisations and sub-hubs, and the whole network as a tree."""
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import render
from django.urls import reverse

from shuniu.accounts.permissions import division_subtree, get_visible_or_404, hub_subtree, scope_of
from shuniu.analytics.cache import cached
from shuniu.audit.views import history_page, restore_page
from shuniu.paginator import page_of
from shuniu.registry.models import Organization

from .models import Affiliation, Hub
from .queries import attach_current_hubs

PAGE_SIZE = 50


@login_required
def hub_detail(request, slug: str):
    hub = get_visible_or_404(Hub.objects.select_related("organization", "division", "parent"), request.user,
                             slug=slug)
    subtree = hub_subtree({hub.pk})
    linked = Organization.objects.restrict(request.user).filter(pk__in=Affiliation.objects.filter(
        end__isnull=True, hub_id__in=subtree).values("organization_id"))
    page = page_of(request, linked.select_related("registering_division").order_by("name", "pk"),
                   PAGE_SIZE, f"hub-{hub.pk}")
    page.object_list = attach_current_hubs(page.object_list)
    return render(request, "hubs/hub_detail.html", {
        "hub": hub,
        "fields": hub.fields.all(),
        "recognitions": hub.recognitions.select_related("recognised_by"),
        "children": _with_counts(Hub.objects.restrict(request.user).filter(parent=hub)),
        # A district office sees its district hub but not the city hub above it: name it, do not link a 404.
        "parent_visible": hub.parent_id is not None
        and Hub.objects.restrict(request.user).filter(pk=hub.parent_id).exists(),
        "coverage": cached("hub-coverage", lambda: _coverage(hub, subtree), hub.pk),
        "page": page,
        # The list (and its count) holds what the viewer may see; the coverage cards count the hub's whole
        # network. An organisation's account sees itself among 599: the count must say it is the viewer's.
        "sees_network": _sees_network(request.user, hub),
    })


def _sees_network(user, hub: Hub) -> bool:
    scope = scope_of(user)
    return scope.everything or hub.pk in scope.hub_ids


def _coverage(hub: Hub, subtree: set[int]) -> dict:
    """Of the organisations in the hub's fields and area, how many its network links, and how.

    Counts only, over all organisations: a hub's staff cannot list the organisations
    of its field it does not link, but how many there are is the measure of its reach.
    """
    in_field = Organization.objects.filter(
        status="active", field__in=hub.fields.all(), hub__isnull=True,
        registering_division_id__in=division_subtree({hub.division_id}))
    counts = in_field.aggregate(
        total=Count("pk", distinct=True),
        supervised=Count("pk", distinct=True, filter=Q(affiliations__end__isnull=True,
                                                       affiliations__hub_id__in=subtree,
                                                       affiliations__kind=Affiliation.Kind.SUPERVISION)),
        liaison=Count("pk", distinct=True, filter=Q(affiliations__end__isnull=True,
                                                    affiliations__hub_id__in=subtree,
                                                    affiliations__kind=Affiliation.Kind.LIAISON)),
    )
    linked = counts["linked"] = counts["supervised"] + counts["liaison"]
    counts["share"] = linked / counts["total"] if counts["total"] else None
    return counts


def _with_counts(hubs):
    return hubs.annotate(linked=Count("affiliations", filter=Q(affiliations__end__isnull=True))).order_by(
        "slug")


@login_required
def network(request):
    """City → district → street hubs, each with the organisations it links directly."""
    hubs = list(_with_counts(Hub.objects.restrict(request.user).select_related("division")))
    by_pk = {h.pk: h for h in hubs}
    children: dict[int | None, list[Hub]] = {}
    for hub in hubs:
        hub.sub, hub.total = [], hub.linked
    for hub in hubs:
        parent = by_pk.get(hub.parent_id)
        (parent.sub if parent else children.setdefault(None, [])).append(hub)
    # Totals roll up from the streets: a hub's network links what its sub-hubs link.
    for hub in sorted(hubs, key=lambda h: LEVEL_DEPTH[h.level], reverse=True):
        if hub.parent_id in by_pk:
            by_pk[hub.parent_id].total += hub.total
    roots = sorted(children.get(None, []), key=lambda h: -h.total)
    return render(request, "hubs/network.html", {"roots": roots, "hub_count": len(hubs), "single": len(roots) == 1})


# What "restore this version" brings back: the hub's place in the network and its authorised fields.
# Its organisation and slug identify it and are never restored away.
# Not `fields`: a hub's authorised fields change only through recognition (hubs/authorisation.py), which a
# restore would bypass; the history still shows them.
HUB_RESTORABLE = ["short_name", "level", "division", "parent", "supervisory_unit"]


@login_required
def hub_history(request, slug: str):
    hub = get_visible_or_404(Hub.objects.all(), request.user, slug=slug)
    return history_page(request, hub, title=hub.short_name, back_url=reverse("hub", args=[hub.slug]),
                        restore_url_name="hub-restore", url_args=(hub.slug,))


@login_required
def hub_restore(request, slug: str, history_id: int):
    hub = get_visible_or_404(Hub.objects.all(), request.user, slug=slug)
    return restore_page(request, hub, history_id, fields=HUB_RESTORABLE, title=hub.short_name,
                        back_url=reverse("hub", args=[hub.slug]), history_url=reverse("hub-history", args=[hub.slug]))


LEVEL_DEPTH = {"city": 0, "district": 1, "street": 2}
