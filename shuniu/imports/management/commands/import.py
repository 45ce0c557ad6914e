"""`shuniu import organizations FILE [--dry-run] [--user NAME]`.

Thin: the work is services.run_import, which the web job calls too. The
command acts as --user (or the system account), like every change, and keeps
the file and the report in an ImportJob so the office sees it in the app.
"""
from __future__ import annotations

import sys
import time

from django.core.management.base import BaseCommand, CommandError

from shuniu.audit.history import command_user
from shuniu.imports import jobs
from shuniu.imports.report import report_csv
from shuniu.imports.specs import SPECS


class Command(BaseCommand):
    help = "Import organisations (and other kinds) from a CSV or XLSX file: all rows or none."
    # The system checks load every URLconf and so every view's libraries (~90 MB the import never
    # uses): `shuniu check`, migrate and the servers run them; a million-row import keeps the room.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(SPECS))
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="check everything, write nothing")
        parser.add_argument("--user", default=None, help="account the changes are recorded under")
        parser.add_argument("--report", default=None, help="write the row-by-row report as CSV to this file")

    def handle(self, *args, kind: str, file: str, dry_run: bool, user: str | None, report: str | None, **options):
        actor = command_user(user)
        try:
            handle = open(file, "rb")  # noqa: SIM115 - the job copies it and closes it
        except OSError as exc:
            raise CommandError(f"{file}: {exc.strerror}") from exc
        with handle:
            job = jobs.create_job(kind, handle, actor, dry_run=dry_run, filename=file)
        start = time.perf_counter()
        job = jobs.run_job(job.pk)
        elapsed = time.perf_counter() - start
        result = job.report()
        if report:
            with open(report, "w", encoding="utf-8", newline="") as out:
                out.write(report_csv(result))
        for entry in result.entries[:20]:
            self.stderr.write(f"row {entry.row} {entry.column} {entry.value!r}: {entry.reason} [{entry.severity}]")
        if len(result.entries) > 20:
            self.stderr.write(f"… {len(result.entries) - 20 + result.omitted} more (see --report)")
        summary = " ".join(f"{k}={v}" for k, v in result.counts().items()) + f" in {elapsed:.1f} s"
        verdict = "dry run, nothing written" if dry_run else ("written" if job.state == job.State.DONE else "REFUSED")
        if job.state == job.State.FAILED or result.has_errors:
            self.stdout.write(f"import #{job.pk} {kind}: {summary} — nothing written")
            sys.exit(1)
        return f"import #{job.pk} {kind}: {summary} — {verdict}"

