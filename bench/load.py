"""Load on loopback: 50 concurrent users for 60 s against gunicorn on PostgreSQL (issue 8).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/shuniu_bench_load SHUNIU_DEMO_PASSWORD=bench-pass-2010 \\
        .venv/bin/python bench/load.py            # needs the `bench` extra: pip install -e ".[bench]"

Loads the beijing-2010 demo if the database is empty, starts gunicorn on 127.0.0.1 (DEBUG off),
runs locust headless (bench/locustfile.py: office, hub, district and public on the pages,
office and hub tokens on the API) and writes p50 / p95 per endpoint, totals, errors and the
machine's load average to bench/results/load-postgresql.txt. Zero errors is the requirement:
the script exits non-zero otherwise.
"""
import csv
import json
import os
import platform
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
USERS, SPAWN_RATE, SECONDS = int(os.environ.get("LOAD_USERS", 50)), 10, int(os.environ.get("LOAD_SECONDS", 60))
PORT = int(os.environ.get("LOAD_PORT", 8765))
WORKERS, THREADS = int(os.environ.get("LOAD_WORKERS", 3)), int(os.environ.get("LOAD_THREADS", 4))
RESULT = ROOT / "bench" / "results" / "load-postgresql.txt"
COMMAND = ("DATABASE_URL=postgres://postgres@127.0.0.1:5432/shuniu_bench_load SHUNIU_DEMO_PASSWORD=… "
           ".venv/bin/python bench/load.py")

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shuniu.settings")
if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
    sys.exit("set DATABASE_URL to a PostgreSQL database (the load test is for PostgreSQL)")
if not os.environ.get("SHUNIU_DEMO_PASSWORD"):
    sys.exit("set SHUNIU_DEMO_PASSWORD (the demo accounts' password)")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402

from shuniu.hubs.models import Affiliation, Hub  # noqa: E402
from shuniu.registry.models import Organization  # noqa: E402


def targets() -> dict:
    """Ids each role may read, so every request is one that should answer 200."""
    from django.contrib.auth import get_user_model

    if not Organization.objects.exists():
        call_command("demo", "--scenario", "beijing-2010")
    users = get_user_model().objects
    science = Affiliation.objects.filter(end__isnull=True, hub__slug="science").values_list("organization_id",
                                                                                            flat=True)
    return {
        "office_orgs": list(Organization.objects.order_by("?").values_list("pk", flat=True)[:500]),
        "hub_orgs": list(science[:500]),
        "public_orgs": list(Organization.objects.filter(org_type__in=["association", "service_org", "foundation"])
                            .order_by("?").values_list("pk", flat=True)[:500]),
        "hubs": list(Hub.objects.values_list("slug", flat=True)),
        "tokens": {role: Token.objects.get_or_create(user=users.get(username=name))[0].key
                   for role, name in [("office", "office"), ("hub", "hub-science")]},
    }


def start_server() -> subprocess.Popen:
    env = {**os.environ, "DEBUG": "0", "ALLOWED_HOSTS": "127.0.0.1,localhost", "LOG_LEVEL": "WARNING",
           "AXES_FAILURE_LIMIT": "1000"}
    server = subprocess.Popen([str(BIN / "gunicorn"), "shuniu.wsgi:application", "--bind", f"127.0.0.1:{PORT}",
                               "--workers", str(WORKERS), "--threads", str(THREADS), "--worker-class", "gthread",
                               "--timeout", "120", "--log-level", "warning"], cwd=ROOT, env=env)
    for _ in range(60):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/health/", timeout=2)
            return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    sys.exit("gunicorn did not answer /health/ within 30 s")


def run_locust(target_file: str, prefix: str) -> None:
    env = {**os.environ, "LOAD_TARGETS": target_file}
    subprocess.run([str(BIN / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
                    "-u", str(USERS), "-r", str(SPAWN_RATE), "-t", f"{SECONDS}s", "--host", f"http://127.0.0.1:{PORT}",
                    "--csv", prefix, "--only-summary", "--loglevel", "WARNING", "--exit-code-on-error", "0"],
                   cwd=ROOT, env=env, check=True)


def report(prefix: str, load_before, load_after, elapsed: float) -> tuple[str, int]:
    with open(f"{prefix}_stats.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    lines = [f"{'method':6} {'endpoint':38} {'requests':>8} {'errors':>6} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7}"]
    total = next(r for r in rows if r["Name"] == "Aggregated")
    for r in sorted((r for r in rows if r["Name"] != "Aggregated"), key=lambda r: r["Name"]):
        lines.append(f"{r['Type']:6} {r['Name']:38} {r['Request Count']:>8} {r['Failure Count']:>6} "
                     f"{r['50%']:>7} {r['95%']:>7} {float(r['Max Response Time']):>7.0f}")
    errors = int(total["Failure Count"])
    lines.append(f"{'':6} {'total':38} {total['Request Count']:>8} {errors:>6} {total['50%']:>7} {total['95%']:>7} "
                 f"{float(total['Max Response Time']):>7.0f}")
    lines.append(f"\nthroughput {float(total['Requests/s']):.1f} requests/s; errors {errors}")
    failures = Path(f"{prefix}_failures.csv")
    if errors and failures.exists():
        lines.append("failures:\n" + failures.read_text(encoding="utf-8"))
    header = [
        f"Load test on loopback, {time.strftime('%Y-%m-%d %H:%M %Z')}: {USERS} users (spawn {SPAWN_RATE}/s), "
        f"{SECONDS} s, wait 0.5–2 s between requests",
        f"server: gunicorn {WORKERS} workers × {THREADS} threads (gthread), DEBUG off, PostgreSQL "
        f"{django.db.connection.pg_version // 10000}, demo beijing-2010 "
        f"({Organization.objects.count():,} organisations)",
        f"machine: {os.cpu_count()} cores ({platform.processor() or platform.machine()}), shared with other work; "
        f"load average before {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}, "
        f"after {load_after[0]:.2f} {load_after[1]:.2f} {load_after[2]:.2f}; wall time {elapsed:.0f} s",
        "roles: office, hub-science, district-110105 and public on pages; office and hub tokens on the API",
        f"re-run: {COMMAND}",
        "",
    ]
    return "\n".join(header + lines) + "\n", errors


def main() -> int:
    wanted = targets()
    with tempfile.TemporaryDirectory() as tmp:
        target_file = Path(tmp) / "targets.json"
        target_file.write_text(json.dumps(wanted), encoding="utf-8")
        django.db.connections.close_all()
        server = start_server()
        try:
            load_before, started = os.getloadavg(), time.time()
            run_locust(str(target_file), f"{tmp}/load")
            load_after, elapsed = os.getloadavg(), time.time() - started
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        text, errors = report(f"{tmp}/load", load_before, load_after, elapsed)
    RESULT.parent.mkdir(parents=True, exist_ok=True)
    RESULT.write_text(text, encoding="utf-8")
    print(text)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
