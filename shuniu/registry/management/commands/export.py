"""`shuniu export organizations --format csv|xlsx|json --out FILE [--user NAME]`.

With --user, exactly what that account may see (through restrict()); without
it, the operator's export of the whole registry.
"""
from django.core.management.base import BaseCommand

from shuniu.audit.history import command_user
from shuniu.registry import exports
from shuniu.registry.models import Organization


class Command(BaseCommand):
    help = "Export organisations as CSV, XLSX or open-data JSON."

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["organizations"])
        parser.add_argument("--format", choices=["csv", "xlsx", "json"], default="csv")
        parser.add_argument("--out", required=True, help="file to write")
        parser.add_argument("--user", default=None, help="export what this account may see")

    def handle(self, *args, what: str, format: str, out: str, user: str | None, **options):
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
