"""A record's change history as people read it: who, when, why, and each field before → after."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db import models


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: object
    new: object


@dataclass(frozen=True)
class Change:
    when: object
    who: str
    reason: str
    kind: str  # "+" created, "~" changed, "-" deleted
    fields: tuple[FieldChange, ...]
    history_id: int | None = None  # the stored version this change produced (to restore it)
    version: int | None = None


def changes_of(obj, limit: int = 50) -> list[Change]:
    """The newest `limit` changes of `obj`, each compared with the version before it.

    Foreign keys show the related record's name and choices their label, read
    with one query per related model whatever the number of changes.
    """
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    many = [f.name for f in type(obj)._meta.many_to_many if records and hasattr(records[0], f.name)]
    snapshots = _m2m_snapshots(records, many)
    deltas = []
    for i, newer in enumerate(records[:limit]):
        older = records[i + 1] if i + 1 < len(records) else None  # the one extra row read is only compared with
        changes = newer.diff_against(older, excluded_fields=[*NOT_SHOWN, *many]).changes if older is not None else []
        changes += [_M2MChange(name, snapshots[name][older.history_id], snapshots[name][newer.history_id])
                    for name in many if older is not None
                    and snapshots[name][older.history_id] != snapshots[name][newer.history_id]]
        deltas.append((newer, changes))
    names = _related_names(type(obj), [c for _, changes in deltas for c in changes])
    return [Change(
        when=newer.history_date,
        who=newer.history_user.get_username() if newer.history_user else "—",
        reason=newer.history_change_reason or "",
        kind=newer.history_type,
        fields=tuple(_readable(type(obj), c, names) for c in changes),
        history_id=newer.history_id,
        version=getattr(newer, "version", None),
    ) for newer, changes in deltas]


# Bookkeeping every save moves: showing it would bury the changes people made.
NOT_SHOWN = ["version", "name_initials"]


@dataclass(frozen=True)
class _M2MChange:
    field: str
    old: frozenset
    new: frozenset


def _m2m_snapshots(records, many) -> dict[str, dict[int, frozenset]]:
    """Each record's related ids per many-to-many field, in one query per field (diff_against reads per row)."""
    snapshots = {}
    for name in many:
        rows = getattr(records[0], name).model._default_manager.filter(history__in=[r.history_id for r in records])
        target = records[0].instance_type._meta.get_field(name).m2m_reverse_field_name()
        found = defaultdict(set)
        for history_id, related_id in rows.values_list("history_id", f"{target}_id"):
            found[history_id].add(related_id)
        snapshots[name] = defaultdict(frozenset, {k: frozenset(v) for k, v in found.items()})
    return snapshots


def _related_names(model, changes) -> dict[tuple[type, object], str]:
    wanted: dict[type, set] = defaultdict(set)
    for change in changes:
        field = model._meta.get_field(change.field)
        if isinstance(field, models.ForeignKey):
            wanted[field.related_model] |= {v for v in (change.old, change.new) if v is not None}
        elif field.many_to_many:
            wanted[field.related_model] |= change.old | change.new
    return {(related, pk): str(instance) for related, ids in wanted.items()
            for pk, instance in related._default_manager.in_bulk(ids).items()}


def _readable(model, change, names) -> FieldChange:
    field = model._meta.get_field(change.field)
    return FieldChange(str(field.verbose_name), _show(field, change.old, names), _show(field, change.new, names))


def _show(field, value, names):
    if field.many_to_many:
        return ", ".join(sorted(str(names.get((field.related_model, v), v)) for v in value)) or None
    if isinstance(field, models.ForeignKey):
        return names.get((field.related_model, value), value)
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    return value
