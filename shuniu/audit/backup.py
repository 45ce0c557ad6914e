"""Backup and restore of the whole database, verified by row counts and checksums.

A backup is a folder: the database in its engine's own format (SQLite's online
backup, or pg_dump's custom format) and manifest.json with, per table, the row
count and a SHA-256 over its rows in primary-key order. A restore loads the
file, recomputes both and compares: a restore that does not reproduce the
manifest is reported as failed, never as done.
"""
from __future__ import annotations

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db import connection

MANIFEST = "manifest.json"
SKIP_TABLES = {"django_session"}  # sessions are not records; a restored site signs everyone in again


@dataclass(frozen=True)
class Verification:
    ok: bool
    tables: int
    rows: int
    mismatches: list[str]


def tables() -> list[str]:
    names = connection.introspection.django_table_names(only_existing=True, include_views=False)
    return sorted(set(names) - SKIP_TABLES)


def fingerprint() -> dict[str, dict]:
    """Per table: row count and a checksum of every row in primary-key order."""
    result = {}
    with connection.cursor() as cursor:
        for table in tables():
            result[table] = _table_fingerprint(cursor, table)
    return result


def _table_fingerprint(cursor, table: str) -> dict:
    quoted = connection.ops.quote_name(table)
    order = ", ".join(connection.ops.quote_name(c) for c in _key_columns(cursor, table))
    cursor.execute(f"SELECT * FROM {quoted} ORDER BY {order}")
    digest, count = hashlib.sha256(), 0
    while rows := cursor.fetchmany(5000):
        for row in rows:
            digest.update("\x1f".join(_text(v) for v in row).encode())
            digest.update(b"\n")
        count += len(rows)
    return {"rows": count, "sha256": digest.hexdigest()}


def _key_columns(cursor, table: str) -> list[str]:
    description = connection.introspection.get_table_description(cursor, table)
    constraints = connection.introspection.get_constraints(cursor, table)
    for info in constraints.values():
        if info.get("primary_key"):
            return info["columns"]
    return [column.name for column in description]  # no key: every column, so the order is still total


def _text(value) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, (bytes, memoryview)):
        return bytes(value).hex()
    return str(value)


def backup(folder: Path) -> dict:
    folder.mkdir(parents=True, exist_ok=False)
    manifest = {"engine": connection.vendor, "created": datetime.datetime.now(datetime.UTC).isoformat(),
                "tables": fingerprint()}
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(folder / "database.sqlite3") as target:
            connection.connection.backup(target)
    elif connection.vendor == "postgresql":
        _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(folder / "database.pgdump")])
    else:
        raise ValueError(f"backup does not know the {connection.vendor} engine")
    (folder / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return manifest


def restore(folder: Path) -> Verification:
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    if manifest["engine"] != connection.vendor:
        raise ValueError(f"the backup is of a {manifest['engine']} database; this one is {connection.vendor}")
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(folder / "database.sqlite3") as source:
            source.backup(connection.connection)
    else:
        connection.close()  # pg_restore drops and recreates the tables this connection may hold
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
              str(folder / "database.pgdump")], database_flag=True)
    return verify(manifest)


def verify(manifest: dict) -> Verification:
    now = fingerprint()
    expected = manifest["tables"]
    mismatches = [f"{table}: expected {want['rows']} rows {want['sha256'][:12]}, "
                  f"found {now.get(table, {}).get('rows')} rows {now.get(table, {}).get('sha256', '')[:12]}"
                  for table, want in expected.items() if now.get(table) != want]
    mismatches += [f"{table}: not in the backup" for table in sorted(set(now) - set(expected))]
    return Verification(not mismatches, len(expected), sum(t["rows"] for t in expected.values()), mismatches)


def _run(command: list[str], database_flag: bool = False) -> None:
    settings = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": settings.get("PASSWORD") or ""}
    target = ["--host", settings.get("HOST") or "localhost", "--port", str(settings.get("PORT") or 5432),
              "--username", settings.get("USER") or "postgres"]
    database = ["--dbname", settings["NAME"]] if database_flag else [settings["NAME"]]
    tool = shutil.which(command[0])
    if tool is None:
        raise FileNotFoundError(f"{command[0]} is not installed (Debian: postgresql-client)")
    if database_flag:
        subprocess.run([tool, *command[1:-1], *target, *database, command[-1]], env=env, check=True,
                       capture_output=True)
    else:
        subprocess.run([tool, *command[1:], *target, *database], env=env, check=True, capture_output=True)
