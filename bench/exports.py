"""Export of every organisation (CSV, XLSX, JSON): time and peak memory per format.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/shuniu_bench_1m .venv/bin/python bench/exports.py [--job]
        [--formats csv,xlsx,json]

Each format runs in its own process, as the office. Streamed (the default): through the
export page (/organizations/export.<fmt>, with the job threshold lifted), reading the whole
response. --job: the way a large export runs now, as the background worker runs it — an
ExportJob queued as the list's link queues it, then run_job in that process, writing the
file under a temporary MEDIA_ROOT. The peak resident set of that process (ru_maxrss, Django
and the app included) is what counts. Target (issue 7): 1,000,000 organisations in ≤ 300 MB.
Load the data first (bench/pages.py --national N or `shuniu demo --scenario national
--organizations N`). Results: bench/results/exports-<engine>[-job].txt.
"""
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

TARGET_MB = 300
FORMATS = ["csv", "xlsx", "json"]


def one(fmt: str) -> dict:
    """Run in the child: export as the office, consume every byte, report."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shuniu.settings")
    os.environ["SHUNIU_EXPORT_JOB_ROWS"] = str(10**12)  # this measures the streamed path, whatever the size
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    from shuniu.registry.models import Organization

    client = Client()
    client.force_login(get_user_model().objects.get(username="office"))
    rows = Organization.objects.count()
    start = time.perf_counter()
    response = client.get(f"/organizations/export.{fmt}")
    assert response.status_code == 200, response.status_code
    size = sum(len(chunk) for chunk in response.streaming_content)
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"fmt": fmt, "rows": rows, "seconds": seconds, "bytes": size, "peak_mb": peak_mb,
            "cpu_seconds": time.process_time()}


def one_job(fmt: str) -> dict:
    """Run in the child: queue the export as the office's link does, run it as the worker does, report."""
    import tempfile

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shuniu.settings")
    os.environ["SHUNIU_MEDIA_ROOT"] = tempfile.mkdtemp(prefix="shuniu-bench-exports-")
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from shuniu.exports import jobs

    office = get_user_model().objects.get(username="office")
    start = time.perf_counter()
    job = jobs.run_job(jobs.create_job(office, fmt, "").pk)
    seconds = time.perf_counter() - start
    assert job.state == "done", job.error
    size = job.file.size
    job.file.delete(save=False)
    job.delete()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"fmt": fmt, "rows": job.rows_written, "seconds": seconds, "bytes": size, "peak_mb": peak_mb,
            "cpu_seconds": time.process_time()}


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] in ("--one", "--one-job"):
        print(json.dumps((one if sys.argv[1] == "--one" else one_job)(sys.argv[2])))
        return 0
    as_job = "--job" in sys.argv
    formats = FORMATS
    if "--formats" in sys.argv:
        formats = sys.argv[sys.argv.index("--formats") + 1].split(",")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shuniu.settings")
    import django

    django.setup()
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    how = "export job (queued, then run as the worker runs it)" if as_job else "streamed export"
    lines = [f"# {how} of every organisation as the office, {engine}, python {platform.python_version()}, "
             f"load average before the run {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores",
             f"{'format':>6} {'rows':>10} {'seconds':>8} {'rows/s':>8} {'MB out':>8} {'peak RSS MB':>12}"]
    worst = 0.0
    for fmt in formats:
        out = subprocess.run([sys.executable, __file__, "--one-job" if as_job else "--one", fmt],
                             capture_output=True, text=True, check=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        worst = max(worst, r["peak_mb"])
        lines.append(f"{fmt:>6} {r['rows']:>10,} {r['seconds']:>8.1f} {r['rows'] / r['seconds']:>8,.0f} "
                     f"{r['bytes'] / 1e6:>8.1f} {r['peak_mb']:>12.0f}")
    lines.append(f"worst peak RSS: {worst:.0f} MB (target ≤ {TARGET_MB} MB)")
    lines.append(f"load average after the run {os.getloadavg()[0]:.1f}")
    report = "\n".join(lines)
    print(report)
    name = f"exports-{engine}{'-job' if as_job else ''}.txt"
    (Path(__file__).with_name("results") / name).write_text(report + "\n", encoding="utf-8")
    return 0 if worst <= TARGET_MB else 1


if __name__ == "__main__":
    sys.exit(main())
