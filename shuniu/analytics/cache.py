"""Figures computed once per data version, not on every request.

The key is (data version, what, scope, day): any committed change to a tracked
record bumps the version (audit.records_changed), so a cached figure is never
older than the data it describes.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.core.cache import cache
from django.db import models
from django.dispatch import receiver

from shuniu.audit.history import records_changed

from .models import DataVersion

TIMEOUT = 24 * 3600


def current_version() -> int:
    return DataVersion.objects.values_list("number", flat=True).first() or 0


@receiver(records_changed)
def bump(**kwargs) -> None:
    if not DataVersion.objects.update(number=models.F("number") + 1):
        DataVersion.objects.create(number=1)


def scope_key(scope) -> str:
    parts = (scope.everything, sorted(scope.division_ids), sorted(scope.hub_ids), sorted(scope.organization_ids))
    return hashlib.sha1(repr(parts).encode()).hexdigest()[:16]


def cached(name: str, compute: Callable[[], object], *key_parts) -> object:
    key = ":".join(["figures", str(current_version()), name, *map(str, key_parts)])
    return cache.get_or_set(key, compute, TIMEOUT)
