"""The router: which hub's field an organisation falls in, how sure, and why.

A character 1–2-gram TF-IDF over name and 业务范围 feeds a multinomial logistic
regression trained on the labelled set's training split plus the charter's own
field terms (editable data: Field.description). Characters, not words: Chinese
names need no segmenter, and unseen compounds still share characters with known
ones. Reasons a person can check come from the charter terms found in the text
and, where a LinkedIndex is given (review queue, `shuniu route --similar`), from the
organisations already linked to each candidate hub that are most like this one.
"""
from __future__ import annotations

import csv
import gc
import hashlib
import re
import unicodedata
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import numpy as np

from .features import CharFeatures, analysed

DATA = Path(__file__).with_name("data") / "labelled.csv"
NONE = "none"
SCOPE_CHARS = 500  # a 10,000-character scope says nothing more about the field than its start
AUTO_PROBABILITY, AUTO_MARGIN = 0.55, 0.2
BOTH_FIT = 0.2  # a second hub this likely is shown as fitting too
# The char analyser's rule (two or more spaces become one) inside rows, never across the row separator.
BATCH_SPACES = re.compile(r"[^\S\n][^\S\n]+")
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


@lru_cache(maxsize=1)
def _nfkc_table() -> tuple[re.Pattern, dict[str, str]]:
    """The characters of the Basic Multilingual Plane whose NFKC form differs (a few ms, once)."""
    table = {}
    for code in range(0x10000):
        if 0xD800 <= code < 0xE000:  # surrogates are no characters
            continue
        char = chr(code)
        form = unicodedata.normalize("NFKC", char)
        if form != char:
            table[char] = form
    return re.compile("[" + "".join(map(re.escape, sorted(table))) + "]"), table


def nfkc(text: str) -> str:
    """unicodedata's NFKC, exactly, many times faster on Chinese text.

    NFKC of a string equals NFKC of its characters' NFKC forms joined, so mapping each
    character first is safe (a regex finds the few that change: full-width punctuation
    and the like); the rare result that is still not normalised (combining marks,
    characters beyond the BMP) goes through the full algorithm.
    """
    pattern, table = _nfkc_table()
    mapped = pattern.sub(lambda match: table[match.group()], text)
    return mapped if unicodedata.is_normalized("NFKC", mapped) else unicodedata.normalize("NFKC", mapped)


def normalize(text: str) -> str:
    """Half-width, simplified characters, no surplus space: 北京市體育總會（ ） → 北京市体育总会()."""
    text = unicodedata.normalize("NFKC", text or "").strip()
    return _converter().convert(text) if text else ""


def document(name: str, scope: str = "") -> str:
    return documents([(name, scope)])[0]


def documents(items: list[tuple[str, str]]) -> list[str]:
    """Name and scope of each item as one normalised text, the whole batch in one pass.

    NFKC, OpenCC and the analyser's lower case and space rules run once on the joined
    batch instead of once per row: per-call overhead was most of their cost. A newline
    inside a row becomes a space so that a newline can separate the rows; each row is then
    stripped, as the router has always read it.
    """
    joined = "\n".join(f"{name or ''} | {(scope or '')[:SCOPE_CHARS]}".replace("\n", " ")
                       for name, scope in items)
    joined = _converter().convert(nfkc(joined))
    # NFKC, OpenCC and lower case never produce a newline, so the split gives back exactly the rows.
    return [row.strip() for row in BATCH_SPACES.sub(" ", joined.lower()).split("\n")]


def field_terms(charter: dict[str, str]) -> dict[str, list[str]]:
    """Charter terms per label: the words of its fields' names, descriptions and terms, two characters or more."""
    return {label: sorted({t for t in TERM_SPLIT.split(analysed(normalize(text))) if len(t) >= 2})
            for label, text in charter.items()}


