"""DataVersion names its database, so a cache shared by processes never serves another database's figures.

The cache is files under var/ since this change (settings.CACHES), and it outlives a
database loaded afresh, whose counter starts again: cached figures are keyed by
(database, version). The row is created here, so every database has its own name
before the first change.
"""
import uuid

from django.db import migrations, models


def name_this_database(apps, schema_editor):
    DataVersion = apps.get_model("analytics", "DataVersion")
    if not DataVersion.objects.exists():
        DataVersion.objects.create(number=0)
    DataVersion.objects.update(database=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [("analytics", "0001_initial")]
    operations = [
        migrations.AddField(model_name="dataversion", name="database",
                            field=models.UUIDField(default=uuid.uuid4, editable=False)),
        migrations.RunPython(name_this_database, migrations.RunPython.noop),
    ]
