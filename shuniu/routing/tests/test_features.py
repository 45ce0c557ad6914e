"""The fast paths give exactly what the slow, obvious ones give."""
import unicodedata

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from shuniu.routing.features import CharFeatures
from shuniu.routing.model import document, documents, nfkc, read_labelled

ODD = ["", " ", "a", "x\ty", "a  b\t\tc", "北京", "ＡＢＣ（筹）", "𠀀𝐀 emoji 😀", "e\u0301", "ᄀ\u1161",
       "\u3000北京\u3000"]


@pytest.fixture(scope="module")
def fitted():
    texts = [document(r["name"], r["scope"]) for r in read_labelled()[:600]]
    vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(1, 2), sublinear_tf=True, dtype=np.float32)
    vectorizer.fit(texts)
    return vectorizer, CharFeatures.from_vectorizer(vectorizer)


def test_numpy_features_equal_scikit_learns(fitted):
    vectorizer, features = fitted
    docs = documents([(r["name"], r["scope"]) for r in read_labelled()]) + [document(text) for text in ODD]
    difference = abs(vectorizer.transform(docs) - features.transform(docs))
    assert difference.max() < 1e-6


def test_an_empty_batch_and_empty_documents_give_zero_rows(fitted):
    _, features = fitted
    assert features.transform([]).shape == (0, features.n_features)
    assert features.transform(["", ""]).nnz == 0


@pytest.mark.parametrize("text", ODD + ["北京市體育總會（ ）；", "①②③ ㈱ ﬁ", "\U0001d400\U0001d7ce", "한국어 ᄒᆞᆫ"])
def test_fast_nfkc_is_unicodedatas(text):
    assert nfkc(text) == unicodedata.normalize("NFKC", text)


def test_a_batch_reads_each_row_as_it_reads_it_alone():
    items = [("北京市圍棋協會\n（籌）", "組織\n圍棋比賽"), ("", ""), ("  北京  青年  ", None), (None, "x" * 10_000),
             ("Beijing Jazz Association", "ＪＡＺＺ")]
    batch = documents(items)
    assert len(batch) == len(items)
    assert batch == [documents([item])[0] for item in items]
    assert batch[0] == "北京市围棋协会 (筹) | 组织 围棋比赛" and batch[4] == "beijing jazz association | jazz"
