"""Backup, damage, restore: every table comes back with the same rows, and a bad restore is caught."""
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from shuniu.audit import backup
from shuniu.audit.history import acting_as
from shuniu.registry.models import Field


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_exactly_and_is_verified(tmp_path, django_user_model):
    with acting_as(django_user_model.objects.create_user("keeper"), "backup test"):
        Field.objects.create(slug="science", name="自然科学")
        Field.objects.create(slug="arts", name="文学艺术")
    folder = tmp_path / "b1"
    call_command("backup", str(folder), stdout=StringIO())
    with acting_as(django_user_model.objects.get(username="keeper"), "damage"):
        Field.objects.filter(slug="arts").delete()
        Field.objects.create(slug="intruder", name="不该存在")
    out = StringIO()
    call_command("restore", str(folder), "--yes", stdout=out)
    assert "verified" in out.getvalue()
    assert sorted(Field.objects.values_list("slug", flat=True)) == ["arts", "science"]


@pytest.mark.django_db(transaction=True)
def test_verification_names_the_table_that_differs(tmp_path, django_user_model):
    with acting_as(django_user_model.objects.create_user("keeper"), "backup test"):
        Field.objects.create(slug="science", name="自然科学")
        manifest = backup.backup(tmp_path / "b2")
        Field.objects.create(slug="later", name="后来的")
    result = backup.verify(manifest)
    assert not result.ok
    assert any(line.startswith("registry_field:") for line in result.mismatches)


@pytest.mark.django_db(transaction=True)
def test_restore_needs_confirmation_and_a_manifest(tmp_path):
    backup.backup(tmp_path / "b3")
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(tmp_path / "b3"))
    with pytest.raises(CommandError, match="manifest"):
        call_command("restore", str(tmp_path), "--yes")
