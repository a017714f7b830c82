"""BM25 ranking over an inverted index, in pure standard-library Python.

Used by the RAG walk-through (``docs/rag.md``) as the alternative to TF-IDF, and
by `snippets.rag` when a knowledge base is built with ``ranking="bm25"``.
It has the same interface as `snippets.tfidf.TfidfIndex` and the same
tokenizer, so the two can be swapped.

The formula is the Lucene variant of Okapi BM25 (Kamphuis et al., 2020), for a
query term ``t`` in a text ``d``:

    idf(t) = ln(1 + (n - df(t) + 0.5) / (df(t) + 0.5))
    score(t, d) = idf(t) * tf / (tf + k1 * (1 - b + b * len(d) / avg_len))

summed over the query's terms (a word asked twice counts twice, as in Lucene
and ``bm25s``). Unlike TF-IDF, a term repeated many
times in a passage saturates (``k1``) and long passages are not favoured just
for being long (``b``).

Defaults: ``k1 = 1.5`` and ``b = 0.75``, the defaults of the ``bm25s`` library
(0.3) our tests compare against; Lucene's ``BM25Similarity`` (and so
Elasticsearch and OpenSearch) uses ``k1 = 1.2`` and ``b = 0.75``. Robertson and
Zaragoza (2009, "The Probabilistic Relevance Framework: BM25 and Beyond") treat
both as parameters to tune on each collection, so neither default is a finding:
choose them on a dev set (``snippets.splits.choose``) if ranking matters to you.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable

from snippets.tfidf import check_search_args, tokenize, top_k


# --8<-- [start:bm25]
class Bm25Index:
    """An inverted BM25 index over a list of texts.

    Args:
        texts: The texts to index, in order (positions start at 0).
        k1: Term-frequency saturation; 0 ignores repeats, larger counts them more.
        b: Length normalisation, from 0 (none) to 1 (full).

    Example:
        ```python
        from snippets.bm25 import Bm25Index

        index = Bm25Index(["refunds within 30 days", "prices per seat", "seat seat seat"])
        assert [position for position, _ in index.search("seat prices")] == [1, 2]
        ```
    """

    def __init__(self, texts: Iterable[str] = (), *, k1: float = 1.5, b: float = 0.75) -> None:
        numbers = all(isinstance(x, int | float) and not isinstance(x, bool) for x in (k1, b))
        if not numbers or not (math.isfinite(k1) and k1 >= 0 and 0 <= b <= 1):
            raise ValueError(f"need k1 >= 0 and 0 <= b <= 1, got k1={k1!r}, b={b!r}")
        self.k1 = k1
        self.b = b
        self._counts: dict[int, Counter[str]] = {}
        self._lengths: dict[int, int] = {}
        self._postings: dict[str, dict[int, int]] = {}
        self._total_length = 0
        self._next = 0
        # k1 * (1 - b + b * len(d) / avg_len) per position: it depends on the average
        # length, so every change empties it; searches fill it as they meet positions.
        self._norms: dict[int, float] = {}
        for text in texts:
            self.add(text)

    def __len__(self) -> int:
        """Number of texts in the index."""
        return len(self._counts)

    def _insert(self, position: int, text: str) -> None:
        if not isinstance(text, str):
            raise ValueError(f"texts must be strings, got {type(text).__name__}")
        tokens = tokenize(text)
        counts = Counter(tokens)
        self._counts[position] = counts
        self._lengths[position] = len(tokens)
        self._total_length += len(tokens)
        self._norms = {}
        for term, count in counts.items():
            self._postings.setdefault(term, {})[position] = count

    def add(self, text: str) -> int:
        """Index one more text and return its position."""
        position = self._next
        self._insert(position, text)
        self._next += 1
        return position

    def remove(self, position: int) -> None:
        """Drop the text at ``position``; other positions keep their numbers."""
        counts = self._counts.pop(position, None)
        if counts is None:
            raise KeyError(f"no text at position {position}")
        self._total_length -= self._lengths.pop(position)
        self._norms = {}
        for term in counts:
            postings = self._postings[term]
            del postings[position]
            if not postings:
                del self._postings[term]

    def replace(self, position: int, text: str) -> None:
        """Re-index the text at ``position`` with new content."""
        if not isinstance(text, str):
            raise ValueError(f"texts must be strings, got {type(text).__name__}")
        self.remove(position)
        self._insert(position, text)

    def idf(self, term: str) -> float:
        """Lucene's BM25 idf of ``term``: always positive (0.0 if unknown)."""
        df = len(self._postings.get(term, ()))
        if df == 0:
            return 0.0
        n = len(self._counts)
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def search(self, query: str, k: int = 5) -> list[tuple[int, float]]:
        """Rank the texts against ``query``; same contract as ``TfidfIndex.search``.

        Raises:
            ValueError: If ``query`` is not a string or ``k`` is not a whole
                number of at least 1.
        """
        check_search_args(query, k)
        if not self._counts:
            return []
        avg_length = self._total_length / len(self._counts) or 1.0
        base, per_token = self.k1 * (1 - self.b), self.k1 * self.b / avg_length
        norms, lengths = self._norms, self._lengths
        scores: dict[int, float] = {}
        for term, repeats in Counter(tokenize(query)).items():
            postings = self._postings.get(term)
            if not postings:
                continue
            weight = repeats * self.idf(term)
            for position, tf in postings.items():
                norm = norms.get(position)
                if norm is None:
                    norm = norms[position] = base + per_token * lengths[position]
                scores[position] = scores.get(position, 0.0) + weight * tf / (tf + norm)
        ranked = ((p, s) for p, s in scores.items() if s > 0)
        return top_k(ranked, k)


# --8<-- [end:bm25]
