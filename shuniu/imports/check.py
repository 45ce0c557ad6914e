"""A dry run in Python alone: the same verdicts as staging.py's SQL, without writing a row.

A dry run used to stage the whole file through the database and roll back:
a million rows cost minutes of COPY, joins and pinyin for nothing kept. Here
each row is parsed once and leaves only 64-bit hashes behind (a key level's
values, its name key, the fields an update would set), in numpy arrays of a
few bytes a row; the registry's records are read once the same way. Matching,
conflicts, likely duplicates and create/update/unchanged are then sorts and
binary searches over those arrays, with the semantics of staging.py:
  - a key level matches only when all its fields are filled; a lower level
    only matches a record whose higher keys are empty or equal (never a code
    overwritten by a name match); the lowest id wins;
  - a row conflicts with an earlier row on the first key level it fills, or
    when both match the same record;
  - updated = some field the file sets differs (None and '' differ, as IS NOT
    DISTINCT FROM says). Pinyin initials are not computed: they follow from
    the name, which is compared.
Two different keys hashing alike (odds ~1e-8 for a million rows) could only
mislabel a dry run's counts; the real import decides by the values in SQL.
Names for the listed duplicates are read again from the file (≤ 10,000 rows).
"""
from __future__ import annotations

import operator
from array import array

import numpy as np
from django.db import connection

from .names import clean_name, similar_key
from .reading import read_rows
from .staging import updated_fields

EMPTY = 0  # hash of a key with an empty field; real hashes that happen to be 0 become 1


def _hash(values: tuple) -> int:
    h = hash(values)
    return h if h != EMPTY else 1


def _picker(positions: tuple[int, ...]):
    """A C-level function giving the values at `positions` as a tuple (itemgetter gives a bare value for one)."""
    if len(positions) == 1:
        get = operator.itemgetter(positions[0])
        return lambda record: (get(record),)
    return operator.itemgetter(*positions)


def _key_hashes(pickers, outs, record) -> None:
    for pick, out in zip(pickers, outs):  # noqa: B905 - same length by construction; hot loop
        values = pick(record)
        out.append(EMPTY if None in values or "" in values else _hash(values))


