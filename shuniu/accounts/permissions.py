"""The one permission choke point: `restrict(queryset, user, action)`.

Every queryset that reaches a user — pages, API, form choices, exports,
reports — is filtered here. Two questions, answered in this file only:

1. May the user's roles perform `action` on this model at all? (ALLOWED)
2. Which rows? The rows inside the user's scope (ROW_RULES), where a scope is
   the union of the user's grants and every grant covers its subtree: a
   district covers its streets (and the retired codes that became it), a hub
   covers its sub-hubs.

Anonymous users are the public: they see the disclosure subset only.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q

from .models import Grant, Role

VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"
ALL_ROLES = frozenset(Role)
PUBLIC = "public"
REGISTERED_TYPES = ("association", "service_org", "foundation")


@dataclass(frozen=True)
class Scope:
    """What a user's grants cover, as sets of ids (computed once per request)."""

    roles: frozenset[str] = frozenset()
    everything: bool = False
    division_ids: frozenset[int] = frozenset()
    hub_ids: frozenset[int] = frozenset()
    organization_ids: frozenset[int] = frozenset()
    user_id: int | None = None
    grants: tuple = field(default=(), compare=False)

    @property
    def is_public(self) -> bool:
        return self.user_id is None


def scope_of(user) -> Scope:
    if user is None or not user.is_authenticated:
        return Scope(roles=frozenset({PUBLIC}))
    cached = getattr(user, "_shuniu_scope", None)
    if cached is None:
        cached = user._shuniu_scope = _compute_scope(user)
    return cached


def _compute_scope(user) -> Scope:
    grants = tuple(Grant.objects.filter(user=user).select_related("division", "hub"))
    roles = frozenset(g.role for g in grants)
    if user.is_superuser:
        roles |= {Role.OFFICE}
    return Scope(
        roles=roles,
        everything=Role.OFFICE in roles,
        division_ids=frozenset(division_subtree({g.division_id for g in grants if g.division_id})),
        hub_ids=frozenset(hub_subtree({g.hub_id for g in grants if g.hub_id})),
        organization_ids=frozenset(g.organization_id for g in grants if g.organization_id),
        user_id=user.pk,
        grants=grants,
    )


def division_subtree(roots: Iterable[int]) -> set[int]:
    """The divisions below `roots`, including retired divisions that became one of them."""
    Division = apps.get_model("divisions", "Division")
    found: set[int] = set()
    frontier = set(roots)
    while frontier:
        found |= frontier
        below = set(Division.objects.filter(Q(parent_id__in=frontier) | Q(successor_id__in=frontier))
                    .values_list("pk", flat=True))
        frontier = below - found
    return found


