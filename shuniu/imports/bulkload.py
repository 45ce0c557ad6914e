"""Bulk-load settings for one import transaction, the way pg_restore loads (SQLite: indexes only).

Inserting a million rows into registry_organization row by row into its
nineteen indexes (two of them trigram GIN) and queueing four deferred foreign
key checks per row costs ~20× the bare COPY, and the history table the same
again. Building an index once over the loaded table, and validating a foreign
key with one join, is an order of magnitude cheaper. So when an import creates
at least as many rows as the table already holds (and at least BULK_MIN), the
secondary indexes, unique constraints and foreign keys of the written tables are
dropped before the writes and recreated after, inside the import's own
transaction: a failure rolls the drops back with everything else, and the re-added
constraints are validated against every row, so no check is skipped (the import
has already refused rows repeating a key; a unique constraint that still fails
refuses the whole import, as any database error does). Only primary keys stay:
the rows arrive in their order.

The price: DROP INDEX takes an ACCESS EXCLUSIVE lock, so pages reading the
registry wait until the import commits. That is acceptable for the large loads
that take this path (a first load, a merger of registries); smaller imports
keep the indexes and the lock stays the ordinary ROW EXCLUSIVE.
"""
from __future__ import annotations

import contextlib
import logging
import time

log = logging.getLogger(__name__)
BULK_MIN = 50_000


def tune(cursor, vendor: str) -> None:
    """Settings for the import transaction (PostgreSQL: SET LOCAL ends with it)."""
    if vendor == "sqlite":
        # A 32 MB page cache for this connection (the default is 2 MB): the staging table, its
        # indexes and the registry's pages stay in memory during matching. Kept below the 300 MB
        # budget of the importing process, whose memory SQLite shares.
        cursor.execute("PRAGMA cache_size = -32768")
        return
    # Hash joins and window sorts over a million staged rows otherwise spill to disk at the 4 MB default.
    cursor.execute("SET LOCAL work_mem = '64MB'")
    # Index builds after a bulk load: a trigram (GIN) build that fits in memory writes its index once, not in runs.
    cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
    # Safe: a crash in the moment after COMMIT returns may lose this transaction as a whole, never
    # part of it; the data stays consistent (no corruption, unlike fsync = off). The office re-runs it.
    cursor.execute("SET LOCAL synchronous_commit = off")


def worth_it(cursor, table: str, creating: int) -> bool:
    if creating < BULK_MIN:
        return False
    cursor.execute(f"SELECT count(*) FROM {table}")  # exact: reltuples is -1 on a never-analysed table
    return creating >= cursor.fetchone()[0]


@contextlib.contextmanager
def without_secondary_structures(cursor, tables: list[str], vendor: str):
    """Drop secondary indexes, unique constraints and foreign keys of `tables`; recreate them (validated)."""
    if vendor == "sqlite":
        with _sqlite_without_indexes(cursor, tables):
            yield
        return
    names = [t.strip('"') for t in tables]
    cursor.execute(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index AS i "
        "WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisprimary "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint AS c WHERE c.conindid = i.indexrelid)", [names])
    indexes = cursor.fetchall()
    # Unique constraints first, foreign keys after: put back in this order, a key is unique again
    # before anything checks against it. One that a foreign key elsewhere relies on stays.
    cursor.execute(
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint AS c "
        "WHERE conrelid = ANY(%s::regclass[]) AND (contype = 'f' OR contype = 'u' AND NOT EXISTS "
        "(SELECT 1 FROM pg_constraint AS f WHERE f.contype = 'f' AND f.conindid = c.conindid)) "
        "ORDER BY contype DESC", [names])
    constraints = cursor.fetchall()
    # ALTER TABLE refuses a table with deferred checks still queued (rows the transaction wrote
    # earlier): run them now; Django's deferred default comes back below.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    for table, name, _definition in reversed(constraints):  # foreign keys first: they may rely on the others
        cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    for index, _definition in indexes:
        cursor.execute(f"DROP INDEX {index}")
    yield
    start = time.perf_counter()
    for _index, definition in indexes:
        cursor.execute(definition)
    for table, name, definition in constraints:
        cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # Django's foreign keys are DEFERRABLE INITIALLY DEFERRED
    log.info("rebuilt %d indexes and %d constraints in %.1f s", len(indexes), len(constraints),
             time.perf_counter() - start)


@contextlib.contextmanager
def _sqlite_without_indexes(cursor, tables: list[str]):
    """SQLite: the same for indexes (not its foreign keys, checked by a cheap per-row counter).

    Indexes backing UNIQUE and PRIMARY KEY have no SQL in sqlite_master and stay.
    """
    marks = ", ".join(["%s"] * len(tables))
    cursor.execute(f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                   f"AND sql NOT LIKE 'CREATE UNIQUE%%' AND tbl_name IN ({marks})", [t.strip('"') for t in tables])
    indexes = cursor.fetchall()
    for name, _sql in indexes:
        cursor.execute(f'DROP INDEX "{name}"')
    yield
    for _name, sql in indexes:
        cursor.execute(sql)
