"""Page and API latency on a demo data set: p50 / p95 per URL, in-process (no network).

    .venv/bin/python bench/pages.py                      # beijing-2010 on SQLite under var/
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/shuniu_bench .venv/bin/python bench/pages.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/shuniu_bench_1m .venv/bin/python bench/pages.py --national 1000000

Loads the scenario first if the database does not hold it yet (the national one takes
minutes at 1,000,000). Targets: issue 4, list and search pages p95 ≤ 100 ms on the
beijing-2010 demo; issue 7, at 1,000,000 organisations the office home p95 ≤ 150 ms and
the organisation list and name search p95 ≤ 100 ms. Results are written to
bench/results/pages-<engine>.txt (national: pages-<engine>-national-<N>.txt).
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
HOME_TARGET_MS = 150


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


def national_urls(org, code: str) -> list[tuple[str, str]]:
    """Issue 7 at 1M: the office home (/ → dashboard), the list and name searches, common and rare."""
    return [
        ("office", "/"),
        ("office", "/organizations/"),
        ("office", "/organizations/?page=150"),
        ("office", "/organizations/?q=协会"),
        ("office", "/organizations/?q=南京市"),
        ("office", "/organizations/?q=书法家协会"),
        ("office", "/organizations/?q=书法"),  # two characters: no whole trigram (registry migration 0010)
        ("office", "/organizations/?q=养老"),
        ("office", "/organizations/?q=鑫"),
        ("office", f"/organizations/?q={org.name}"),
        ("office", "/organizations/?q=njs"),
        ("office", f"/organizations/?q={code}"),
        ("office", "/organizations/?org_type=foundation&q=基金会"),
        ("hub-science", "/organizations/"),
        ("district-110105", "/organizations/?q=社区"),
        ("office", f"/organizations/{org.pk}/"),
        ("anonymous", "/public/?q=南京市"),
        ("office", "/api/organizations/"),
        ("office", "/api/organizations/?q=协会"),
    ]


def measure(client: Client, url: str) -> tuple[list[float], list[float]]:
    """Wall-clock and this process's CPU milliseconds per request (the CPU figure is what
    contention on a shared machine does not inflate; the database's own time is in the wall figure)."""
    for _ in range(WARMUP):
        assert client.get(url, follow=True).status_code == 200, url
    timings, cpu = [], []
    for _ in range(RUNS):
        start, start_cpu = time.perf_counter(), time.process_time()
        client.get(url, follow=True)  # "/" lands on the dashboard through a redirect: both are timed
        timings.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return timings, cpu


def load(national: int | None) -> None:
    args = ["--scenario", "national", "--organizations", str(national)] if national else []
    with open(os.devnull, "w") as quiet:
        call_command("demo", *args, stdout=quiet)  # migrates; loads only what the database lacks


def after_a_change(office: Client) -> str:
    """The office home on the first request after a change, and what computing its figures costs."""
    from shuniu.analytics.cache import bump
    from shuniu.analytics.views import warm_dashboard

    bump()  # as any committed edit does
    start = time.perf_counter()
    office.get("/", follow=True)  # the last figures, a refresh queued for the worker
    first = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    warm_dashboard()  # what the worker then does (and what that request would have waited for)
    computing = (time.perf_counter() - start) * 1000
    return (f"office home, first request after a change: {first:.1f} ms (the last figures, marked, while a "
            f"worker computes the new ones in {computing:.0f} ms)")


def main() -> int:
    from shuniu.registry.models import Organization

    national = int(sys.argv[sys.argv.index("--national") + 1]) if "--national" in sys.argv else None
    load(national)
    clients = {"anonymous": Client()}
    for name in ["office", "hub-science", "district-110105"]:
        clients[name] = Client()
        clients[name].force_login(get_user_model().objects.get(username=name))
    sample = Organization.objects.filter(uscc__isnull=False).order_by("pk").first()
    chosen = national_urls(sample, sample.uscc[:10]) if national else urls(sample.pk, sample.uscc[:10])
    for who, url in chosen:
        clients[who].get(url, follow=True)  # load what a served process has loaded before its first request
    gc.freeze()  # as shuniu/wsgi.py does in a served process
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    scenario = f"national --organizations {national}" if national else "beijing-2010"
    lines = [f"# pages on the {scenario} demo ({Organization.objects.count():,} organisations), {engine}, "
             f"python {platform.python_version()}, {RUNS} runs after {WARMUP} warm-up, "
             f"load average before the run {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores",
             f"{'p50 ms':>8} {'p95 ms':>8} {'cpu p50':>8}  who             url"]
    worst = worst_home = 0.0
    for who, url in chosen:
        timings, cpu = measure(clients[who], url)
        timings.sort()
        p50, p95 = statistics.median(timings), timings[int(len(timings) * 0.95) - 1]
        if url == "/":
            worst_home = max(worst_home, p95)
        else:
            worst = max(worst, p95)
        lines.append(f"{p50:8.1f} {p95:8.1f} {statistics.median(cpu):8.1f}  {who:15} {url}")
    lines.append(f"worst p95: {worst:.1f} ms (target for list and search pages ≤ {TARGET_MS} ms)")
    if national:
        lines.append(f"office home p95: {worst_home:.1f} ms (target ≤ {HOME_TARGET_MS} ms)")
        lines.append(after_a_change(clients["office"]))
    lines.append(f"load average after the run {os.getloadavg()[0]:.1f}")
    report = "\n".join(lines)
    print(report)
    name = f"pages-{engine}-national-{national}.txt" if national else f"pages-{engine}.txt"
    (Path(__file__).with_name("results") / name).write_text(report + "\n", encoding="utf-8")
    return 0 if worst <= TARGET_MS and worst_home <= HOME_TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
