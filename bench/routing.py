"""Router figures (issue 3): held-out accuracy, batch speed on one core, load time, peak memory.

    .venv/bin/python bench/routing.py

Targets: top-1 ≥ 0.92 and top-3 ≥ 0.98 on held-out data; ≥ 20,000 organisations per
second once loaded; load < 1 s; peak memory < 300 MB. Output: bench/results/routing.txt.
Three held-out sets: the labelled set's test split (field terms and n-gram choice were
tuned while looking at it: optimistic); gold-2.csv (written apart; its first evaluation is
kept in routing-gold-2-first.txt; training subjects were added after reading its errors, so
now seen); gold-3.csv (written before those additions, evaluated only after: the clean one).
"""
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"  # one core
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shuniu.settings")

import django  # noqa: E402

django.setup()

import joblib  # noqa: E402

from shuniu.routing.model import DATA, read_labelled  # noqa: E402
from shuniu.routing.neighbours import LIMIT, LinkedIndex  # noqa: E402
from shuniu.routing.service import evaluate, evaluation_lines, read_table, route_rows, router_path  # noqa: E402

BATCH = 100_000
GOLD_2, GOLD_3 = DATA.with_name("gold-2.csv"), DATA.with_name("gold-3.csv")


def ensure_trained() -> Path:
    # Trained in another process, so this one's peak memory is the router's, not scikit-learn's training.
    subprocess.run([sys.executable, "-c", "import django; django.setup(); "
                    "from shuniu.routing.service import load_router; load_router()"], check=True,
                   env={**os.environ, "DJANGO_SETTINGS_MODULE": "shuniu.settings"})
    return router_path()


def median_rate(run, n: int, times: int = 3) -> tuple[float, list[float], float]:
    """Median rate of three runs by the wall clock, the runs' rates, and the median by this process's CPU time.

    The machine's two cores are shared: the wall clock then also counts time spent waiting for a core,
    while CPU time is what one core actually needs. Both are reported.
    """
    rates, cpu_rates = [], []
    for _ in range(times):  # the median of three runs: one slow run on a shared machine says little
        start, cpu = time.perf_counter(), time.process_time()
        run()
        rates.append(n / (time.perf_counter() - start))
        cpu_rates.append(n / (time.process_time() - cpu))
    return sorted(rates)[len(rates) // 2], rates, sorted(cpu_rates)[len(cpu_rates) // 2]


def synthetic_links(rows) -> dict[str, list[tuple[str, str]]]:
    """A full-size index (LIMIT per hub) made of the labelled names, numbered to be distinct."""
    per_hub: dict[str, list[tuple[str, str]]] = {}
    for r in rows:
        per_hub.setdefault(r["hub"].split("|")[0], []).append((r["name"], r["scope"]))
    return {hub: [(f"{name}{i // len(orgs) or ''}", scope) for i, (name, scope) in
                  ((i, orgs[i % len(orgs)]) for i in range(LIMIT))] for hub, orgs in per_hub.items()}


def main() -> int:
    load_before = os.getloadavg()
    path = ensure_trained()
    start = time.perf_counter()
    router = joblib.load(path)
    router.route("北京市围棋协会", "推广围棋运动")  # ready means answering: the first call builds the NFKC table
    load_s = time.perf_counter() - start
    labelled = read_labelled()
    split = evaluate(router, [r for r in labelled if r["split"] == "test"])
    gold2 = evaluate(router, read_table(GOLD_2.read_bytes()))
    gold = evaluate(router, read_table(GOLD_3.read_bytes()))
    items = [(r["name"], r["scope"]) for r in labelled]
    items = (items * (BATCH // len(items) + 1))[:BATCH]
    rows = [{"name": name, "scope": scope} for name, scope in items]
    plain, plain_runs, plain_cpu = median_rate(lambda: router.route_many(items, explain=False), BATCH)
    explained, _, explained_cpu = median_rate(lambda: router.route_many(items, explain=True), BATCH)
    cli, _, cli_cpu = median_rate(lambda: sum(1 for _ in route_rows(router, rows)), BATCH)
    start = time.perf_counter()
    linked = LinkedIndex(router, synthetic_links(labelled))
    index_s = time.perf_counter() - start
    similar, _, similar_cpu = median_rate(lambda: router.route_many(items[:20_000], linked=linked), 20_000)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    load_after = os.getloadavg()
    lines = (["held-out 1: labelled.csv test split (subjects never trained on, but terms and n-grams were tuned "
              "looking at it: optimistic)"] + evaluation_lines(split)
             + ["", "held-out 2: gold-2.csv (written apart, never trained on; clean first result "
                "top-1 0.936, top-3 0.985 kept in routing-gold-2-first.txt; SEEN since: subjects were added "
                "after reading its errors)"] + evaluation_lines(gold2)
             + ["", "held-out 3: gold-3.csv (written before those additions, never trained or tuned on: "
                "the clean measure of this model; first run in routing-gold-3-first.txt)"]
             + evaluation_lines(gold) + [
        "",
        f"model load, from the file to the first answer: {load_s:.3f} s (target < 1 s)",
        f"batch routing ({BATCH:,} rows, one thread), median of 3: {plain:,.0f} organisations/s by the wall clock "
        f"({', '.join(f'{r:,.0f}' for r in plain_runs)}); {plain_cpu:,.0f}/s by CPU time (target ≥ 20,000)",
        f"  with charter-term reasons: {explained:,.0f}/s wall, {explained_cpu:,.0f}/s CPU; "
        f"shuniu route's row path (reasons, per-row errors): {cli:,.0f}/s wall, {cli_cpu:,.0f}/s CPU",
        f"  with similar linked organisations (--similar; index of {len(linked):,} linked names built in "
        f"{index_s:.2f} s): {similar:,.0f}/s wall, {similar_cpu:,.0f}/s CPU",
        f"peak memory: {peak_mb:.0f} MB (target < 300 MB)",
        f"load average (1, 5, 15 min) before: {', '.join(f'{x:.2f}' for x in load_before)}; "
        f"after: {', '.join(f'{x:.2f}' for x in load_after)} (2 cores shared with other work)",
    ])
    report = "\n".join(lines)
    print(report)
    Path(__file__).with_name("results").joinpath("routing.txt").write_text(report + "\n", encoding="utf-8")
    ok = (all(g.top1 >= 0.92 and g.top3 >= 0.98 for g in (gold, gold2)) and plain >= 20_000 and load_s < 1
          and peak_mb < 300)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
