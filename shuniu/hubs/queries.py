"""Queries other apps use to show an organisation's place in the hub network."""
from django.db.models import OuterRef, QuerySet, Subquery

from .models import Affiliation


def with_current_hub(organizations: QuerySet) -> QuerySet:
    """Annotate each organisation with its open link's hub (slug, short name, kind) in the same query."""
    current = Affiliation.objects.filter(organization=OuterRef("pk"), end__isnull=True)
    return organizations.annotate(
        current_hub_slug=Subquery(current.values("hub__slug")[:1]),
        current_hub_name=Subquery(current.values("hub__short_name")[:1]),
        current_link_kind=Subquery(current.values("kind")[:1]),
    )


def attach_current_hubs(organizations) -> list:
    """The same attributes as with_current_hub, for a page already fetched: one query for the page.

    List pages sort before they cut a page; per-row subqueries would be evaluated for
    every matching row first, this reads the links of the rows shown only.
    """
    rows = list(organizations)
    links = {link["organization_id"]: link for link in Affiliation.objects.filter(
        organization_id__in=[org.pk for org in rows], end__isnull=True).values(
        "organization_id", "hub__slug", "hub__short_name", "kind")}
    for org in rows:
        link = links.get(org.pk, {})
        org.current_hub_slug = link.get("hub__slug")
        org.current_hub_name = link.get("hub__short_name")
        org.current_link_kind = link.get("kind")
    return rows

