"""Taking a step: check everything first, then change the record and log the step, in one transaction.

`plan()` is pure (no database writes) so the demo builder can run thousands of
reports through the same transition table and write them in bulk; `take()` is
the single-record path pages, the API and the rules use.
"""
from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils.translation import gettext as _

from shuniu.accounts.models import Role
from shuniu.accounts.permissions import CHANGE, restrict, scope_of
from shuniu.audit.history import current_actor
from shuniu.audit.versioning import save_versioned

from ..workflow import SYSTEM, TransitionRefused, Workflow, acting_role

# A guard raises TransitionRefused when the subject may not take the step now.
Guard = Callable[[models.Model, datetime.date], None]


def plan(obj: models.Model, workflow: Workflow, target: str, role: str, *, on: datetime.date, reason: str = "",
         step_model: type[models.Model], subject: str, actor=None, guards: Iterable[Guard] = (),
         **changes) -> models.Model:
    """Check the step, apply `changes` to `obj` in memory and return the (unsaved) step row."""
    source = obj.state
    workflow.check(source, target, [role], reason)
    for guard in guards:
        guard(obj, on)
    for name, value in changes.items():
        setattr(obj, name, value)
    obj.state = target
    return step_model(**{subject: obj}, actor=actor or current_actor().user, role=role, from_state=source,
                      to_state=target, reason=reason, date=on)


def role_for(user, obj: models.Model, workflow: Workflow, target: str, hub_id: int | None = None) -> str:
    """The role `user` takes the step in, after the row-level check; PermissionDenied or TransitionRefused."""
    if not restrict(type(obj).objects.filter(pk=obj.pk), user, CHANGE).exists():
        raise PermissionDenied
    step = workflow.steps.get((obj.state, target))
    role = acting_role(user, step.roles) if step else None
    if role is None:
        workflow.check(obj.state, target, scope_of(user).roles)  # raises with the reason
        raise TransitionRefused(_("You have no role that may take this step."))
    scope = scope_of(user)
    if role == Role.HUB and not scope.everything and hub_id not in scope.hub_ids:
        raise TransitionRefused(_("Only the hub the step waits on (or a hub above it) may take it."))
    return role


@transaction.atomic
def take(obj: models.Model, workflow: Workflow, target: str, user, *, on: datetime.date, reason: str = "",
         step_model, subject: str, expected_version: int | None = None, role: str | None = None,
         hub_id: int | None = None, guards: Iterable[Guard] = (), **changes):
    """Take one step for `user` (or for the rules, role=SYSTEM). Refused steps change nothing."""
    model = type(obj)
    locked = model.objects.select_for_update().get(pk=obj.pk)
    if expected_version is None:
        expected_version = locked.version
    obj.state = locked.state  # decide from the stored state, not a stale copy
    if role != SYSTEM:
        role = role_for(user, obj, workflow, target, hub_id)
    step = plan(obj, workflow, target, role, on=on, reason=reason, step_model=step_model, subject=subject,
                actor=user, guards=guards, **changes)
    obj.full_clean()
    save_versioned(obj, expected_version)
    step.save()
    return step
