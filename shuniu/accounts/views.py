from django.shortcuts import redirect

from .models import Role
from .permissions import scope_of


def home(request):
    """Each role lands in its own workspace; the public lands on the disclosure search."""
    scope = scope_of(request.user)
    if scope.everything:
        return redirect("dashboard")
    for grant in scope.grants:
        if grant.role == Role.DISTRICT:
            return redirect("district", code=grant.division.code)
        if grant.role == Role.HUB:
            return redirect("hub", slug=grant.hub.slug)
        if grant.role == Role.ORGANIZATION:
            return redirect("organization", pk=grant.organization_id)
        if grant.role == Role.AUTHORITY:
            return redirect("organizations")
    return redirect("public-search")
