"""snippets/tfidf.py: behaviour, bad input, properties, and parity with scikit-learn."""

from __future__ import annotations

import math
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from snippets.tfidf import TfidfIndex, tokenize


def test_tokenize_matches_scikit_learn_defaults() -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer

    text = "Ça coûte 12€/mois — l'offre PRO_2 a 3 niveaux, x y z!"
    analyzer = TfidfVectorizer().build_analyzer()
    assert tokenize(text) == analyzer(text)


def test_search_ranks_best_first_and_drops_zero_scores() -> None:
    index = TfidfIndex(["cats purr", "dogs bark loudly", "cats and dogs"])
    results = index.search("cats", k=5)
    assert [position for position, _ in results] == [0, 2]
    assert results[0][1] > results[1][1] > 0


def test_ties_are_broken_by_position() -> None:
    index = TfidfIndex(["same words here", "other text", "same words here"])
    assert [p for p, _ in index.search("same words", k=3)] == [0, 2]
    assert index.search("same words", k=1) == index.search("same words", k=3)[:1]


def test_k_limits_results() -> None:
    index = TfidfIndex([f"word{i} common" for i in range(10)])
    assert len(index.search("common", k=3)) == 3
    assert [p for p, _ in index.search("common", k=3)] == [0, 1, 2]


def test_identical_text_scores_one() -> None:
    index = TfidfIndex(["the quick brown fox", "lazy dogs sleep"])
    (position, score), *_ = index.search("the quick brown fox")
    assert position == 0
    assert score == pytest.approx(1.0, abs=1e-12)


def test_empty_corpus_and_empty_query_give_no_results() -> None:
    assert TfidfIndex([]).search("anything") == []
    assert TfidfIndex(["some text"]).search("") == []
    assert TfidfIndex(["some text"]).search("unknown words only") == []
    assert TfidfIndex(["", "a b c"]).search("a b c") == []  # one-letter words are not terms


@pytest.mark.parametrize("k", [0, -1, 1.5, "3", True, None])
def test_bad_k_is_a_clear_value_error(k: object) -> None:
    with pytest.raises(ValueError, match="k must be a whole number >= 1"):
        TfidfIndex(["text"]).search("text", k=k)  # type: ignore[arg-type]


@pytest.mark.parametrize("query", [None, 3, b"bytes", ["a list"]])
def test_non_string_query_is_a_clear_value_error(query: object) -> None:
    with pytest.raises(ValueError, match="query must be a string"):
        TfidfIndex(["text"]).search(query)  # type: ignore[arg-type]


def test_non_string_text_is_a_clear_value_error() -> None:
    with pytest.raises(ValueError, match="texts must be strings"):
        TfidfIndex(["fine", 42])  # type: ignore[list-item]
    index = TfidfIndex(["fine"])
    with pytest.raises(ValueError, match="texts must be strings"):
        index.replace(0, 42)  # type: ignore[arg-type]
    assert index.search("fine")[0][0] == 0  # the refused replacement left the text indexed


class RecordingDict(dict):  # type: ignore[type-arg]
    """A dict that remembers which keys were read."""

    def __init__(self, *args: object) -> None:
        super().__init__(*args)
        self.read: set[object] = set()

    def __getitem__(self, key: object) -> object:
        self.read.add(key)
        return super().__getitem__(key)

    def get(self, key: object, default: object = None) -> object:
        self.read.add(key)
        return super().get(key, default)

    def items(self):  # type: ignore[no-untyped-def]
        raise AssertionError("search walked every posting list")

    def values(self):  # type: ignore[no-untyped-def]
        raise AssertionError("search walked every posting list")

    def __iter__(self):  # type: ignore[no-untyped-def]
        raise AssertionError("search walked every posting list")


def test_search_reads_only_the_query_terms_postings() -> None:
    texts = [f"topic{i} filler{i % 7} shared" for i in range(200)] + ["alpha beta"]
    index = TfidfIndex(texts)
    index._postings = RecordingDict(index._postings)
    index._counts = RecordingDict(index._counts)
    results = index.search("alpha beta gamma")
    assert [p for p, _ in results] == [200]
    assert index._postings.read <= {"alpha", "beta", "gamma"}
    # Only the one matching document's term counts are read (for its norm).
    assert index._counts.read == {200}


