"""A decline threshold, chosen on one half of the questions and graded on the other.

A retrieval system should decline when its documents do not hold the answer.
A cut-off on some signal decides (the best passage's score, say): answer at or
above it, decline below. Choosing that cut-off on the very questions you then
report grades it on its own training data, and the figure comes out too good.
`held_out_threshold` splits the questions into two halves with a seed, keeping
the share of each kind the same in both (a stratified split), chooses the
cut-off on the first half with `choose_threshold` and reports on the second how
many answerable questions it keeps and how many unanswerable ones it declines,
each with a 95% interval.

Used by ``snippets/retrieval_check.py``. Imports the lessons ``snippets.splits``
(`choose`: the one place a setting is picked, from dev scores only) and
``snippets.evaluate`` (`rate`: a share with its Wilson interval); nothing outside
the standard library.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from snippets.evaluate import rate as share
from snippets.splits import choose

__all__ = ["choose_threshold", "held_out_threshold", "rate", "split_halves"]


def rate(hits: int, n: int) -> dict[str, Any]:
    """`snippets.evaluate.rate` as plain data (``hits``, ``n``, ``value``, ``low``, ``high``).

    Examples:
        >>> r = rate(9, 10)
        >>> r["value"], round(r["low"], 3), round(r["high"], 3)
        (0.9, 0.596, 0.982)
    """
    return asdict(share(hits, n))


# --8<-- [start:choose]
def _between(low: float, high: float) -> float:
    """Halfway from ``low`` to ``high``, or ``high`` when no float lies strictly between them."""
    middle = (low + high) / 2
    return middle if low < middle else high


def choose_threshold(answered: Sequence[float], not_answered: Sequence[float]) -> float:
    """The cut-off that best separates two groups of values, higher meaning "answer".

    Best means the highest balanced accuracy: the mean of the share of
    ``answered`` values at or above the cut-off and the share of
    ``not_answered`` values below it, so a rare kind of question counts as much
    as a common one. Candidates lie halfway between neighbouring values (and
    below all of them); among equally good ones the one farthest from any value
    wins, then the lowest.

    Raises:
        ValueError: If either group is empty.

    Examples:
        >>> choose_threshold([0.9, 0.8, 0.7], [0.2, 0.75])
        0.775
    """
    if not answered or not not_answered:
        raise ValueError("need at least one value in each group")
    values = sorted(set(answered) | set(not_answered))
    cuts = [values[0] - 1.0] + [_between(a, b) for a, b in itertools.pairwise(values)]

    def balanced_accuracy(cut: float) -> float:
        kept = sum(v >= cut for v in answered) / len(answered)
        declined = sum(v < cut for v in not_answered) / len(not_answered)
        return round((kept + declined) / 2, 12)  # equal shares tie, whatever the rounding

    # `choose` keeps the first of equal scores: try the widest margins first, then the lowest.
    cuts.sort(key=lambda cut: (-round(min(abs(v - cut) for v in values), 12), cut))
    return choose(cuts, balanced_accuracy).setting


# --8<-- [end:choose]


def split_halves(labels: Sequence[bool], seed: int = 0) -> tuple[list[int], list[int]]:
    """Positions of ``labels`` split in two halves, each kind shared out evenly.

    Examples:
        >>> split_halves([True, True, True, False, False], seed=1)
        ([1, 2, 3], [0, 4])
    """
    rng = random.Random(seed)
    first: list[int] = []
    second: list[int] = []
    for kind in (True, False):
        group = [n for n, label in enumerate(labels) if bool(label) is kind]
        rng.shuffle(group)
        half = (len(group) + 1) // 2 if len(first) <= len(second) else len(group) // 2
        first += group[:half]
        second += group[half:]
    return sorted(first), sorted(second)


# --8<-- [start:held_out]
def held_out_threshold(
    values: Sequence[float], labels: Sequence[bool], *, seed: int = 0
) -> dict[str, Any]:
    """Choose a cut-off on one half of the items, report what it does on the other.

    Args:
        values: The signal of each item (higher: more likely answerable).
        labels: For each item, whether the documents answer it.
        seed: Seed of the split.

    Returns:
        ``value`` (the cut-off), ``dev`` and ``test`` (positions of each half),
        and four `rate` dicts: ``dev_kept`` and ``dev_declined`` on the half it
        was chosen on, ``kept`` (answerable items at or above it) and
        ``declined`` (the others below it) on the held-out half. ``value`` is
        None, with a ``reason``, when a half lacks one kind of item.

    Raises:
        ValueError: If ``values`` and ``labels`` differ in length.

    Examples:
        >>> scores = [0.9, 0.8, 0.7, 0.6, 0.3, 0.2, 0.1, 0.65]
        >>> result = held_out_threshold(scores, [True] * 4 + [False] * 4)
        >>> result["value"], result["kept"]["value"], result["declined"]["value"]
        (0.5, 1.0, 0.5)
    """
    if len(values) != len(labels):
        raise ValueError(f"{len(values)} values but {len(labels)} labels")
    dev, test = split_halves(labels, seed)
    yes = [[values[n] for n in half if labels[n]] for half in (dev, test)]
    no = [[values[n] for n in half if not labels[n]] for half in (dev, test)]
    if not all(yes + no):
        return {
            "value": None,
            "dev": dev,
            "test": test,
            "reason": "each half needs questions of both kinds: at least two that the "
            "documents answer and two that they do not",
        }
    cut = choose_threshold(yes[0], no[0])
    return {
        "value": cut,
        "dev": dev,
        "test": test,
        "dev_kept": rate(sum(v >= cut for v in yes[0]), len(yes[0])),
        "dev_declined": rate(sum(v < cut for v in no[0]), len(no[0])),
        "kept": rate(sum(v >= cut for v in yes[1]), len(yes[1])),
        "declined": rate(sum(v < cut for v in no[1]), len(no[1])),
    }


# --8<-- [end:held_out]
