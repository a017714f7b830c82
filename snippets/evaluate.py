"""Small evaluation metrics that tell a knowledge gap from a behaviour gap.

Used by the page "Measure before you choose" (``docs/guide/measure.md``) and by
every experiment of the guide that reports a rate.

* For retrieval (RAG): `recall_at_k` (did the right document, or the right
  passage, come back?) and `groundedness` (is every claim of the answer backed
  by a cited passage?).
* For behaviour (fine-tuning): `accuracy` on a held-out set and
  `format_compliance` (is the output valid JSON with the required keys
  and allowed values?).
* `rate` turns a count of successes into a `Rate` with its 95% Wilson
  interval (``None`` when nothing was measured, shown as "n/a"), and `beats`
  says whether one rate is better than another by more than noise: only when
  their intervals do not overlap.

Imports ``snippets.tfidf`` (for tokenising) and ``snippets.stats`` (for the
interval); otherwise standard library only. ``snippets/gaps.py`` reads these
metrics in order and says which gap to work on.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from snippets.stats import overlap, wilson
from snippets.tfidf import tokenize


# --8<-- [start:recall]
def recall_at_k(ranked_ids: Sequence[str], relevant_ids: Collection[str], k: int) -> float:
    """Share of the relevant documents found among the first ``k`` results.

    ``recall@k = |relevant ∩ first k distinct ranked ids| / |relevant|``.
    A result list may name one document several times (one hit per passage);
    each document counts once, at its first position.

    Args:
        ranked_ids: Document ids of the retrieved passages, best first.
        relevant_ids: The ids that answer the question (at least one).
        k: How many distinct documents to look at (1 or more).

    Returns:
        A number from 0.0 to 1.0.

    Raises:
        ValueError: If ``k`` is below 1 or ``relevant_ids`` is empty.

    Example:
        ```python
        from snippets.evaluate import recall_at_k

        assert recall_at_k(["faq", "refunds", "refunds"], {"refunds"}, k=1) == 0.0
        assert recall_at_k(["faq", "refunds", "refunds"], {"refunds"}, k=2) == 1.0
        ```
    """
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise ValueError(f"k must be a whole number >= 1, got {k!r}")
    relevant = set(relevant_ids)
    if not relevant:
        raise ValueError("recall needs at least one relevant id")
    top = list(dict.fromkeys(ranked_ids))[:k]
    return len(relevant.intersection(top)) / len(relevant)


# --8<-- [end:recall]


# --8<-- [start:groundedness]
# Common function words: they say nothing about a fact.
STOPWORDS = frozenset(
    "a an and are as at be by can do does for from has have how in is it its of on or "  # noqa: SIM905
    "our per so than that the their there this to was we what when where which who will "
    "with you your".split()
)
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


# A mark and the blanks before it. (?<!\s) starts a match only where a run of
# blanks starts: without it, a long run not followed by "[" costs quadratic time.
CITATION_MARK = re.compile(r"(?<!\s)\s*\[\d+(?:\s*,\s*\d+)*\]")


def split_claims(text: str) -> list[str]:
    """Split an answer into claims: its sentences, ended by ``.``, ``!`` or ``?``.

    Citation markers such as ``[1]`` or ``[1, 2]`` are removed first: they
    point at passages and claim nothing themselves.
    """
    text = CITATION_MARK.sub("", text).strip()
    return [s.strip() for s in SENTENCE_END.split(text) if s.strip()]


def claim_is_supported(claim: str, passages: Iterable[str], min_overlap: float = 0.8) -> bool:
    """Whether one passage backs a claim.

    A passage supports a claim when (1) every number in the claim appears in
    the passage, and (2) at least ``min_overlap`` of the claim's content words
    (words of two or more letters, minus common function words) appear in it.
    Matching is by spelling after lowercasing, so a paraphrase with other words
    counts as unsupported: the measure errs on the strict side.

    Args:
        claim: One sentence of an answer.
        passages: The passages the answer cites.
        min_overlap: Share of content words that must match, from 0 to 1.

    Returns:
        True if at least one passage supports the claim on its own.
    """
    words = {w for w in tokenize(claim) if w not in STOPWORDS and not NUMBER.fullmatch(w)}
    numbers = set(NUMBER.findall(claim))
    for passage in passages:
        if not numbers <= set(NUMBER.findall(passage)):
            continue
        if not words:
            return True
        found = words & set(tokenize(passage))
        if len(found) / len(words) >= min_overlap:
            return True
    return False


def groundedness(answer: str, passages: Sequence[str], min_overlap: float = 0.8) -> float:
    """Share of an answer's claims that its cited passages support.

    ``groundedness = supported claims / claims``, where the claims are the
    answer's sentences (`split_claims`) and a claim is supported as
    `claim_is_supported` defines it. An answer with no claims (empty
    text) scores 1.0: it asserts nothing unsupported. Measure abstentions
    separately.

    Args:
        answer: The answer text.
        passages: The passages the answer cites (none: every claim is unsupported).
        min_overlap: Passed to `claim_is_supported`.

    Returns:
        A number from 0.0 to 1.0.

    Raises:
        ValueError: If ``min_overlap`` is outside 0 to 1.

    Example:
        ```python
        from snippets.evaluate import groundedness

        cited = ["Annual plans can be refunded within 30 days of purchase."]
        answer = "Annual plans can be refunded within 30 days. Refunds take one hour."
        assert groundedness(answer, cited) == 0.5
        ```
    """
    if not 0.0 <= min_overlap <= 1.0:
        raise ValueError(f"min_overlap must be between 0 and 1, got {min_overlap!r}")
    claims = split_claims(answer)
    if not claims:
        return 1.0
    supported = sum(claim_is_supported(c, passages, min_overlap) for c in claims)
    return supported / len(claims)


# --8<-- [end:groundedness]


# --8<-- [start:behaviour]
def normalise(text: str) -> str:
    """Lowercase and collapse white space, for comparing answers."""
    return " ".join(text.casefold().split())


def accuracy(
    predictions: Sequence[object], expected: Sequence[object], *, match: str = "exact"
) -> float:
    """Share of predictions that match the expected answers of a held-out set.

    Args:
        predictions: One prediction per item (``None`` counts as wrong).
        expected: The labelled answer per item, same length.
        match: ``"exact"`` (equal after `normalise` for strings, ``==``
            otherwise) or ``"contains"`` (the expected string appears in the
            prediction after normalising; for free-text answers).

    Returns:
        A number from 0.0 to 1.0.

    Raises:
        ValueError: If the lengths differ, the set is empty or ``match`` is unknown.
    """
    if len(predictions) != len(expected):
        raise ValueError(f"{len(predictions)} predictions for {len(expected)} expected answers")
    if not expected:
        raise ValueError("accuracy needs at least one item")
    if match not in ("exact", "contains"):
        raise ValueError(f"match must be 'exact' or 'contains', got {match!r}")

    def right(got: object, want: object) -> bool:
        if got is None:
            return False
        if isinstance(got, str) and isinstance(want, str):
            if match == "contains":
                return normalise(want) in normalise(got)
            return normalise(got) == normalise(want)
        return got == want

    return sum(right(p, e) for p, e in zip(predictions, expected, strict=True)) / len(expected)


def format_problems(output: str, allowed: Mapping[str, Collection[str] | None]) -> list[str]:
    """What is wrong with one output that must be a JSON object of a fixed shape.

    Args:
        output: The raw text the model produced.
        allowed: Required keys; each maps to its allowed values, or ``None``
            when any string is fine. Keys not listed are a problem too.

    Returns:
        Problems in plain words; an empty list means the output complies.

    Example:
        ```python
        from snippets.evaluate import format_problems

        shape = {"category": {"billing", "bug"}, "priority": {"low", "high"}}
        assert format_problems('{"category": "bug", "priority": "high"}', shape) == []
        assert format_problems("Category: bug", shape) == ["not valid JSON"]
        ```
    """
    try:
        data = json.loads(output)
    except (ValueError, TypeError):
        return ["not valid JSON"]
    if not isinstance(data, dict):
        return ["not a JSON object"]
    problems = [f"missing key {key!r}" for key in allowed if key not in data]
    problems += [f"unexpected key {key!r}" for key in data if key not in allowed]
    for key, values in allowed.items():
        if key in data:
            value = data[key]
            if not isinstance(value, str):
                problems.append(f"{key!r} is not a string")
            elif values is not None and value not in values:
                problems.append(f"{key!r} has a value outside the allowed set: {value!r}")
    return problems


def format_compliance(
    outputs: Sequence[str], allowed: Mapping[str, Collection[str] | None]
) -> float:
    """Share of outputs with no `format_problems`.

    Raises:
        ValueError: If ``outputs`` is empty.
    """
    if not outputs:
        raise ValueError("format compliance needs at least one output")
    return sum(not format_problems(o, allowed) for o in outputs) / len(outputs)


# --8<-- [end:behaviour]


# --8<-- [start:rate]
@dataclass(frozen=True)
class Rate:
    """A share of successes with its 95% interval.

    Attributes:
        hits: How many items succeeded.
        n: How many items were measured.
        value: ``hits / n``, or ``None`` when ``n`` is 0 (show "n/a", not 0%).
        low: The interval's lower end (``None`` when ``n`` is 0).
        high: The interval's upper end (``None`` when ``n`` is 0).
    """

    hits: int
    n: int
    value: float | None
    low: float | None
    high: float | None


def rate(hits: int, n: int) -> Rate:
    """``hits`` out of ``n`` as a `Rate` with its Wilson 95% interval.

    >>> r = rate(36, 40)
    >>> r.value, round(r.low, 2), round(r.high, 2)
    (0.9, 0.77, 0.96)
    >>> rate(0, 0).value is None
    True
    """
    if n == 0:
        return Rate(0, 0, None, None, None)
    low, high = wilson(hits, n)
    return Rate(hits, n, hits / n, low, high)


def beats(a: Rate, b: Rate) -> bool:
    """Whether ``a`` is higher than ``b`` by more than their intervals allow.

    True only when both were measured and ``a``'s interval lies wholly above
    ``b``'s. Overlapping intervals are not a win either way.

    >>> beats(rate(90, 100), rate(60, 100)), beats(rate(9, 10), rate(6, 10))
    (True, False)
    """
    if a.low is None or a.high is None or b.low is None or b.high is None:
        return False
    return not overlap((a.low, a.high), (b.low, b.high)) and a.low > b.high


# --8<-- [end:rate]
