"""The office's review queue: unlinked organisations with the router's proposal and its reasons."""
from functools import lru_cache

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shuniu.accounts.permissions import scope_of
from shuniu.hubs.models import Affiliation, Hub
from shuniu.hubs.services import link
from shuniu.paginator import page_of
from shuniu.registry.models import Organization

from .models import RoutingReview
from .neighbours import linked_index
from .service import load_router

PAGE_SIZE = 25


@lru_cache(maxsize=1)
def router():
    return load_router()


def _office_only(user):
    if not scope_of(user).everything:
        raise PermissionDenied(_("Routing organisations to hubs is the city office's decision."))


def queue(user):
    """Active organisations with no hub link, not hubs themselves, not already judged to fit none."""
    return (Organization.objects.restrict(user).filter(status="active", hub__isnull=True,
                                                        routing_review__isnull=True)
            .exclude(pk__in=Affiliation.objects.filter(end__isnull=True).values("organization_id"))
            .select_related("registering_division").order_by("org_type", "name", "pk"))


@login_required
def review_queue(request):
    _office_only(request.user)
    page = page_of(request, queue(request.user), PAGE_SIZE, "routing-queue")
    rows = list(page)
    proposals = (router().route_many([(o.name, o.business_scope) for o in rows], linked=linked_index(router()))
                 if rows else [])
    hubs = list(Hub.objects.filter(level="city").order_by("slug"))
    names = {h.slug: h.short_name for h in hubs} | {"none": _("no hub")}
    return render(request, "routing/queue.html", {
        "page": page, "hubs": hubs,
        "rows": [(org, p, names.get(p.hub, p.hub), [(names.get(c.hub, c.hub), c.score) for c in p.candidates],
                  [_named(reason, names) for reason in p.reasons])
                 for org, p in zip(rows, proposals, strict=True)],
    })


def _named(reason: str, names: dict[str, str]) -> str:
    """A reason reads "sports: …" in files; on the page the hub goes by its name, with a Chinese colon."""
    slug, sep, text = reason.partition(": ")
    return f"{names.get(slug, slug)}：{text}" if sep else reason


@login_required
@require_POST
def decide(request, pk: int):
    _office_only(request.user)
    org = get_object_or_404(queue(request.user), pk=pk)
    proposal = router().route(org.name, org.business_scope, linked=linked_index(router()))
    reasons = "；".join(proposal.reasons)
    with transaction.atomic():
        if request.POST.get("action") == "none":
            RoutingReview.objects.create(organization=org, outcome=RoutingReview.Outcome.NONE,
                                         proposed=proposal.hub, score=proposal.score, reasons=reasons)
            messages.success(request, _("%(org)s: no hub's field fits.") % {"org": org.name})
            return redirect("routing-queue")
        hub = Hub.objects.filter(slug=request.POST.get("hub") or "", level="city").first()
        if hub is None:
            messages.error(request, _("Choose the hub to link %(org)s to.") % {"org": org.name})
            return redirect("routing-queue")
        kind = Affiliation.Kind.LIAISON if org.supervisory_unit_id else Affiliation.Kind.SUPERVISION
        link(org, hub, kind=kind, start=timezone.localdate(), source=Affiliation.Source.ROUTED,
             reason=_("Routed to %(hub)s: %(reasons)s") % {"hub": hub.short_name, "reasons": reasons})
        outcome = RoutingReview.Outcome.ACCEPTED if hub.slug == proposal.hub else RoutingReview.Outcome.OVERRIDDEN
        RoutingReview.objects.create(organization=org, outcome=outcome, proposed=proposal.hub,
                                     score=proposal.score, hub=hub, reasons=reasons)
    messages.success(request, _("%(org)s linked to %(hub)s.") % {"org": org.name, "hub": hub.short_name})
    return redirect("routing-queue")
