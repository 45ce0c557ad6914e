from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from shuniu.oversight.nav import oversight_links

from .models import Role
from .permissions import scope_of


def workspace(request):
    """The navigation a user's roles open, so every page shows the same menu."""
    user = getattr(request, "user", None)
    scope = scope_of(user)
    links = []
    if scope.everything:
        links += [(_("Overview"), reverse("dashboard")), (_("Routing review"), reverse("routing-queue"))]
    for grant in scope.grants:
        if grant.role == Role.DISTRICT:
            links.append((grant.division.name, reverse("district", args=[grant.division.code])))
        elif grant.role == Role.HUB:
            links.append((grant.hub.short_name, reverse("hub", args=[grant.hub.slug])))
        elif grant.role == Role.ORGANIZATION:
            links.append((_("Our organisation"), reverse("organization", args=[grant.organization_id])))
    if user is not None and user.is_authenticated and scope.roles:
        links += [(_("Organisations"), reverse("organizations")), (_("Hub network"), reverse("network"))]
        links += oversight_links()
    links.append((_("Public search"), reverse("public-search")))
    return {"nav_links": links, "is_office": scope.everything}
