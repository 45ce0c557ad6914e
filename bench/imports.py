"""Import of N organisations against PostgreSQL's own COPY of the same file (issue 7).

    .venv/bin/python bench/imports.py --engine postgresql [--rows 1000000]
    .venv/bin/python bench/imports.py --engine sqlite3 [--rows 1000000]

On a fresh database (migrated, Beijing's divisions, ten supervisory units; the
PostgreSQL one is named shuniu_bench_imports and dropped first) it measures, in
one run so that the machine's load weighs on both sides:
  baseline  COPY of the CSV into a bare table of the same columns (PostgreSQL;
            on SQLite an executemany of the parsed rows, for reference)
  dry run   `shuniu import organizations FILE --dry-run` (validation + matching)
  import    `shuniu import organizations FILE` (validation, upsert, history rows)
Both commands run as child processes so their peak RSS is their own (wait4).
Targets: import ≤ 2 × COPY, peak RSS ≤ 300 MB, dry run ≥ 100,000 rows/s.
Writes bench/results/imports-<engine>.txt.
"""
from __future__ import annotations

import argparse
import csv
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench-imports"
PG_DB = "shuniu_bench_imports"
PG_SERVER = "postgres://postgres@127.0.0.1:5432"


def setup(engine: str) -> dict[str, str]:
    VAR.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, SHUNIU_MEDIA_ROOT=str(VAR / "media"), DJANGO_SETTINGS_MODULE="shuniu.settings")
    if engine == "postgresql":
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {PG_DB}")
        env["DATABASE_URL"] = f"{PG_SERVER}/{PG_DB}"
    else:
        db = VAR / "bench.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        env["DATABASE_URL"] = f"sqlite:///{db}"
    shutil.rmtree(VAR / "media", ignore_errors=True)
    os.environ.update(env)
    return env


def prepare_database() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    from bench.importdata import UNITS
    from shuniu.audit.history import acting_as, system_user
    from shuniu.divisions.models import Division, Level
    from shuniu.divisions.reference import load_divisions
    from shuniu.registry.models import SupervisoryUnit

    call_command("migrate", verbosity=0)
    with acting_as(system_user(), "bench setup"):
        load_divisions()
        city = Division.objects.get(code="110000")
        for name in UNITS:
            SupervisoryUnit.objects.create(name=name, kind=SupervisoryUnit.Kind.GOVERNMENT, level=Level.CITY,
                                           division=city)


def copy_baseline(path: Path) -> float:
    """PostgreSQL COPY of the file into a bare table with the file's columns, from this client."""
    from django.db import connection

    columns = ("uscc varchar(18), name varchar(200), org_type text, registering_division varchar(12), "
               "seat_division varchar(12), founded date, legal_representative varchar(50), business_scope text, "
               "members integer, supervisory_unit text, certificate_number varchar(40)")
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_copy")
        cursor.execute(f"CREATE TABLE bench_copy ({columns})")
    start = time.perf_counter()
    with connection.cursor() as cursor, path.open("rb") as handle:
        with cursor.cursor.copy("COPY bench_copy FROM STDIN WITH (FORMAT csv, HEADER true)") as copy:
            while block := handle.read(1 << 20):
                copy.write(block)
    elapsed = time.perf_counter() - start
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_copy")
    return elapsed


STORED = ("registry_organization", "registry_historicalorganization")


def storage_floor() -> float:
    """PostgreSQL storing what the import stored: its rows COPYed into empty copies of the registry table and
    its history table, then their indexes built (as pg_restore does). No checks, matching or report: the
    least any import of these rows into this schema costs. Run after the import, from this client."""
    from django.db import connection

    dumps = {table: VAR / f"{table}.copy" for table in STORED}
    with connection.cursor() as cursor:
        for table, dump in dumps.items():
            with dump.open("wb") as out, cursor.cursor.copy(f"COPY {table} TO STDOUT") as copy:
                for block in copy:
                    out.write(block)
        cursor.execute("SELECT tablename, indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s)",
                       [list(STORED)])
        indexes = cursor.fetchall()
    start = time.perf_counter()
    with connection.cursor() as cursor:
        for table, dump in dumps.items():
            cursor.execute(f"DROP TABLE IF EXISTS floor_{table}")
            cursor.execute(f"CREATE TABLE floor_{table} (LIKE {table} INCLUDING DEFAULTS)")
            with dump.open("rb") as handle, cursor.cursor.copy(f"COPY floor_{table} FROM STDIN") as copy:
                while block := handle.read(1 << 20):
                    copy.write(block)
        cursor.execute("SET maintenance_work_mem = '1GB'")  # as the import sets for its index builds
        for table, name, definition in indexes:
            cursor.execute(definition.replace(f" INDEX {name} ON public.{table} ",
                                              f" INDEX floor_{name} ON floor_{table} "))
        cursor.execute("RESET maintenance_work_mem")
    elapsed = time.perf_counter() - start
    with connection.cursor() as cursor:
        for table, dump in dumps.items():
            cursor.execute(f"DROP TABLE floor_{table}")
            dump.unlink()
    return elapsed


