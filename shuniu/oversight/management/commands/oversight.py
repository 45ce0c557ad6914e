"""`shuniu oversight run --date YYYY-MM-DD [--user NAME]`: apply the oversight deadline rules for a date.

Thin: the work is in shuniu.oversight.rules.run(), which tests call directly.
"""
import datetime

from django.core.management.base import BaseCommand, CommandError

from shuniu.audit.history import acting_as, command_user
from shuniu.oversight import rules


class Command(BaseCommand):
    help = "Oversight: apply the deadline rules (credit lists) for a date; running twice changes nothing."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser("run", help="apply the rules due up to --date")
        run.add_argument("--date", required=True, help="the day to apply the rules for, YYYY-MM-DD")
        run.add_argument("--user", default=None, help="acting user recorded in the history (default: system)")

    def handle(self, *args, action: str, date: str, user: str | None, **options):
        try:
            day = datetime.date.fromisoformat(date)
        except ValueError as exc:
            raise CommandError(f"--date: {date!r} is not a date (YYYY-MM-DD)") from exc
        with acting_as(command_user(user), reason=f"oversight rules for {day}"):
            result = rules.run(day)
        return result.summary()

