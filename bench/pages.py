"""Page and API latency on the beijing-2010 demo: p50 / p95 per URL, in-process (no network).

    .venv/bin/python bench/pages.py                      # SQLite under var/
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/shuniu_bench .venv/bin/python bench/pages.py

Loads the demo first if the database is empty. Target (issue 4): list and search
pages p95 ≤ 100 ms on the demo. Results are written to bench/results/pages-<engine>.txt.
"""
import gc
import os
import platform
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shuniu.settings")
os.environ.setdefault("SHUNIU_DEMO_PASSWORD", "bench-pass-1")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

RUNS, WARMUP = 40, 3
TARGET_MS = 100


def urls(org_id: int, code: str) -> list[tuple[str, str]]:
    return [
        ("office", "/organizations/"),
        ("office", "/organizations/?q=协会"),
        ("office", "/organizations/?q=bjs"),
        ("office", f"/organizations/?q={code}"),
        ("office", "/organizations/?org_type=association&level=city&hub=science"),
        ("office", "/organizations/?district=110105&page=3"),
        ("hub-science", "/organizations/"),
        ("district-110105", "/organizations/?q=社区"),
        ("office", f"/organizations/{org_id}/"),
        ("office", "/hubs/science/"),
        ("office", "/network/"),
        ("district-110105", "/districts/110105/"),
        ("office", "/dashboard/"),
        ("anonymous", "/public/?q=北京市"),
        ("office", "/api/organizations/"),
        ("hub-science", "/api/organizations/?q=学会"),
    ]


def measure(client: Client, url: str) -> list[float]:
    for _ in range(WARMUP):
        assert client.get(url).status_code == 200, url
    timings = []
    for _ in range(RUNS):
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    return timings


def main() -> int:
    from shuniu.registry.models import Organization

    with open(os.devnull, "w") as quiet:
        call_command("demo", stdout=quiet)  # migrates; loads the scenario only into an empty database
    clients = {"anonymous": Client()}
    for name in ["office", "hub-science", "district-110105"]:
        clients[name] = Client()
        clients[name].force_login(get_user_model().objects.get(username=name))
    sample = Organization.objects.filter(uscc__isnull=False).order_by("pk").first()
    for who, url in urls(sample.pk, sample.uscc[:10]):
        clients[who].get(url)  # load what a served process has loaded before its first request
    gc.freeze()  # as shuniu/wsgi.py does in a served process
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    lines = [f"# pages on the beijing-2010 demo ({Organization.objects.count():,} organisations), {engine}, "
             f"python {platform.python_version()}, {RUNS} runs after {WARMUP} warm-up",
             f"{'p50 ms':>8} {'p95 ms':>8}  who             url"]
    worst = 0.0
    for who, url in urls(sample.pk, sample.uscc[:10]):
        timings = sorted(measure(clients[who], url))
        p50, p95 = statistics.median(timings), timings[int(len(timings) * 0.95) - 1]
        worst = max(worst, p95)
        lines.append(f"{p50:8.1f} {p95:8.1f}  {who:15} {url}")
    lines.append(f"worst p95: {worst:.1f} ms (target for list and search pages ≤ {TARGET_MS} ms)")
    report = "\n".join(lines)
    print(report)
    out = Path(__file__).with_name("results") / f"pages-{engine}.txt"
    out.write_text(report + "\n", encoding="utf-8")
    return 0 if worst <= TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
