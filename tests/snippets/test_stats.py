"""snippets/stats.py: the Wilson interval agrees with SciPy's, the bootstrap is
seeded and covers the statistic, and impossible input gets a clear ValueError."""

from __future__ import annotations

import doctest
from statistics import fmean

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import binomtest

import snippets.stats
from snippets.stats import bootstrap, overlap, wilson


@given(st.integers(1, 2000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_wilson_matches_scipy(counts: tuple[int, int]) -> None:
    successes, n = counts
    reference = binomtest(successes, n).proportion_ci(confidence_level=0.95, method="wilson")
    low, high = wilson(successes, n)
    assert low == pytest.approx(float(reference.low), abs=1e-12)
    assert high == pytest.approx(float(reference.high), abs=1e-12)
    assert 0.0 <= low <= successes / n <= high <= 1.0


def test_wilson_is_exact_at_the_edges_and_narrows_with_n() -> None:
    assert wilson(0, 5)[0] == 0.0
    assert wilson(5, 5)[1] == 1.0
    small, large = wilson(9, 10), wilson(900, 1000)
    assert large[1] - large[0] < small[1] - small[0]
    assert wilson(9, 10, confidence=0.99)[0] < wilson(9, 10, confidence=0.8)[0]


@pytest.mark.parametrize(
    ("successes", "n", "message"),
    [
        (0, 0, "n = 0"),
        (3, 2, "between 0 and n = 2"),
        (-1, 2, "between 0 and n = 2"),
        (True, 2, "not True/False"),
        (1.5, 2, "whole numbers"),
    ],
)
def test_wilson_rejects_impossible_counts(successes: object, n: int, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        wilson(successes, n)  # type: ignore[arg-type]


@pytest.mark.parametrize("confidence", [0.0, 1.0, -0.5, 2.0])
def test_confidence_must_be_a_proper_share(confidence: float) -> None:
    with pytest.raises(ValueError, match="confidence"):
        wilson(1, 2, confidence=confidence)
    with pytest.raises(ValueError, match="confidence"):
        bootstrap([1.0, 2.0], fmean, confidence=confidence)


def test_bootstrap_is_seeded_and_brackets_the_statistic() -> None:
    values = [float(i % 7) for i in range(60)]
    first = bootstrap(values, fmean, seed=3)
    assert first == bootstrap(values, fmean, seed=3)
    assert first != bootstrap(values, fmean, seed=4)
    assert first[0] < fmean(values) < first[1]
    # A wider confidence never gives a narrower interval.
    wide = bootstrap(values, fmean, seed=3, confidence=0.99)
    assert wide[0] <= first[0] and first[1] <= wide[1]


def test_bootstrap_of_a_constant_is_that_constant() -> None:
    assert bootstrap([2.0] * 10, fmean) == (2.0, 2.0)


@pytest.mark.parametrize(("values", "resamples"), [([], 2000), ([1.0], 99), ([1.0], True)])
def test_bootstrap_rejects_bad_input(values: list[float], resamples: int) -> None:
    with pytest.raises(ValueError, match=r"no values|resamples"):
        bootstrap(values, fmean, resamples=resamples)


def test_overlap() -> None:
    assert overlap((0.1, 0.4), (0.4, 0.6))
    assert overlap((0.0, 1.0), (0.3, 0.4))
    assert not overlap((0.1, 0.2), (0.3, 0.4))
    assert not overlap((0.3, 0.4), (0.1, 0.2))


def test_docstring_examples_run() -> None:
    result = doctest.testmod(snippets.stats)
    assert result.attempted >= 5
    assert result.failed == 0
