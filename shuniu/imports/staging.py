"""The database half of an import: a staging table, set-based matching, bulk writes.

Validated rows stream into a temporary staging table (PostgreSQL: COPY, while
Python parses the next rows; SQLite: executemany in big batches). Everything
else is a handful of set-based statements, so a million rows cost what the
database costs, and Python never holds the file:
  match    each key level in turn (credit code, certificate number, name +
           division); a lower key only matches a record whose higher keys are
           empty or equal, so a code is never overwritten by a name match
  conflict two rows claiming the same key or record → invalid, nothing written
  similar  likely duplicates, in the file and against the registry → reported
  classify create / update (some set field differs) / unchanged
  write    INSERT … SELECT, UPDATE … FROM, and one history row per created or
           updated record (INSERT … SELECT from the written rows), attributed
           to the acting user like every other change.
"""
from __future__ import annotations

import contextlib
import io

import numpy as np
import pyarrow as pa
import pyarrow.csv as pcsv
from django.db import connection
from django.utils import timezone

from shuniu.audit.history import current_actor, note_bulk_change

from . import bulkload
from .names import similar_keys

STAGE = "shuniu_import_stage"
EXISTING = "shuniu_import_existing"
PAIRS = "shuniu_import_pairs"
MATCH = "shuniu_import_match"  # narrow (row → record, action): cheap to update, unlike the wide staging rows
BATCH = 10_000  # rows per executemany on SQLite (PostgreSQL streams each row into the COPY)


def updated_fields(spec, present: set[str]) -> list[str]:
    """The stored fields an update sets: those of the file's columns (an absent column leaves records alone)."""
    return [f for f in spec.FIELDS if any(f in spec.SETS.get(key, (key, f"{key}_id")) for key in present)]


ARROW_TYPES = {"bigint": pa.int64(), "date": pa.date32(), "boolean": pa.bool_(), "text": pa.string()}


def column_type(model, attname: str) -> str:
    """The SQL type a staged field gets (and, through ARROW_TYPES, its Arrow type)."""
    field = model._meta.get_field(attname)
    if field.is_relation:
        return "bigint"
    return {"DateField": "date", "BooleanField": "boolean", "PositiveIntegerField": "bigint",
            "PositiveSmallIntegerField": "bigint"}.get(field.get_internal_type(), "text")


def arrow_types(spec) -> dict[str, pa.DataType]:
    return {f: ARROW_TYPES[column_type(spec.MODEL, f)] for f in spec.FIELDS}


class RowBatches:
    """Rows from the row path (reading.py), handed on a batch at a time as a block, as the block path gives them.

    Subclasses take blocks in add_block(row_no, values by field).
    """

    def __init__(self, spec):
        self.types = arrow_types(spec)
        self._buffer: list[tuple] = []
        self._row_nos: list[int] = []

    def add(self, row_no: int, values: tuple) -> None:
        self._row_nos.append(row_no)
        self._buffer.append(values)
        if len(self._buffer) >= BATCH:
            self._flush()

    def _flush(self) -> None:
        if not self._buffer:
            return
        columns = {f: pa.array(list(column), type=kind)
                   for (f, kind), column in zip(self.types.items(), zip(*self._buffer, strict=True), strict=True)}
        self.add_block(np.array(self._row_nos, dtype=np.int64), columns)
        self._buffer, self._row_nos = [], []

    def add_block(self, row_no: np.ndarray, values: dict[str, pa.Array]) -> None:
        raise NotImplementedError


def q(name: str) -> str:
    return connection.ops.quote_name(name)


