"""A dry run in Python alone: the same verdicts as staging.py's SQL, without writing a row.

A dry run used to stage the whole file through the database and roll back:
a million rows cost minutes of COPY, joins and pinyin for nothing kept. Here
each block of checked rows leaves only 64-bit hashes behind (a key level's
values, its name key and, for rows whose keys the registry holds, the fields
an update would set), a column at a time (columnar.hash_key), in numpy arrays
of a few bytes a row; the registry's records are read first, the same way. Matching,
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

import numpy as np
import pyarrow as pa
from django.db import connection

from .columnar import EMPTY, NotColumnar, blocks, hash_column, hash_key, hash_values
from .names import clean_name, similar_keys
from .reading import read_rows
from .staging import RowBatches, updated_fields


class Checker(RowBatches):
    def __init__(self, spec, positions: dict, handle):
        super().__init__(spec)
        present = {col.key for col in positions.values()}
        self.positions, self.handle = positions, handle  # to read the listed duplicates' names again
        self.spec = spec
        self.model = spec.MODEL
        self.set_fields = [f for f in updated_fields(spec, present) if f not in getattr(spec, "DERIVED", ())]
        self.rows: list[np.ndarray] = []
        self.keys: list[list[np.ndarray]] = [[] for _ in spec.KEYS]
        self.sims: list[np.ndarray] = []
        self.values: list[np.ndarray] = []
        self._load_registry()  # first: a row's update hash is only worked out if the registry holds its keys

    # -- the file (row-path rows arrive through RowBatches.add) ------------------------------------
    def add_block(self, row_no: np.ndarray, values: dict[str, pa.Array]) -> None:
        self.rows.append(row_no)
        may_match = np.zeros(len(row_no), dtype=bool)
        for level, key in enumerate(self.spec.KEYS):
            hashed = hash_key([values[f] for f in key])
            self.keys[level].append(hashed)
            may_match |= (hashed != EMPTY) & np.isin(hashed, self.reg_keys[level])
        self.sims.append(hash_column(similar_keys(values["name"])))
        # Only a row that may match a record is ever compared field by field: the others skip the hashing.
        compared = np.zeros(len(row_no), dtype=np.uint64)
        if may_match.any():
            picked = pa.array(may_match)
            compared[may_match] = hash_values([values[f].filter(picked) for f in self.set_fields],
                                              int(may_match.sum()))
        self.values.append(compared)

    # -- the registry ------------------------------------------------------------------------
    def _load_registry(self) -> None:
        names = list(dict.fromkeys(["id", *(f for key in self.spec.KEYS for f in key), *self.set_fields]))
        types = {"id": pa.int64(), **self.types}
        ids, keys, sims, values = [], [[] for _ in self.spec.KEYS], [], []
        read = connection.chunked_cursor()
        read.execute(f"SELECT {', '.join(connection.ops.quote_name(n) for n in names)} "
                     f"FROM {connection.ops.quote_name(self.model._meta.db_table)}")
        while chunk := read.fetchmany(50_000):
            columns = {n: pa.array(list(v), type=types[n]) for n, v in zip(names, zip(*chunk, strict=True),
                                                                          strict=True)}
            ids.append(columns["id"].to_numpy())
            for level, key in enumerate(self.spec.KEYS):
                keys[level].append(hash_key([columns[f] for f in key]))
            sims.append(hash_column(similar_keys(columns["name"])))
            values.append(hash_values([columns[f] for f in self.set_fields], len(chunk)))
        read.close()
        self.reg_ids = _joined(ids, np.int64)
        self.reg_keys = [_joined(k, np.uint64) for k in keys]
        self.reg_sims = _joined(sims, np.uint64)
        self.reg_values = _joined(values, np.uint64)

    # -- verdicts ----------------------------------------------------------------------------
    def finish(self) -> None:
        self._flush()
        # Each list of blocks is dropped as soon as it is joined: never two copies of everything at once.
        self.row_no, self.rows = _joined(self.rows, np.int64), []
        self.row_keys = []
        while self.keys:
            self.row_keys.append(_joined(self.keys.pop(0), np.uint64))
        self.row_sims, self.sims = _joined(self.sims, np.uint64), []
        self.row_values, self.values = _joined(self.values, np.uint64), []
        self._match()

    def _match(self) -> None:
        n = len(self.row_no)
        target = np.full(n, -1, dtype=np.int64)
        if not len(self.reg_ids):  # a first load matches nothing: no searching a million rows for it
            self.target = target
            return
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
        """The rows claiming a key or record an earlier row claimed; the last use of the key hashes."""
        found: list[tuple[int, int, str]] = []
        higher_empty = np.ones(len(self.row_no), dtype=bool)
        for key, row_keys in zip(self.spec.KEYS, self.row_keys, strict=True):
            filled = row_keys != EMPTY
            found += _repeats(self.row_no, row_keys, filled & higher_empty, "+".join(key))
            higher_empty &= ~filled
        found += _repeats(self.row_no, self.target, self.target >= 0, "record")
        self.row_keys = None  # matched and checked: 24 MB a million rows the name search can use
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
        """The cleaned names of `rows`, read again from the file (by blocks where the file allows)."""
        if not rows:
            return {}
        name_at = next(pos for pos, col in self.positions.items() if col.key == "name")
        try:
            return self._names_by_blocks(rows, name_at)
        except NotColumnar:
            return self._names_by_rows(rows, name_at)

    def _names_by_blocks(self, rows: set[int], name_at: int) -> dict[int, str]:
        found: dict[int, str] = {}
        wanted = np.array(sorted(rows), dtype=np.int64)
        self.handle.seek(0)
        width = len(next(read_rows(self.handle)))
        for block in blocks(self.handle, {name_at: "name"}, width, every_column=False):
            hits = np.nonzero(np.isin(block.row_no, wanted))[0]
            names = block.raw["name"].take(pa.array(hits)).to_pylist()
            found.update((int(block.row_no[i]), clean_name(n.strip())) for i, n in zip(hits, names, strict=True))
            if len(found) == len(rows):
                break
        return found

    def _names_by_rows(self, rows: set[int], name_at: int) -> dict[int, str]:
        found: dict[int, str] = {}
        self.handle.seek(0)
        for row_no, cells in enumerate(read_rows(self.handle), start=1):
            if row_no in rows and name_at < len(cells):
                found[row_no] = clean_name(cells[name_at].strip())
                if len(found) == len(rows):
                    break
        return found


def _joined(parts: list[np.ndarray], dtype) -> np.ndarray:
    return np.concatenate(parts).astype(dtype, copy=False) if parts else np.zeros(0, dtype=dtype)


def _repeats(row_no, keys, mask, what: str, limit: int | None = 10_000) -> list[tuple[int, int, str]]:
    """(row, first row with the same key, what) for masked rows whose key an earlier masked row has.

    With `limit`, the first `limit` by row, as staging.py's SQL lists them. Rows arrive in file
    order, so row_no ascends with position and a stable sort by key keeps each key's rows in order:
    one sort of a million keys, and arrays the size of the repeats (few) for the rest.
    """
    idx = np.flatnonzero(mask)
    if len(idx) < 2:
        return []
    picked = keys[idx]
    order = np.argsort(picked, kind="stable")
    sorted_keys = picked[order]
    del picked
    starts = np.empty(len(order), dtype=bool)
    starts[0] = True
    np.not_equal(sorted_keys[1:], sorted_keys[:-1], out=starts[1:])
    del sorted_keys
    repeat = np.flatnonzero(~starts)
    group_starts = np.flatnonzero(starts)
    first = group_starts[np.searchsorted(group_starts, repeat, side="right") - 1]
    rows, firsts = row_no[idx[order[repeat]]], row_no[idx[order[first]]]
    if limit is not None:
        keep = np.argsort(rows, kind="stable")[:limit]
        rows, firsts = rows[keep], firsts[keep]
    return [(int(r), int(f), what) for r, f in zip(rows.tolist(), firsts.tolist(), strict=True)]
