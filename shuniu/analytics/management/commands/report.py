"""`shuniu report summary|reach [--json] [--as-of DATE]`: the office's figures, computed from the records.

`shuniu report yearly --year 2010 --format xlsx|pdf --out FILE [--user NAME] [--district CODE]`:
the yearly report. With --user, the report that account gets (the city for the
office, its district for a district office, refused otherwise); without it, the
operator's report of the whole city (or of --district).
"""
import datetime
import json

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from shuniu.analytics import figures
from shuniu.analytics.cache import cached
from shuniu.analytics.report.build import yearly_report
from shuniu.analytics.report.formats import WRITERS
from shuniu.analytics.text import summary_lines
from shuniu.audit.history import command_user
from shuniu.services.figures import reach_report
from shuniu.services.text import reach_lines

# name → (figures for a day, the same as lines of text)
REPORTS = {
    "summary": (figures.summary, summary_lines),
    "reach": (lambda day: cached("reach", lambda: reach_report(day), day or figures.today()), reach_lines),
}


class Command(BaseCommand):
    help = "Print a report computed from the records, or write the yearly report as XLSX or PDF."

    def add_arguments(self, parser):
        parser.add_argument("report", choices=sorted([*REPORTS, "yearly"]))
        parser.add_argument("--json", action="store_true", dest="as_json", help="machine-readable output")
        parser.add_argument("--as-of", type=_date, default=None, help="YYYY-MM-DD (default: today)")
        parser.add_argument("--year", type=int, default=None, help="yearly: the year (figures as of 31 December)")
        parser.add_argument("--format", choices=sorted(WRITERS), default="pdf", help="yearly: file format")
        parser.add_argument("--out", default=None, help="yearly: file to write")
        parser.add_argument("--user", default=None, help="yearly: the report this account gets")
        parser.add_argument("--district", default=None, help="yearly: a district code (office or operator)")

    def handle(self, *args, report, as_json: bool, as_of, **options):
        if report == "yearly":
            return self.yearly(**options)
        compute, lines = REPORTS[report]
        data = compute(as_of)
        if as_json:
            return json.dumps(data, ensure_ascii=False, indent=2)
        return "\n".join(lines(data))

    def yearly(self, year: int | None, format: str, out: str | None, user: str | None, district: str | None,
               **options) -> str:
        if year is None or out is None:
            raise CommandError("yearly needs --year YEAR and --out FILE")
        if not 1949 <= year <= datetime.date.today().year:
            raise CommandError(f"--year: {year} is outside 1949–{datetime.date.today().year}")
        with translation.override(settings.LANGUAGE_CODE):
            try:
                built = yearly_report(command_user(user, default=None), year, district)
            except PermissionDenied as exc:
                raise CommandError(str(exc)) from exc
            WRITERS[format](built, out)
        return f"{built.area} {year}: {len(built.sections)} sections → {out}"



def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--as-of: {value!r} is not a date (YYYY-MM-DD)") from exc
