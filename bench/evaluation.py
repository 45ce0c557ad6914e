"""The office's "compute the scores" (oversight.services.evaluation.evaluate_year): time, queries, per hub.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/NAME .venv/bin/python bench/evaluation.py [--year 2025]

Load the data first (`shuniu demo --scenario national --organizations N`). Runs in one
transaction that is rolled back, so the database is left as it was: when it holds no active
indicator, the demo's indicator system (demo/oversight.py INDICATORS) is added for the run.
Prints organisations, hubs scored, indicators, seconds, queries and time per hub, and writes
them to bench/results/evaluation-<engine>.txt.
"""
import argparse
import os
import platform
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shuniu.settings")


class Rollback(Exception):
    pass


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--year", type=int, default=2025)
    args = parser.parse_args()
    import django

    django.setup()
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from shuniu.audit.history import acting_as, system_user
    from shuniu.demo.oversight import INDICATORS
    from shuniu.oversight.models import Indicator
    from shuniu.oversight.services.evaluation import evaluate_year
    from shuniu.registry.models import Organization

    result = {}
    try:
        with transaction.atomic(), acting_as(system_user(), "bench/evaluation.py (rolled back)"):
            if not Indicator.objects.filter(active=True).exists():
                for name, source, weight, target in INDICATORS:
                    Indicator.objects.create(name=name, source=source, weight=Decimal(weight), target=Decimal(target))
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                done = evaluate_year(args.year, on=timezone.localdate())
                result["seconds"] = time.perf_counter() - start
            result.update(organizations=Organization.objects.count(), hubs=len(done),
                          indicators=Indicator.objects.filter(active=True).count(), queries=len(queries))
            raise Rollback
    except Rollback:
        pass
    per_hub = result["seconds"] / result["hubs"] if result["hubs"] else 0
    report = (f"# evaluate_year as the office's button runs it, {connection.vendor}, python "
              f"{platform.python_version()}, load average before the run {os.getloadavg()[0]:.1f} on "
              f"{os.cpu_count()} cores\n"
              f"{result['organizations']:,} organisations, {result['hubs']} hubs scored for {args.year}, "
              f"{result['indicators']} indicators: {result['seconds']:.2f} s, {result['queries']} queries, "
              f"{per_hub * 1000:.0f} ms a hub")
    print(report)
    (Path(__file__).with_name("results") / f"evaluation-{connection.vendor}.txt").write_text(report + "\n",
                                                                                          encoding="utf-8")


if __name__ == "__main__":
    main()
