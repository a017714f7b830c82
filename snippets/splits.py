"""Honest evaluation splits: find leaks between them, and choose settings on dev only.

A score on a test set means something only if the test items are new to the
system. Two things quietly break that:

* **Leaks.** Generated or templated data puts near-copies on both sides of a
  split: the same sentence with another product name, the same closing line.
  A model then scores on templates it has seen. `leaks` finds every item of
  one split that repeats, or shares a run of ``min_chars`` characters with, an
  item of another split (after lowercasing and collapsing white space). Run it
  on your own train, dev and test files before you trust a number.
* **Tuning on the test set.** Every threshold, ``k`` or epoch count picked by
  looking at test scores makes the test score optimistic. `choose` takes the
  candidates and a function that scores one of them on dev data, and returns
  the best with its dev score; the test split never enters it.

Needs no other lesson; standard library only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")

__all__ = ["Choice", "Leak", "choose", "leaks", "normalise"]


def normalise(text: str) -> str:
    """Lowercase ``text`` and collapse every run of white space to one space.

    >>> normalise("  Refund\\tMY   invoice ")
    'refund my invoice'
    """
    return " ".join(text.lower().split())


@dataclass(frozen=True)
class Leak:
    """One item that is not new to another split.

    Attributes:
        split: The split of the leaking item (``"test"``).
        index: Its position in that split.
        other: The split it overlaps with (``"train"``).
        other_index: The overlapping item's position there.
        shared: The first shared run of text (normalised), as long as it
            goes, or the whole item when the two are duplicates.
    """

    split: str
    index: int
    other: str
    other_index: int
    shared: str


def leaks(splits: Mapping[str, Sequence[str]], *, min_chars: int = 25) -> list[Leak]:
    """Items of each split that duplicate, or share ``min_chars`` characters with, another split.

    Texts are compared after `normalise`. Two items leak when one repeats the
    other, or when some run of ``min_chars`` consecutive characters appears in
    both. Items within one split are not compared with each other.

    Args:
        splits: Split name to its texts, e.g. ``{"train": [...], "test": [...]}``.
        min_chars: The shortest shared run that counts (at least 1).

    Returns:
        One `Leak` per (item, other split) pair, in split order then item
        order; for each, the first shared run found. Empty when the splits are
        disjoint.

    Raises:
        ValueError: If ``min_chars`` is below 1 or a text is not a string.

    >>> found = leaks({
    ...     "train": ["The PDF export crashes every time I open it."],
    ...     "test": ["CSV export crashes every time I open it!", "How do I rename a user?"],
    ... })
    >>> for leak in found:
    ...     print(leak.split, leak.index, leak.other, repr(leak.shared))
    train 0 test ' export crashes every time i open it'
    test 0 train ' export crashes every time i open it'
    """
    if isinstance(min_chars, bool) or not isinstance(min_chars, int) or min_chars < 1:
        raise ValueError(f"min_chars must be a whole number >= 1, got {min_chars!r}")
    texts: dict[str, list[str]] = {}
    for name, items in splits.items():
        if not all(isinstance(item, str) for item in items):
            raise ValueError(f"every item of split {name!r} must be a string")
        texts[name] = [normalise(item) for item in items]
    # Every run of min_chars characters, with the first item of each split holding it.
    runs: dict[str, dict[str, int]] = {}
    whole: dict[str, dict[str, int]] = {}
    for name, items in texts.items():
        runs[name], whole[name] = {}, {}
        for index, text in enumerate(items):
            whole[name].setdefault(text, index)
            for start in range(len(text) - min_chars + 1):
                runs[name].setdefault(text[start : start + min_chars], index)
    found = []
    for name, items in texts.items():
        for index, text in enumerate(items):
            for other in texts:
                if other == name:
                    continue
                hit = _first_shared(text, runs[other], whole[other], min_chars)
                if hit is not None:
                    shared = _widen(text, hit[1], texts[other][hit[0]])
                    found.append(Leak(name, index, other, hit[0], shared))
    return found


def _first_shared(
    text: str, runs: Mapping[str, int], whole: Mapping[str, int], min_chars: int
) -> tuple[int, str] | None:
    if text in whole:
        return whole[text], text
    for start in range(len(text) - min_chars + 1):
        run = text[start : start + min_chars]
        if run in runs:
            return runs[run], run
    return None


def _widen(text: str, run: str, other: str) -> str:
    """``run`` (found in both texts) extended to the right while ``other`` still contains it."""
    start = text.index(run)
    end = start + len(run)
    while end < len(text) and text[start : end + 1] in other:
        end += 1
    return text[start:end]


# --8<-- [start:choose]
@dataclass(frozen=True)
class Choice(Generic[T]):
    """The setting `choose` picked and its score on dev.

    Attributes:
        setting: The chosen candidate.
        dev_score: Its score on the dev data.
        scores: Every candidate's dev score, in the order tried.
    """

    setting: T
    dev_score: float
    scores: tuple[tuple[T, float], ...]


def choose(candidates: Iterable[T], dev_score: Callable[[T], float]) -> Choice[T]:
    """The candidate with the highest dev score; ties go to the one tried first.

    List candidates from the simplest (fewest epochs, smallest ``k``) up, so
    that a tie keeps the simpler setting. ``dev_score`` should close over the
    training and dev data only: whatever it cannot see cannot leak into the
    choice.

    Args:
        candidates: The settings to try, at least one.
        dev_score: Scores one setting on dev data; higher is better.

    Returns:
        The chosen setting with its dev score and every score tried.

    Raises:
        ValueError: If there are no candidates.

    >>> dev = {1: 0.70, 3: 0.82, 5: 0.82, 9: 0.79}
    >>> picked = choose([1, 3, 5, 9], dev.__getitem__)
    >>> picked.setting, picked.dev_score
    (3, 0.82)
    """
    scores = tuple((candidate, dev_score(candidate)) for candidate in candidates)
    if not scores:
        raise ValueError("choose needs at least one candidate")
    best = scores[0]
    for candidate, score in scores[1:]:
        if score > best[1]:
            best = (candidate, score)
    return Choice(best[0], best[1], scores)


# --8<-- [end:choose]
