"""Who changed what: every tracked save records an explicit acting user.

History is kept by django-simple-history (one historical table per model, a full
snapshot per change, so before/after is a diff of two rows). What we add is the
rule that the acting user is always explicit: web requests, commands and imports
all run inside `acting_as(user, reason)`, and a tracked save outside it fails
instead of writing an anonymous history row.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.dispatch import Signal
from simple_history.models import HistoricalRecords
from simple_history.utils import bulk_create_with_history

SYSTEM_USERNAME = "system"

# Sent once per committed transaction that changed tracked records (per save or in bulk),
# so derived data such as cached figures can be refreshed. Rolled-back work sends nothing.
records_changed = Signal()


class NoActingUser(RuntimeError):
    """A tracked record was changed with nobody named as responsible."""


@dataclass(frozen=True)
class Actor:
    user: models.Model
    reason: str = ""


_actor: ContextVar[Actor | None] = ContextVar("shuniu_actor", default=None)


@contextmanager
def acting_as(user, reason: str = "") -> Iterator[Actor]:
    """Attribute every tracked change inside the block to `user`, with `reason`."""
    if user is None or not getattr(user, "pk", None):
        raise NoActingUser("acting_as() needs a saved user")
    token = _actor.set(Actor(user, reason))
    try:
        yield _actor.get()
    finally:
        _actor.reset(token)


def current_actor() -> Actor:
    actor = _actor.get()
    if actor is None:
        raise NoActingUser(
            "a tracked record was changed outside acting_as(); "
            "commands take --user, web requests are wrapped by ActingUserMiddleware"
        )
    return actor


def system_user():
    """The account that commands act as when no --user is given. It cannot log in."""
    user, created = get_user_model().objects.get_or_create(
        username=SYSTEM_USERNAME, defaults={"is_active": False, "first_name": "系统"}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def command_user(username: str | None, default=system_user):
    """The account a command's --user names; without one, `default()` (the system account,
    or None where no account means "the operator, unrestricted")."""
    from django.core.management.base import CommandError

    if username is None:
        return default() if default else None
    try:
        return get_user_model().objects.get(username=username)
    except get_user_model().DoesNotExist as exc:
        raise CommandError(f"--user: no account named {username!r}") from exc


def _require_actor(sender, **kwargs) -> None:
    current_actor()


def _announce_change(sender=None, **kwargs) -> None:
    connection = transaction.get_connection()
    # One announcement per transaction, however many records it touched. Look in the
    # connection's own queue rather than keep a flag: a rollback empties the queue but
    # would leave a flag set, and the next transaction would never announce.
    if any(func is _announce for _, func, _ in connection.run_on_commit):
        return
    transaction.on_commit(_announce)


def _announce() -> None:
    records_changed.send(sender=None)


def note_bulk_change() -> None:
    """For writers that bypass the ORM (COPY, INSERT … SELECT: the demo loader, imports): announce the
    change at commit like a save, so derived figures refresh."""
    current_actor()
    _announce_change()


def _history_user(instance=None, request=None, **kwargs):
    return current_actor().user


class AuditedHistory(HistoricalRecords):
    """HistoricalRecords whose user and reason come from `acting_as`."""

    def __init__(self, **kwargs):
        kwargs.setdefault("get_user", _history_user)
        kwargs.setdefault("cascade_delete_history", False)
        super().__init__(**kwargs)

    def copy_fields(self, model):
        # History is read per record (its id) and by date, never by a copied field's value: copying
        # every db_index of the live table doubled the indexes a write maintains (17 more on the
        # registry's history alone, a third of a bulk import's time) for queries nobody runs.
        self.no_db_index = [f.name for f in model._meta.fields if not f.primary_key]
        return super().copy_fields(model)

    def finalize(self, sender, **kwargs):
        super().finalize(sender, **kwargs)
        if sender is not self.cls:  # finalize hears every class_prepared signal
            return
        # Refuse before the row is written, not after: post_save would be too late
        # outside a transaction. (QuerySet.update() bypasses signals: don't use it on tracked models.)
        models.signals.pre_save.connect(_require_actor, sender=sender, weak=False)
        models.signals.pre_delete.connect(_require_actor, sender=sender, weak=False)
        models.signals.post_save.connect(_announce_change, sender=sender, weak=False)
        models.signals.post_delete.connect(_announce_change, sender=sender, weak=False)

    def get_change_reason_for_object(self, instance, history_type, using):
        explicit = super().get_change_reason_for_object(instance, history_type, using)
        return explicit or current_actor().reason or None


def audited(**kwargs) -> AuditedHistory:
    """The `history` attribute every domain model carries."""
    return AuditedHistory(**kwargs)


def bulk_create_audited(model: type[models.Model], objs: Sequence[models.Model], batch_size: int = 2000):
    """bulk_create with one history row per object, attributed to the current actor."""
    actor = current_actor()
    _announce_change()
    return bulk_create_with_history(
        list(objs),
        model,
        batch_size=batch_size,
        default_user=actor.user,
        default_change_reason=actor.reason or None,
    )


def bulk_update_audited(model: type[models.Model], objs: Sequence[models.Model], fields: Sequence[str],
                        batch_size: int = 2000) -> None:
    """bulk_update with one history row per object, attributed to the current actor."""
    from simple_history.utils import bulk_update_with_history

    actor = current_actor()
    _announce_change()
    bulk_update_with_history(list(objs), model, list(fields), batch_size=batch_size, default_user=actor.user,
                             default_change_reason=actor.reason or None)
