"""The demo's accounts, one per role, all with the same password."""
from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from shuniu.accounts.models import Grant, Role
from shuniu.divisions.models import Division
from shuniu.hubs.models import Affiliation, Hub

ORGANIZATION_ACCOUNT = "organization"


def demo_accounts() -> list[tuple[str, str, dict]]:
    """(username, role, scope) for every demo account."""
    city = Division.objects.get(code="110000")
    accounts = [("office", Role.OFFICE, {}), ("authority", Role.AUTHORITY, {"division": city})]
    accounts += [(f"district-{d.code}", Role.DISTRICT, {"division": d})
                 for d in Division.objects.districts().current().filter(parent=city).order_by("code")]
    # (Beijing's districts only: the national scenario's 2,900 counties get no demo accounts.)
    city_hubs = list(Hub.objects.filter(level="city").order_by("slug"))
    accounts += [(f"hub-{h.slug}", Role.HUB, {"hub": h}) for h in city_hubs]
    # The hub's party-work staff: they see party members' personal data, other hub staff see it masked.
    accounts += [(f"hub-{h.slug}-party", Role.HUB, {"hub": h, "party_work": True}) for h in city_hubs]
    linked = (Affiliation.objects.filter(end__isnull=True, hub__slug="science", organization__org_type="association")
              .select_related("organization").order_by("organization__name").first())
    if linked is not None:
        accounts.append((ORGANIZATION_ACCOUNT, Role.ORGANIZATION, {"organization": linked.organization}))
    return accounts


def ensure_demo_accounts(password: str) -> list[str]:
    """Create the accounts (or reset their password); returns the usernames."""
    User = get_user_model()
    hashed = make_password(password)  # one slow hash, not forty: the accounts share the password
    names = []
    for username, role, scope in demo_accounts():
        user, _ = User.objects.get_or_create(username=username)
        user.is_active = True
        user.is_staff = user.is_superuser = role == Role.OFFICE
        user.password = hashed
        user.save()
        if not Grant.objects.filter(user=user, role=role, **scope).exists():
            grant = Grant(user=user, role=role, **scope)
            grant.full_clean()
            grant.save()
        names.append(username)
    return names
