"""snippets/gaps.py: the metrics are read in order, and each gap is named with its kind."""

from __future__ import annotations

import pytest

from snippets.gaps import ADVICE, KIND, diagnose_gap


@pytest.mark.parametrize(
    ("metrics", "gap", "kind"),
    [
        ({"recall": 0.5, "groundedness": 0.5, "format_compliance": 0.5}, "retrieval", "knowledge"),
        ({"recall": 1.0, "groundedness": 0.5, "format_compliance": 0.5}, "grounding", "behaviour"),
        ({"recall": 1.0, "groundedness": 1.0, "accuracy": 0.5}, "documents", "knowledge"),
        ({"accuracy": 0.5}, "behaviour", "behaviour"),
        ({"recall": 1.0, "groundedness": 1.0, "format_compliance": 0.5}, "behaviour", "behaviour"),
        (
            {"recall": 1.0, "groundedness": 0.95, "accuracy": 0.9, "format_compliance": 1.0},
            "none",
            "none",
        ),
        ({}, "none", "none"),
    ],
)
def test_the_first_failing_metric_names_the_gap(
    metrics: dict[str, float], gap: str, kind: str
) -> None:
    found = diagnose_gap(**metrics)
    assert (found.gap, found.kind, found.advice) == (gap, kind, ADVICE[gap])


def test_every_failing_metric_is_listed_in_order_and_the_target_moves() -> None:
    assert diagnose_gap(recall=0.5, accuracy=0.5).failing == ("recall", "accuracy")
    assert diagnose_gap(recall=0.85, target=0.8).gap == "none"
    assert set(KIND) == set(ADVICE)


def test_low_groundedness_is_not_called_a_knowledge_gap() -> None:
    """guide/measure.md: the summary and the table agree that low groundedness is a
    behaviour of the model with its context."""
    assert diagnose_gap(recall=1.0, groundedness=0.2).kind == "behaviour"
    assert "knowledge gap" not in ADVICE["grounding"]