def read_labelled(path: Path = DATA) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@contextmanager
def _collector_paused():
    """Pause Python's cyclic garbage collector while a batch builds its answers.

    A batch makes four tuples per row and no reference cycles, yet each collection
    pass walks the whole growing result list: that was about 40% of a batch's time.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class Router:
    """Plain arrays once trained: features, weights, labels, charter terms (loading needs no scikit-learn)."""

    CHUNK = 5000  # bounds the memory of a batch of any size

    def __init__(self, features: CharFeatures, coef: np.ndarray, intercept: np.ndarray, labels: list[str],
                 terms: dict[str, list[str]]):
        self.features, self.labels, self.terms = features, labels, terms
        self.weights = np.ascontiguousarray(coef.T, dtype=np.float64)  # n_features × labels
        self.intercept = np.asarray(intercept, dtype=np.float64)
        self.label_array = np.array(labels, dtype=object)
        self.none_index = labels.index(NONE) if NONE in labels else -1

    @classmethod
    def train(cls, rows: list[dict[str, str]], descriptions: dict[str, str]) -> Router:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        terms = field_terms(descriptions)
        texts = documents([(r["name"], r["scope"]) for r in rows])
        labels = [r["hub"] for r in rows]
        for label, words in terms.items():  # the charter itself is evidence: each term a short document
            texts.extend(words)
            labels.extend([label] * len(words))
        # A vocabulary, not hashing: the weights then cover the few thousand n-grams seen
        # instead of a million hashed columns (about 200 MB per model).
        vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(1, 2), sublinear_tf=True, dtype=np.float32)
        classifier = LogisticRegression(C=20, max_iter=3000).fit(vectorizer.fit_transform(texts), labels)
        return cls(CharFeatures.from_vectorizer(vectorizer), classifier.coef_, classifier.intercept_,
                   [str(c) for c in classifier.classes_], terms)

    def vectorise(self, docs: list[str]):
        return self.features.transform(docs)

    def probabilities(self, vectors) -> np.ndarray:
        """The multinomial model's probabilities (a softmax of the linear scores)."""
        scores = vectors @ self.weights
        scores += self.intercept
        scores -= scores.max(axis=1, keepdims=True)
        np.exp(scores, out=scores)
        scores /= scores.sum(axis=1, keepdims=True)
        return scores

    def route_many(self, items: list[tuple[str, str]], explain: bool = True, linked=None) -> list[Routing]:
        """Route (name, scope) pairs; `explain` adds charter-term reasons, `linked` (a LinkedIndex)
        adds the most similar organisations already linked to each hub shown."""
        result = []
        with _collector_paused():
            for start in range(0, len(items), self.CHUNK):
                result += self._route_chunk(items[start:start + self.CHUNK], explain, linked)
        return result

    def route(self, name: str, scope: str = "", linked=None) -> Routing:
        return self.route_many([(name, scope)], linked=linked)[0]

    def _route_chunk(self, items: list[tuple[str, str]], explain: bool, linked) -> list[Routing]:
        docs = documents(items)
        vectors = self.vectorise(docs)
        probabilities = self.probabilities(vectors)
        order = np.argsort(-probabilities, axis=1, kind="stable")[:, :3]
        top = np.take_along_axis(probabilities, order, axis=1)
        decisions = np.where((order[:, 0] == self.none_index) & (top[:, 0] >= AUTO_PROBABILITY), "none",
                             np.where((top[:, 0] >= AUTO_PROBABILITY) & (top[:, 0] - top[:, 1] >= AUTO_MARGIN),
                                      "auto", "review")).tolist()
        # Python lists once per chunk: indexing numpy scalars row by row cost more than the model.
        hubs, scores = self.label_array[order].tolist(), top.tolist()
        new = tuple.__new__  # the named tuples' own __new__ is one more Python call per tuple
        routings = [new(Routing, (h[0], s[0], d, (new(Candidate, (h[0], s[0])), new(Candidate, (h[1], s[1])),
                                                  new(Candidate, (h[2], s[2]))), ()))
                    for h, s, d in zip(hubs, scores, decisions, strict=True)]
        if not explain:
            return routings
        shown = [[h[0]] + [hub for hub, score in zip(h[1:], s[1:], strict=True) if score >= BOTH_FIT]
                 for h, s in zip(hubs, scores, strict=True)]
        similar = (linked.nearest(vectors, shown, [name for name, _ in items]) if linked is not None
                   else [{}] * len(items))
        return [new(Routing, (*r[:4], tuple(reason for hub in hubs_shown for reason in self._reasons(doc, hub, near))))
                for r, doc, hubs_shown, near in zip(routings, docs, shown, similar, strict=True)]

    def _reasons(self, doc: str, hub: str, similar: dict[str, list[str]]) -> list[str]:
        found = [t for t in self.terms.get(hub, []) if t in doc][:4]
        reasons = [f"{hub}: 领域用语 {'、'.join(found)}"] if found else []
        if similar.get(hub):
            reasons.append(f"{hub}: 已联系的相似组织 {'、'.join(similar[hub])}")
        return reasons


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


FORMAT = 2  # bump when the saved Router changes shape, so an old file in var/ is not loaded


def data_key(rows: list[dict[str, str]], descriptions: dict[str, str]) -> str:
    digest = hashlib.sha256(repr((FORMAT, sorted(descriptions.items()), [tuple(r.values()) for r in rows]))
                            .encode())
    return digest.hexdigest()[:16]
