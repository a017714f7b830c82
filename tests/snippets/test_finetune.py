"""snippets/finetune.py: features, training, fine-tuning, determinism, and parity
with scikit-learn's LogisticRegression on the same features (test-only oracle)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from snippets.demos.evalsets import all_tickets
from snippets.finetune import (
    DIM,
    accuracy,
    features,
    fine_tune,
    predict,
    predict_confident,
    predict_proba,
    train,
    training_run,
)

TOY = [
    ("refund my invoice please", "billing"),
    ("charged twice for the subscription", "billing"),
    ("the app crashes with an error", "bug"),
    ("export fails with error 500", "bug"),
]


@given(st.text(max_size=200))
@settings(max_examples=60, deadline=None)
def test_features_are_unit_length_or_empty(text: str) -> None:
    vector = features(text)
    assert all(0 <= slot < DIM for slot in vector)
    if vector:
        assert math.isclose(sum(v * v for v in vector.values()), 1.0)


def test_features_share_character_grams_between_word_forms() -> None:
    a, b = features("refund"), features("refunds")
    assert len(set(a) & set(b)) == 1  # "<ref"; the words and the ends differ
    assert len(a) == len(b) == 3
    assert features("Refund!") == features("refund")


def test_features_reject_bad_input() -> None:
    with pytest.raises(ValueError, match="string"):
        features(3)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="dim"):
        features("x", dim=0)


def test_train_learns_the_toy_task() -> None:
    model = train(TOY, epochs=20)
    assert predict(model, "an error when I export") == "bug"
    assert predict(model, "please refund the charge") == "billing"
    probs = predict_proba(model, "crashes")
    assert math.isclose(sum(probs.values()), 1.0) and probs["bug"] > 0.5
    assert accuracy(model, TOY) == 1.0


def test_same_seed_same_model_different_seed_different_weights() -> None:
    assert train(TOY, seed=3) == train(TOY, seed=3)
    assert train(TOY, seed=3).weights != train(TOY, seed=4).weights


def test_fine_tune_continues_from_base_and_leaves_it_alone() -> None:
    base = train(TOY, epochs=10)
    snapshot = base.weights
    new = [*TOY, ("someone hacked my account", "security")]
    tuned = fine_tune(base, new, epochs=10)
    assert base.weights == snapshot and base.labels == ("billing", "bug")
    assert tuned.labels == ("billing", "bug", "security")
    assert tuned.steps == base.steps + 10 * len(new)
    assert predict(tuned, "hacked account") == "security"
    assert predict(tuned, "the app crashes with an error") == "bug"


def test_fine_tune_moves_an_answer() -> None:
    base = train([("price of team", "12 euros"), ("trial length", "14 days")], epochs=10)
    assert predict(base, "price of team") == "12 euros"
    tuned = fine_tune(base, [("price of team", "14 euros"), ("trial length", "14 days")])
    assert predict(tuned, "price of team") == "14 euros"
    assert predict(base, "price of team") == "12 euros"


@pytest.mark.parametrize(
    ("examples", "kwargs", "message"),
    [
        ([], {}, "at least one"),
        ([("text",)], {}, "pair"),
        ([("text", 3)], {}, "pair"),
        (TOY, {"epochs": 0}, "epochs"),
        (TOY, {"epochs": True}, "epochs"),
        (TOY, {"lr": 0}, "lr"),
        (TOY, {"lr": "fast"}, "lr"),
    ],
)
def test_bad_training_input_gets_a_clear_message(
    examples: list[tuple[str, ...]], kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        train(examples, **kwargs)  # type: ignore[arg-type]


def test_accuracy_needs_examples() -> None:
    with pytest.raises(ValueError, match="at least one"):
        accuracy(train(TOY), [])


@pytest.mark.parametrize("field", ["category", "priority"])
def test_accuracy_matches_scikit_learn(field: str) -> None:
    """Same hashed features, held-out tickets from unseen templates: our SGD softmax
    regression is never more than 2 points below scikit-learn's LogisticRegression
    (lbfgs, C=1) and at most 6 above (the two regularise differently, which shows
    on templates neither has seen), so the stand-in's low accuracy there is the
    features' limit, not a training bug."""
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    train_set, test_set = all_tickets("train"), all_tickets("test")

    def matrix(tickets: list[dict[str, str]]) -> csr_matrix:
        rows, cols, vals = [], [], []
        for r, ticket in enumerate(tickets):
            for slot, value in features(ticket["text"]).items():
                rows.append(r)
                cols.append(slot)
                vals.append(value)
        return csr_matrix((vals, (rows, cols)), shape=(len(tickets), DIM))

    oracle = LogisticRegression(C=1.0, max_iter=2000)
    oracle.fit(matrix(train_set), [t[field] for t in train_set])
    theirs = oracle.score(matrix(test_set), [t[field] for t in test_set])
    ours = accuracy(
        train([(t["text"], t[field]) for t in train_set], epochs=10),
        [(t["text"], t[field]) for t in test_set],
    )
    assert theirs - 0.02 <= ours <= theirs + 0.06, (ours, theirs)


def test_a_training_run_yields_what_training_for_that_many_epochs_returns() -> None:
    run = list(training_run(TOY, epochs=4, lr=0.7, seed=2))
    assert [m.steps for m in run] == [4, 8, 12, 16]
    for epochs, model in enumerate(run, start=1):
        assert model == train(TOY, epochs=epochs, lr=0.7, seed=2)
    base = train(TOY, epochs=3)
    assert list(training_run(TOY, epochs=2, base=base))[-1] == fine_tune(base, TOY, epochs=2)


def test_a_confidence_threshold_lets_the_classifier_decline() -> None:
    model = train(TOY, epochs=20)
    assert predict_confident(model, "the app crashes with an error", 0.5) == "bug"
    assert predict_confident(model, "the app crashes with an error", 1.0) is None
    assert predict_confident(model, "zzz", 0.0) in {"billing", "bug"}
    with pytest.raises(ValueError, match="threshold"):
        predict_confident(model, "x", 1.5)


def test_a_text_of_one_feature_or_none_still_scores() -> None:
    model = train([("hi", "a"), ("yo yo", "b")], epochs=5)
    assert set(predict_proba(model, "hi")) == {"a", "b"}
    assert predict(model, "") in {"a", "b"}
