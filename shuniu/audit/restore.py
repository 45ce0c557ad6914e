"""Restoring a record from its history: a NEW version equal to an old one; history is never rewritten.

The restore is an ordinary edit: it goes through the model's validation,
`save_restricted` (the user must still be allowed to change the record, and the
result must stay in their scope) and `save_versioned` (someone who saved since
the user looked wins, and the user is told). The history row it writes names
the user, the version restored and the reason they gave.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models, transaction

from shuniu.accounts.permissions import CHANGE, save_restricted

from .changes import _readable, _related_names
from .history import acting_as
from .versioning import save_versioned


@dataclass(frozen=True)
class Difference:
    label: str
    now: object
    then: object


def historical(obj: models.Model, history_id: int):
    """The stored version `history_id` of `obj` (404-safe: None if it is not one of obj's)."""
    return obj.history.filter(history_id=history_id).first()


def differences(obj: models.Model, record, fields: Iterable[str]) -> list[Difference]:
    """Each restorable field where the current record and the old version differ, as people read it."""
    model = type(obj)
    changes = []
    for name in fields:
        field = model._meta.get_field(name)
        now, then = _value(obj, field), _value(record, field)
        if now != then:
            changes.append(_Change(name, then, now))
    names = _related_names(model, changes)
    rows = []
    for change in changes:
        shown = _readable(model, change, names)
        rows.append(Difference(shown.label, _many(shown.new), _many(shown.old)))
    return rows


@dataclass(frozen=True)
class _Change:  # the shape changes.py reads: field, old (= the version), new (= now)
    field: str
    old: object
    new: object


def _value(instance, field):
    if field.many_to_many:
        if hasattr(instance, "history_id"):  # a historical row keeps its own m2m snapshot
            return frozenset(getattr(r, f"{field.m2m_reverse_field_name()}_id")
                             for r in getattr(instance, field.name).all())
        return frozenset(getattr(instance, field.name).values_list("pk", flat=True))
    return getattr(instance, field.attname)


def _many(value):
    if isinstance(value, frozenset):  # m2m: the related names
        return ", ".join(sorted(str(v) for v in value)) or "—"
    return value


def restore(obj: models.Model, record, *, fields: Iterable[str], expected_version: int, user, reason: str):
    """Make `obj` equal to `record` in `fields` as a new version. Raises ValidationError,
    PermissionDenied or VersionConflict, each before anything is written."""
    model = type(obj)
    fields = list(fields)
    plain = [model._meta.get_field(n) for n in fields if not model._meta.get_field(n).many_to_many]
    many = [model._meta.get_field(n) for n in fields if model._meta.get_field(n).many_to_many]
    for field in plain:
        setattr(obj, field.attname, getattr(record, field.attname))
    obj.full_clean()
    label = getattr(record, "version", None) or record.history_date
    with acting_as(user, reason=f"restored version {label}: {reason}"), transaction.atomic():
        def save():
            save_versioned(obj, expected_version)
            for field in many:
                getattr(obj, field.name).set(_value(record, field))
        save_restricted(obj, user, CHANGE, save=save)
    return obj
