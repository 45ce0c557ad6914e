"""Trigram indexes for name search on PostgreSQL (LIKE '%…%' without a full scan).

SQLite has no equivalent; there the migration does nothing. pg_trgm ships with
PostgreSQL; creating the extension needs a role allowed to (the database owner
on PostgreSQL 13+ for trusted extensions).
"""
from django.db import migrations

INDEXES = [
    ("registry_org_name_trgm", "registry_organization", "name"),
    ("registry_org_initials_trgm", "registry_organization", "name_initials"),
    ("registry_formername_trgm", "registry_formername", "name"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops)")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_historicalorganization_name_initials_and_more")]
    operations = [migrations.RunPython(create, drop)]
