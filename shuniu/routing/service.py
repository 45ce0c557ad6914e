"""Loading the router once, routing files row by row, and measuring it against a gold file."""
from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from .model import Router, Routing, charter_texts, data_key, read_labelled

OUTPUT_COLUMNS = ["hub", "score", "decision", "candidates", "reasons", "error"]


def router_path() -> Path:
    """Where the router for the current training split and charter is kept (the name is a digest of both)."""
    rows = [r for r in read_labelled() if r["split"] == "train"]
    return Path(settings.VAR_DIR) / f"router-{data_key(rows, charter_texts())}.joblib"


def load_router(retrain: bool = False) -> Router:
    """The router for the current labelled set and charter: trained once, then loaded from var/ (< 1 s)."""
    import joblib

    path = router_path()
    if path.exists() and not retrain:
        return joblib.load(path)
    router = Router.train([r for r in read_labelled() if r["split"] == "train"], charter_texts())
    path.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(router, path)
    return router


def read_table(data: bytes) -> list[dict[str, str]]:
    """A CSV as offices send it: UTF-8 with or without BOM, or GB18030 (a superset of GBK)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte string
        raise ValueError("the file is neither UTF-8 nor GB18030")
    return list(csv.DictReader(io.StringIO(text)))


def route_rows(router: Router, rows: list[dict[str, str]], batch: int = 5000, linked=None) -> Iterator[dict[str, str]]:
    """Each input row with the router's answer, or a clear error for that row alone.

    `linked` (a neighbours.LinkedIndex) adds the similar organisations already linked to each hub shown.
    """
    for start in range(0, len(rows), batch):
        chunk = rows[start:start + batch]
        valid = [(i, row) for i, row in enumerate(chunk) if (row.get("name") or "").strip()]
        answers = dict(zip([i for i, _ in valid], router.route_many(
            [(row["name"], row.get("scope") or "") for _, row in valid], linked=linked), strict=True))
        for i, row in enumerate(chunk):
            yield {**row, **(_answer(answers[i]) if i in answers else _error(row))}


def _answer(routing: Routing) -> dict[str, str]:
    return {"hub": routing.hub, "score": f"{routing.score:.4f}", "decision": routing.decision,
            "candidates": ";".join(f"{c.hub}:{c.score:.4f}" for c in routing.candidates),
            "reasons": "；".join(routing.reasons), "error": ""}


def _error(row: dict[str, str]) -> dict[str, str]:
    problem = "missing column: name" if "name" not in row else "empty name"
    return {"hub": "", "score": "", "decision": "", "candidates": "", "reasons": "", "error": problem}


@dataclass
class Evaluation:
    n: int
    top1: float
    top3: float
    macro_f1: float
    per_hub: dict[str, tuple[float, float, int]]  # precision, recall, support
    confused: list[tuple[tuple[str, str], int]]
    by_case: dict[str, tuple[int, float, float]]  # a gold file's `case` column: n, top-1, top-3


def evaluate(router: Router, gold: list[dict[str, str]]) -> Evaluation:
    """Top-1 accuracy, top-3 recall, macro-F1 and confusions; a gold cell "a|b" accepts either."""
    rows = [r for r in gold if (r.get("name") or "").strip()]
    answers = router.route_many([(r["name"], r.get("scope") or "") for r in rows], explain=False)
    truth, predicted, top1, top3 = [], [], 0, 0
    cases: dict[str, list[int]] = {}
    for row, answer in zip(rows, answers, strict=True):
        accepted = row["hub"].split("|")
        hit = answer.hub in accepted
        near = any(c.hub in accepted for c in answer.candidates)
        top1 += hit
        top3 += near
        truth.append(answer.hub if hit else accepted[0])
        predicted.append(answer.hub)
        if row.get("case"):
            counts = cases.setdefault(row["case"], [0, 0, 0])
            counts[0], counts[1], counts[2] = counts[0] + 1, counts[1] + hit, counts[2] + near
    return Evaluation(len(rows), top1 / len(rows), top3 / len(rows), *_per_hub(truth, predicted),
                      Counter((t, p) for t, p in zip(truth, predicted, strict=True) if t != p).most_common(8),
                      {case: (n, hits / n, near / n) for case, (n, hits, near) in sorted(cases.items())})


def _per_hub(truth: list[str], predicted: list[str]):
    per_hub, f1s = {}, []
    for hub in sorted(set(truth) | set(predicted)):
        tp = sum(t == p == hub for t, p in zip(truth, predicted, strict=True))
        precision = tp / max(1, predicted.count(hub))
        recall = tp / max(1, truth.count(hub))
        per_hub[hub] = (precision, recall, truth.count(hub))
        f1s.append(0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall))
    return sum(f1s) / len(f1s), per_hub


def evaluation_lines(result: Evaluation) -> list[str]:
    lines = [f"n={result.n}  top-1 accuracy {result.top1:.3f}  top-3 recall {result.top3:.3f}  "
             f"macro-F1 {result.macro_f1:.3f}", "hub                  precision  recall  support"]
    lines += [f"{hub:20} {p:9.3f} {r:7.3f} {n:8d}" for hub, (p, r, n) in result.per_hub.items()]
    lines.append("most confused (gold → routed): " + (", ".join(f"{t}→{p} ×{n}" for (t, p), n in result.confused)
                                                      or "none"))
    if result.by_case:
        lines.append("by case: " + ", ".join(f"{case} n={n} top-1 {t1:.3f} top-3 {t3:.3f}"
                                             for case, (n, t1, t3) in result.by_case.items()))
    return lines
