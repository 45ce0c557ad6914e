"""Character 1–2-gram TF-IDF features for a whole batch at once, with numpy.

scikit-learn's TfidfVectorizer builds a Python list of n-gram strings per document
and looks each up in a dict: that was half the time of a batch. Here the batch is
one array of code points: a unigram is its code point, a bigram two code points in
one 64-bit key, and both are found in sorted key arrays with one searchsorted call.
The result is the same matrix as the fitted vectorizer's (tests compare them),
built from its vocabulary and idf, so training still uses scikit-learn and loading
a router no longer imports it.
"""
from __future__ import annotations

import re

import numpy as np
from scipy import sparse

# As scikit-learn's char analyser: runs of two or more spaces become one, a single one stays.
WHITESPACE = re.compile(r"\s\s+")
SHIFT = 21  # code points fit in 21 bits


def analysed(text: str) -> str:
    """The text as the char analyser sees it (lower case, whitespace runs collapsed)."""
    return WHITESPACE.sub(" ", text.lower())


def _lookup(keys: np.ndarray, columns: np.ndarray, values: np.ndarray) -> np.ndarray:
    """The column of each value, or -1 for a value not in the vocabulary."""
    if not len(keys) or not len(values):
        return np.full(len(values), -1, dtype=np.int64)
    position = np.searchsorted(keys, values)
    position[position == len(keys)] = 0
    return np.where(keys[position] == values, columns[position], -1)


class CharFeatures:
    def __init__(self, vocabulary: dict[str, int], idf: np.ndarray):
        self.n_features = len(vocabulary)
        self.idf = np.asarray(idf, dtype=np.float32)
        unigrams = sorted((ord(term), column) for term, column in vocabulary.items() if len(term) == 1)
        bigrams = sorted(((ord(term[0]) << SHIFT) | ord(term[1]), column)
                         for term, column in vocabulary.items() if len(term) == 2)
        self.unigram_keys, self.unigram_columns = _arrays(unigrams)
        self.bigram_keys, self.bigram_columns = _arrays(bigrams)

    @classmethod
    def from_vectorizer(cls, vectorizer) -> CharFeatures:
        assert vectorizer.analyzer == "char" and vectorizer.ngram_range == (1, 2) and vectorizer.sublinear_tf
        return cls(vectorizer.vocabulary_, vectorizer.idf_)

    def transform(self, docs: list[str]) -> sparse.csr_matrix:
        """L2-normalised sublinear TF-IDF rows for documents already `analysed`."""
        n = len(docs)
        lengths = np.fromiter(map(len, docs), dtype=np.int64, count=n)
        codes = np.frombuffer("".join(docs).encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
        rows = np.repeat(np.arange(n, dtype=np.int64), lengths)
        unigram_cols = _lookup(self.unigram_keys, self.unigram_columns, codes)
        bigram_cols = _lookup(self.bigram_keys, self.bigram_columns, (codes[:-1] << SHIFT) | codes[1:])
        bigram_cols[rows[:-1] != rows[1:]] = -1  # a pair across two documents is no bigram
        cols = np.concatenate([unigram_cols, bigram_cols])
        row_of = np.concatenate([rows, rows[:-1]])
        kept = cols >= 0
        counts = sparse.csr_matrix((np.ones(int(kept.sum()), dtype=np.float32), (row_of[kept], cols[kept])),
                                   shape=(n, self.n_features), dtype=np.float32)
        counts.sum_duplicates()
        data = counts.data
        np.log(data, out=data)
        data += 1
        data *= self.idf[counts.indices]
        per_row = np.diff(counts.indptr)
        row_of_data = np.repeat(np.arange(n), per_row)
        norms = np.sqrt(np.bincount(row_of_data, weights=data * data, minlength=n)).astype(np.float32)
        norms[norms == 0] = 1  # an empty document stays a zero row
        data /= norms[row_of_data]
        return counts


def _arrays(pairs: list[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray]:
    keys = np.array([k for k, _ in pairs], dtype=np.int64)
    columns = np.array([c for _, c in pairs], dtype=np.int64)
    return keys, columns
