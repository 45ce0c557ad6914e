"""A large load drops secondary indexes (and on PostgreSQL foreign keys) and puts every one back."""
from __future__ import annotations

import pytest
from django.db import connection

from shuniu.imports import bulkload
from shuniu.imports.staging import Stage
from shuniu.registry.models import Organization

from .test_import_organizations import code, run

TABLES = ("registry_organization", "registry_historicalorganization")


def _structures():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE tbl_name IN (%s, %s) ORDER BY 1", TABLES)
            return cursor.fetchall()
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = ANY(%s) ORDER BY 1", [list(TABLES)])
        indexes = cursor.fetchall()
        cursor.execute("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                       "WHERE conrelid = ANY(%s::regclass[]) ORDER BY 1", [list(TABLES)])
        return indexes, cursor.fetchall()


def test_a_bulk_load_rebuilds_every_index_and_foreign_key_and_keeps_history(beijing, actor, monkeypatch):
    before = _structures()
    monkeypatch.setattr(bulkload, "BULK_MIN", 1)
    during = []
    write = Stage._write
    monkeypatch.setattr(Stage, "_write", lambda stage: (during.append(_structures()), write(stage)))
    with connection.cursor() as cursor:
        assert bulkload.worth_it(cursor, "registry_organization", 2)
    report = run(f"{code('MJ000001')},甲协会,社会团体,110105,,,,,直接登记,", ",乙协会,社会团体,110105,,,,,直接登记,")
    assert (report.created, report.invalid) == (2, 0), report.entries
    assert _structures() == before
    # The rows went in without the secondary indexes: only primary keys (and SQLite's unique ones) were there.
    if connection.vendor == "postgresql":
        indexes, constraints = during[0]
        assert [d for (d,) in indexes if "_pkey" not in d] == []
        assert not [name for name, definition in constraints if definition.startswith(("UNIQUE", "FOREIGN KEY"))]
        assert len(before[0]) > 15 and any("gin_trgm_ops" in d for (d,) in before[0])
    else:
        assert [name for name, sql in during[0] if sql and sql.startswith("CREATE INDEX")] == []
        assert len([name for name, sql in before if sql and sql.startswith("CREATE INDEX")]) > 10
    for org in Organization.objects.all():
        assert [(h.history_type, h.history_user) for h in org.history.all()] == [("+", actor)]


def test_a_small_load_into_a_larger_table_keeps_its_indexes(beijing, monkeypatch):
    monkeypatch.setattr(bulkload, "BULK_MIN", 1)
    run(",甲协会,社会团体,110105,,,,,直接登记,", ",乙协会,社会团体,110105,,,,,直接登记,")
    with connection.cursor() as cursor:
        assert not bulkload.worth_it(cursor, "registry_organization", 1)


def test_a_unique_key_is_checked_again_when_it_comes_back(beijing, monkeypatch):
    # Were a repeated credit code to slip past the import's own checks, putting the unique
    # constraint back refuses the whole load: dropping it skips no check.
    if connection.vendor != "postgresql":
        pytest.skip("SQLite keeps its unique indexes during a load")
    monkeypatch.setattr(bulkload, "BULK_MIN", 1)
    monkeypatch.setattr(Stage, "conflicts", lambda stage: [])
    report = run(f"{code('MJ000001')},甲协会,社会团体,110105,,,,,直接登记,",
                 f"{code('MJ000001')},乙协会,社会团体,110105,,,,,直接登记,")
    assert report.created == 0 and report.has_errors
    assert "registry_organization_uscc_key" in report.entries[0].reason
    assert not Organization.objects.exists()
