"""snippets/splits.py: leaks between splits (against a brute-force oracle) and choosing on dev."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from snippets.splits import Leak, choose, leaks, normalise


def longest_common_run(a: str, b: str) -> int:
    """Brute force: the length of the longest substring of ``a`` that is in ``b``."""
    best = 0
    for i in range(len(a)):
        for j in range(i + best + 1, len(a) + 1):
            if a[i:j] in b:
                best = j - i
            else:
                break
    return best


def test_duplicates_and_shared_runs_are_found_both_ways() -> None:
    found = leaks(
        {
            "train": ["Our card was charged twice for the renewal.", "unrelated text"],
            "test": ["OUR CARD   was charged twice for the renewal.", "How do I rename it?"],
        }
    )
    assert found == [
        Leak("train", 0, "test", 0, "our card was charged twice for the renewal."),
        Leak("test", 0, "train", 0, "our card was charged twice for the renewal."),
    ]


def test_a_run_shorter_than_min_chars_is_not_a_leak() -> None:
    a, b = "abc the same words here xyz", "def the same words here uvw"
    assert leaks({"a": [a], "b": [b]}, min_chars=25) == []
    found = leaks({"a": [a], "b": [b]}, min_chars=10)
    assert found[0].shared == " the same words here "


def test_items_of_one_split_are_not_compared_with_each_other() -> None:
    assert (
        leaks({"train": ["same sentence repeated twice here", "same sentence repeated twice here"]})
        == []
    )


@pytest.mark.parametrize("bad", [0, -1, 2.5, True])
def test_min_chars_must_be_a_positive_whole_number(bad: object) -> None:
    with pytest.raises(ValueError, match="min_chars"):
        leaks({"a": ["x"]}, min_chars=bad)  # type: ignore[arg-type]


def test_items_must_be_text() -> None:
    with pytest.raises(ValueError, match="split 'a'"):
        leaks({"a": [3]})  # type: ignore[list-item]


alphabet = st.sampled_from("ab c")


@settings(max_examples=150, deadline=None)
@given(
    a=st.lists(st.text(alphabet, max_size=30), max_size=4),
    b=st.lists(st.text(alphabet, max_size=30), max_size=4),
    n=st.integers(1, 8),
)
def test_leaks_agree_with_brute_force(a: list[str], b: list[str], n: int) -> None:
    found = {(leak.split, leak.index) for leak in leaks({"a": a, "b": b}, min_chars=n)}
    na, nb = [normalise(x) for x in a], [normalise(x) for x in b]
    expected = set()
    for i, x in enumerate(na):
        if any(x == y or longest_common_run(x, y) >= n for y in nb):
            expected.add(("a", i))
    for j, y in enumerate(nb):
        if any(y == x or longest_common_run(y, x) >= n for x in na):
            expected.add(("b", j))
    assert found == expected
    for leak in leaks({"a": a, "b": b}, min_chars=n):
        other = (nb if leak.other == "b" else na)[leak.other_index]
        assert leak.shared in other


def test_choose_takes_the_best_dev_score_and_the_first_on_ties() -> None:
    seen = []

    def score(k: int) -> float:
        seen.append(k)
        return {1: 0.5, 3: 0.8, 5: 0.8, 9: 0.2}[k]

    picked = choose([1, 3, 5, 9], score)
    assert (picked.setting, picked.dev_score) == (3, 0.8)
    assert picked.scores == ((1, 0.5), (3, 0.8), (5, 0.8), (9, 0.2))
    assert seen == [1, 3, 5, 9]


def test_choose_needs_a_candidate() -> None:
    with pytest.raises(ValueError, match="at least one candidate"):
        choose([], lambda _: 0.0)
