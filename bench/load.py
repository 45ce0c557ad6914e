"""Load on loopback: 50 concurrent users for 60 s against gunicorn on PostgreSQL (issue 8).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/shuniu_bench_load SHUNIU_DEMO_PASSWORD=bench-pass-2010 \\
        .venv/bin/python bench/load.py            # needs the `bench` extra: pip install -e ".[bench]"

Loads the beijing-2010 demo if the database is empty, starts gunicorn on 127.0.0.1 (DEBUG off),
runs locust headless (bench/locustfile.py: office, hub, district and public on the pages,
office and hub tokens on the API) and writes p50 / p95 per endpoint, totals, errors and the
machine's load average to bench/results/load-postgresql.txt. Zero errors is the requirement:
the script exits non-zero otherwise.
"""
import json
import os
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

    # Migrates a fresh database, loads the scenario once and (re)sets the accounts' password.
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
        "sessions": {name: [signed_in(users.get(username=name)) for _ in range(20)]
                     for name in ["office", "hub-science", "district-110105"]},
    }


def signed_in(user) -> str:
    """A session key for `user`, made the way a sign-in makes it (without the password hashing)."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def start_server() -> subprocess.Popen:
    env = {**os.environ, "DEBUG": "0", "ALLOWED_HOSTS": "127.0.0.1,localhost", "LOG_LEVEL": "WARNING",
           "AXES_FAILURE_LIMIT": "1000"}
    server = subprocess.Popen([str(BIN / "gunicorn"), "shuniu.wsgi:application", "--bind", f"127.0.0.1:{PORT}",
                               "--workers", str(WORKERS), "--threads", str(THREADS), "--worker-class", "gthread",
                               # keep connections open longer than the users' pauses: with gunicorn's default
                               # 2 s a request sent as the server closes an idle connection is lost (status 0)
                               "--keep-alive", "30", "--timeout", "120", "--log-level", "warning"], cwd=ROOT, env=env)
    for _ in range(60):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/health/", timeout=2)
            return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    sys.exit("gunicorn did not answer /health/ within 30 s")


def server_cpu_seconds(server: subprocess.Popen) -> float:
    """User + system CPU of gunicorn's master and workers so far (Linux /proc): what the requests cost,
    whatever else the shared machine is doing."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(stat.parent.name), int(fields[1])
        if pid == server.pid or ppid == server.pid:
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def run_locust(target_file: str, prefix: str) -> None:
    env = {**os.environ, "LOAD_TARGETS": target_file, "LOAD_SAMPLES": f"{prefix}_samples.json"}
    subprocess.run([str(BIN / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
                    "-u", str(USERS), "-r", str(SPAWN_RATE), "-t", f"{SECONDS}s", "--host", f"http://127.0.0.1:{PORT}",
                    "--csv", prefix, "--only-summary", "--loglevel", "WARNING", "--exit-code-on-error", "0"],
                   cwd=ROOT, env=env, check=True)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def row(label: str, samples: list) -> str:
    times = [s[2] for s in samples]
    errors = sum(1 for s in samples if s[3])
    return (f"{label:46} {len(times):>8} {errors:>6} {percentile(times, 0.5):>7.0f} {percentile(times, 0.95):>7.0f} "
            f"{max(times):>7.0f}")


def report(samples: list, load_before, load_after, elapsed: float, cpu: float) -> tuple[str, int]:
    """Exact percentiles from every request locust made (its own table rounds them)."""
    by_endpoint: dict[str, list] = {}
    for sample in samples:
        by_endpoint.setdefault(f"{sample[0]} {sample[1]}", []).append(sample)
    lines = [f"{'endpoint':46} {'requests':>8} {'errors':>6} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7}"]
    lines += [row(name, rows) for name, rows in sorted(by_endpoint.items())]
    lines.append("")
    lines.append(row("total", samples))
    errors = sum(1 for s in samples if s[3])
    lines.append(f"\nthroughput {len(samples) / SECONDS:.1f} requests/s over {SECONDS} s; errors {errors}")
    lines.append(f"web workers' CPU: {cpu:.1f} s for {len(samples)} requests = {1000 * cpu / len(samples):.0f} ms "
                 f"per request (PostgreSQL's own CPU not included); on {os.cpu_count()} idle cores that is about "
                 f"{os.cpu_count() * len(samples) / cpu:.0f} requests/s before the web tier saturates")
    header = [
        f"Load test on loopback, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: {USERS} users "
        f"(spawn {SPAWN_RATE}/s), "
        f"{SECONDS} s, each user pausing 0.5–2 s between requests",
        f"server: gunicorn {WORKERS} workers × {THREADS} threads (gthread), DEBUG off, PostgreSQL "
        f"{django.db.connection.pg_version // 10000}, demo beijing-2010 "
        f"({Organization.objects.count():,} organisations); locust on the same machine",
        f"machine: {os.cpu_count()} cores, shared with other work; load average (1, 5, 15 min) "
        f"before {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}, "
        f"after {load_after[0]:.2f} {load_after[1]:.2f} {load_after[2]:.2f}; wall time {elapsed:.0f} s",
        "roles: office, hub-science, district-110105 (sessions made before the clock starts) and public on pages;"
        " office and hub-science tokens on the API",
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
            load_before, started, cpu_before = os.getloadavg(), time.time(), server_cpu_seconds(server)
            run_locust(str(target_file), f"{tmp}/load")
            load_after, elapsed = os.getloadavg(), time.time() - started
            cpu = server_cpu_seconds(server) - cpu_before
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        samples = json.loads(Path(f"{tmp}/load_samples.json").read_text(encoding="utf-8"))
        text, errors = report(samples, load_before, load_after, elapsed, cpu)
    RESULT.parent.mkdir(parents=True, exist_ok=True)
    RESULT.write_text(text, encoding="utf-8")
    print(text)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
