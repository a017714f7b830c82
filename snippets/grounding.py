"""Decide whether a passage answers a question, and quote the sentences that do.

Ranking always returns *something*: the best passage for "Who founded the
company?" may be about data storage, sharing only the words "the" and "in".
A retriever that answers from whatever ranks first makes up answers, so a
grounded system checks the best passage first. The check here means the same
for every ranking (TF-IDF, BM25, SQLite's ``bm25()``):

* `topic_weights`: the question's topic words (stop words left out), each
  weighted by its rarity in the documents the caller may see;
* `coverage`: the share of that weight whose words a passage contains; below
  a threshold, the honest answer is "the documents do not say";
* `compose`: the answer itself, the two sentences of the passage that share
  the most topic weight with the question, quoted word for word, in order.

Used by `snippets.rag` and `snippets.rag_sqlite` (the knowledge bases) and by
`snippets.retrieval_check`.

Copy it with ``snippets/chunking.py`` and ``snippets/tfidf.py``: it imports
those two and the standard library.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from snippets.chunking import Passage, sentences
from snippets.tfidf import tokenize

__all__ = ["STOP_WORDS", "compose", "coverage", "topic_weights"]

# Question words that carry no topic: ignored when picking answer sentences and
# when checking that a passage is relevant enough (the index still sees them).
STOP_WORDS = frozenset(
    tokenize(
        """about an and any are as at be been by can could do does did for from get got
        had has have how if in into is it its many me much my no not of on or our so
        than that the their them then there these they this those to up was we were
        what when where which who whom why will with within would you your"""
    )
)


# --8<-- [start:grounding]
def topic_weights(question: str, idf: Callable[[str], float]) -> dict[str, float]:
    """The question's topic words (stop words left out), weighted by rarity.

    A word that no visible passage contains (``idf`` 0) weighs as much as the
    rarest known word: a question about something the documents never mention
    is not covered by any passage, so it is not answered.

    Args:
        question: The question.
        idf: The inverse document frequency of a word in the caller's view.

    Returns:
        ``{word: weight}``, empty if the question has no topic word.

    Examples:
        >>> topic_weights("Who founded the company?", lambda word: {"company": 2.0}.get(word, 0))
        {'company': 2.0, 'founded': 2.0}
    """
    terms = sorted({t for t in tokenize(question) if t not in STOP_WORDS})
    known = {t: idf(t) for t in terms}
    ceiling = max(known.values(), default=0.0) or 1.0
    return {t: (w if w > 0 else ceiling) for t, w in known.items()}


def coverage(topic: Mapping[str, float], passage: Passage) -> float:
    """The share (0 to 1) of the topic weight whose words ``passage`` contains.

    The heading counts as part of the passage. This is the relevance threshold's
    measure: it means the same for TF-IDF, BM25 and SQLite scores.

    Examples:
        >>> coverage({"company": 2.0, "founded": 2.0}, Passage("a", 0, "Our company", "Hi."))
        0.5
    """
    total = sum(topic.values())
    if total == 0:
        return 0.0
    words = set(tokenize(f"{passage.section}\n{passage.text}"))
    return sum(w for t, w in topic.items() if t in words) / total


def compose(topic: Mapping[str, float], passage: Passage) -> str:
    """The answer text: the two best-matching sentences of ``passage``, in reading order.

    A sentence's weight is the topic weight of the words it shares with the
    question; ties go to the earlier sentence. Sentences sharing no topic word
    are left out, unless none shares one (the heading matched): then the first.
    The answer ends with ``[1]``, the mark of its first citation.

    Examples:
        >>> text = "Team costs 14 euros. Refunds take 10 days. Seats are billed monthly."
        >>> compose({"team": 1.0, "seats": 0.5}, Passage("p", 0, "Prices", text))
        'Team costs 14 euros. Seats are billed monthly. [1]'
    """
    parts = sentences(passage.text.replace("\n\n", " "))
    weights = []
    for number, sentence in enumerate(parts):
        words = set(tokenize(sentence))
        weights.append((-sum(w for t, w in topic.items() if t in words), number))
    best = sorted(n for _, n in sorted(weights)[:2] if weights[n][0] < 0) or [0]
    return " ".join(parts[n] for n in best) + " [1]"


# --8<-- [end:grounding]
