"""`shuniu restore FOLDER --yes`: replace the database with a backup, then verify it against the manifest."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from shuniu.audit import backup


class Command(BaseCommand):
    help = "Restore a backup made by `shuniu backup` into the configured database and verify it."

    def add_arguments(self, parser):
        parser.add_argument("folder")
        parser.add_argument("--yes", action="store_true", help="confirm that the current data is replaced")

    def handle(self, *args, folder: str, yes: bool, **options):
        path = Path(folder)
        if not (path / backup.MANIFEST).exists():
            raise CommandError(f"{path} has no {backup.MANIFEST}: not a shuniu backup")
        if not yes:
            raise CommandError("restore replaces every record in the configured database; add --yes to confirm")
        result = backup.restore(path)
        if not result.ok:
            raise CommandError("restore FAILED verification:\n  " + "\n  ".join(result.mismatches))
        return f"restored and verified {result.tables} tables, {result.rows:,} rows (counts and checksums match)"
