"""Writes that must stay inside the user's scope, shared by the party and service pages and API."""
from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db import models, transaction

from shuniu.accounts.permissions import ADD, may, restrict


def create_restricted(model: type[models.Model], user, create: Callable[[], models.Model]) -> models.Model:
    """Run `create` (which saves a new record and anything hanging on it) and keep it only if the user
    may add that record where it landed; otherwise nothing is written (PermissionDenied)."""
    if not may(user, model, ADD):
        raise PermissionDenied
    with transaction.atomic():
        obj = create()
        if not restrict(model.objects.filter(pk=obj.pk), user, ADD).exists():
            raise PermissionDenied
    return obj
