"""snippets/threshold.py: the cut-off is the best one on the half it was chosen on, the
split is stratified and seeded, and the half it is graded on never influences it."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from snippets.stats import wilson
from snippets.threshold import choose_threshold, held_out_threshold, rate, split_halves

scores = st.lists(st.floats(min_value=-5, max_value=5, allow_nan=False), min_size=1, max_size=12)


def balanced(cut: float, yes: list[float], no: list[float]) -> float:
    return (sum(v >= cut for v in yes) / len(yes) + sum(v < cut for v in no) / len(no)) / 2


def test_rate_carries_the_wilson_interval_and_says_nothing_for_no_items() -> None:
    assert rate(36, 40) == {
        "value": 0.9,
        "low": wilson(36, 40)[0],
        "high": wilson(36, 40)[1],
        "hits": 36,
        "n": 40,
    }
    assert rate(0, 0) == {"value": None, "low": None, "high": None, "hits": 0, "n": 0}


def test_a_clean_gap_is_cut_in_its_middle() -> None:
    assert choose_threshold([0.8, 0.9, 1.0], [0.1, 0.2, 0.4]) == pytest.approx(0.6)


def test_ties_go_to_the_widest_margin_then_the_lowest_cut() -> None:
    # 0.3 | 0.5 and 0.5 | 0.9 both separate perfectly? No: only cuts between the groups do.
    # Here every cut between 0.2 and 0.7 is perfect; the one between them is chosen.
    assert choose_threshold([0.7, 0.8], [0.1, 0.2]) == pytest.approx(0.45)
    # Two equally good cuts with equal margins: the lower one wins.
    assert choose_threshold([0.5], [0.0, 1.0]) == pytest.approx(0.25)


def test_an_empty_group_is_refused() -> None:
    with pytest.raises(ValueError, match="each group"):
        choose_threshold([], [0.1])
    with pytest.raises(ValueError, match="each group"):
        choose_threshold([0.1], [])


def test_adjacent_floats_are_still_separated() -> None:
    # the midpoint of 0.0 and the smallest float rounds to 0.0, which separates nothing
    assert choose_threshold([5e-324], [0.0]) == 5e-324
    assert choose_threshold([1.0], [math.nextafter(1.0, 0.0)]) == 1.0


@given(scores, scores)
def test_no_cut_separates_better_than_the_one_chosen(yes: list[float], no: list[float]) -> None:
    cut = choose_threshold(yes, no)
    values = sorted(set(yes + no))
    # halfway between neighbours; where two floats are adjacent, no float lies between them,
    # so the higher one is the cut that separates them
    candidates = [values[0] - 1] + [
        (a + b) / 2 if a < (a + b) / 2 else b for a, b in itertools.pairwise(values)
    ]
    best = max(balanced(c, yes, no) for c in candidates)
    assert balanced(cut, yes, no) == pytest.approx(best)
    # any value at all, not only the candidates, does no better
    for probe in values + [v + 1e-9 for v in values]:
        assert balanced(probe, yes, no) <= best + 1e-9


@given(st.lists(st.booleans(), max_size=40), st.integers(0, 1000))
def test_the_split_is_stratified_disjoint_complete_and_seeded(
    labels: list[bool], seed: int
) -> None:
    first, second = split_halves(labels, seed)
    assert sorted(first + second) == list(range(len(labels)))
    assert not set(first) & set(second)
    for kind in (True, False):
        a = sum(labels[n] is kind for n in first)
        b = sum(labels[n] is kind for n in second)
        assert abs(a - b) <= 1
    assert abs(len(first) - len(second)) <= 1
    assert split_halves(labels, seed) == (first, second)


def test_a_different_seed_gives_a_different_split() -> None:
    labels = [True] * 20 + [False] * 20
    assert split_halves(labels, 0) != split_halves(labels, 1)


def test_the_cut_is_chosen_on_the_first_half_and_graded_on_the_second() -> None:
    values = [0.9, 0.85, 0.8, 0.7, 0.65, 0.6, 0.3, 0.2, 0.25, 0.1, 0.75, 0.15]
    labels = [True] * 6 + [False] * 6
    result = held_out_threshold(values, labels, seed=3)
    dev, test = result["dev"], result["test"]
    assert sorted(dev + test) == list(range(12))
    yes = [values[n] for n in dev if labels[n]]
    no = [values[n] for n in dev if not labels[n]]
    assert result["value"] == choose_threshold(yes, no)
    kept = sum(values[n] >= result["value"] for n in test if labels[n])
    declined = sum(values[n] < result["value"] for n in test if not labels[n])
    assert result["kept"] == rate(kept, sum(labels[n] for n in test))
    assert result["declined"] == rate(declined, sum(not labels[n] for n in test))
    assert result["dev_kept"]["n"] + result["kept"]["n"] == 6

    # Whatever the held-out half holds, the cut does not move: it never reads it.
    changed = list(values)
    for n in test:
        changed[n] = -changed[n] * 7
    assert held_out_threshold(changed, labels, seed=3)["value"] == result["value"]


def test_without_both_kinds_in_each_half_there_is_no_threshold() -> None:
    result = held_out_threshold([0.9, 0.8, 0.1], [True, True, False])
    assert result["value"] is None and "both kinds" in result["reason"]
    assert sorted(result["dev"] + result["test"]) == [0, 1, 2]


def test_values_and_labels_must_pair_up() -> None:
    with pytest.raises(ValueError, match="2 values but 3 labels"):
        held_out_threshold([0.1, 0.2], [True, False, True])
