"""snippets/compare.py: the experiments return what
docs/finetune.md says about them (direction and rough size, not exact floats),
the same settings give the same numbers, and bad settings get clear messages."""

from __future__ import annotations

import itertools
import json
from typing import Any

import pytest

from snippets.compare import (
    NearestExamples,
    behaviour_experiment,
    both_experiment,
    changed_pricing_text,
    changing_facts,
    fact_change,
    facts_experiment,
    load_tickets,
    question_part,
    run_all,
    valid_output,
    zero_shot,
)


@pytest.fixture(scope="module")
def facts() -> dict[str, Any]:
    return facts_experiment()


@pytest.fixture(scope="module")
def behaviour() -> dict[str, Any]:
    return behaviour_experiment()


@pytest.fixture(scope="module")
def both() -> dict[str, Any]:
    return both_experiment()


def by_system(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["system"]: r for r in rows}


def test_six_facts_change_and_the_page_text_follows() -> None:
    assert changing_facts() == [
        "team-annual",
        "team-monthly",
        "business-annual",
        "starter-users",
        "enterprise-seats",
        "trial-length",
    ]
    assert fact_change("team-annual") | {"question": ""} == {
        "id": "team-annual",
        "question": "",
        "old": "12 euros",
        "new": "14 euros",
    }
    text = changed_pricing_text(["trial-length"])
    assert "30 days" in text and "12 euros" in text
    assert changed_pricing_text([]).count("14 days") == 1
    with pytest.raises(ValueError, match="unknown fact"):
        changed_pricing_text(["refund-fee"])
    with pytest.raises(ValueError, match="unknown fact"):
        fact_change("nope")


def test_rag_is_current_right_after_the_change_and_the_stale_model_is_not(
    facts: dict[str, Any],
) -> None:
    rows = {(r["system"], r["phase"]): r for r in facts["accuracy"]}
    for system in ("RAG", "fine-tuned on the old facts"):
        before = rows[system, "before the change"]
        assert before["changed_facts"] >= 0.9 and before["unchanged_facts"] >= 0.9
    assert rows["RAG", "after the change"]["changed_facts"] == 1.0
    stale = rows["fine-tuned on the old facts", "after the change"]
    assert stale["changed_facts"] <= 0.2 and stale["unchanged_facts"] >= 0.9
    assert rows["fine-tuned again on the new facts", "after the change"]["changed_facts"] >= 0.9


def test_facts_properties_match_the_page(facts: dict[str, Any]) -> None:
    c = facts["counts"]
    assert c["cited"] == c["questions"]  # RAG cites the right document every time
    assert c["rag_leaks"] == 0 and c["tuned_leaks"] == c["restricted"] > 0
    assert c["rag_declines"] == c["unanswerable"] > 0
    t = facts["timings_ms"]
    assert t["retrain"] > 10 * t["reindex"]  # "far longer than re-indexing one document"


def test_no_change_leaves_both_current() -> None:
    rows = facts_experiment([])["accuracy"]
    after = {r["system"]: r for r in rows if r["phase"] == "after the change"}
    assert after["fine-tuned on the old facts"]["unchanged_facts"] >= 0.9
    assert after["RAG"]["unchanged_facts"] == 1.0


def test_tuned_model_beats_zero_shot_on_format_and_accuracy(behaviour: dict[str, Any]) -> None:
    rows = by_system(behaviour["systems"])
    zero = rows["rules in the prompt (zero-shot)"]
    knn = rows["RAG over labelled examples"]
    tuned = rows["fine-tuned model"]
    assert tuned["valid_format"] == 1.0 and zero["valid_format"] <= 0.8
    assert zero["accuracy"] <= 0.5  # "only a minority fully right"
    assert tuned["accuracy"] >= 0.8 and tuned["accuracy"] >= zero["accuracy"] + 0.3
    assert abs(knn["accuracy"] - tuned["accuracy"]) <= 0.1  # "close to the tuned model"
    assert tuned["prompt_chars"] * 3 < knn["prompt_chars"]  # examples ride in every prompt


