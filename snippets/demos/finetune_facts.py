"""Experiment 1: the prices change (``docs/finetune.md``).

`facts_experiment` runs RAG and a model tuned on January's facts on the demo
data, before and after a change, with every setting chosen on the dev
questions, and measures where each one fails. Uses the lessons
``snippets/compare.py``, ``rag.py``, ``finetune.py`` and ``evaluate.py``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

from snippets.compare import (
    Outcome,
    Question,
    fit_rag,
    fit_tuned,
    median_seconds,
    rag_answers,
    retrieval_hits,
    tuned_answers,
    utility,
)
from snippets.demos import evalsets
from snippets.evaluate import Rate, rate
from snippets.finetune import fine_tune
from snippets.rag import KnowledgeBase

Row = dict[str, Any]


def _count(outcomes: Sequence[Outcome], keep: Callable[[Question], bool], hit: str) -> Rate:
    chosen = [o for o in outcomes if keep(o.question)]
    return rate(sum(bool(getattr(o, hit)) for o in chosen), len(chosen))


def _groups(changed: Sequence[str]) -> dict[str, Callable[[Question], bool]]:
    """The three kinds of fact questions the main table reports, in the documents' words."""
    return {
        "change": lambda q: q.wording == "documents" and q.trained and q.changes,
        "stay": lambda q: q.wording == "documents" and q.trained and not q.changes,
        "untrained": lambda q: q.wording == "documents" and q.fact is not None and not q.trained,
    }


def facts_experiment(changed: Sequence[str] | None = None, *, seed: int = 0) -> Row:
    """Experiment 1: RAG and a model tuned on January's facts, before and after a change.

    Every setting is chosen on the dev questions (`snippets.compare.fit_rag`,
    `fit_tuned`); the numbers are on the test questions.
    """
    changed = evalsets.changing_facts() if changed is None else evalsets.check_changed(changed)
    dev, test = evalsets.questions("dev", changed), evalsets.questions("test", changed)
    documents = evalsets.documents_before()
    kb, rag_choice = fit_rag(documents, dev)
    model, tuned_choice = fit_tuned(evalsets.training_pairs(changed, after=False), dev, seed=seed)
    threshold = tuned_choice.threshold
    new_pairs = evalsets.training_pairs(changed, after=True)

    outcomes = {
        ("RAG", "before"): rag_answers(kb, test, after=False),
        ("tuned", "before"): tuned_answers(model, threshold, test, after=False),
        ("RAG, index not updated", "after"): rag_answers(kb, test, after=True),
        ("tuned, not retrained", "after"): tuned_answers(model, threshold, test, after=True),
    }
    # The change: RAG re-indexes one document, the tuned model is trained again.
    updated = KnowledgeBase(documents, min_coverage=rag_choice.setting)
    for readers in {q.groups for q in test}:
        updated.warm(readers)  # views exist before the change, so updating them is timed
    page = evalsets.changed_pricing(changed)
    reindex = median_seconds(lambda: updated.update(page), repeats=5)

    runs = []

    def retrain() -> None:
        lr, epochs = tuned_choice.lr, tuned_choice.epochs
        runs.append(fine_tune(model, new_pairs, epochs=epochs, lr=lr, seed=seed))

    retrain_seconds = median_seconds(retrain, repeats=3)
    retrained = runs[-1]  # every run gives the same model: the seed fixes it
    outcomes["RAG, re-indexed", "after"] = rag_answers(updated, test, after=True)
    outcomes["tuned, retrained", "after"] = tuned_answers(retrained, threshold, test, after=True)

    groups = _groups(changed)
    accuracy = [
        {"system": system, "phase": phase}
        | {name: _count(result, keep, "right") for name, keep in groups.items()}
        for (system, phase), result in outcomes.items()
    ]
    rag_now, tuned_now = outcomes["RAG, re-indexed", "after"], outcomes["tuned, retrained", "after"]

    def own(q: Question) -> bool:
        return q.wording == "own" and q.fact is not None

    def documents_words(q: Question) -> bool:
        return q.wording == "documents" and q.fact is not None

    restricted = [q for q in test if q.groups]
    missing = KnowledgeBase(
        [d for d in documents if d.id != "refunds"], min_coverage=rag_choice.setting
    )
    refund_questions = [q for q in test if q.doc_id == "refunds"]
    fails = {
        "recall_documents": _recall(updated, [q for q in test if documents_words(q)]),
        "recall_own": _recall(updated, [q for q in test if own(q)]),
        "right_own": (_count(rag_now, own, "right"), _count(tuned_now, own, "right")),
        "right_documents": (
            _count(rag_now, documents_words, "right"),
            _count(tuned_now, documents_words, "right"),
        ),
        "untrained_wrong": (
            _count(rag_now, lambda q: q.fact is not None and not q.trained, "confident_wrong"),
            _count(tuned_now, lambda q: q.fact is not None and not q.trained, "confident_wrong"),
        ),
        "unanswerable_declined": (
            _count(rag_now, lambda q: q.fact is None, "declined"),
            _count(tuned_now, lambda q: q.fact is None, "declined"),
        ),
        "outsider_leaks": (
            _count(rag_answers(updated, restricted, after=True, as_outsider=True), bool, "right"),
            _count(tuned_answers(retrained, threshold, restricted, after=True), bool, "right"),
        ),
        "cited": rate(
            sum(o.question.doc_id in o.cited for o in rag_now if o.right),
            sum(o.right for o in rag_now),
        ),
        "missing_document": {
            name: _count(rag_answers(missing, refund_questions, after=True), bool, name)
            for name in ("right", "declined", "confident_wrong")
        },
    }
    return {
        "changed": changed,
        "accuracy": accuracy,
        "fails": fails,
        "sizes": {name: sum(keep(q) for q in test) for name, keep in groups.items()},
        "chosen": {
            "rag_threshold": rag_choice.setting,
            "rag_dev": rag_choice.dev_score,
            "rag_test": utility(outcomes["RAG", "before"]),
            "tuned": dataclasses.asdict(tuned_choice),
            "tuned_test": utility(outcomes["tuned", "before"]),
        },
        "timing": {"reindex": reindex, "retrain": retrain_seconds},
        "pairs": {
            "before": len(new_pairs),
            "rewritten": sum(q.changes for q in evalsets.questions("train", changed)),
        },
        "models": (model, threshold, updated),
    }


def _recall(kb: KnowledgeBase, questions: Sequence[Question], k: int = 3) -> Rate:
    """Passage-level recall@k of the retrieval step alone (before the threshold)."""
    _, passages = retrieval_hits(kb, questions, after=True, k=k)
    return rate(passages, len(questions))
