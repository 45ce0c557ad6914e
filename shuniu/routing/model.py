"""The router: which hub's field an organisation falls in, how sure, and why.

A character 1–2-gram TF-IDF over name and 业务范围 feeds a multinomial logistic
regression trained on the labelled set's training split plus the charter's own
field terms (editable data: Field.description). Characters, not words: Chinese
names need no segmenter, and unseen compounds still share characters with known
ones. Reasons a person can check come from the charter terms found in the text
and from the most similar labelled organisation of each candidate hub.
"""
from __future__ import annotations

import csv
import hashlib
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import numpy as np

DATA = Path(__file__).with_name("data") / "labelled.csv"
NONE = "none"
SCOPE_CHARS = 500  # a 10,000-character scope says nothing more about the field than its start
AUTO_PROBABILITY, AUTO_MARGIN = 0.55, 0.2
BOTH_FIT = 0.2  # a second hub this likely is shown as fitting too
TERM_SPLIT = re.compile(r"[、,，;；/()（）:：\s]+|等|与|和|及")


# Named tuples, not dataclasses: a batch builds four of these per organisation.
class Candidate(NamedTuple):
    hub: str
    score: float


class Routing(NamedTuple):
    hub: str
    score: float
    decision: str  # auto | review | none
    candidates: tuple[Candidate, ...]
    reasons: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


def normalize(text: str) -> str:
    """Half-width, simplified characters, no surplus space: 北京市體育總會（ ） → 北京市体育总会()."""
    text = unicodedata.normalize("NFKC", text or "").strip()
    return _converter().convert(text) if text else ""


def document(name: str, scope: str = "") -> str:
    # One normalisation for both parts: it is the per-row cost that dominates a batch.
    return normalize(f"{name or ''} | {(scope or '')[:SCOPE_CHARS]}")


def field_terms(charter: dict[str, str]) -> dict[str, list[str]]:
    """Charter terms per label: the words of its fields' names, descriptions and terms, two characters or more."""
    return {label: sorted({t for t in TERM_SPLIT.split(normalize(text)) if len(t) >= 2})
            for label, text in charter.items()}


def read_labelled(path: Path = DATA) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


