"""docs/guide/measure.md: each demo condition fails the metric the page says it fails,
and the diagnosis printed for it is the one the page explains."""

from __future__ import annotations

from typing import Any

import pytest

from snippets.demos import evalsets, measure
from snippets.evaluate import beats, rate
from snippets.stats import overlap


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    return measure.report()


def test_current_documents_pass_retrieval_and_grounding_with_one_wrong_answer(
    report: dict[str, Any],
) -> None:
    row = report["conditions"]["current"]
    for metric in ("recall_document", "recall_passage", "grounded"):
        assert row[metric].hits == row[metric].n > 0, metric
    assert row["right"].hits == row["right"].n - 1  # "one answer is wrong"
    assert row["diagnosis"].gap == "none"


def test_the_askers_own_words_fail_recall_first(report: dict[str, Any]) -> None:
    row, current = report["conditions"]["own"], report["conditions"]["current"]
    assert beats(current["recall_passage"], row["recall_passage"])
    assert beats(row["recall_document"], row["recall_passage"]) or (
        row["recall_passage"].hits < row["recall_document"].hits
    )  # "the passage-level number falls further"
    assert (
        row["right"].hits <= 2 and row["grounded"].hits == row["grounded"].n
    )  # declined, not invented
    assert (row["diagnosis"].gap, row["diagnosis"].kind) == ("retrieval", "knowledge")


def test_stale_documents_fail_only_accuracy_on_the_changed_facts(report: dict[str, Any]) -> None:
    row, current = report["conditions"]["stale"], report["conditions"]["current"]
    for metric in ("recall_document", "recall_passage", "grounded"):
        assert row[metric].hits == row[metric].n, metric  # "do not move"
    assert set(row["wrong"]) == set(evalsets.changing_facts()) | set(current["wrong"])
    assert len(current["wrong"]) == 1
    assert overlap(
        (row["right"].low, row["right"].high), (current["right"].low, current["right"].high)
    )
    assert (row["diagnosis"].gap, row["diagnosis"].kind) == ("documents", "knowledge")


def test_answers_from_memory_fail_groundedness(report: dict[str, Any]) -> None:
    row = report["conditions"]["memory"]
    assert row["recall_passage"].hits == row["recall_passage"].n
    assert beats(report["conditions"]["current"]["grounded"], row["grounded"])
    assert (row["diagnosis"].gap, row["diagnosis"].kind) == ("grounding", "behaviour")


def test_the_behaviour_task_fails_format_without_a_schema_and_accuracy_with_one(
    report: dict[str, Any],
) -> None:
    rows = {r["system"]: r for r in report["behaviour"]}
    loose, strict = rows["prompted, no structured output"], rows["prompted, schema-constrained"]
    assert beats(strict["format"], loose["format"]) and strict["format"].hits == strict["format"].n
    assert set(loose["problems"]) == {"'category' has a value outside the allowed set"}
    for row in rows.values():
        assert (row["accuracy"].value or 0) < 0.9 and row["diagnosis"].gap == "behaviour"


def test_the_page_states_the_threshold_and_split_sizes(report: dict[str, Any]) -> None:
    text = measure.render_threshold()
    assert (
        f"threshold {report['threshold']:g} was chosen on the {report['sizes']['dev']} dev" in text
    )
    assert report["sizes"] == {"dev": 34, "test": 68}
    assert "n/a" not in measure.render_condition("current")
    assert "Wrong answers: " in measure.render_condition("stale")


def test_ten_points_on_a_few_dozen_questions_is_noise() -> None:
    """guide/measure.md, 'How sure is each number?'."""
    assert not beats(rate(27, 31), rate(24, 31))


def test_the_behaviour_table_lists_the_format_problems(report: dict[str, Any]) -> None:
    html = measure.render_behaviour()
    loose = report["behaviour"][0]["problems"]
    assert html.count("<tr>") == 5 and "<li>&#x27;category&#x27; has a value outside" in html
    assert html.count("<strong>behaviour</strong> (behaviour)") == 4
    assert f": {sum(loose.values())} outputs</li>" in html
