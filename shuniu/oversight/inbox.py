"""Task inboxes: what is waiting for a user, with its deadline.

Every workflow (annual reports, service projects, recognitions, transfers, …)
registers a provider: a function that, given a user and a day, yields the steps
waiting for that user's action *and* the overdue steps waiting on someone the user
oversees (an overdue step is visible to the level above). The inbox page and API
only merge and sort what the providers yield, so a workflow's rules stay in its
own module.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

Provider = Callable[[object, date], Iterable["Task"]]
_providers: list[Provider] = []


@dataclass(frozen=True)
class Task:
    kind: str            # the workflow step, e.g. "annual_report.pre_review"
    title: str           # shown as is (escaped) in the inbox
    url: str             # where the step is taken
    due: date | None     # the deadline, if the step has one
    waiting_on: str      # who must act: a role, hub or organisation name (for the level above)
    mine: bool = True    # False: someone below the user must act; shown because it is overdue

    def overdue(self, today: date) -> bool:
        return self.due is not None and self.due < today


def register(provider: Provider) -> Provider:
    """Add a provider; usable as a decorator. Call from the app's ready() or module import."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def tasks_for(user, today: date) -> list[Task]:
    """All tasks for `user` on `today`: overdue first, then by deadline (none last)."""
    tasks = [task for provider in _providers for task in provider(user, today)]
    return sorted(tasks, key=lambda t: (not t.overdue(today), t.due is None, t.due or today, t.title))