class Checker:
    def __init__(self, spec, positions: dict, handle):
        present = {col.key for col in positions.values()}
        self.positions, self.handle = positions, handle  # to read the listed duplicates' names again
        self.spec = spec
        self.model = spec.MODEL
        self.set_fields = [f for f in updated_fields(spec, present) if f not in getattr(spec, "DERIVED", ())]
        index = {f: i for i, f in enumerate(spec.FIELDS)}
        self.key_pickers = [_picker(tuple(index[f] for f in key)) for key in spec.KEYS]
        self.set_picker = _picker(tuple(index[f] for f in self.set_fields)) if self.set_fields else lambda r: ()
        self.name_index = index["name"]
        self.rows = array("q")
        self.keys = [array("q") for _ in spec.KEYS]
        self.sims = array("q")
        self.values = array("q")

    # -- the file ------------------------------------------------------------------------------
    def add(self, row_no: int, staged: tuple) -> None:
        self.rows.append(row_no)
        _key_hashes(self.key_pickers, self.keys, staged)
        self.sims.append(_hash((similar_key(staged[self.name_index]),)))
        self.values.append(_hash(self.set_picker(staged)))

    # -- the registry ------------------------------------------------------------------------
    def _load_registry(self) -> None:
        names = ["id", *{f for key in self.spec.KEYS for f in key}, *self.set_fields]
        names = list(dict.fromkeys(names))
        pos = {f: i for i, f in enumerate(names)}
        key_pickers = [_picker(tuple(pos[f] for f in key)) for key in self.spec.KEYS]
        set_picker = _picker(tuple(pos[f] for f in self.set_fields)) if self.set_fields else lambda r: ()
        ids, keys, sims, values = array("q"), [array("q") for _ in self.spec.KEYS], array("q"), array("q")
        read = connection.chunked_cursor()
        read.execute(f"SELECT {', '.join(connection.ops.quote_name(n) for n in names)} "
                     f"FROM {connection.ops.quote_name(self.model._meta.db_table)}")
        while chunk := read.fetchmany(5000):
            for rec in chunk:
                ids.append(rec[0])
                _key_hashes(key_pickers, keys, rec)
                sims.append(_hash((similar_key(rec[pos["name"]]),)))
                values.append(_hash(set_picker(rec)))
        read.close()
        self.reg_ids = np.frombuffer(ids, dtype=np.int64)
        self.reg_keys = [np.frombuffer(k, dtype=np.int64) for k in keys]
        self.reg_sims = np.frombuffer(sims, dtype=np.int64)
        self.reg_values = np.frombuffer(values, dtype=np.int64)

    # -- verdicts ----------------------------------------------------------------------------
    def finish(self) -> None:
        self.row_no = np.frombuffer(self.rows, dtype=np.int64)
        self.row_keys = [np.frombuffer(k, dtype=np.int64) for k in self.keys]
        self.row_sims = np.frombuffer(self.sims, dtype=np.int64)
        self.row_values = np.frombuffer(self.values, dtype=np.int64)
        self._load_registry()
        self._match()

    def _match(self) -> None:
        n = len(self.row_no)
        target = np.full(n, -1, dtype=np.int64)
        for level, (row_keys, reg_keys) in enumerate(zip(self.row_keys, self.reg_keys, strict=True)):
            order = np.lexsort((self.reg_ids, reg_keys))  # by key, then lowest id first
            sorted_keys = reg_keys[order]
            todo = np.nonzero((target < 0) & (row_keys != EMPTY))[0]
            lo = np.searchsorted(sorted_keys, row_keys[todo], side="left")
            hi = np.searchsorted(sorted_keys, row_keys[todo], side="right")
            for row, start, stop in zip(todo[lo < hi], lo[lo < hi], hi[lo < hi], strict=True):
                for candidate in order[start:stop]:
                    if all(self._compatible(row, candidate, higher) for higher in range(level)):
                        target[row] = self.reg_ids[candidate]
                        break
        self.target = target

    def _compatible(self, row: int, record: int, level: int) -> bool:
        mine, theirs = self.row_keys[level][row], self.reg_keys[level][record]
        return mine == EMPTY or theirs == EMPTY or mine == theirs

    def conflicts(self) -> list[tuple[int, int, str]]:
        found: list[tuple[int, int, str]] = []
        higher_empty = np.ones(len(self.row_no), dtype=bool)
        for key, row_keys in zip(self.spec.KEYS, self.row_keys, strict=True):
            filled = row_keys != EMPTY
            found += _repeats(self.row_no, row_keys, filled & higher_empty, "+".join(key))
            higher_empty &= ~filled
        found += _repeats(self.row_no, self.target, self.target >= 0, "record")
        return sorted(set(found))[:10_000]

    def matched_outside(self, allowed) -> list[tuple[int, int]]:
        """(row, record) for matched records not in the `allowed` queryset of pks."""
        pks = np.fromiter(allowed.values_list("pk", flat=True), dtype=np.int64)
        outside = (self.target >= 0) & ~np.isin(self.target, pks)
        return list(zip(self.row_no[outside][:10_000].tolist(), self.target[outside][:10_000].tolist(),
                        strict=True))

    def similar_in_file(self, limit: int) -> tuple[int, list[tuple[int, str, int, str]]]:
        """(pairs, listed (row, name, first row, its name)), as Stage.similar_in_file."""
        pairs = _repeats(self.row_no, self.row_sims, np.ones(len(self.row_no), dtype=bool), "", None)
        listed = sorted(pairs)[:limit]
        names = self._names({row for pair in listed for row in pair[:2]})
        return len(pairs), [(row, names[row], first, names[first]) for row, first, _ in listed]

    def load_existing_names(self) -> None:
        """Nothing to do: the registry's name keys were read with its other keys."""

    def similar_in_registry(self, limit: int) -> tuple[int, list[tuple[int, str, int, str]]]:
        """(pairs, listed (row, name, record, its name)) of rows to be created whose name key a record has."""
        created = np.nonzero(self.target < 0)[0]
        if not len(self.reg_sims) or not len(created):
            return 0, []
        order = np.lexsort((self.reg_ids, self.reg_sims))
        sims = self.reg_sims[order]
        lo = np.searchsorted(sims, self.row_sims[created], side="left")
        hi = np.searchsorted(sims, self.row_sims[created], side="right")
        total = int((hi - lo).sum())
        listed = []
        for row, start, stop in zip(created[lo < hi], lo[lo < hi], hi[lo < hi], strict=True):
            listed += [(int(self.row_no[row]), int(self.reg_ids[i])) for i in order[start:stop]]
            if len(listed) >= limit:
                break
        listed = listed[:limit]
        names = self._names({row for row, _ in listed})
        registered = dict(self.model.objects.filter(pk__in={pk for _, pk in listed}).values_list("pk", "name"))
        return total, [(row, names[row], pk, registered[pk]) for row, pk in listed]

    def classify(self) -> dict[str, int]:
        hit = self.target >= 0
        created = int((~hit).sum())
        if not hit.any():
            return {"created": created, "updated": 0, "unchanged": 0}
        order = np.argsort(self.reg_ids)
        where = order[np.searchsorted(self.reg_ids[order], self.target[hit])]
        same = self.reg_values[where] == self.row_values[hit]
        return {"created": created, "updated": int((~same).sum()), "unchanged": int(same.sum())}

    def _names(self, rows: set[int]) -> dict[int, str]:
        """The cleaned names of `rows`, read again from the file."""
        found: dict[int, str] = {}
        if not rows:
            return found
        self.handle.seek(0)
        name_at = next(pos for pos, col in self.positions.items() if col.key == "name")
        for row_no, cells in enumerate(read_rows(self.handle), start=1):
            if row_no in rows and name_at < len(cells):
                found[row_no] = clean_name(cells[name_at].strip())
                if len(found) == len(rows):
                    break
        return found


def _repeats(row_no, keys, mask, what: str, limit: int | None = 10_000) -> list[tuple[int, int, str]]:
    """(row, first row with the same key, what) for masked rows whose key an earlier masked row has.

    With `limit`, the first `limit` by row, as staging.py's SQL lists them.
    """
    idx = np.nonzero(mask)[0]
    if len(idx) < 2:
        return []
    order = idx[np.lexsort((row_no[idx], keys[idx]))]
    k = keys[order]
    starts = np.ones(len(order), dtype=bool)
    starts[1:] = k[1:] != k[:-1]
    group_first = np.maximum.accumulate(np.where(starts, np.arange(len(order)), 0))
    repeat = ~starts
    rows = row_no[order][repeat]
    firsts = row_no[order][group_first][repeat]
    if limit is not None:
        keep = np.argsort(rows, kind="stable")[:limit]
        rows, firsts = rows[keep], firsts[keep]
    return [(int(r), int(f), what) for r, f in zip(rows.tolist(), firsts.tolist(), strict=True)]
