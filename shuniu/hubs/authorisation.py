"""A hub's authorised fields change only through recognition (认定).

The recognition workflow (shuniu/oversight: apply → review → recognise in a batch,
or revoke) is the one path that may add or remove a hub's fields; it runs its
change inside `authorising(reason)`. Any other write to `Hub.fields` — an admin
form, a shell, a stray service — is refused by the m2m_changed guard below.
Loaders of the charter and of the demo, which record recognitions made before
the system existed, use the same context manager and say so in `reason`.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

_authorising: ContextVar[str | None] = ContextVar("shuniu_authorising_fields", default=None)


class FieldsLocked(PermissionDenied):
    """A hub's authorised fields were changed outside the recognition workflow."""


@contextmanager
def authorising(reason: str) -> Iterator[None]:
    if not reason.strip():
        raise ValueError("say which recognition authorises the change")
    token = _authorising.set(reason)
    try:
        yield
    finally:
        _authorising.reset(token)


def guard_fields(sender, instance, action: str, **kwargs) -> None:
    """m2m_changed receiver for Hub.fields.through: refuse changes outside authorising()."""
    if action not in ("pre_add", "pre_remove", "pre_clear"):
        return
    if _authorising.get() is None:
        raise FieldsLocked(_("A hub's authorised fields change only through recognition (认定): "
                             "apply, review and recognise it in the oversight workflow."))
