"""snippets/grounding.py: topic words, the coverage a passage gives them, the answer it quotes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from snippets.chunking import Passage
from snippets.grounding import STOP_WORDS, compose, coverage, topic_weights

IDF = {"team": 1.5, "plan": 1.0, "refund": 3.0}


def idf(word: str) -> float:
    return IDF.get(word, 0.0)


def test_stop_words_carry_no_topic_and_unknown_words_weigh_as_the_rarest() -> None:
    assert {"the", "what", "does", "how"} <= STOP_WORDS
    assert topic_weights("What does the Team plan cost?", idf) == {
        "cost": 1.5,
        "plan": 1.0,
        "team": 1.5,
    }
    assert topic_weights("Who is it?", idf) == {}
    assert topic_weights("unheard words", idf) == {"unheard": 1.0, "words": 1.0}


def test_coverage_counts_the_heading_and_is_zero_without_topic() -> None:
    topic = {"team": 1.5, "plan": 1.0, "cost": 1.5}
    assert coverage(topic, Passage("p", 0, "Team", "The plan is cheap.")) == pytest.approx(2.5 / 4)
    assert coverage(topic, Passage("p", 0, "", "Nothing here.")) == 0.0
    assert coverage({}, Passage("p", 0, "Team", "Team plan cost.")) == 0.0


def test_compose_quotes_the_two_best_sentences_in_reading_order() -> None:
    text = "Seats are billed monthly. Refunds take ten days.\n\nThe Team plan costs 14 euros."
    passage = Passage("p", 0, "Prices", text)
    assert compose({"team": 2.0, "seats": 1.0}, passage) == (
        "Seats are billed monthly. The Team plan costs 14 euros. [1]"
    )
    # Only the heading matched: the first sentence stands for the passage.
    assert compose({"prices": 1.0}, passage) == "Seats are billed monthly. [1]"


@given(
    words=st.lists(st.sampled_from(["team", "plan", "refund", "seat", "the"]), max_size=8),
    text=st.lists(st.sampled_from(["team", "plan", "refund", "seat"]), max_size=8),
)
def test_coverage_is_a_share(words: list[str], text: list[str]) -> None:
    topic = topic_weights(" ".join(words), idf)
    share = coverage(topic, Passage("p", 0, "", " ".join(text)))
    assert 0.0 <= share <= 1.0
    assert (share == 1.0) == (bool(topic) and set(topic) <= set(text))
