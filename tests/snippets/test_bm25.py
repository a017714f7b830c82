"""snippets/bm25.py: behaviour, bad input, properties, and parity with bm25s (Lucene BM25)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from snippets.bm25 import Bm25Index
from snippets.tfidf import tokenize
from tests.snippets.test_tfidf import real_corpus


def bm25s_scores(corpus: list[str], query: str, k1: float = 1.5, b: float = 0.75) -> list[float]:
    """Scores of every text for ``query`` from bm25s, fed our own tokens."""
    import bm25s

    tokens = [tokenize(text) for text in corpus]
    if not any(tokens):
        return [0.0] * len(corpus)  # bm25s needs a vocabulary
    retriever = bm25s.BM25(method="lucene", k1=k1, b=b, dtype="float64")
    retriever.index(tokens, show_progress=False)
    known = [t for t in tokenize(query) if any(t in doc for doc in tokens)]
    if not known:
        return [0.0] * len(corpus)
    return [float(s) for s in retriever.get_scores(known)]


def test_parity_with_bm25s_on_the_python_docs() -> None:
    corpus = real_corpus()
    assert len(corpus) > 1000
    index = Bm25Index(corpus)
    queries = [
        "how does a for loop iterate over a sequence",
        "exception handling with try except finally",
        "class definition and inheritance",
        "the",
        "the the the loop",  # a repeated query word counts each time, as in bm25s
        "lambda expressions create anonymous functions",
        "zzzz unknown words only",
    ]
    for query in queries:
        expected = bm25s_scores(corpus, query)
        results = index.search(query, k=len(corpus))
        assert len(results) == sum(1 for s in expected if s > 0), query
        worst = max((abs(score - expected[p]) for p, score in results), default=0.0)
        assert worst < 1e-6, (query, worst)


@pytest.mark.parametrize(("k1", "b"), [(1.2, 0.75), (0.0, 0.5), (2.0, 0.0), (1.5, 1.0)])
def test_parity_with_bm25s_for_other_parameters(k1: float, b: float) -> None:
    corpus = real_corpus()[:400]
    index = Bm25Index(corpus, k1=k1, b=b)
    query = "a function call with keyword arguments"
    expected = bm25s_scores(corpus, query, k1=k1, b=b)
    for position, score in index.search(query, k=len(corpus)):
        assert abs(score - expected[position]) < 1e-6


def test_saturation_and_length_normalisation() -> None:
    """A repeated word counts less and less (k1); long texts are not favoured (b)."""
    index = Bm25Index(["seat", "seat seat", "seat seat seat seat", "other words"], b=0.0)
    scores = dict(index.search("seat", k=4))
    assert scores[0] < scores[1] < scores[2]
    assert scores[2] - scores[1] < scores[1] - scores[0]  # diminishing returns
    assert scores[2] < index.idf("seat")  # bounded by idf when b = 0
    padded = Bm25Index(["refund policy", "refund policy and many more words here", "x y"])
    short, long = (s for _, s in padded.search("refund", k=2))
    assert short > long


def test_idf_is_lucene_and_always_positive() -> None:
    index = Bm25Index(["common word", "common thing", "common rare"])
    assert index.idf("common") == pytest.approx(math.log(1 + 0.5 / 3.5))
    assert index.idf("common") > 0
    assert index.idf("rare") == pytest.approx(math.log(1 + 2.5 / 1.5))
    assert index.idf("absent") == 0.0


def test_docstring_example_and_ties_by_position() -> None:
    index = Bm25Index(["refunds within 30 days", "prices per seat", "seat seat seat"])
    assert [position for position, _ in index.search("seat prices")] == [1, 2]
    same = Bm25Index(["same words", "other", "same words"])
    assert [p for p, _ in same.search("same")] == [0, 2]


def test_empty_inputs() -> None:
    assert Bm25Index().search("anything") == []
    assert Bm25Index(["text here"]).search("") == []
    assert Bm25Index(["", ""]).search("text") == []
    assert len(Bm25Index(["", "a"])) == 2


@pytest.mark.parametrize(
    ("k1", "b"), [(-0.1, 0.5), (1.0, 1.5), (1.0, -0.1), (math.nan, 0.5), ("1", 0.5), (True, 0.5)]
)
def test_bad_parameters_are_clear_value_errors(k1: object, b: object) -> None:
    with pytest.raises(ValueError, match="need k1 >= 0 and 0 <= b <= 1"):
        Bm25Index(k1=k1, b=b)  # type: ignore[arg-type]


@pytest.mark.parametrize("k", [0, -1, 1.5, "3", True, None])
def test_bad_k_is_a_clear_value_error(k: object) -> None:
    with pytest.raises(ValueError, match="k must be a whole number >= 1"):
        Bm25Index(["text"]).search("text", k=k)  # type: ignore[arg-type]


def test_bad_query_and_text_are_clear_value_errors() -> None:
    with pytest.raises(ValueError, match="query must be a string"):
        Bm25Index(["text"]).search(None)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="texts must be strings"):
        Bm25Index(["fine", 3])  # type: ignore[list-item]
    with pytest.raises(ValueError, match="texts must be strings"):
        Bm25Index(["fine"]).replace(0, b"bytes")  # type: ignore[arg-type]
    with pytest.raises(KeyError):
        Bm25Index(["fine"]).remove(5)


def test_search_reads_only_the_query_terms_postings() -> None:
    from tests.snippets.test_tfidf import RecordingDict

    index = Bm25Index([f"topic{i} filler{i % 7} shared" for i in range(200)] + ["alpha beta"])
    index._postings = RecordingDict(index._postings)
    assert [p for p, _ in index.search("alpha beta gamma")] == [200]
    assert index._postings.read <= {"alpha", "beta", "gamma"}


words = st.sampled_from(
    ["refund", "price", "seat", "plan", "annual", "invoice", "security", "the", "a", "sso"]
)
texts = st.lists(st.lists(words, max_size=12).map(" ".join), max_size=15)


@settings(max_examples=150, deadline=None)
@given(
    corpus=texts,
    query=st.lists(words, max_size=6).map(" ".join),
    k=st.integers(1, 20),
    k1=st.floats(0, 3),
    b=st.floats(0, 1),
)
def test_properties_against_bm25s(
    corpus: list[str], query: str, k: int, k1: float, b: float
) -> None:
    """Results are sorted, at most k, positive, and equal bm25s's scores and ranking."""
    index = Bm25Index(corpus, k1=k1, b=b)
    results = index.search(query, k=k)
    assert len(results) <= k
    keys = [(-round(s, 12), p) for p, s in results]
    assert keys == sorted(keys)
    assert all(s > 0 for _, s in results)
    expected = bm25s_scores(corpus, query, k1=k1, b=b)
    for position, score in results:
        assert abs(score - expected[position]) < 1e-6
    assert len(results) == min(k, sum(1 for s in expected if s > 0))


