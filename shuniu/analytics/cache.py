"""Figures computed once per data version, not on every request.

The key is (data version, what, scope, day): any committed change to a tracked
record bumps the version (audit.records_changed), so a cached figure is never
older than the data it describes.
"""
from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable

from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import models
from django.dispatch import receiver
from django.utils import timezone

from shuniu.audit.history import records_changed

from .models import DataVersion

TIMEOUT = 24 * 3600
# How long figures may be shown as they were while a worker recomputes them; past it (a worker that
# is down, a queue that is stuck) the request computes them itself.
STALE_AT_MOST = datetime.timedelta(minutes=15)


def current_version() -> int:
    return _version()[1]


def _version() -> tuple[str, int]:
    """(this database, its data version): what cached figures are keyed by (models.DataVersion)."""
    row = DataVersion.objects.values_list("database", "number").first()
    return (row[0].hex[:12], row[1]) if row else ("-", 0)


@receiver(records_changed)
def bump(**kwargs) -> None:
    if not DataVersion.objects.update(number=models.F("number") + 1):
        DataVersion.objects.create(number=1)


def scope_key(scope) -> str:
    parts = (scope.everything, sorted(scope.division_ids), sorted(scope.hub_ids), sorted(scope.organization_ids))
    return hashlib.sha1(repr(parts).encode()).hexdigest()[:16]


def cached(name: str, compute: Callable[[], object], *key_parts) -> object:
    return cache.get_or_set(_key(_version(), name, key_parts), compute, TIMEOUT)


def cached_or_last(name: str, compute: Callable[[], dict], refresh: Callable[[], object],
                   *key_parts) -> tuple[dict, bool]:
    """(figures, whether they are the current data's): the last ones computed while `refresh` queues new ones.

    For figures that take seconds at scale (the office dashboard over a million
    organisations: ~4 s). Every committed change moves the data version, and the next
    visitor would wait for the whole computation; instead they see the previous
    figures, marked with when they were computed, and a worker computes the current
    ones (once per version). With none computed yet, or a refresh queued more than
    STALE_AT_MOST ago and not done, the request computes them itself, as `cached` does.
    """
    version = _version()
    key = _key(version, name, key_parts)
    value = cache.get(key)
    if value is not None:
        return value, True
    last = cache.get(_last_key(version, name))
    if last is None or not workers_share_the_cache() or \
            timezone.now() - _refresh_queued(key, refresh) > STALE_AT_MOST:
        return remember(name, compute, *key_parts, version=version), True
    return last, False


def workers_share_the_cache() -> bool:
    """Whether figures a job worker computes reach this process's cache.

    Not with a per-process memory cache, unless the jobs run in this process (the immediate
    backend): the last figures would then stay marked stale until STALE_AT_MOST had passed.
    """
    from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
    from django_tasks.backends.immediate import ImmediateBackend

    return not isinstance(caches["default"], LocMemCache) or isinstance(
        task_backends[DEFAULT_TASK_BACKEND_ALIAS], ImmediateBackend)


def _refresh_queued(key: str, refresh: Callable[[], object]) -> datetime.datetime:
    """When the refresh of `key` was queued: now if nobody had (then it is queued), once per data version."""
    now = timezone.now()
    if cache.add(f"{key}:refreshing", now, TIMEOUT):
        refresh()
        return now
    return cache.get(f"{key}:refreshing") or now


def refreshed(name: str, compute: Callable[[], dict], *key_parts) -> dict:
    """The current data's figures, computed (and kept as the last ones) unless they already are.

    What a worker runs: each web process queues its own refresh when its cache is not
    shared, and the second one to run finds the work done.
    """
    version = _version()
    value = cache.get(_key(version, name, key_parts))
    return value if value is not None else remember(name, compute, *key_parts, version=version)


def remember(name: str, compute: Callable[[], dict], *key_parts, version: tuple[str, int] | None = None) -> dict:
    """Compute figures for the data version (current by default), store them as the current and the last."""
    version = _version() if version is None else version
    value = {**compute(), "computed_at": timezone.now()}
    cache.set_many({_key(version, name, key_parts): value, _last_key(version, name): value}, TIMEOUT)
    return value


def _key(version: tuple[str, int], name: str, key_parts) -> str:
    database, number = version
    return ":".join(["figures", database, str(number), name, *map(str, key_parts)])


def _last_key(version: tuple[str, int], name: str) -> str:
    return f"figures:{version[0]}:last:{name}"
