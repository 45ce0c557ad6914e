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

from . import lookups  # noqa: F401  (registers field__in_subquery)
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


SCOPE_SETS = ("division_ids", "hub_ids", "organization_ids")


def frozen_scope(user) -> dict:
    """The user's scope now, as JSON: a background job (an export) does what the user could when asking."""
    scope = scope_of(user)
    return {"roles": sorted(scope.roles), "everything": scope.everything,
            **{name: sorted(getattr(scope, name)) for name in SCOPE_SETS}}


def with_frozen_scope(user, data: dict):
    """`user`, whose restrict() answers from `data` (frozen_scope) instead of today's grants.

    Row rules read the id sets only; the grants themselves are not kept (nothing that reads them,
    such as party privacy, may run on a frozen scope)."""
    user._shuniu_scope = Scope(roles=frozenset(data["roles"]), everything=bool(data["everything"]),
                               user_id=user.pk, **{name: frozenset(data[name]) for name in SCOPE_SETS})
    return user


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
PARTY_VIEWERS = frozenset({Role.OFFICE, Role.DISTRICT, Role.HUB, Role.ORGANIZATION})
HUB_WORK = frozenset({Role.OFFICE, Role.HUB})
# Which roles may import each kind of file; each row is then held to restrict() like any change.
# Hubs import their network's facilities and activities; an organisation's account its own activities
# (the organiser is always one of its organisations: activities.py). Affiliations stay with the office:
# a hub's bulk links wait on a hub-scoped review (the authority may not add links at all).
IMPORTERS: dict[str, frozenset[str]] = {
    "organizations": frozenset({Role.OFFICE, Role.AUTHORITY}),
    "affiliations": frozenset({Role.OFFICE}),
    "facilities": HUB_WORK,
    "activities": HUB_WORK | {Role.ORGANIZATION},
}
IMPORTING = frozenset().union(*IMPORTERS.values())
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
    # Oversight: the public sees concluded inspections, list entries and grades (the disclosure);
    # steps are taken through the workflow services, which check the role each step needs.
    "oversight.annualreport": {VIEW: ALL_ROLES | {PUBLIC}, ADD: frozenset({Role.ORGANIZATION}),
                               CHANGE: frozenset({Role.ORGANIZATION, Role.HUB, Role.AUTHORITY})},
    "oversight.annualreportstep": {VIEW: ALL_ROLES},
    "oversight.creditlistentry": {VIEW: ALL_ROLES | {PUBLIC}, ADD: frozenset({Role.AUTHORITY}),
                                  CHANGE: frozenset({Role.AUTHORITY})},
    "oversight.creditliststep": {VIEW: ALL_ROLES},
    "oversight.grading": {VIEW: ALL_ROLES | {PUBLIC}, ADD: frozenset({Role.ORGANIZATION, Role.AUTHORITY}),
                          CHANGE: frozenset({Role.AUTHORITY})},
    "oversight.gradingstep": {VIEW: ALL_ROLES},
    # Party building: the hubs' political duty. Registration authorities and the public see none of it.
    "party.partyorganization": {VIEW: PARTY_VIEWERS, ADD: HUB_WORK, CHANGE: HUB_WORK},
    "party.coverage": {VIEW: PARTY_VIEWERS, ADD: HUB_WORK},
    "party.partymember": {VIEW: PARTY_VIEWERS, ADD: HUB_WORK, CHANGE: HUB_WORK},
    "party.partymeeting": {VIEW: PARTY_VIEWERS, ADD: HUB_WORK | {Role.ORGANIZATION}},
    "party.instructor": {VIEW: PARTY_VIEWERS, ADD: HUB_WORK, CHANGE: HUB_WORK},
    "party.instructorassignment": {VIEW: PARTY_VIEWERS, ADD: HUB_WORK},
    # The service network: facilities are the hubs'; organisations also record their own activities.
    "services.facility": {VIEW: ALL_ROLES, ADD: HUB_WORK, CHANGE: HUB_WORK},
    "services.activity": {VIEW: ALL_ROLES, ADD: HUB_WORK | {Role.ORGANIZATION},
                          CHANGE: HUB_WORK | {Role.ORGANIZATION}},
    "services.participation": {VIEW: ALL_ROLES, ADD: HUB_WORK | {Role.ORGANIZATION}},
    "services.contactrecord": {VIEW: frozenset({Role.OFFICE, Role.DISTRICT, Role.HUB, Role.ORGANIZATION}),
                               ADD: HUB_WORK},
    # oversight (recognition, evaluation, service purchasing, transfers): writes go through the
    # workflows (oversight/transitions.py), which check who may take each step on a visible record.
    "oversight.recognitionapplication": {VIEW: ALL_ROLES, ADD: ALL_ROLES},
    "oversight.steplog": {VIEW: frozenset({Role.OFFICE})},
    "oversight.indicator": {VIEW: ALL_ROLES, ADD: frozenset({Role.OFFICE}), CHANGE: frozenset({Role.OFFICE})},
    "oversight.hubevaluation": {VIEW: frozenset({Role.OFFICE, Role.DISTRICT, Role.HUB})},
    "oversight.evaluationline": {VIEW: frozenset({Role.OFFICE, Role.DISTRICT, Role.HUB})},
    # Scoring a year is the office's, and so is following the job that does it.
    "oversight.evaluationjob": {VIEW: frozenset({Role.OFFICE}), ADD: frozenset({Role.OFFICE})},
    "oversight.servicecall": {VIEW: ALL_ROLES, ADD: frozenset({Role.OFFICE}), CHANGE: frozenset({Role.OFFICE})},
    "oversight.serviceproject": {VIEW: ALL_ROLES, ADD: frozenset({Role.OFFICE, Role.ORGANIZATION})},
    "oversight.projectreport": {VIEW: ALL_ROLES},
    "oversight.transferrequest": {VIEW: ALL_ROLES, ADD: frozenset({Role.OFFICE, Role.HUB})},
    "oversight.supervisoryunitchange": {VIEW: ALL_ROLES, ADD: frozenset({Role.OFFICE, Role.ORGANIZATION})},
    # Imports: whoever may import some kind of file (IMPORTERS) sees the import pages and their own jobs.
    "imports.importjob": {VIEW: IMPORTING, ADD: IMPORTING},
    # Everyone who sees organisations may export them; the job, like its file, is the asker's own.
    "exports.exportjob": {VIEW: ALL_ROLES, ADD: ALL_ROLES},
}


