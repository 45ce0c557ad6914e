"""Reading and checking a CSV a column at a time, for files of a million rows.

Python spends ~15 µs on a row (csv module, a dict of cells, a dozen checks);
a million rows is then a quarter of a minute before the database sees one.
Here Apache Arrow's CSV reader (C++, both cores) hands over blocks of some
tens of thousands of rows as string columns, and the checks run per column:
text rules as vectorised regexes and lengths, and every rule over a code list
(types, divisions, dates, supervisory units …) once per *distinct* value or
combination, which a file holds a few thousand of, not a million.

The row-at-a-time path stays the definition. A block's checks only decide
which rows are plainly fine; every other row (a bad cell, a control
character, a space to collapse, a credit code needing more than the common
check) goes through the spec's parse_row, which gives the exact message,
warnings and values — so reports are the same whichever path read the file
(tests compare the two on generated files). A file Arrow would read
differently from Python's csv module (ragged rows, blank lines, cells over
the size limit, undecodable bytes) raises NotColumnar before anything is
written, and the import starts again on the row path.
"""
from __future__ import annotations

import contextlib
import ctypes
import functools
import io
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import BinaryIO

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv

from .reading import MAX_CELL, SAMPLE, detect_encoding, is_xlsx
from .report import RowInvalid

BLOCK = 4 << 20  # bytes per block: ~80,000 rows, some tens of MB of arrays at a time
CONTROL = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"
# Characters Python's str.isspace() and re's \s know beyond RE2's ASCII \s (after CONTROL, which takes \x1c-\x1f).
UNICODE_SPACE = r"[\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]"


class NotColumnar(Exception):
    """This file must be read row by row (reading.py) to give the same rows as Python's csv module."""


@dataclass
class Block:
    """One block of a file: the cells as read (by column key), and each row's number in the file."""

    raw: dict[str, pa.Array]
    row_no: np.ndarray


def can_read(head: bytes) -> bool:
    return not is_xlsx(head) and b"\x00" not in head


@functools.cache
def _return_freed_memory() -> None:
    """Keep a million-row import within its 300 MB: freed blocks go back to the system.

    Arrow's default allocator (mimalloc) kept ~130 MB of freed blocks over a 1M-row file, and glibc's
    malloc, once a few multi-MB blocks were freed, served the next ones from its heaps (its mmap
    threshold rises), which then grew with every block read. Both measured; with glibc's allocator for
    Arrow and a fixed 1 MB threshold the same file peaks ~60 MB lower.
    """
    pa.set_memory_pool(pa.system_memory_pool())
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL("libc.so.6").mallopt(M_MMAP_THRESHOLD, 1 << 20)


M_MMAP_THRESHOLD = -3  # glibc's malloc.h


def blocks(handle: BinaryIO, positions: dict[int, str], width: int, *, every_column: bool = True) -> Iterator[Block]:
    """Blocks of the CSV in `handle` (header included in the file); `positions`: column position → key.

    Every column is read by default, so that a runaway cell anywhere sends the file to the row path
    as Python's csv module would refuse it; a second reading of a checked file reads only `positions`.
    """
    _return_freed_memory()
    handle.seek(0)
    head = handle.read(SAMPLE)
    handle.seek(0)
    encoding = detect_encoding(head)
    first = head.split(b"\n", 1)[0].decode(encoding, errors="ignore")
    names = [f"c{i}" for i in range(width)]
    read = pcsv.ReadOptions(column_names=names, skip_rows=1, block_size=BLOCK, use_threads=True,
                            encoding="utf8" if encoding in ("utf-8", "utf-8-sig") else encoding)
    parse = pcsv.ParseOptions(delimiter="\t" if first.count("\t") > first.count(",") else ",",
                              newlines_in_values=True, ignore_empty_lines=False,
                              invalid_row_handler=lambda row: "error")
    convert = pcsv.ConvertOptions(column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=False,
                                  quoted_strings_can_be_null=False,
                                  include_columns=None if every_column else [names[p] for p in sorted(positions)])
    next_row = 2
    source = _Throttled(handle)
    try:
        reader = pcsv.open_csv(source, read_options=read, parse_options=parse, convert_options=convert)
        while True:
            source.consumed += 1
            with source.waiting():
                batch = reader.read_next_batch()
            yield _block(batch, positions, next_row)
            next_row += batch.num_rows
    except StopIteration:
        return
    except (pa.ArrowInvalid, UnicodeDecodeError, LookupError) as exc:
        raise NotColumnar(str(exc)) from exc
    finally:
        source.close()


