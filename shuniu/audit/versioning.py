"""Optimistic versioning: the second of two people editing the same record is told, not overwritten.

An editable record carries `version`. A form or API client sends back the
version it read; the save checks it under a row lock and bumps it. If someone
saved in between, nothing is written and the caller gets the record as it is
now, to show the difference.
"""
from __future__ import annotations

from collections.abc import Callable

from django.db import models, transaction


class VersionConflict(Exception):
    def __init__(self, current: models.Model):
        super().__init__(f"{current} was changed by someone else (now version {current.version})")
        self.current = current


def save_versioned(obj: models.Model, expected_version: int | None, save: Callable[[], object] | None = None):
    """Save `obj` only if the stored version is still `expected_version`; raises VersionConflict otherwise."""
    model = type(obj)
    with transaction.atomic():
        stored = model._default_manager.select_for_update().filter(pk=obj.pk).values_list("version", flat=True)
        if expected_version is None or stored.first() != expected_version:
            raise VersionConflict(model._default_manager.get(pk=obj.pk))
        obj.version = expected_version + 1
        return save() if save is not None else obj.save()


def differences(form_data: dict, current: models.Model, fields) -> list[tuple[str, object, object]]:
    """(label, what the user sent, what is stored now) for each field where they differ."""
    rows = []
    for name in fields:
        field = current._meta.get_field(name)
        mine, theirs = form_data.get(name), getattr(current, name)
        if str(mine if mine is not None else "") != str(theirs if theirs is not None else ""):
            rows.append((str(field.verbose_name), mine, theirs))
    return rows
