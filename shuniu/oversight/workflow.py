"""A small state machine every oversight workflow declares as data.

A workflow is a table: for each state, the states it may move to, which role
may take that step, and what it needs (a reason, a conclusion). `check()`
answers whether a step is allowed and, if not, says why in words a user can
act on; nothing is written until it says yes. The record of each step is a
row of the workflow's own step model (see `StepRecord`), written by `record()`.

Used by annual reports, credit lists and grading (with services/steps.py). The
recognition, service-project, transfer and supervisory-unit workflows use the other
helper, transitions.py (named steps, actors tested on the record, one generic StepLog).
The two are not yet one: merging them means moving one half's step rows to the other's
log (a data migration) and its pages and API to the other's step forms. Both raise the
same TransitionRefused.
"""
from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shuniu.accounts.models import Role

SYSTEM = "system"  # steps the rules take on a date (`shuniu oversight run`), not a person's role


@dataclass(frozen=True)
class Step:
    source: str
    target: str
    roles: frozenset[str]          # who may take it; SYSTEM for the rules
    needs_reason: bool = False     # returning, refusing, removing by hand: say why


class TransitionRefused(ValidationError):
    """A step that is not allowed from the current state, or not for this role. Nothing was changed."""


class Workflow:
    def __init__(self, name: str, labels: dict[str, str], steps: Iterable[Step]):
        self.name = name
        self.labels = labels
        self.steps = {(s.source, s.target): s for s in steps}

    def label(self, state: str) -> str:
        return str(self.labels.get(state, state))

    def next_states(self, state: str, roles: Iterable[str]) -> list[str]:
        roles = set(roles)
        return [t for (s, t), step in self.steps.items() if s == state and step.roles & roles]

    def check(self, state: str, target: str, roles: Iterable[str], reason: str = "") -> Step:
        """The step from `state` to `target`, or TransitionRefused saying why not."""
        step = self.steps.get((state, target))
        if step is None:
            allowed = [self.label(t) for (s, t) in self.steps if s == state]
            raise TransitionRefused(
                _("%(workflow)s: cannot go from “%(source)s” to “%(target)s”; from “%(source)s” the next step is "
                  "%(allowed)s.") % {"workflow": self.name, "source": self.label(state), "target": self.label(target),
                                     "allowed": "、".join(f"“{a}”" for a in allowed) or _("none (it is finished)")})
        if not step.roles & set(roles):
            who = "、".join(str(ROLE_LABELS.get(r, r)) for r in sorted(step.roles))
            raise TransitionRefused(
                _("%(workflow)s: “%(source)s” → “%(target)s” is a step for %(who)s only.")
                % {"workflow": self.name, "source": self.label(state), "target": self.label(target), "who": who})
        if step.needs_reason and not reason.strip():
            raise TransitionRefused(
                {"reason": _("%(workflow)s: say why (“%(source)s” → “%(target)s” needs a reason).")
                 % {"workflow": self.name, "source": self.label(state), "target": self.label(target)}})
        return step


ROLE_LABELS = {**dict(Role.choices), SYSTEM: gettext_lazy("the rules (shuniu oversight run)")}


class StepRecord(models.Model):
    """One step of a workflow: who took it, from which state to which, why, on what day.

    Abstract: each workflow has its own step table with a foreign key to its subject,
    so its rows follow the subject's permissions. A step row is written once and never
    changed (save refuses an update), so it is its own history: it carries no separate
    historical table, which would only copy it. The subject's own history (audited)
    keeps every before/after.
    """

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                              verbose_name=gettext_lazy("actor"))
    role = models.CharField(gettext_lazy("as role"), max_length=14)
    from_state = models.CharField(gettext_lazy("from"), max_length=20, blank=True)
    to_state = models.CharField(gettext_lazy("to"), max_length=20)
    reason = models.TextField(gettext_lazy("reason"), blank=True)
    date = models.DateField(gettext_lazy("date"), help_text=gettext_lazy("The day the step takes effect."))
    recorded_at = models.DateTimeField(gettext_lazy("recorded at"), auto_now_add=True)

    WORKFLOW: Workflow  # set by each concrete step model, for the state labels

    class Meta:
        abstract = True
        ordering = ["date", "pk"]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("A workflow step is never rewritten; take another step instead."))
        _require_actor()
        super().save(*args, **kwargs)

    def from_label(self) -> str:
        return self.WORKFLOW.label(self.from_state) if self.from_state else ""

    def to_label(self) -> str:
        return self.WORKFLOW.label(self.to_state)

    def role_label(self) -> str:
        return str(ROLE_LABELS.get(self.role, self.role))


def bulk_record(step_model: type[StepRecord], rows: list[StepRecord]) -> list[StepRecord]:
    """Write many step rows at once (the rules, the demo), still only inside acting_as."""
    _require_actor()
    return step_model.objects.bulk_create(rows, batch_size=2000)


def _require_actor() -> None:
    from shuniu.audit.history import current_actor

    current_actor()  # a step, like every tracked change, is taken by someone named (acting_as)


def acting_role(user, allowed: Iterable[str]) -> str | None:
    """The role under which `user` takes a step open to `allowed` roles.

    Only roles actually granted count: the office sees every workflow but does not take
    an organisation's, a hub's or the authority's steps for them.
    """
    from shuniu.accounts.permissions import scope_of

    roles = set(scope_of(user).roles)
    for role in sorted(allowed):
        if role in roles:
            return role
    return None


def today() -> datetime.date:
    from django.utils import timezone

    return timezone.localdate()