class _Throttled(io.RawIOBase):
    """The file as Arrow reads it, but at most AHEAD blocks ahead of the blocks taken.

    Arrow's streaming CSV reader reads up to 32 blocks ahead on a thread of its own: 128 MB of a
    4 MB-block file held for nothing. Its reads wait here instead. A row longer than AHEAD blocks
    (or any other need Arrow has for more data) still gets it: a read that has waited PATIENCE
    while the consumer waits for its block proceeds.
    """

    AHEAD = 3
    PATIENCE = 0.2  # seconds

    def __init__(self, handle: BinaryIO):
        self.handle = handle
        self.reads = 0
        self.consumed = 0
        self.consumer_waiting = False
        self.turn = threading.Condition()

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        with self.turn:
            while self.reads - self.consumed >= self.AHEAD and not self.closed:
                if not self.turn.wait(self.PATIENCE) and self.consumer_waiting:
                    break  # the consumer is stuck waiting on this read: let it through
            self.reads += 1
        return self.handle.read(size)

    @contextlib.contextmanager
    def waiting(self):
        with self.turn:
            self.consumer_waiting = True
            self.turn.notify_all()
        try:
            yield
        finally:
            self.consumer_waiting = False

    def close(self) -> None:
        with self.turn:
            super().close()
            self.turn.notify_all()


def _block(batch: pa.RecordBatch, positions: dict[int, str], first_row: int) -> Block:
    for values in batch.columns:
        if (pc.max(pc.binary_length(values)).as_py() or 0) > MAX_CELL:
            if (pc.max(pc.utf8_length(values)).as_py() or 0) > MAX_CELL:
                raise NotColumnar("a cell over the size limit")  # the row path names the line
    raw = {key: batch.column(f"c{position}") for position, key in positions.items()}
    row_no = np.arange(first_row, first_row + batch.num_rows, dtype=np.int64)
    blank = np.ones(batch.num_rows, dtype=bool)
    for values in raw.values():
        blank &= flags(pc.equal(pc.binary_length(values), 0))
    if blank.any():  # empty rows between blocks of data are skipped and not counted, as on the row path
        keep = pa.array(~blank)
        raw = {key: values.filter(keep) for key, values in raw.items()}
        row_no = row_no[~blank]
    return Block(raw, row_no)


def row_cells(block: Block, i: int) -> dict[str, str]:
    """Row i's cells as the row path reads them (Python's strip)."""
    return {key: values[i].as_py().strip() for key, values in block.raw.items()}


def flags(mask: pa.Array) -> np.ndarray:
    """A boolean Arrow array (no nulls here) as numpy."""
    return mask.to_numpy(zero_copy_only=False)


def cells(block: Block, key: str) -> pa.Array:
    """A column's cells as read; a column the file lacks reads as empty cells, as on the row path."""
    found = block.raw.get(key)
    return found if found is not None else pa.repeat(pa.scalar("", pa.string()), len(block.row_no))


def text(block: Block, key: str) -> tuple[pa.Array, np.ndarray]:
    """(stripped cells, rows to leave to parse_row): a free-text column, checked as a whole.

    Rows with control characters go to parse_row: it refuses them, and Python strips some of them
    (\x1c–\x1f) where Arrow does not, so the stripped text could differ.
    """
    values = cells(block, key)
    return pc.utf8_trim_whitespace(values), flags(pc.match_substring_regex(values, CONTROL))


def per_distinct(columns: Sequence[pa.Array], check: Callable[..., tuple],
                 memo: dict | None = None) -> tuple[list[tuple | None], np.ndarray]:
    """Run `check` once per distinct combination of the columns' values.

    Returns (results, which): results[i] is check's tuple for combination i, or None where it raised
    RowInvalid; which[row] is the row's combination. `memo` keeps results from block to block.
    """
    codes, dictionaries = [], []
    for col in columns:
        encoded = pc.dictionary_encode(col)
        codes.append(encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64))
        # Cells are checked as the row path strips them (a handful of distinct values: Python is cheap here).
        dictionaries.append([v.strip() if isinstance(v, str) else v for v in encoded.dictionary.to_pylist()])
    if not codes or not len(codes[0]):
        return [], np.zeros(0, dtype=np.int64)
    if len(codes) == 1:  # the dictionary is already the distinct values
        combos, which = ([v] for v in dictionaries[0]), codes[0]
    else:
        indexed, which = _distinct_rows(codes, [len(d) for d in dictionaries])
        combos = ([d[i] for d, i in zip(dictionaries, combo, strict=True)] for combo in indexed)
    memo = {} if memo is None else memo
    results: list[tuple | None] = []
    for combo in combos:
        key = tuple(combo)
        if key not in memo:
            try:
                memo[key] = check(*combo)
            except RowInvalid:
                memo[key] = None
        results.append(memo[key])
    return results, which


