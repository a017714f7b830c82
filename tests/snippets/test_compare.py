"""snippets/compare.py: the fact-question systems, their dev choices and the scoring,
on small hand-made data (the page's experiment is tested in test_demos_finetune.py)."""

from __future__ import annotations

import pytest

from snippets.compare import (
    Outcome,
    Question,
    confidence,
    fit_rag,
    fit_tuned,
    median_seconds,
    rag_answers,
    retrieval_hits,
    tuned_answers,
    utility,
)
from snippets.finetune import train
from snippets.rag import Document, KnowledgeBase

DOCS = [
    Document("prices", "Prices", "# Team\n\nThe Team plan costs 14 euros per seat.", "p.md"),
    Document("trial", "Trial", "# Trial\n\nThe free trial lasts 30 days.", "t.md"),
    Document("hr", "HR", "# Leave\n\nParental leave is 20 weeks.", "hr.md", frozenset({"hr"})),
]


def q(
    text: str,
    fact: str | None,
    doc: str | None,
    before: str | None,
    after: str | None = None,
    *,
    trained: bool = True,
    groups: tuple[str, ...] = (),
    wording: str = "documents",
) -> Question:
    return Question(
        text, fact, doc, groups, before, before if after is None else after, trained, wording
    )


PRICE = q("How much does the Team plan cost per seat?", "team", "prices", "14 euros", "16 euros")
TRIAL = q("How long is the free trial?", "trial", "trial", "30 days")
LEAVE = q("How many weeks of parental leave?", "leave", "hr", "20 weeks", groups=("hr",))
NOTHING = q("Who founded the company?", None, None, None, trained=False, wording="none")


def test_question_and_outcome_properties() -> None:
    assert PRICE.changes and not TRIAL.changes
    declined = Outcome(TRIAL, None, False)
    wrong = Outcome(TRIAL, "14 euros", False)
    right = Outcome(TRIAL, "30 days", True)
    assert declined.declined and not declined.confident_wrong
    assert wrong.confident_wrong and not wrong.declined
    assert not right.confident_wrong
    assert utility([declined, wrong, right, right]) == pytest.approx(1 / 4)


def test_rag_answers_are_checked_before_or_after_and_respect_groups() -> None:
    kb = KnowledgeBase(DOCS)
    before = rag_answers(kb, [PRICE, TRIAL, LEAVE, NOTHING], after=False)
    assert [o.right for o in before] == [True, True, True, False]
    assert before[0].cited[0] == "prices" and before[3].declined
    after = rag_answers(kb, [PRICE], after=True)
    assert not after[0].right and after[0].confident_wrong  # the index still says 14 euros
    outsider = rag_answers(kb, [LEAVE], after=False, as_outsider=True)
    assert outsider[0].declined


def test_tuned_answers_decline_below_the_threshold() -> None:
    model = train([(PRICE.text, "14 euros"), (TRIAL.text, "30 days")], epochs=10)
    assert [o.right for o in tuned_answers(model, 0.0, [PRICE, TRIAL], after=False)] == [True, True]
    assert tuned_answers(model, 0.0, [NOTHING], after=False)[0].confident_wrong
    assert tuned_answers(model, 1.0, [PRICE], after=False)[0].declined
    assert 0.5 < confidence(model, PRICE.text) < 1.0


def test_fit_rag_picks_the_threshold_with_the_best_dev_score() -> None:
    kb, picked = fit_rag(DOCS, [PRICE, TRIAL, NOTHING], thresholds=(0.0, 0.5, 1.0))
    assert kb.min_coverage == picked.setting
    scores = dict(picked.scores)
    assert scores[0.5] >= scores[0.0] and scores[0.5] > scores[1.0]
    assert picked.setting == 0.5  # declines the unanswerable one, answers the rest


def test_fit_tuned_chooses_epochs_rate_and_threshold_on_dev() -> None:
    pairs = [
        ("Team plan price per seat?", "14 euros"),
        ("Length of the free trial?", "30 days"),
    ] * 2
    dev = [PRICE, TRIAL, NOTHING]
    model, chosen = fit_tuned(pairs, dev, lrs=(1.0,), max_epochs=3, thresholds=(0.0, 0.55, 0.99))
    assert chosen.lr == 1.0 and 1 <= chosen.epochs <= 3
    assert chosen.dev_accuracy == 1.0
    outcomes = tuned_answers(model, chosen.threshold, dev, after=False)
    assert utility(outcomes) == pytest.approx(chosen.dev_score)


def test_retrieval_hits_counts_documents_and_answer_passages() -> None:
    kb = KnowledgeBase(DOCS)
    assert retrieval_hits(kb, [PRICE, TRIAL, NOTHING], after=False) == (2, 2)
    # After the change the index still holds 14 euros: the document is found, no passage holds 16.
    assert retrieval_hits(kb, [PRICE], after=True) == (1, 0)


def test_median_seconds_runs_the_action_and_checks_repeats() -> None:
    calls = []
    assert median_seconds(lambda: calls.append(1), repeats=3) >= 0.0
    assert len(calls) == 3
    with pytest.raises(ValueError, match="repeats"):
        median_seconds(lambda: None, repeats=0)