def hub_subtree(roots: Iterable[int]) -> set[int]:
    Hub = apps.get_model("hubs", "Hub")
    found: set[int] = set()
    frontier = set(roots)
    while frontier:
        found |= frontier
        frontier = set(Hub.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - found
    return found


# -- which roles may do what --------------------------------------------------------------------
READ_ONLY = {VIEW: ALL_ROLES | {PUBLIC}}
ALLOWED: dict[str, dict[str, frozenset[str]]] = {
    "registry.organization": {VIEW: ALL_ROLES | {PUBLIC},
                              ADD: frozenset({Role.OFFICE, Role.AUTHORITY}),
                              CHANGE: frozenset({Role.OFFICE, Role.AUTHORITY, Role.ORGANIZATION})},
    "registry.registrationevent": {VIEW: ALL_ROLES | {PUBLIC}, ADD: frozenset({Role.OFFICE, Role.AUTHORITY})},
    "registry.formername": {VIEW: ALL_ROLES | {PUBLIC}},
    "registry.supervisoryunit": READ_ONLY,
    "registry.field": READ_ONLY,
    "divisions.division": READ_ONLY,
    "divisions.population": READ_ONLY,
    "hubs.hub": {VIEW: ALL_ROLES | {PUBLIC}},
    "hubs.recognition": {VIEW: ALL_ROLES | {PUBLIC}},
    "hubs.affiliation": {VIEW: ALL_ROLES,
                         ADD: frozenset({Role.OFFICE, Role.HUB}),
                         CHANGE: frozenset({Role.OFFICE, Role.HUB})},
    "accounts.grant": {VIEW: ALL_ROLES},
    "routing.routingreview": {VIEW: frozenset({Role.OFFICE})},
    # Imports write the registry: the roles that may add organisations. Hubs do not import (yet):
    # their bulk work is affiliations, whose import spec waits on a hub-scoped review.
    "imports.importjob": {VIEW: frozenset({Role.OFFICE, Role.AUTHORITY}),
                          ADD: frozenset({Role.OFFICE, Role.AUTHORITY})},
}


def may(user, model: type[models.Model], action: str) -> bool:
    """Whether any of the user's roles may perform `action` on `model` at all."""
    scope = scope_of(user)
    if scope.everything:
        return True
    allowed = ALLOWED.get(model._meta.label_lower, {}).get(action, frozenset())
    return bool(scope.roles & allowed)


# -- which rows ---------------------------------------------------------------------------------
def _org_rows(scope: Scope) -> Q:
    if scope.is_public:
        return Q(org_type__in=REGISTERED_TYPES)
    # Only the parts a scope has, and IN-subqueries rather than correlated EXISTS:
    # the database evaluates each subquery once instead of once per organisation.
    q = Q(pk__in=[])
    if scope.organization_ids:
        q |= Q(pk__in=scope.organization_ids)
    if scope.division_ids:
        q |= Q(registering_division_id__in=scope.division_ids) | Q(seat_division_id__in=scope.division_ids)
    if scope.hub_ids:
        Affiliation, Hub = apps.get_model("hubs", "Affiliation"), apps.get_model("hubs", "Hub")
        linked = Affiliation.objects.filter(end__isnull=True, hub_id__in=scope.hub_ids).values("organization_id")
        q |= Q(pk__in=linked) | Q(pk__in=Hub.objects.filter(pk__in=scope.hub_ids).values("organization_id"))
    return q


def _via_organization(prefix: str) -> Callable[[Scope], Q]:
    def rule(scope: Scope) -> Q:
        Organization = apps.get_model("registry", "Organization")
        return Q(**{f"{prefix}__in": Organization.objects.filter(_org_rows(scope)).values("pk")})
    return rule


def _hub_rows(scope: Scope) -> Q:
    if scope.is_public:
        return Q()  # the hubs and their recognition are public
    Affiliation = apps.get_model("hubs", "Affiliation")
    own_link = Exists(Affiliation.objects.filter(hub=OuterRef("pk"), end__isnull=True,
                                                 organization_id__in=scope.organization_ids))
    return Q(pk__in=scope.hub_ids) | Q(division_id__in=scope.division_ids) | Q(own_link)


def _affiliation_rows(scope: Scope) -> Q:
    return Q(hub_id__in=scope.hub_ids) | _via_organization("organization")(scope)


def _everything(scope: Scope) -> Q:
    return Q()


ROW_RULES: dict[str, Callable[[Scope], Q]] = {
    "registry.organization": _org_rows,
    "registry.registrationevent": _via_organization("organization"),
    "registry.formername": _via_organization("organization"),
    "registry.supervisoryunit": _everything,
    "registry.field": _everything,
    "divisions.division": _everything,
    "divisions.population": _everything,
    "hubs.hub": _hub_rows,
    "hubs.recognition": lambda scope: Q(hub__in=apps.get_model("hubs", "Hub").objects.filter(_hub_rows(scope))),
    "hubs.affiliation": _affiliation_rows,
    "accounts.grant": lambda scope: Q(user_id=scope.user_id),
    "routing.routingreview": _via_organization("organization"),
    "imports.importjob": lambda scope: Q(created_by_id=scope.user_id),  # one's own imports (the office sees all)
}


def restrict(queryset: models.QuerySet, user, action: str = VIEW) -> models.QuerySet:
    """The rows of `queryset` that `user` may perform `action` on; none if the model is unknown here."""
    model = queryset.model
    label = model._meta.label_lower
    scope = scope_of(user)
    if scope.everything:
        return queryset
    if label not in ROW_RULES or not may(user, model, action):
        return queryset.none()
    return queryset.filter(ROW_RULES[label](scope))


def save_restricted(obj: models.Model, user, action: str, save: Callable[[], object] | None = None):
    """Save `obj`, then re-read it through restrict() in the same transaction.

    If the saved row is outside what the user may `action`, the save is rolled
    back: a form that lets a user move a record out of their own scope cannot
    succeed.
    """
    model = type(obj)
    if not may(user, model, action):
        raise PermissionDenied
    with transaction.atomic():
        result = save() if save is not None else obj.save()
        if not restrict(model.objects.filter(pk=obj.pk), user, action).exists():
            raise PermissionDenied
    return result


def get_visible_or_404(queryset: models.QuerySet, user, action: str = VIEW, **lookup):
    """The object if the user may `action` it; 404 otherwise, so its existence is not disclosed."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(restrict(queryset, user, action), **lookup)


def covers_division(user, division) -> bool:
    scope = scope_of(user)
    return scope.everything or division.pk in scope.division_ids