class Router:
    def __init__(self, pipeline, labels: list[str], terms: dict[str, list[str]], examples: list[tuple[str, str]],
                 example_matrix):
        self.pipeline, self.labels, self.terms = pipeline, labels, terms
        self.examples, self.example_matrix = examples, example_matrix

    @classmethod
    def train(cls, rows: list[dict[str, str]], descriptions: dict[str, str]) -> Router:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline

        terms = field_terms(descriptions)
        texts = [document(r["name"], r["scope"]) for r in rows]
        labels = [r["hub"] for r in rows]
        for label, words in terms.items():  # the charter itself is evidence: each term a short document
            texts.extend(words)
            labels.extend([label] * len(words))
        # A vocabulary, not hashing: the weights then cover the ~20,000 n-grams seen (a few MB)
        # instead of a million hashed columns (about 200 MB per model).
        pipeline = make_pipeline(
            TfidfVectorizer(analyzer="char", ngram_range=(1, 2), sublinear_tf=True, dtype=np.float32),
            LogisticRegression(C=20, max_iter=3000),
        )
        pipeline.fit(texts, labels)
        examples = [(r["name"], r["hub"]) for r in rows]
        matrix = pipeline[:-1].transform(texts[: len(rows)])
        return cls(pipeline, [str(c) for c in pipeline.classes_], terms, examples, matrix)

    CHUNK = 5000  # bounds the memory of a batch of any size

    def route_many(self, items: list[tuple[str, str]], explain: bool = True) -> list[Routing]:
        result = []
        for start in range(0, len(items), self.CHUNK):
            result += self._route_chunk(items[start:start + self.CHUNK], explain)
        return result

    def _route_chunk(self, items: list[tuple[str, str]], explain: bool) -> list[Routing]:
        docs = [document(name, scope) for name, scope in items]
        vectors = self.pipeline[:-1].transform(docs)
        probabilities = self.pipeline[-1].predict_proba(vectors)
        similar = self._most_similar(vectors, probabilities) if explain else None
        top3 = np.argsort(-probabilities, axis=1)[:, :3]
        return [self._routing(doc, probs, order, similar[i] if similar is not None else {}, explain)
                for i, (doc, probs, order) in enumerate(zip(docs, probabilities, top3, strict=True))]

    def route(self, name: str, scope: str = "") -> Routing:
        return self.route_many([(name, scope)])[0]

    def _routing(self, doc: str, probs, order, similar: dict[str, str], explain: bool) -> Routing:
        candidates = tuple(Candidate(self.labels[i], float(probs[i])) for i in order)
        top, second = candidates[0], candidates[1]
        if top.hub == NONE and top.score >= AUTO_PROBABILITY:
            decision = "none"
        elif top.score >= AUTO_PROBABILITY and top.score - second.score >= AUTO_MARGIN:
            decision = "auto"
        else:
            decision = "review"
        reasons = ()
        if explain:
            shown = [c for c in candidates if c is top or c.score >= BOTH_FIT]
            reasons = tuple(r for c in shown for r in self._reasons(doc, c.hub, similar))
        return Routing(top.hub, top.score, decision, candidates, reasons)

    def _reasons(self, doc: str, hub: str, similar: dict[str, str]) -> list[str]:
        found = [t for t in self.terms.get(hub, []) if t in doc][:4]
        reasons = [f"{hub}: 领域用语 {'、'.join(found)}"] if found else []
        if hub in similar:
            reasons.append(f"{hub}: 相似组织 {similar[hub]}")
        return reasons

    def _most_similar(self, vectors, probabilities) -> list[dict[str, str]]:
        """For each item, the most similar labelled organisation of each of its two likeliest hubs."""
        scores = (vectors @ self.example_matrix.T).toarray()
        labels = np.array([hub for _, hub in self.examples])
        result = []
        for row, probs in zip(scores, probabilities, strict=True):
            best = {}
            for i in np.argsort(probs)[::-1][:2]:
                hub = self.labels[i]
                mask = labels == hub
                if mask.any() and row[mask].max() > 0:
                    best[hub] = self.examples[int(np.flatnonzero(mask)[row[mask].argmax()])][0]
            result.append(best)
        return result


def charter_texts() -> dict[str, str]:
    """Per label (a city hub's slug, or none), its fields' names, descriptions and terms.

    From the database, where the office edits them in the admin; from the charter
    files in the repo when there is no database yet. Fields no hub is authorised
    for make up `none`.
    """
    try:
        from shuniu.registry.models import Field

        rows = list(Field.objects.values_list("slug", "name", "description", "terms", "hubs__slug", "hubs__level"))
    except Exception:  # no database or no tables yet
        rows = []
    texts: dict[str, list[str]] = {}
    if rows:
        for _field, name, description, terms, hub_slug, hub_level in rows:
            label = hub_slug if hub_level == "city" else (NONE if hub_slug is None else None)
            if label:
                texts.setdefault(label, []).append(f"{name} {description} {terms}")
    else:
        from shuniu.hubs.reference import city_hub_rows, field_rows

        hubs = {r["slug"] for r in city_hub_rows()}
        for row in field_rows():
            label = row["slug"] if row["slug"] in hubs else NONE
            texts.setdefault(label, []).append(f"{row['name']} {row['description']} {row['terms']}")
    return {label: " ".join(parts) for label, parts in texts.items()}


def data_key(rows: list[dict[str, str]], descriptions: dict[str, str]) -> str:
    digest = hashlib.sha256(repr((sorted(descriptions.items()), [tuple(r.values()) for r in rows])).encode())
    return digest.hexdigest()[:16]
