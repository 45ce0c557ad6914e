"""Facility and activity imports (the in-memory kinds a hub network imports): rows per second.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/shuniu_bench .venv/bin/python bench/hub_imports.py [N]

Migrates the database if needed and loads Beijing's divisions and the city hubs when it is
empty. Then N facilities (default 5,000) across the city hubs and streets, and N activities
held at them, each imported as the operator three times: a dry run, the real run (all
created), the same file again (all unchanged). Peak resident set (ru_maxrss) is the
process's, Django included. Results: bench/results/hub-imports-<engine>.txt.
"""
import io
import os
import platform
import resource
import sys
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shuniu.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from shuniu.audit.history import acting_as, system_user  # noqa: E402
from shuniu.divisions.models import Division  # noqa: E402
from shuniu.imports.services import run_import  # noqa: E402

HUBS = ["trade-union", "youth-league", "women", "science"]


def files(n: int) -> dict[str, bytes]:
    streets = list(Division.objects.filter(level="street").values_list("code", flat=True))
    facilities = ["阵地名称,阵地类型,所属枢纽,行政区划代码,地址,经度,纬度,启用日期,覆盖会员数"]
    activities = ["活动名称,所属枢纽,阵地,开始日期,服务人数,覆盖人数"]
    for i in range(n):
        hub = HUBS[i % len(HUBS)]
        facilities.append(f"服务站{i},其他,{hub},{streets[i % len(streets)]},某路{i}号,"
                          f"116.{i % 90000:05d},39.9{i % 10000:04d},2010-01-01,{i}")
        activities.append(f"活动{i},{hub},服务站{i},2010-{1 + i % 12:02d}-{1 + i % 28:02d},{i % 100},{i % 100 + 10}")
    return {"facilities": "\n".join(facilities).encode(), "activities": "\n".join(activities).encode()}


def main(n: int) -> None:
    call_command("migrate", verbosity=0)
    with acting_as(system_user(), "bench"):
        if not Division.objects.exists():
            from shuniu.divisions.reference import load_divisions
            from shuniu.hubs.reference import load_city_hubs

            load_divisions()
            load_city_hubs()
        lines = [f"# {connection.vendor}, {platform.python_version()}, {n:,} rows per file"]
        for kind, data in files(n).items():
            for label, dry_run in (("dry run", True), ("real run", False), ("again (unchanged)", False)):
                start = time.perf_counter()
                report = run_import(kind, io.BytesIO(data), dry_run=dry_run)
                elapsed = time.perf_counter() - start
                rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
                lines.append(f"{kind} {label}: {elapsed:.2f} s ({n / elapsed:,.0f} rows/s) "
                             f"{report.counts()} peak RSS {rss:.0f} MB")
                print(lines[-1], flush=True)
    out = Path(__file__).parent / "results" / f"hub-imports-{connection.vendor}.txt"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
