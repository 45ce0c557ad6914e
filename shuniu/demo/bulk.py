"""Bulk writes for large demo loads: COPY on PostgreSQL, bulk_create elsewhere; history always.

A million organisations through bulk_create (one INSERT … VALUES per 2,000 rows, and as
many again for their history) take half an hour; COPY takes a few minutes. The audit
rule stays the same: every row gets its history row ('+', the acting user, the reason,
the same timestamp), written by COPY too.
"""
from __future__ import annotations

from collections.abc import Sequence

from django.db import connection, models
from django.utils import timezone

from shuniu.audit.history import bulk_create_audited, current_actor, note_bulk_change


def create_audited(model: type[models.Model], objs: Sequence[models.Model]) -> None:
    """Insert `objs` (pks are set on them) and one history row each, attributed to the current actor."""
    if not objs:
        return
    if connection.vendor != "postgresql":
        bulk_create_audited(model, objs)
        return
    actor = current_actor()
    note_bulk_change()
    relations = [f for f in model._meta.concrete_fields if f.is_relation]
    for obj in objs:
        for field in relations:
            # What Model.save() does for a related object that was saved after being assigned.
            if getattr(obj, field.attname) is None and field.is_cached(obj):
                related = field.get_cached_value(obj)
                if related is not None:
                    setattr(obj, field.attname, related.pk)
    _reserve_pks(model, objs)
    _copy(model, model._meta.concrete_fields, objs)
    history = model.history.model
    now = timezone.now()
    extra = {"history_date": now, "history_type": "+", "history_user_id": actor.user.pk,
             "history_change_reason": actor.reason or None}
    fields = [f for f in history._meta.concrete_fields if f.attname != "history_id"]
    _copy(history, fields, objs, extra)


def _reserve_pks(model: type[models.Model], objs: Sequence[models.Model]) -> None:
    table, pk = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                       [table, pk, len(objs)])
        for obj, (value,) in zip(objs, cursor.fetchall(), strict=True):
            obj.pk = value
            obj._state.adding = False
            obj._state.db = connection.alias


def _copy(model: type[models.Model], fields, objs, extra: dict | None = None) -> None:
    extra = extra or {}
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
    attnames = [f.attname for f in fields]
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for obj in objs:
            copy.write_row([extra[name] if name in extra else getattr(obj, name) for name in attnames])
