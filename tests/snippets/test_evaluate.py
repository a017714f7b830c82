"""snippets/evaluate.py: each metric's definition, bad input and properties; rates and intervals."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from snippets.evaluate import (
    accuracy,
    beats,
    claim_is_supported,
    format_compliance,
    format_problems,
    groundedness,
    rate,
    recall_at_k,
    split_claims,
)

TRIAGE_SHAPE = {
    "category": {"billing", "bug", "account", "feature-request", "security"},
    "priority": {"low", "normal", "high", "urgent"},
}

ids = st.lists(st.sampled_from("abcdefgh"), max_size=12)
relevant_sets = st.sets(st.sampled_from("abcdefgh"), min_size=1, max_size=4)

# --- recall@k -------------------------------------------------------------


def test_recall_counts_distinct_documents_in_the_first_k() -> None:
    ranked = ["a", "a", "b", "c"]
    assert recall_at_k(ranked, {"b", "c"}, k=1) == 0.0
    assert recall_at_k(ranked, {"b", "c"}, k=2) == 0.5  # "a" counts once
    assert recall_at_k(ranked, {"b", "c"}, k=3) == 1.0
    assert recall_at_k([], {"b"}, k=3) == 0.0


@pytest.mark.parametrize("k", [0, -2, 1.5, True, "3"])
def test_recall_rejects_bad_k(k: object) -> None:
    with pytest.raises(ValueError, match="k must be a whole number"):
        recall_at_k(["a"], {"a"}, k=k)  # type: ignore[arg-type]


def test_recall_needs_a_relevant_document() -> None:
    with pytest.raises(ValueError, match="at least one relevant id"):
        recall_at_k(["a"], set(), k=1)


@settings(max_examples=200, deadline=None)
@given(ranked=ids, relevant=relevant_sets, k=st.integers(1, 10))
def test_recall_is_a_share_and_grows_with_k(ranked: list[str], relevant: set[str], k: int) -> None:
    r = recall_at_k(ranked, relevant, k)
    assert 0.0 <= r <= 1.0
    assert recall_at_k(ranked, relevant, k + 1) >= r
    if relevant <= set(ranked):
        assert recall_at_k(ranked, relevant, len(ranked)) == 1.0


# --- groundedness ---------------------------------------------------------

PASSAGE = "Annual subscriptions can be refunded in full within 30 days of the purchase date."


def test_claims_are_sentences_without_citation_marks() -> None:
    text = "Refunds take 30 days. [1] Really? Yes! [1, 2]"
    assert split_claims(text) == ["Refunds take 30 days.", "Really?", "Yes!"]
    assert split_claims("   ") == []


def test_a_changed_number_is_unsupported_even_with_every_word_matching() -> None:
    assert claim_is_supported("Annual subscriptions are refunded within 30 days.", [PASSAGE])
    assert not claim_is_supported("Annual subscriptions are refunded within 60 days.", [PASSAGE])


def test_support_needs_enough_content_words_in_one_passage() -> None:
    claim = "Annual subscriptions can be refunded by phone."
    assert not claim_is_supported(claim, [PASSAGE])  # "phone" is missing: 3 of 4 words
    assert claim_is_supported(claim, [PASSAGE], min_overlap=0.75)
    # Words split across two passages do not add up: one passage must carry the claim.
    assert not claim_is_supported("Refunds by phone.", ["Refunds are possible.", "Call by phone."])


def test_groundedness_is_the_share_of_supported_claims() -> None:
    answer = f"{PASSAGE} [1] Refunds arrive within 2 hours. Annual subscriptions can be refunded."
    assert groundedness(answer, [PASSAGE]) == pytest.approx(2 / 3)
    assert groundedness(answer, []) == 0.0
    assert groundedness("", [PASSAGE]) == 1.0


def test_groundedness_rejects_a_bad_threshold() -> None:
    with pytest.raises(ValueError, match="min_overlap must be between 0 and 1"):
        groundedness("x", [], min_overlap=1.5)


words = st.sampled_from(["refund", "annual", "days", "30", "plan", "seat", "12", "euros"])
sentences = st.lists(words, min_size=1, max_size=6).map(lambda w: " ".join(w) + ".")


@settings(max_examples=200, deadline=None)
@given(claims=st.lists(sentences, max_size=5), passages=st.lists(sentences, max_size=3))
def test_groundedness_is_a_share_and_citing_more_never_lowers_it(
    claims: list[str], passages: list[str]
) -> None:
    answer = " ".join(claims)
    g = groundedness(answer, passages)
    assert 0.0 <= g <= 1.0
    assert groundedness(answer, [*passages, "unrelated words here."]) >= g
    assert groundedness(answer, [*passages, answer]) == 1.0  # an answer quoting its source


# --- accuracy and format compliance ---------------------------------------


def test_accuracy_exact_and_contains() -> None:
    assert accuracy(["Billing ", "bug", None], ["billing", "account", "bug"]) == pytest.approx(
        1 / 3
    )
    assert accuracy(["It costs 14 euros a seat."], ["14 EUROS"], match="contains") == 1.0
    assert accuracy([{"a": "1"}], [{"a": "1"}]) == 1.0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((["a"], ["a", "b"]), "1 predictions for 2 expected"),
        (([], []), "at least one item"),
    ],
)
def test_accuracy_bad_input(args: tuple[list[str], list[str]], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        accuracy(*args)


def test_accuracy_unknown_match() -> None:
    with pytest.raises(ValueError, match="match must be"):
        accuracy(["a"], ["a"], match="fuzzy")


@pytest.mark.parametrize(
    ("output", "problems"),
    [
        ('{"category": "bug", "priority": "low"}', []),
        ("category: bug", ["not valid JSON"]),
        ('["bug", "low"]', ["not a JSON object"]),
        ('{"category": "bug"}', ["missing key 'priority'"]),
        ('{"category": "bug", "priority": "low", "x": 1}', ["unexpected key 'x'"]),
        ('{"category": "bug", "priority": 3}', ["'priority' is not a string"]),
        (
            '{"category": "Bug", "priority": "low"}',
            ["'category' has a value outside the allowed set: 'Bug'"],
        ),
    ],
)
def test_format_problems_name_each_fault(output: str, problems: list[str]) -> None:
    assert format_problems(output, TRIAGE_SHAPE) == problems


def test_format_compliance_is_the_share_without_problems() -> None:
    outputs = ['{"category": "bug", "priority": "low"}', "nope", "{}", "null"]
    assert format_compliance(outputs, TRIAGE_SHAPE) == 0.25
    assert format_compliance(['{"note": "x"}'], {"note": None}) == 1.0
    with pytest.raises(ValueError, match="at least one output"):
        format_compliance([], TRIAGE_SHAPE)


# --- rates and their intervals ---------------------------------------------


def test_a_rate_carries_its_wilson_interval_and_nothing_measured_is_not_zero() -> None:
    r = rate(36, 40)
    assert (r.hits, r.n, r.value) == (36, 40, 0.9)
    assert r.low == pytest.approx(0.7695, abs=1e-4) and r.high == pytest.approx(0.9604, abs=1e-4)
    empty = rate(0, 0)
    assert (empty.value, empty.low, empty.high) == (None, None, None)


def test_beats_needs_intervals_that_do_not_overlap() -> None:
    assert beats(rate(90, 100), rate(60, 100))
    assert not beats(rate(60, 100), rate(90, 100))
    assert not beats(rate(9, 10), rate(6, 10))  # 90% against 60%, but on ten items each
    assert not beats(rate(5, 5), rate(0, 0)) and not beats(rate(0, 0), rate(0, 5))


@settings(max_examples=200, deadline=None)
@given(a=st.integers(0, 60), b=st.integers(0, 60), n=st.integers(60, 120))
def test_beats_is_never_true_both_ways_and_implies_the_order(a: int, b: int, n: int) -> None:
    ra, rb = rate(a, n), rate(b, n)
    assert not (beats(ra, rb) and beats(rb, ra))
    if beats(ra, rb):
        assert a > b
