"""A record's change history as people read it: who, when, why, and each field before → after."""
from __future__ import annotations

from dataclasses import dataclass


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


def changes_of(obj, limit: int = 50) -> list[Change]:
    """The newest `limit` changes of `obj`, each compared with the version before it."""
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    changes = []
    for i, newer in enumerate(records[:limit]):
        older = records[i + 1] if i + 1 < len(records) else None  # the one extra row read is only compared with
        changes.append(Change(
            when=newer.history_date,
            who=newer.history_user.get_username() if newer.history_user else "—",
            reason=newer.history_change_reason or "",
            kind=newer.history_type,
            fields=_field_changes(newer, older),
        ))
    return changes


def _field_changes(newer, older) -> tuple[FieldChange, ...]:
    if older is None:
        return ()
    model = newer.instance_type
    delta = newer.diff_against(older)
    return tuple(FieldChange(str(model._meta.get_field(c.field).verbose_name), c.old, c.new) for c in delta.changes)