def sqlite_baseline(path: Path) -> float:
    """For reference on SQLite: the CSV rows inserted into a bare table by executemany."""
    from django.db import connection, transaction

    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor, path.open(encoding="utf-8", newline="") as handle:
        cursor.execute("CREATE TEMPORARY TABLE bench_plain (a, b, c, d, e, f, g, h, i, j, k)")
        rows = csv.reader(handle)
        next(rows)
        batch = []
        for row in rows:
            batch.append(row)
            if len(batch) == 10_000:
                cursor.executemany("INSERT INTO bench_plain VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)", batch)
                batch = []
        cursor.executemany("INSERT INTO bench_plain VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)", batch)
        cursor.execute("DROP TABLE bench_plain")
    return time.perf_counter() - start


def run_command(env: dict[str, str], *args: str) -> tuple[float, float, str]:
    """(seconds, peak RSS in MB, summary line) of one `shuniu import …` child process."""
    out_path, err_path = VAR / "command.out", VAR / "command.err"
    start = time.perf_counter()
    with out_path.open("w") as out, err_path.open("w") as err:
        child = subprocess.Popen([sys.executable, "-m", "shuniu.manage", "import", *args], env=env, cwd=ROOT,
                                 stdout=out, stderr=err)
        _, status, usage = os.wait4(child.pid, 0)  # this child's own peak RSS
    elapsed = time.perf_counter() - start
    output = out_path.read_text(encoding="utf-8").strip()
    if status != 0:
        raise SystemExit(f"import failed ({status}):\n{output}\n{err_path.read_text(encoding='utf-8')[-3000:]}")
    cpu = usage.ru_utime + usage.ru_stime
    return elapsed, usage.ru_maxrss / 1024, f"{output.splitlines()[-1]} [child CPU {cpu:.0f} s]"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--engine", choices=["postgresql", "sqlite3"], required=True)
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    env = setup(args.engine)
    sys.path.insert(0, str(ROOT))
    prepare_database()
    from bench import importdata

    path = VAR / f"organizations-{args.rows}.csv"
    if not path.exists():
        importdata.write(path, args.rows)
    size_mb = path.stat().st_size / 1e6
    baseline = copy_baseline(path) if args.engine == "postgresql" else sqlite_baseline(path)
    dry_s, dry_rss, dry_line = run_command(env, "organizations", str(path), "--dry-run")
    real_s, real_rss, real_line = run_command(env, "organizations", str(path))
    floor = storage_floor() if args.engine == "postgresql" else None
    inner = [float(x) for x in re.findall(r"in ([\d.]+) s", real_line)]
    dry_inner = [float(x) for x in re.findall(r"in ([\d.]+) s", dry_line)]
    now = time.strftime("%Y-%m-%d %H:%M", time.gmtime())
    lines = [
        f"# import of {args.rows:,} organisations ({size_mb:.0f} MB CSV), {args.engine}, "
        f"python {platform.python_version()}, {os.cpu_count()} cores (shared), {now} UTC",
        f"baseline ({'COPY into a bare table' if args.engine == 'postgresql' else 'executemany, bare table'}): "
        f"{baseline:.1f} s",
        f"dry run: {dry_s:.1f} s process ({dry_inner[0] if dry_inner else dry_s:.1f} s import) = "
        f"{args.rows / (dry_inner[0] if dry_inner else dry_s):,.0f} rows/s; peak RSS {dry_rss:.0f} MB",
        f"  {dry_line}",
        f"import: {real_s:.1f} s process ({inner[0] if inner else real_s:.1f} s import); peak RSS {real_rss:.0f} MB",
        f"  {real_line}",
        f"load average (1 min) before / after: {load_before:.1f} / {os.getloadavg()[0]:.1f} on "
        f"{os.cpu_count()} cores shared with other work",
        f"ratio import / baseline: {(inner[0] if inner else real_s) / baseline:.2f} "
        f"(process incl. start-up: {real_s / baseline:.2f}); target ≤ 2 on PostgreSQL",
    ]
    if floor is not None:
        lines += [
            f"storage floor (the imported rows COPYed into empty copies of the registry and history tables, "
            f"their {len(STORED)} tables' indexes then built): {floor:.1f} s",
            f"ratio import / storage floor: {(inner[0] if inner else real_s) / floor:.2f}",
        ]
    text = "\n".join(lines) + "\n"
    print(text)
    out = ROOT / "bench" / "results" / f"imports-{args.engine}.txt"
    out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
