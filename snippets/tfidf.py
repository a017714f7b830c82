"""A TF-IDF search index in pure standard-library Python.

Used by the page "How retrieval finds passages" (``docs/retrieval.md``) and by
every retrieval example on the site. It reproduces scikit-learn's
``TfidfVectorizer()`` with its default settings followed by cosine similarity:

* text is lowercased and split with the pattern ``(?u)\\b\\w\\w+\\b`` (words of
  two or more word characters);
* a term's weight in a text is its raw count times its smoothed inverse
  document frequency ``idf(t) = ln((1 + n) / (1 + df(t))) + 1``;
* every vector is scaled to unit length (l2 norm), so the dot product of two
  vectors is their cosine similarity.

The index is inverted: each term keeps a posting list of the texts that contain
it, and a query only visits the postings of its own terms. Texts can be added,
replaced and removed; a change costs work in proportion to the changed text.

Copy this file alone: it imports nothing outside the standard library.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter
from collections.abc import Iterable

# --8<-- [start:tokenize]
TOKEN_PATTERN = re.compile(r"(?u)\b\w\w+\b")


def tokenize(text: str) -> list[str]:
    """Split a text into lowercase terms the way scikit-learn does by default.

    Args:
        text: Any text.

    Returns:
        The terms in order of appearance, repeats kept.

    Example:
        ```python
        from snippets.tfidf import tokenize

        words = tokenize("Refunds: 30 days, no questions asked!")
        assert words == ["refunds", "30", "days", "no", "questions", "asked"]
        ```
    """
    return TOKEN_PATTERN.findall(text.lower())


# --8<-- [end:tokenize]


# --8<-- [start:index]
TIE_DIGITS = 12  # scores equal to 12 decimals are ties, whatever the rounding noise


def check_search_args(query: object, k: object) -> None:
    """Raise ``ValueError`` unless ``query`` is a string and ``k`` a whole number >= 1."""
    if not isinstance(query, str):
        raise ValueError(f"query must be a string, got {type(query).__name__}")
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise ValueError(f"k must be a whole number >= 1, got {k!r}")


def top_k(scored: Iterable[tuple[int, float]], k: int) -> list[tuple[int, float]]:
    """The ``k`` best ``(position, score)`` pairs, best first, ties to the earlier position.

    Two texts can deserve exactly the same score and still come out a few units
    in the last place apart, depending on the order a sum was added up in.
    Comparing scores rounded to ``TIE_DIGITS`` decimals treats those as the ties
    they are, so the earlier position wins on every machine.
    """
    return heapq.nsmallest(k, scored, key=lambda item: (-round(item[1], TIE_DIGITS), item[0]))


class TfidfIndex:
    """An inverted TF-IDF index over a list of texts, searched by cosine similarity.

    Positions are stable: the first text is position 0, and so on; a text added
    later gets the next free position, and removing a text never renumbers the
    others.

    Args:
        texts: The texts to index, in order.

    Example:
        ```python
        from snippets.tfidf import TfidfIndex

        index = TfidfIndex(["refunds within 30 days", "prices per seat"])
        assert [position for position, _ in index.search("refunds")] == [0]
        ```
    """

    def __init__(self, texts: Iterable[str] = ()) -> None:
        self._counts: dict[int, Counter[str]] = {}  # position -> term counts
        self._postings: dict[str, dict[int, int]] = {}  # term -> {position: count}
        self._next = 0
        self._norms: dict[int, float] = {}  # cache, emptied on every change
        self._unit: dict[str, dict[int, float]] = {}  # cache, emptied on every change
        for text in texts:
            self.add(text)

    def __len__(self) -> int:
        """Number of texts in the index (texts without terms count too)."""
        return len(self._counts)

    def add(self, text: str) -> int:
        """Index one more text and return its position."""
        if not isinstance(text, str):
            raise ValueError(f"texts must be strings, got {type(text).__name__}")
        position = self._next
        self._next += 1
        counts = Counter(tokenize(text))
        self._counts[position] = counts
        for term, count in counts.items():
            self._postings.setdefault(term, {})[position] = count
        self._norms = {}
        self._unit = {}
        return position

    def remove(self, position: int) -> None:
        """Drop the text at ``position``; other positions keep their numbers."""
        counts = self._counts.pop(position, None)
        if counts is None:
            raise KeyError(f"no text at position {position}")
        for term in counts:
            postings = self._postings[term]
            del postings[position]
            if not postings:
                del self._postings[term]
        self._norms = {}
        self._unit = {}

    def replace(self, position: int, text: str) -> None:
        """Re-index the text at ``position`` with new content, keeping its position."""
        if not isinstance(text, str):
            raise ValueError(f"texts must be strings, got {type(text).__name__}")
        self.remove(position)
        counts = Counter(tokenize(text))
        self._counts[position] = counts
        for term, count in counts.items():
            self._postings.setdefault(term, {})[position] = count

    def idf(self, term: str) -> float:
        """Smoothed inverse document frequency of ``term`` (0.0 if unknown)."""
        df = len(self._postings.get(term, ()))
        if df == 0:
            return 0.0
        n = len(self._counts)
        return math.log((1 + n) / (1 + df)) + 1.0

    def _norm(self, position: int) -> float:
        norm = self._norms.get(position)
        if norm is None:
            counts = self._counts[position]
            norm = math.sqrt(sum((c * self.idf(t)) ** 2 for t, c in counts.items()))
            self._norms[position] = norm
        return norm

    def _unit_weights(self, term: str) -> dict[int, float]:
        """``{position: weight}`` of ``term`` in each text's unit-length vector.

        Computed once per term and kept until the next change, so a repeated
        query term costs one multiplication per posting.
        """
        unit = self._unit.get(term)
        if unit is None:
            idf = self.idf(term)
            unit = {p: c * idf / self._norm(p) for p, c in self._postings[term].items()}
            self._unit[term] = unit
        return unit

    # --8<-- [start:search]
    def search(self, query: str, k: int = 5) -> list[tuple[int, float]]:
        """Rank the indexed texts against ``query``.

        Only the posting lists of the query's own terms are read.

        Args:
            query: The question or keywords.
            k: How many results to return at most (1 or more).

        Returns:
            ``(position, score)`` pairs, best first, ties broken by position;
            texts that share no term with the query are left out.

        Raises:
            ValueError: If ``query`` is not a string or ``k`` is not a whole
                number of at least 1.
        """
        check_search_args(query, k)
        weights = {t: c * self.idf(t) for t, c in Counter(tokenize(query)).items()}
        weights = {t: w for t, w in weights.items() if w > 0}
        query_norm = math.sqrt(sum(w * w for w in weights.values()))
        if query_norm == 0:
            return []
        scores: dict[int, float] = {}
        for term, weight in weights.items():
            factor = weight / query_norm
            for position, unit in self._unit_weights(term).items():
                scores[position] = scores.get(position, 0.0) + factor * unit
        return top_k(scores.items(), k)

    # --8<-- [end:search]


# --8<-- [end:index]