@settings(max_examples=100, deadline=None)
@given(
    corpus=st.lists(st.lists(words, min_size=1, max_size=8).map(" ".join), max_size=10),
    changes=st.lists(
        st.tuples(st.sampled_from(["add", "remove", "replace"]), st.integers(0, 30), words),
        max_size=12,
    ),
    query=st.lists(words, min_size=1, max_size=4).map(" ".join),
)
def test_changes_match_a_fresh_index(
    corpus: list[str], changes: list[tuple[str, int, str]], query: str
) -> None:
    """After any add/remove/replace, scores equal those of an index built from scratch."""
    index = Bm25Index(corpus)
    live = dict(enumerate(corpus))
    for action, pick, word in changes:
        if action == "add":
            live[index.add(f"{word} {word} plan")] = f"{word} {word} plan"
        elif live:
            position = sorted(live)[pick % len(live)]
            if action == "remove":
                index.remove(position)
                del live[position]
            else:
                index.replace(position, word)
                live[position] = word
    order = sorted(live)
    fresh = Bm25Index([live[p] for p in order])
    got = {order.index(p): s for p, s in index.search(query, k=50)}
    want = dict(fresh.search(query, k=50))
    assert got.keys() == want.keys()
    assert all(math.isclose(got[p], want[p], rel_tol=1e-12, abs_tol=1e-12) for p in got)
