"""Which gap do you have? Read the evaluation metrics in a fixed order.

Used by the page "Measure before you choose" (``docs/guide/measure.md``). The
metrics themselves are in ``snippets/evaluate.py``; this lesson takes their
values (plain numbers, so any evaluation tool's output works) and names the
first gap to work on, with the reason. Standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass


# --8<-- [start:diagnose]
@dataclass(frozen=True)
class Diagnosis:
    """Which gap to work on first, and why.

    Attributes:
        gap: ``"retrieval"``, ``"grounding"``, ``"documents"``, ``"behaviour"``
            or ``"none"``.
        kind: ``"knowledge"`` (the facts do not reach the answer: fix
            retrieval or the documents), ``"behaviour"`` (the facts are there
            and the model does something wrong with them or with the task) or
            ``"none"``.
        advice: One sentence on what to do next.
        failing: The metrics below target, in the order they were checked.
    """

    gap: str
    kind: str
    advice: str
    failing: tuple[str, ...]


KIND = {
    "retrieval": "knowledge",
    "documents": "knowledge",
    "grounding": "behaviour",
    "behaviour": "behaviour",
    "none": "none",
}


ADVICE = {
    "retrieval": (
        "The right passages do not reach the model: a knowledge gap the pipeline has not "
        "closed. Fix chunking, the index or the query before anything else; fine-tuning "
        "cannot supply facts the model never sees."
    ),
    "grounding": (
        "The passages arrive but the answers say more than they do, or something else: the "
        "model's behaviour with its context. Tighten the prompt (answer only from the "
        "passages, cite, say when they do not answer); if that fails, train on grounded "
        "answers."
    ),
    "documents": (
        "The right passages arrive and the answers stay within them, yet the answers are "
        "wrong: the documents themselves are out of date or wrong. Update them and re-index; "
        "this is a knowledge problem, and retraining would not fix it."
    ),
    "behaviour": (
        "The output has the wrong shape or the task is done wrong, with the facts not in "
        "question: a behaviour gap. Try clear instructions and examples in the prompt first; "
        "fine-tune when that stops improving."
    ),
    "none": "Every measured metric meets its target. Keep the set and rerun it on each change.",
}


def diagnose_gap(
    *,
    recall: float | None = None,
    groundedness: float | None = None,
    accuracy: float | None = None,
    format_compliance: float | None = None,
    target: float = 0.9,
) -> Diagnosis:
    """Read the metrics in order: retrieval, then grounding, then behaviour.

    The order matters: a model cannot ground an answer in a passage it never
    received, and a format fix is worth little while the facts are wrong. A
    metric left as ``None`` was not measured and is skipped.

    Low accuracy means different things in the two settings: with retrieval
    measured (``recall`` given) and passing, wrong answers that stay within the
    passages point at the documents (``"documents"``); without retrieval (a
    task such as classification) they point at the model's behaviour.

    Args:
        recall: Mean recall@k over answerable questions.
        groundedness: Mean groundedness of the answers.
        accuracy: Held-out accuracy of the task or the answers.
        format_compliance: Share of outputs in the required format.
        target: The level each metric must reach (0 to 1).

    Returns:
        The first gap found and the advice for it.

    Example:
        ```python
        from snippets.gaps import diagnose_gap

        assert diagnose_gap(recall=0.6, format_compliance=0.5).gap == "retrieval"
        assert diagnose_gap(recall=1.0, format_compliance=0.5).kind == "behaviour"
        ```
    """
    checks = {
        "recall": (recall, "retrieval"),
        "groundedness": (groundedness, "grounding"),
        "accuracy": (accuracy, "behaviour" if recall is None else "documents"),
        "format_compliance": (format_compliance, "behaviour"),
    }
    failing = tuple(
        name for name, (value, _) in checks.items() if value is not None and value < target
    )
    gap = checks[failing[0]][1] if failing else "none"
    return Diagnosis(gap, KIND[gap], ADVICE[gap], failing)


# --8<-- [end:diagnose]
