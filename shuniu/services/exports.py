"""Export of a hub network's facilities and activities, in the columns their imports take.

A hub keeps its stations and activities in spreadsheets; it downloads them,
edits or adds rows, and imports the file back: rows keep their natural keys
(hub + name + division; hub + organiser + title + start), so what it did not
touch comes back unchanged. So the headers are the import templates' own
(imports/specs), hubs are named by their short name (by slug where two hubs share
one, as the import asks) and organisations by credit code, else by name.
"""
from __future__ import annotations

from collections.abc import Iterator

from django.db.models import QuerySet
from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext as _

from shuniu.accounts.permissions import hub_subtree, restrict
from shuniu.exports import writers
from shuniu.exports.writers import BadFilter, Progress
from shuniu.hubs.models import Hub
from shuniu.imports.specs import activities as activity_spec
from shuniu.imports.specs import facilities as facility_spec
from shuniu.imports.specs.base import folded, hub_keys

from .models import Activity, Facility
from .text import KIND_LABELS

CHUNK = 2000
PROGRESS_EVERY = 5000
PARTICIPANTS_SEPARATOR = "、"  # one the import splits on


def hub_labels() -> dict[int, str]:
    """Each hub as a file names it: its short name, or its slug where the short name is not its alone."""
    keys = hub_keys()
    return {pk: short if keys.get(folded(short)) == pk else slug
            for pk, short, slug in Hub.objects.values_list("pk", "short_name", "slug")}


def organization_label(org) -> str:
    return (org.uscc or org.name) if org else ""


# -- facilities ---------------------------------------------------------------------------------
def facilities_for(user, params: QueryDict) -> QuerySet[Facility]:
    """The facilities `user` may see; `hub` (a slug: that hub's network) and `kind` narrow them as the map does."""
    rows = restrict(Facility.objects.all(), user)
    if slug := params.get("hub"):
        hub = restrict(Hub.objects.filter(slug=slug), user).first()
        if hub is None:
            raise BadFilter(_("hub: %(slug)s is not a hub you can see") % {"slug": slug})
        rows = rows.filter(hub_id__in=hub_subtree({hub.pk}))
    if kind := params.get("kind"):
        if kind not in Facility.Kind.values:
            raise BadFilter(_("kind: %(kind)s is not one of %(kinds)s") % {
                "kind": kind, "kinds": ", ".join(Facility.Kind.values)})
        rows = rows.filter(kind=kind)
    return rows


def facility_cells(queryset: QuerySet[Facility], progress: Progress = None) -> Iterator[list]:
    hubs = hub_labels()
    query = (queryset.select_related("division").order_by("hub_id", "kind", "name", "pk")
             .iterator(chunk_size=CHUNK))
    for f in writers.counted(query, progress, PROGRESS_EVERY):
        yield [f.name, KIND_LABELS[f.kind], hubs[f.hub_id], f.division.code, f.address, f.longitude, f.latitude,
               f.opened, f.closed, f.members_covered]


def _facility_list(params: QueryDict) -> str:
    if slug := params.get("hub"):
        return reverse("hub-facilities", args=[slug]) + (f"?kind={params['kind']}" if params.get("kind") else "")
    return reverse("network")


FACILITIES = writers.Table(
    kind="facilities", sheet="服务阵地", headers=[c.header for c in facility_spec.COLUMNS],
    rows_for=facilities_for, cells=facility_cells, list_url=_facility_list)


# -- activities ---------------------------------------------------------------------------------
def activities_for(user, params: QueryDict) -> QuerySet[Activity]:
    """The activities list's rows: what `user` may see."""
    return restrict(Activity.objects.all(), user)


def activity_cells(queryset: QuerySet[Activity], progress: Progress = None) -> Iterator[list]:
    hubs = hub_labels()
    query = (queryset.select_related("organizer", "facility").prefetch_related("organizations")
             .order_by("-start", "-pk").iterator(chunk_size=CHUNK))
    for a in writers.counted(query, progress, PROGRESS_EVERY):
        taking_part = PARTICIPANTS_SEPARATOR.join(sorted(organization_label(o) for o in a.organizations.all()))
        yield [a.title, hubs[a.hub_id], organization_label(a.organizer), a.facility.name if a.facility else "",
               a.start, a.end, a.served, a.reached, taking_part, a.description]


ACTIVITIES = writers.Table(
    kind="activities", sheet="活动", headers=[c.header for c in activity_spec.COLUMNS],
    rows_for=activities_for, cells=activity_cells, list_url=lambda params: reverse("activities"))
