"""Small state machines for the oversight workflows: which step leads where, and who may take it.

A workflow is a `Machine`: a set of `Step`s (from-states → to-state, the actors who
may take it, the fields filled in at that step, how long the next actor has).
`take()` is the only way a workflow record changes state: it checks the step is
allowed from the record's current state and that the user is one of its actors,
refuses with a message naming both otherwise (changing nothing), and records the
step in the StepLog (actor, from-state, to-state, reason, date).

Used by recognition, service projects, transfers and supervisory-unit changes. Annual
reports, credit lists and grading still use workflow.py (see its docstring for why
there are two); both raise the same TransitionRefused.
"""
from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shuniu.accounts.models import Role
from shuniu.accounts.permissions import Scope, scope_of

# One refusal type for both state-machine helpers (this one and workflow.py), so a page or the API
# that catches a refusal catches it whichever workflow refused.
from .workflow import TransitionRefused  # noqa: F401  (re-exported)


@dataclass(frozen=True)
class Actor:
    """Who may take a step: a label for messages and a test on the user's scope and the record."""

    label: object  # a lazy translated string
    test: Callable[[Scope, object], bool]

    def admits(self, scope: Scope, obj) -> bool:
        return self.test(scope, obj)


def role(name: str, label) -> Actor:
    return Actor(label, lambda scope, obj: name in scope.roles or (name == Role.OFFICE and scope.everything))


def hub_of(attr: str, label) -> Actor:
    """The staff of the hub in `obj.<attr>` (or of a hub above it)."""
    return Actor(label, lambda scope, obj: Role.HUB in scope.roles and getattr(obj, f"{attr}_id") in scope.hub_ids)


def organization_of(attr: str, label) -> Actor:
    return Actor(label, lambda scope, obj: Role.ORGANIZATION in scope.roles
                 and getattr(obj, f"{attr}_id") in scope.organization_ids)


OFFICE = role(Role.OFFICE, gettext_lazy("the office"))
AUTHORITY = role(Role.AUTHORITY, gettext_lazy("the registration authority"))


@dataclass(frozen=True)
class Step:
    name: str                        # the action, e.g. "consent"
    sources: tuple[str, ...]         # states it may be taken from
    target: str                      # state it leads to
    actors: tuple[Actor, ...]
    label: object                    # shown on the button (lazy translated)
    fields: tuple[str, ...] = ()     # model fields the actor fills in at this step
    reason_required: bool = False    # refusals, revocations, withdrawals must say why
    due_in: int | None = None        # days the next actor has; None: no deadline
    # A refusal message when the record is not ready, given the record and the day the step takes effect.
    guard: Callable[[object, datetime.date], str | None] | None = None
    on_page: bool = True             # False: taken from its own page (e.g. a whole recognition batch)


class Machine:
    def __init__(self, name, states: dict, steps: Iterable[Step], final: Iterable[str]):
        self.name, self.states, self.final = name, states, frozenset(final)
        self.steps = {step.name: step for step in steps}
        for step in self.steps.values():
            unknown = {*step.sources, step.target} - set(states)
            assert not unknown, f"{name}.{step.name}: unknown states {unknown}"

    def label(self, state: str) -> str:
        return str(self.states.get(state, state))

    def steps_from(self, state: str) -> list[Step]:
        return [s for s in self.steps.values() if state in s.sources]

    def available(self, obj, user) -> list[Step]:
        """The steps this user may take on `obj` now (for buttons and inboxes)."""
        scope = scope_of(user)
        return [s for s in self.steps_from(obj.state) if any(a.admits(scope, obj) for a in s.actors)]

    def check(self, obj, step_name: str, user) -> Step:
        step = self.steps.get(step_name)
        if step is None:
            raise TransitionRefused(_("“%(step)s” is not a step of %(workflow)s.")
                                    % {"step": step_name, "workflow": self.name})
        if obj.state not in step.sources:
            possible = ", ".join(str(s.label) for s in self.steps_from(obj.state)) or _("none (it is closed)")
            raise TransitionRefused(
                _("Cannot “%(step)s” while the %(workflow)s is “%(state)s”; possible now: %(possible)s.")
                % {"step": str(step.label), "workflow": self.name, "state": self.label(obj.state),
                   "possible": possible})
        scope = scope_of(user)
        if not any(actor.admits(scope, obj) for actor in step.actors):
            who = _(" or ").join(str(a.label) for a in step.actors)
            raise TransitionRefused(_("Only %(who)s may “%(step)s” this %(workflow)s.")
                                    % {"who": who, "step": str(step.label), "workflow": self.name})
        return step


Effect = Callable[[object, Step], None]


def take(machine: Machine, obj, step_name: str, user, *, reason: str = "", on: datetime.date | None = None,
         values: dict | None = None, effect: Effect | None = None):
    """Take one step: check, fill `values`, move the state, run `effect`, log. All or nothing.

    The record is re-read under a row lock so two users taking steps at once cannot
    both pass the check against the same state.
    """
    from .models import StepLog

    on = on or timezone.localdate()
    with transaction.atomic():
        locked = type(obj).objects.select_for_update().get(pk=obj.pk)
        step = machine.check(locked, step_name, user)
        if step.reason_required and not reason.strip():
            raise TransitionRefused({"reason": _("Say why (“%(step)s” needs a reason).") % {"step": str(step.label)}})
        unknown = set(values or {}) - set(step.fields)
        if unknown:
            raise TransitionRefused(_("“%(step)s” does not set %(fields)s.")
                                    % {"step": str(step.label), "fields": ", ".join(sorted(unknown))})
        for name, value in (values or {}).items():
            setattr(locked, name, value)
        refusal = step.guard(locked, on) if step.guard else None
        if refusal:
            raise TransitionRefused(refusal)
        previous = locked.state
        locked.state = step.target
        locked.due = on + datetime.timedelta(days=step.due_in) if step.due_in is not None else None
        _clean(locked)
        locked.save()
        if effect is not None:
            effect(locked, step)
        StepLog.record(locked, machine.name, previous, step.target, step.name, user, reason, on)
    obj.refresh_from_db()
    return obj


def start(machine: Machine, obj, user, *, state: str, reason: str = "", on: datetime.date | None = None,
          due_in: int | None = None):
    """Create a workflow record in its first state and log the creation as a step from nothing."""
    from .models import StepLog

    on = on or timezone.localdate()
    with transaction.atomic():
        obj.state = state
        if due_in is not None:
            obj.due = on + datetime.timedelta(days=due_in)
        _clean(obj)
        obj.save()
        StepLog.record(obj, machine.name, "", state, "start", user, reason, on)
    return obj


def _clean(obj) -> None:
    """Model validation, reported as a refusal like every other reason a step cannot be taken."""
    try:
        obj.full_clean()
    except TransitionRefused:
        raise
    except ValidationError as error:
        raise TransitionRefused(error.error_dict if hasattr(error, "error_dict") else error.error_list) from error
