"""A GIN index over each name's single characters, for one- and two-character searches.

pg_trgm (migration 0003) cannot use its index for a word shorter than three
characters: LIKE '%书法%' holds no whole trigram, so a rare two-character word
scanned every name. Chinese names make such words common searches (书法, 养老, 志愿).
This index holds each name's characters (string_to_array(name, NULL), built into
PostgreSQL and computed in C); a search for 书法 intersects the rows holding 书 with
those holding 法 and rechecks LIKE on that handful. Longer words keep the trigram
index, which is the sharper of the two for them.

SQLite has no equivalent; there the migration does nothing.
"""
from django.db import migrations

NAME = "registry_org_name_chars"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {NAME} ON registry_organization "
                              "USING gin (string_to_array(name, NULL))")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("registry", "0009_lighter_organization_indexes")]
    operations = [migrations.RunPython(create, drop)]
