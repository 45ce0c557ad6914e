"""`shuniu backup [FOLDER]`: the database and a manifest of row counts and checksums."""
import datetime
from pathlib import Path

from django.core.management.base import BaseCommand

from shuniu.audit import backup


class Command(BaseCommand):
    help = "Back up the configured database (SQLite or PostgreSQL) with a verification manifest."

    def add_arguments(self, parser):
        parser.add_argument("folder", nargs="?", help="new folder to write (default var/backups/<time>)")

    def handle(self, *args, folder: str | None, **options):
        from django.conf import settings

        target = Path(folder) if folder else Path(settings.VAR_DIR) / "backups" / (
            datetime.datetime.now().strftime("%Y%m%d-%H%M%S"))
        manifest = backup.backup(target)
        rows = sum(t["rows"] for t in manifest["tables"].values())
        return f"backed up {len(manifest['tables'])} tables, {rows:,} rows → {target}"
