"""`shuniu export organizations --format csv|xlsx|json --out FILE [--user NAME]` and `shuniu export prune --days N`.

With --user, exactly what that account may see (through restrict()); without
it, the operator's export of the whole registry. The command writes the file
itself, whatever its size: only web requests hand large exports to a job.
`prune` removes the files of export jobs that finished more than N days ago.
"""
from django.core.management.base import BaseCommand, CommandError

from shuniu.audit.history import command_user
from shuniu.exports import jobs
from shuniu.registry import exports
from shuniu.registry.models import Organization


class Command(BaseCommand):
    help = "Export organisations as CSV, XLSX or open-data JSON; or prune old export files."

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["organizations", "prune"])
        parser.add_argument("--format", choices=["csv", "xlsx", "json"], default="csv")
        parser.add_argument("--out", default=None, help="file to write (organizations)")
        parser.add_argument("--user", default=None, help="export what this account may see")
        parser.add_argument("--days", type=int, default=None,
                            help="prune: remove export files finished more than this many days ago")

    def handle(self, *args, what: str, format: str, out: str | None, user: str | None, days: int | None,
               **options):
        if what == "prune":
            if days is None or days < 0:
                raise CommandError("prune needs --days N (N ≥ 0)")
            return f"{jobs.prune(days):,} export files removed (finished more than {days} days ago)"
        if not out:
            raise CommandError("export organizations needs --out FILE")
        return self.organizations_to(out, format, user)

    def organizations_to(self, out: str, format: str, user: str | None) -> str:
        queryset = self.organizations(user)
        if format == "xlsx":
            exports.write_xlsx(queryset, out)
        else:
            chunks = exports.csv_chunks(queryset) if format == "csv" else exports.json_chunks(queryset)
            with open(out, "w", encoding="utf-8", newline="") as handle:
                handle.writelines(chunks)
        return f"{queryset.count():,} organisations → {out}"

    def organizations(self, username: str | None):
        user = command_user(username, default=None)
        return Organization.objects.all() if user is None else Organization.objects.restrict(user)