def may(user, model: type[models.Model], action: str) -> bool:
    """Whether any of the user's roles may perform `action` on `model` at all."""
    scope = scope_of(user)
    if scope.everything:
        return True
    allowed = ALLOWED.get(model._meta.label_lower, {}).get(action, frozenset())
    return bool(scope.roles & allowed)


def may_import(user, kind: str, model: type[models.Model]) -> bool:
    """Whether the user may import files of `kind` (rows of `model`) at all; the rows are checked one by one."""
    scope = scope_of(user)
    allowed = IMPORTERS.get(kind, frozenset())
    return (scope.everything or bool(scope.roles & allowed)) and may(user, model, ADD)


def own_organizations(user) -> frozenset[int] | None:
    """The organisations a user records work for when it acts as an organisation's own account only:
    it is then the organiser of what it records. None when its roles reach further (the office, a hub)."""
    scope = scope_of(user)
    if Role.ORGANIZATION not in scope.roles or scope.everything or Role.HUB in scope.roles:
        return None
    return scope.organization_ids


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
        hubs = Hub.objects.filter(pk__in=scope.hub_ids).values("organization_id")
        q |= Q(pk__in_subquery=linked) | Q(pk__in_subquery=hubs)  # see lookups.py: one index lookup, no scan
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


def _party_organization_rows(scope: Scope) -> Q:
    """A hub's own party organisations (its joint committee, its joint branches), and those covering
    an organisation the user sees."""
    Coverage = apps.get_model("party", "Coverage")
    Organization = apps.get_model("registry", "Organization")
    covering = Coverage.objects.filter(organization__in=Organization.objects.filter(_org_rows(scope)).values("pk"))
    return (Q(pk__in=covering.values("party_organization_id")) | Q(hub_id__in=scope.hub_ids)
            | Q(hub__division_id__in=scope.division_ids))


def _via_party_organization(prefix: str) -> Callable[[Scope], Q]:
    def rule(scope: Scope) -> Q:
        PartyOrganization = apps.get_model("party", "PartyOrganization")
        return Q(**{f"{prefix}__in": PartyOrganization.objects.filter(_party_organization_rows(scope)).values("pk")})
    return rule


def _party_member_rows(scope: Scope) -> Q:
    return _via_organization("organization")(scope) | _via_party_organization("branch")(scope)


def _hub_owned(scope: Scope, extra: Callable[[Scope], Q] | None = None) -> Q:
    """Records a hub owns: its staff (and those of the hubs above) and the hub's district see them."""
    q = Q(hub_id__in=scope.hub_ids) | Q(hub__division_id__in=scope.division_ids)
    return q | extra(scope) if extra is not None else q