class Stage(RowBatches):
    """Staging for one model; `spec` is the module of a kind (FIELDS, KEYS, SETS, DEFAULTS, MODEL)."""

    def __init__(self, spec, present: set[str]):
        super().__init__(spec)
        self.spec = spec
        self.model = spec.MODEL
        self.table = q(self.model._meta.db_table)
        self.fields = spec.FIELDS
        self.set_fields = updated_fields(spec, present)
        self.pg = connection.vendor == "postgresql"
        self.cursor = connection.cursor()
        self._copy = None

    # -- loading -----------------------------------------------------------------
    def create(self) -> None:
        columns = ", ".join(f"{q(f)} {column_type(self.model, f)}" for f in self.fields)
        bulkload.tune(self.cursor, connection.vendor)
        self.cursor.execute(f"DROP TABLE IF EXISTS {STAGE}")
        self.cursor.execute(f"CREATE TEMPORARY TABLE {STAGE} (row_no integer PRIMARY KEY, sim_key text, "
                            f"{columns})")
        if self.pg:
            names = ", ".join(["row_no", "sim_key", *(q(f) for f in self.fields)])
            self._copy_cm = self.cursor.cursor.copy(f"COPY {STAGE} ({names}) FROM STDIN (FORMAT csv)")
            self._copy = self._copy_cm.__enter__()

    def add_block(self, row_no: np.ndarray, values: dict[str, pa.Array]) -> None:
        table = pa.table({"row_no": row_no, "sim_key": similar_keys(values["name"]), **values})
        if self.pg:
            # Quoted "" is an empty string and an unquoted empty field NULL, as PostgreSQL's CSV reads them.
            out = io.BytesIO()
            pcsv.write_csv(table, out, pcsv.WriteOptions(include_header=False, quoting_style="all_valid"))
            self._copy.write(out.getbuffer())
            return
        marks = ", ".join(["%s"] * (len(self.fields) + 2))
        names = ", ".join(["row_no", "sim_key", *(q(f) for f in self.fields)])
        rows = list(zip(*(column.to_pylist() for column in table.columns), strict=True))
        self.cursor.executemany(f"INSERT INTO {STAGE} ({names}) VALUES ({marks})", rows)

    def finish_loading(self) -> None:
        self._flush()
        if self.pg:
            self._copy_cm.__exit__(None, None, None)
            self._copy = None
        if not self.pg:  # SQLite joins by nested loops and needs these; PostgreSQL hashes and sorts
            for i, key in enumerate(self.spec.KEYS):
                self.cursor.execute(f"CREATE INDEX {STAGE}_k{i} ON {STAGE} ({', '.join(q(f) for f in key)})")
            self.cursor.execute(f"CREATE INDEX {STAGE}_sim ON {STAGE} (sim_key)")
        self.cursor.execute(f"ANALYZE {STAGE}")  # temporary tables are never auto-analysed

    def abandon(self) -> None:
        """Close a COPY left open by an error, so the connection can roll back."""
        if self._copy is not None:
            try:
                self._copy_cm.__exit__(RuntimeError, RuntimeError("import abandoned"), None)
            except Exception:  # noqa: BLE001 - the COPY is being thrown away; the original error matters
                pass
            self._copy = None

    # -- matching -------------------------------------------------------------------
    def match(self) -> None:
        """Fill MATCH (row → record) key level by key level; unmatched rows become creations."""
        self.cursor.execute(f"DROP TABLE IF EXISTS {MATCH}")
        # n numbers the rows to create (1, 2, …); their ids are a block reserved at write time plus n.
        self.cursor.execute(f"CREATE TEMPORARY TABLE {MATCH} (row_no integer PRIMARY KEY, target_id bigint, "
                            f"action varchar(1) NOT NULL, n bigint)")
        unmatched = f"NOT EXISTS (SELECT 1 FROM {MATCH} AS m WHERE m.row_no = s.row_no)"
        higher: list[str] = []
        for key in self.spec.KEYS:
            cond = " AND ".join(f"s.{q(f)} = o.{q(f)} AND {self._filled('s.', f)}" for f in key)
            guards = "".join(f" AND ({self._empty('o.', f)} OR {self._empty('s.', f)} OR o.{q(f)} = s.{q(f)})"
                             for f in higher)
            self.cursor.execute(f"INSERT INTO {MATCH} (row_no, target_id, action) SELECT s.row_no, min(o.id), '=' "
                                f"FROM {STAGE} AS s JOIN {self.table} AS o ON {cond}{guards} WHERE {unmatched} "
                                f"GROUP BY s.row_no")
            higher.extend(key)
        self.cursor.execute(f"INSERT INTO {MATCH} (row_no, target_id, action, n) SELECT s.row_no, NULL, 'c', "
                            f"row_number() OVER (ORDER BY s.row_no) FROM {STAGE} AS s WHERE {unmatched}")

    def conflicts(self) -> list[tuple[int, int, str]]:
        """(row, first row, what) for rows that claim a key or record an earlier row claimed."""
        found: list[tuple[int, int, str]] = []
        higher: list[str] = []
        for key in self.spec.KEYS:
            filled = " AND ".join(self._filled("", f) for f in key)
            empty_higher = "".join(f" AND {self._empty('', f)}" for f in higher)
            found += self._repeats(", ".join(q(f) for f in key), f"{filled}{empty_higher}", "+".join(key))
            higher.extend(key)
        found += self._repeats("target_id", "target_id IS NOT NULL", "record", MATCH)
        return sorted(set(found))

    def _repeats(self, partition: str, where: str, what: str, table: str = STAGE) -> list[tuple[int, int, str]]:
        self.cursor.execute(
            f"SELECT row_no, first FROM (SELECT row_no, min(row_no) OVER (PARTITION BY {partition}) AS first "
            f"FROM {table} WHERE {where}) AS w WHERE row_no > first ORDER BY row_no LIMIT 10000")
        return [(row, first, what) for row, first in self.cursor.fetchall()]

    def matched_outside(self, allowed) -> list[tuple[int, int]]:
        """(row, record) for matched records not in the `allowed` queryset of pks."""
        sql, params = allowed.query.sql_with_params()
        self.cursor.execute(f"SELECT m.row_no, m.target_id FROM {MATCH} AS m WHERE m.target_id IS NOT NULL "
                            f"AND m.target_id NOT IN ({sql}) ORDER BY m.row_no LIMIT 10000", params)
        return self.cursor.fetchall()

    def load_existing_names(self) -> None:
        """Similar keys of the registry's names, computed in Python (the key is not a column)."""
        self.cursor.execute(f"DROP TABLE IF EXISTS {EXISTING}")
        self.cursor.execute(f"CREATE TEMPORARY TABLE {EXISTING} (id bigint, sim_key text)")
        read = connection.chunked_cursor()
        read.execute(f"SELECT id, name FROM {self.table}")
        while chunk := read.fetchmany(BATCH):
            ids, names = zip(*chunk, strict=True)
            keys = similar_keys(pa.array(names, type=pa.string())).to_pylist()
            self.cursor.executemany(f"INSERT INTO {EXISTING} (id, sim_key) VALUES (%s, %s)",
                                    list(zip(ids, keys, strict=True)))
        read.close()
        self.cursor.execute(f"CREATE INDEX {EXISTING}_sim ON {EXISTING} (sim_key)")
        self.cursor.execute(f"ANALYZE {EXISTING}")

    def similar_in_file(self, limit: int) -> tuple[int, list[tuple]]:
        # The pairs once (one window over the file), then counted and the first `limit` named from them.
        self.cursor.execute(f"DROP TABLE IF EXISTS {PAIRS}")
        self.cursor.execute(f"CREATE TEMPORARY TABLE {PAIRS} AS SELECT row_no, first FROM (SELECT row_no, "
                            f"min(row_no) OVER (PARTITION BY sim_key) AS first FROM {STAGE}) AS w WHERE row_no > first")
        sql = (f"FROM {PAIRS} AS p JOIN {STAGE} AS w ON w.row_no = p.row_no "
               f"JOIN {STAGE} AS f ON f.row_no = p.first")
        return self._count_and_list(f"FROM {PAIRS}", sql, "w.row_no, w.name, f.row_no, f.name", "w.row_no", limit)

    def similar_in_registry(self, limit: int) -> tuple[int, list[tuple]]:
        self.cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {EXISTING})")
        if not self.cursor.fetchone()[0]:  # a first load: nothing to be like (and no join over the file)
            return 0, []
        sql = (f"FROM {STAGE} AS s JOIN {MATCH} AS m ON m.row_no = s.row_no AND m.action = 'c' "
               f"JOIN {EXISTING} AS e ON e.sim_key = s.sim_key JOIN {self.table} AS o ON o.id = e.id")
        return self._count_and_list(sql, sql, "s.row_no, s.name, o.id, o.name", "s.row_no", limit)

    def _count_and_list(self, counted: str, sql: str, columns: str, order: str, limit: int) -> tuple[int, list]:
        self.cursor.execute(f"SELECT count(*) {counted}")
        total = self.cursor.fetchone()[0]
        self.cursor.execute(f"SELECT {columns} {sql} ORDER BY {order} LIMIT {int(limit)}")
        return total, self.cursor.fetchall()

    # -- classify and write -------------------------------------------------------------
    def classify(self) -> dict[str, int]:
        differs = " OR ".join(f"NOT (o.{q(f)} {self._same()} s.{q(f)})" for f in self.set_fields) or "FALSE"
        self.cursor.execute(
            f"UPDATE {MATCH} AS m SET action = 'u' FROM {STAGE} AS s JOIN {self.table} AS o ON TRUE "
            f"WHERE m.action = '=' AND s.row_no = m.row_no AND o.id = m.target_id AND ({differs})")
        self.cursor.execute(f"SELECT action, count(*) FROM {MATCH} GROUP BY action")
        counts = dict(self.cursor.fetchall())
        return {"created": counts.get("c", 0), "updated": counts.get("u", 0), "unchanged": counts.get("=", 0)}

    def _filled(self, alias: str, field: str) -> str:
        column = alias + q(field)
        if column_type(self.model, field) == "text":
            return f"{column} IS NOT NULL AND {column} <> ''"
        return f"{column} IS NOT NULL"

    def _empty(self, alias: str, field: str) -> str:
        return f"NOT ({self._filled(alias, field)})"

    def _same(self) -> str:
        return "IS NOT DISTINCT FROM" if self.pg else "IS"

    def write(self, creating: int) -> None:
        tables = [self.table, q(self.model.history.model._meta.db_table)]
        bulk = bulkload.worth_it(self.cursor, self.table, creating)
        with bulkload.without_secondary_structures(self.cursor, tables, connection.vendor) if bulk \
                else contextlib.nullcontext():
            self._write()

    def _write(self) -> None:
        actor = current_actor()
        creating = self._count("c")
        base = self._reserve_ids(creating)
        defaults = self.spec.DEFAULTS
        names = ", ".join(q(f) for f in ("id", *self.fields, *defaults))
        picks = ", ".join([f"{base} + m.n", *("s." + q(f) for f in self.fields), *(["%s"] * len(defaults))])
        # No ORDER BY: ids already follow the file's order, and sorting a million wide rows would spill to disk.
        self.cursor.execute(f"INSERT INTO {self.table} ({names}) SELECT {picks} FROM {STAGE} AS s "
                            f"JOIN {MATCH} AS m ON m.row_no = s.row_no WHERE m.action = 'c'",
                            list(defaults.values()))
        if self.set_fields:
            sets = ", ".join(f"{q(f)} = s.{q(f)}" for f in self.set_fields)
            self.cursor.execute(f"UPDATE {self.table} AS o SET {sets}, version = o.version + 1 FROM {STAGE} AS s "
                                f"JOIN {MATCH} AS m ON m.row_no = s.row_no WHERE m.action = 'u' AND o.id = m.target_id")
        self._write_history(actor, base, creating)
        note_bulk_change()

    def _count(self, action: str) -> int:
        self.cursor.execute(f"SELECT count(*) FROM {MATCH} WHERE action = %s", [action])
        return self.cursor.fetchone()[0]

    def _reserve_ids(self, count: int) -> int:
        """The id before a block of `count` fresh ids, which nothing else can take (the sequence moves past it)."""
        if self.pg:
            # setval under a lock on the table: no other writer draws from the sequence in between.
            self.cursor.execute(f"LOCK TABLE {self.table} IN SHARE ROW EXCLUSIVE MODE")
            self.cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [self.model._meta.db_table])
            sequence = self.cursor.fetchone()[0]
            self.cursor.execute(f"SELECT greatest((SELECT coalesce(max(id), 0) FROM {self.table}), "
                                f"(SELECT last_value FROM {sequence}))")
            base = self.cursor.fetchone()[0]
            self.cursor.execute("SELECT setval(%s, %s)", [sequence, base + max(count, 1)])
            return base
        # SQLite: above both the highest id and AUTOINCREMENT's high-water mark, so no id is reused.
        self.cursor.execute(f"SELECT max(coalesce((SELECT max(id) FROM {self.table}), 0), coalesce((SELECT seq "
                            f"FROM sqlite_sequence WHERE name = %s), 0))", [self.model._meta.db_table])
        return self.cursor.fetchone()[0]

    def _write_history(self, actor, base: int, creating: int) -> None:
        history = self.model.history.model
        own = [f.column for f in history._meta.concrete_fields
               if f.attname not in ("history_id", "history_date", "history_change_reason", "history_type",
                                    "history_user_id")]
        names = ", ".join(q(c) for c in (*own, "history_date", "history_change_reason", "history_type",
                                         "history_user_id"))
        columns = ", ".join(f"o.{q(c)}" for c in own)
        params = [timezone.now(), actor.reason or None, actor.user.pk]
        table = q(history._meta.db_table)
        # Created rows are the reserved block: a range of the primary key, no join.
        self.cursor.execute(f"INSERT INTO {table} ({names}) SELECT {columns}, %s, %s, '+', %s FROM {self.table} AS o "
                            f"WHERE o.id > {base} AND o.id <= {base + creating}", params)
        self.cursor.execute(f"INSERT INTO {table} ({names}) SELECT {columns}, %s, %s, '~', %s FROM {self.table} AS o "
                            f"JOIN {MATCH} AS m ON m.target_id = o.id WHERE m.action = 'u'", params)

    def drop(self) -> None:
        self.abandon()
        self.cursor.execute(f"DROP TABLE IF EXISTS {STAGE}")
        self.cursor.execute(f"DROP TABLE IF EXISTS {EXISTING}")
        self.cursor.execute(f"DROP TABLE IF EXISTS {MATCH}")
        self.cursor.execute(f"DROP TABLE IF EXISTS {PAIRS}")
        self.cursor.close()

