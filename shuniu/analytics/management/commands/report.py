"""`shuniu report summary|reach [--json] [--as-of DATE]`: the office's figures, computed from the records."""
import datetime
import json

from django.core.management.base import BaseCommand, CommandError

from shuniu.analytics import figures
from shuniu.analytics.cache import cached
from shuniu.analytics.text import summary_lines
from shuniu.services.figures import reach_report
from shuniu.services.text import reach_lines

# name → (figures for a day, the same as lines of text)
REPORTS = {
    "summary": (figures.summary, summary_lines),
    "reach": (lambda day: cached("reach", lambda: reach_report(day), day or figures.today()), reach_lines),
}


class Command(BaseCommand):
    help = "Print a report computed from the records."

    def add_arguments(self, parser):
        parser.add_argument("report", choices=sorted(REPORTS))
        parser.add_argument("--json", action="store_true", dest="as_json", help="machine-readable output")
        parser.add_argument("--as-of", type=_date, default=None, help="YYYY-MM-DD (default: today)")

    def handle(self, *args, report, as_json: bool, as_of, **options):
        compute, lines = REPORTS[report]
        data = compute(as_of)
        if as_json:
            return json.dumps(data, ensure_ascii=False, indent=2)
        return "\n".join(lines(data))


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--as-of: {value!r} is not a date (YYYY-MM-DD)") from exc