def test_learning_curve_rises(behaviour: dict[str, Any]) -> None:
    accuracies = [r["fine-tuned"] for r in behaviour["curve"]]
    assert [r["examples"] for r in behaviour["curve"]] == [10, 20, 40, 80, 160, 320, 480]
    assert accuracies[-1] - accuracies[0] >= 0.5
    # Mostly rising: no step loses more than 3 points.
    assert all(b >= a - 0.03 for a, b in itertools.pairwise(accuracies))


def test_both_in_order_beats_each_alone(both: dict[str, Any]) -> None:
    rows = by_system(both["systems"])
    rag = rows["RAG with the rules in the prompt"]
    tuned = rows["fine-tuned models alone"]
    combined = rows["RAG, then the fine-tuned format"]
    assert rag["answer_current"] == 1.0 and rag["source_given"] == 1.0
    assert rag["valid_format"] < 1.0
    assert tuned["valid_format"] == 1.0 and tuned["source_given"] == 0.0
    assert tuned["answer_current"] < 1.0 and tuned["all_right"] == 0.0
    assert combined["all_right"] > max(rag["all_right"], tuned["all_right"]) + 0.2


def test_same_settings_same_numbers() -> None:
    def strip(result: dict[str, Any]) -> str:
        result = json.loads(json.dumps(result))
        result.pop("seconds")
        result["facts"].pop("timings_ms")
        result["facts"].pop("properties")
        for row in result["behaviour"]["systems"]:
            row.pop("ms_per_item")
            row.pop("setup_ms")
        return json.dumps(result, sort_keys=True)

    a = run_all(train_size=40, epochs=3, changed=["trial-length"])
    b = run_all(train_size=40, epochs=3, changed=["trial-length"])
    assert strip(a) == strip(b)
    assert a["settings"] == {"train_size": 40, "epochs": 3, "changed": ["trial-length"]}
    assert [r["examples"] for r in a["behaviour"]["curve"]] == [10, 20, 40]
    json.dumps(a)  # JSON-friendly for the browser


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"train_size": 5}, "train_size must be a whole number from 10 to 480"),
        ({"train_size": 10.5}, "train_size"),
        ({"epochs": 0}, "epochs must be a whole number from 1 to 50"),
        ({"epochs": 51}, "epochs"),
        ({"changed": "team-annual"}, "changed must be a list"),
        ({"changed": ["made-up"]}, "unknown fact 'made-up'"),
    ],
)
def test_run_all_rejects_bad_settings(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        run_all(**kwargs)


def test_zero_shot_and_format_check() -> None:
    assert json.loads(zero_shot("I was charged twice!")) == {
        "category": "billing",
        "priority": "high",
    }
    assert not valid_output(zero_shot("Hello there."))  # falls back to "other"
    assert valid_output('{"category": "bug", "priority": "low"}')
    assert not valid_output('{"category": "bug"}')
    assert not valid_output("bug, low")
    assert not valid_output('["bug", "low"]')


def test_nearest_examples_vote_and_fall_back() -> None:
    train_set, _ = load_tickets()
    knn = NearestExamples(train_set[:50])
    assert valid_output(knn(train_set[0]["text"]))
    assert knn("zzzz qqqq") == zero_shot("zzzz qqqq")


def test_question_part_keeps_the_questions() -> None:
    assert question_part("Hi. What is the price? Thanks!") == "What is the price?"
    assert question_part("No question here.") == "No question here."


def test_fact_training_data_matches_the_page() -> None:
    """docs/finetune.md: four rewordings of each answerable question, none of
    them the test wording."""
    from snippets.compare import fact_pairs
    from snippets.rag import demo_questions

    answerable = {q["id"]: q["question"] for q in demo_questions() if q["doc_id"]}
    pairs = fact_pairs([], after=False)
    assert len(pairs) == 4 * len(answerable)
    assert not {text for text, _ in pairs} & set(answerable.values())