def test_add_remove_replace_keep_positions_and_match_a_fresh_index() -> None:
    index = TfidfIndex(["red apples", "green pears", "red cherries"])
    index.replace(1, "red grapes and pears")
    index.remove(0)
    new = index.add("yellow bananas")
    assert new == 3
    assert len(index) == 3
    fresh = TfidfIndex(["red grapes and pears", "red cherries", "yellow bananas"])
    renumber = {1: 0, 2: 1, 3: 2}
    for query in ["red", "pears", "bananas red", "apples"]:
        got = [(renumber[p], s) for p, s in index.search(query, k=5)]
        want = fresh.search(query, k=5)
        assert [p for p, _ in got] == [p for p, _ in want]
        assert all(
            math.isclose(a, b, abs_tol=1e-12) for (_, a), (_, b) in zip(got, want, strict=True)
        )
    with pytest.raises(KeyError):
        index.remove(0)


words = st.sampled_from(
    ["refund", "price", "seat", "plan", "annual", "invoice", "security", "the", "a", "sso"]
)
texts = st.lists(st.lists(words, max_size=12).map(" ".join), max_size=15)


@settings(max_examples=150, deadline=None)
@given(corpus=texts, query=st.lists(words, max_size=6).map(" ".join), k=st.integers(1, 20))
def test_properties_against_scikit_learn(corpus: list[str], query: str, k: int) -> None:
    """Results are sorted, bounded, at most k, positive, and equal scikit-learn's cosine."""
    index = TfidfIndex(corpus)
    results = index.search(query, k=k)
    assert len(results) <= k
    keys = [(-round(s, 12), p) for p, s in results]
    assert keys == sorted(keys)
    assert all(0 < s <= 1 + 1e-12 for _, s in results)
    expected = sklearn_scores(corpus, query)
    for position, score in results:
        assert abs(score - expected[position]) < 1e-9
    # The k best by scikit-learn's scores, up to rounding noise between true ties.
    positive = [p for p, s in enumerate(expected) if s > 1e-12]
    assert len(results) == min(k, len(positive))
    returned = {p for p, _ in results}
    left_out = [expected[q] for q in positive if q not in returned]
    assert all(expected[p] >= max(left_out, default=0.0) - 1e-9 for p in returned)


def test_exact_ties_go_to_the_earlier_position_despite_rounding() -> None:
    """Both texts score exactly 1/sqrt(1 + idf(seat)^2) for "annual"; the sums
    differ in the last bits, and the earlier text must still win the tie."""
    corpus = ["seat annual", "refund price seat plan annual annual", "refund price plan annual"]
    (first, score), (second, other), _ = TfidfIndex(corpus).search("annual", k=3)
    assert (first, second) == (0, 1)
    assert math.isclose(score, other, rel_tol=1e-12)


def sklearn_scores(corpus: list[str], query: str) -> list[float]:
    """Cosine of ``query`` with every text, as scikit-learn computes it."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    if not any(tokenize(text) for text in corpus):
        return [0.0] * len(corpus)  # scikit-learn refuses an empty vocabulary
    vectorizer = TfidfVectorizer()
    matrix = vectorizer.fit_transform(corpus)
    return (matrix @ vectorizer.transform([query]).T).toarray().ravel().tolist()


def real_corpus() -> list[str]:
    """Paragraphs of CPython's own documentation topics: text nobody here wrote."""
    from pydoc_data.topics import topics

    paragraphs = []
    for text in topics.values():
        paragraphs += [p.strip() for p in re.split(r"\n\s*\n", text) if len(p.strip()) > 40]
    return paragraphs


def test_parity_with_scikit_learn_on_the_python_docs() -> None:
    corpus = real_corpus()
    assert len(corpus) > 1000
    index = TfidfIndex(corpus)
    queries = [
        "how does a for loop iterate over a sequence",
        "exception handling with try except finally",
        "class definition and inheritance",
        "the",
        "lambda expressions create anonymous functions",
        "assignment statements bind names to objects",
    ]
    for query in queries:
        expected = sklearn_scores(corpus, query)
        results = index.search(query, k=len(corpus))
        assert len(results) == sum(1 for s in expected if s > 0)
        worst = max(abs(score - expected[p]) for p, score in results)
        assert worst < 1e-9, (query, worst)