def _activity_rows(scope: Scope) -> Q:
    Participation = apps.get_model("services", "Participation")
    Organization = apps.get_model("registry", "Organization")
    visible = Organization.objects.filter(_org_rows(scope)).values("pk")
    return _hub_owned(scope) | Q(organizer__in=visible) | Q(
        pk__in=Participation.objects.filter(organization__in=visible).values("activity_id"))


def _everything(scope: Scope) -> Q:
    return Q()


def _disclosed(prefix: str, public: Q) -> Callable[[Scope], Q]:
    """Rows of an organisation in scope; for the public, only the disclosed ones (`public`)."""
    def rule(scope: Scope) -> Q:
        rows = _via_organization(prefix)(scope)
        return rows & public if scope.is_public else rows
    return rule


def _annual_report_rows(scope: Scope) -> Q:
    # The pre-reviewing hub sees the reports waiting on it even if the link has since moved.
    rows = _disclosed("organization", Q(state="concluded"))(scope)
    return rows if scope.is_public else rows | Q(hub_id__in=scope.hub_ids)


def _of_hub(prefix: str) -> Callable[[Scope], Q]:
    """Rows about a hub: its own staff (and the hubs above it) and the districts it sits in see them."""
    def rule(scope: Scope) -> Q:
        return Q(**{f"{prefix}_id__in": scope.hub_ids}) | Q(**{f"{prefix}__division_id__in": scope.division_ids})
    return rule


def _recognition_application_rows(scope: Scope) -> Q:
    return (_via_organization("organization")(scope) | Q(hub_id__in=scope.hub_ids)
            | Q(parent_id__in=scope.hub_ids) | Q(division_id__in=scope.division_ids))


def _project_rows(scope: Scope) -> Q:
    return Q(responsible_hub_id__in=scope.hub_ids) | _via_organization("organization")(scope)


def _transfer_rows(scope: Scope) -> Q:
    # Both hubs see the request, the receiving one before the organisation is in its scope.
    return (Q(from_hub_id__in=scope.hub_ids) | Q(to_hub_id__in=scope.hub_ids)
            | _via_organization("organization")(scope))


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
    "oversight.annualreport": _annual_report_rows,
    "oversight.annualreportstep": lambda scope: Q(report__in=apps.get_model("oversight", "AnnualReport").objects
                                                  .filter(_annual_report_rows(scope)).values("pk")),
    "oversight.creditlistentry": _disclosed("organization", Q()),
    "oversight.creditliststep": _via_organization("entry__organization"),
    "oversight.grading": _disclosed("organization", Q(state="graded")),
    "oversight.gradingstep": _via_organization("grading__organization"),
    "party.partyorganization": _party_organization_rows,
    "party.coverage": _via_party_organization("party_organization"),
    "party.partymember": _party_member_rows,
    "party.partymeeting": _via_party_organization("party_organization"),
    "party.instructor": lambda scope: _hub_owned(scope, lambda s: Q(pk__in=apps.get_model(
        "party", "InstructorAssignment").objects.filter(_via_organization("organization")(s)).values("instructor_id"))),
    "party.instructorassignment": lambda scope: Q(instructor__hub_id__in=scope.hub_ids) | _via_organization(
        "organization")(scope),
    "services.facility": lambda scope: Q(hub__in=apps.get_model("hubs", "Hub").objects.filter(_hub_rows(scope)))
    | Q(division_id__in=scope.division_ids),
    "services.activity": _activity_rows,
    "services.participation": lambda scope: Q(activity__in=apps.get_model("services", "Activity").objects.filter(
        _activity_rows(scope)).values("pk")),
    "services.contactrecord": lambda scope: _hub_owned(scope) | _via_organization("organization")(scope),
    "oversight.recognitionapplication": _recognition_application_rows,
    "oversight.steplog": _everything,
    "oversight.indicator": _everything,
    "oversight.hubevaluation": _of_hub("hub"),
    "oversight.evaluationline": lambda scope: Q(evaluation__in=apps.get_model("oversight", "HubEvaluation")
                                                .objects.filter(_of_hub("hub")(scope))),
    "oversight.evaluationjob": _everything,  # only the office reaches them (ALLOWED), and it sees them all
    "oversight.servicecall": _everything,
    "oversight.serviceproject": _project_rows,
    "oversight.projectreport": lambda scope: Q(project__in=apps.get_model("oversight", "ServiceProject")
                                               .objects.filter(_project_rows(scope))),
    "oversight.transferrequest": _transfer_rows,
    "oversight.supervisoryunitchange": _via_organization("organization"),
    "imports.importjob": lambda scope: Q(created_by_id=scope.user_id),  # one's own imports (the office sees all)
    "exports.exportjob": lambda scope: Q(created_by_id=scope.user_id),  # one's own exports (the office sees all)
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
