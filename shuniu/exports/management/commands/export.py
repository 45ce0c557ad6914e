"""`shuniu export organizations|facilities|activities --format csv|xlsx|json --out FILE [--user NAME]`
and `shuniu export prune --days N`.

With --user, exactly what that account may see (through restrict()); without
it, the operator's export of the whole record. The command writes the file
itself, whatever its size: only web requests hand large exports to a job.
Facilities and activities come in the columns their imports take (CSV, XLSX);
organisations also as open-data JSON. `prune` removes the files of export jobs
that finished more than N days ago.
"""
from django.core.management.base import BaseCommand, CommandError
from django.http import QueryDict

from shuniu.accounts.models import Role
from shuniu.accounts.permissions import SCOPE_SETS, with_frozen_scope
from shuniu.audit.history import command_user, system_user
from shuniu.exports import jobs
from shuniu.exports.tables import TABLES
from shuniu.exports.writers import write

WHOLE_RECORD = {"roles": [Role.OFFICE], "everything": True, **{name: [] for name in SCOPE_SETS}}


class Command(BaseCommand):
    help = "Export organisations, facilities or activities as CSV or XLSX (organisations also as open-data " \
           "JSON); or prune old export files."

    def add_arguments(self, parser):
        parser.add_argument("what", choices=[*TABLES, "prune"])
        parser.add_argument("--format", choices=["csv", "xlsx", "json"], default="csv")
        parser.add_argument("--out", default=None, help="file to write")
        parser.add_argument("--user", default=None, help="export what this account may see")
        parser.add_argument("--days", type=int, default=None,
                            help="prune: remove export files finished more than this many days ago")

    def handle(self, *args, what: str, format: str, out: str | None, user: str | None, days: int | None,
               **options):
        if what == "prune":
            if days is None or days < 0:
                raise CommandError("prune needs --days N (N ≥ 0)")
            return f"{jobs.prune(days):,} export files removed (finished more than {days} days ago)"
        table = TABLES[what]
        if format not in table.formats:
            raise CommandError(f"--format: {what} export as {' or '.join(table.formats)}, not {format}")
        if not out:
            raise CommandError(f"export {what} needs --out FILE")
        account = command_user(user, default=None) or with_frozen_scope(system_user(), WHOLE_RECORD)
        queryset = table.rows_for(account, QueryDict())
        with open(out, "wb") as handle:
            write(table, format, queryset, handle)
        return f"{queryset.count():,} {what} → {out}"
