"""How sure is a measured rate? 95% intervals for shares and for any statistic.

A share measured on 40 questions is an estimate, not a fact: 36 right out of 40
is 0.90, but the same system could well score 0.77 or 0.96 on another 40
questions like them. Every rate the guide reports carries an interval so a
reader can tell a real difference from noise. Two tools cover what the pages
need:

* `wilson` gives the Wilson score interval for a share of successes (Wilson,
  1927). Unlike the textbook "p plus or minus 1.96 standard errors", it stays
  inside 0..1 and behaves at 0 and n successes, where small evaluation sets
  often land.
* `bootstrap` gives a seeded percentile interval for any statistic of a sample
  (a mean reciprocal rank, a difference of two accuracies on paired items).

`overlap` says whether two intervals share any value: when they do, the pages
do not call the difference a win.

Needs no other lesson; standard library only.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from statistics import NormalDist
from typing import TypeVar

T = TypeVar("T")

__all__ = ["bootstrap", "overlap", "wilson"]


def _z(confidence: float) -> float:
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence!r}")
    return NormalDist().inv_cdf(0.5 + confidence / 2.0)


def wilson(successes: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """The Wilson score interval for a share of ``successes`` out of ``n``.

    Args:
        successes: How many items succeeded (0..n).
        n: How many items were measured; at least 1.
        confidence: The coverage wanted, 0.95 for a 95% interval.

    Returns:
        ``(low, high)``, both within 0..1.

    Raises:
        ValueError: ``n`` is 0 (the share is undefined: show "n/a"), or the
            counts are impossible.

    >>> low, high = wilson(36, 40)
    >>> round(low, 3), round(high, 3)
    (0.769, 0.96)
    >>> wilson(0, 10)[0]
    0.0
    """
    if isinstance(successes, bool) or isinstance(n, bool):
        raise ValueError("successes and n must be whole numbers, not True/False")
    if not isinstance(successes, int) or not isinstance(n, int):
        raise ValueError("successes and n must be whole numbers")
    if n < 1:
        raise ValueError("no items were measured (n = 0): the rate is undefined")
    if not 0 <= successes <= n:
        raise ValueError(f"successes must be between 0 and n = {n}, got {successes}")
    z = _z(confidence)
    p = successes / n
    denominator = 1.0 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    # At 0 and n successes the bound is exactly 0 or 1; rounding must not move it.
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == n else min(1.0, centre + half)
    return low, high


def bootstrap(
    values: Sequence[T],
    statistic: Callable[[Sequence[T]], float],
    *,
    resamples: int = 2000,
    seed: int = 0,
    confidence: float = 0.95,
) -> tuple[float, float]:
    """A seeded percentile bootstrap interval for ``statistic(values)``.

    Resamples ``values`` with replacement ``resamples`` times, computes the
    statistic on each resample and returns the middle ``confidence`` share of
    those results. The same seed gives the same interval. For paired
    comparisons, pass pairs and a statistic of the pairs (for example the mean
    of ``a - b``), so each resample keeps the pairing.

    Args:
        values: The sample; at least one item.
        statistic: Maps a sample to a number.
        resamples: How many resamples; at least 100.
        seed: Seed of the resampling.
        confidence: The coverage wanted, 0.95 for a 95% interval.

    Returns:
        ``(low, high)``.

    Raises:
        ValueError: ``values`` is empty, or ``resamples`` is under 100.

    >>> from statistics import fmean
    >>> low, high = bootstrap([0.0, 1.0] * 20, fmean)
    >>> low < 0.5 < high
    True
    """
    if len(values) == 0:
        raise ValueError("no values to resample: the statistic is undefined")
    if isinstance(resamples, bool) or not isinstance(resamples, int) or resamples < 100:
        raise ValueError(f"resamples must be a whole number of at least 100, got {resamples!r}")
    _z(confidence)  # checks the confidence level
    rng = random.Random(seed)
    items = list(values)
    n = len(items)
    results = sorted(
        statistic([items[rng.randrange(n)] for _ in range(n)]) for _ in range(resamples)
    )
    tail = (1.0 - confidence) / 2.0
    low_index = math.floor(tail * (resamples - 1))
    high_index = math.ceil((1.0 - tail) * (resamples - 1))
    return results[low_index], results[high_index]


def overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Whether intervals ``a`` and ``b`` share at least one value.

    >>> overlap((0.2, 0.5), (0.4, 0.9)), overlap((0.1, 0.3), (0.6, 0.8))
    (True, False)
    """
    return a[0] <= b[1] and b[0] <= a[1]