def _distinct_rows(codes: list[np.ndarray], sizes: list[int]) -> tuple[list[list[int]], np.ndarray]:
    """The distinct combinations of the columns' codes, and each row's, by one 1-D sort where they fit."""
    if np.prod([float(max(size, 1)) for size in sizes]) < 2.0 ** 62:
        packed = np.zeros(len(codes[0]), dtype=np.int64)
        for code, size in zip(codes, sizes, strict=True):
            packed = packed * max(size, 1) + code
        distinct, which = np.unique(packed, return_inverse=True)
        combos = []
        for value in distinct.tolist():
            combo = []
            for size in reversed(sizes):
                value, code = divmod(value, max(size, 1))
                combo.append(code)
            combos.append(combo[::-1])
        return combos, which.reshape(-1)
    distinct, which = np.unique(np.stack(codes, axis=1), axis=0, return_inverse=True)
    return distinct.tolist(), which.reshape(-1)


def spread(results: list[tuple | None], which: np.ndarray, part: int, kind: pa.DataType) -> pa.Array:
    """Part `part` of each row's result as an array of `kind` (None where the check refused)."""
    values = pa.array([None if r is None else r[part] for r in results], type=kind)
    return values.take(pa.array(which))


def refused(results: list[tuple | None], which: np.ndarray) -> np.ndarray:
    bad = np.array([r is None for r in results], dtype=bool)
    return bad[which] if len(bad) else np.zeros(len(which), dtype=bool)


def too_long(values: pa.Array, limit: int) -> np.ndarray:
    return flags(pc.greater(pc.utf8_length(values), limit))



# -- 64-bit hashes of whole columns (a dry run's keys, check.py) -------------------------------------------
EMPTY = np.uint64(0)  # a key with an empty field; a real hash that happens to be 0 becomes 1
_M1, _M2 = np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB)
_STEP, _NULL = np.uint64(0x9E3779B97F4A7C15), np.uint64(0x2545F4914F6CDD1D)


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: every input bit moves every output bit."""
    x = (x ^ (x >> np.uint64(30))) * _M1
    x = (x ^ (x >> np.uint64(27))) * _M2
    return x ^ (x >> np.uint64(31))


def hash_column(values: pa.Array) -> np.ndarray:
    """One uint64 per value; equal values (of the same Arrow type) hash alike, nulls to a constant."""
    values = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
    kind = values.type
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        # Python's own string hash (SipHash, salted per process; file and registry are hashed in one process):
        # ten times faster than any byte loop numpy can do.
        hashed = np.fromiter(map(hash, values.to_pylist()), dtype=np.int64, count=len(values)).view(np.uint64)
    elif pa.types.is_boolean(kind) or pa.types.is_date32(kind) or pa.types.is_integer(kind):
        ints = values.cast(pa.int32()) if pa.types.is_date32(kind) else values  # days since 1970
        ints = ints.cast(pa.int64()).fill_null(0).to_numpy(zero_copy_only=False)
        hashed = _mix(ints.astype(np.uint64) + _STEP)
    else:
        raise TypeError(f"no column hash for {kind}")
    if values.null_count:
        hashed = np.where(flags(pc.is_null(values)), _NULL, hashed)
    return hashed


def hash_key(columns: Sequence[pa.Array]) -> np.ndarray:
    """A key level's hash per row; EMPTY where any of its fields is null or empty (it then matches nothing)."""
    combined = _combine(columns)
    empty = np.zeros(len(combined), dtype=bool)
    for values in columns:
        empty |= flags(pc.fill_null(pc.is_null(values), True))
        if pa.types.is_string(values.type):
            empty |= flags(pc.fill_null(pc.equal(values, ""), True))
    combined[combined == EMPTY] = 1
    combined[empty] = EMPTY
    return combined


def hash_values(columns: Sequence[pa.Array], length: int) -> np.ndarray:
    """The hash of the fields an update would set (null and empty differ, as IS NOT DISTINCT FROM says)."""
    if not columns:
        return np.ones(length, dtype=np.uint64)
    combined = _combine(columns)
    combined[combined == EMPTY] = 1
    return combined


def _combine(columns: Sequence[pa.Array]) -> np.ndarray:
    combined = hash_column(columns[0])
    for values in columns[1:]:
        combined = _mix(combined * _STEP + hash_column(values))
    return combined
