"""Fine-tuning against RAG on facts that change, with every setting chosen on dev.

Used by the page "Fine-tuning vs RAG, measured" (``docs/finetune.md``),
experiments 1 and 3; ``snippets/demos/finetune_facts.py`` and ``finetune_run.py``
load the demo data and call these functions.

Two ways to make a model answer questions about your documents:

* **RAG** (`snippets.rag.KnowledgeBase`): index the documents and answer from
  the passages found; decline when no passage covers the question well enough.
  The relevance threshold is chosen on dev questions (`fit_rag`).
* **A fine-tuned model** (`snippets.finetune`): train on question and answer
  pairs; decline when its top answer's probability is below a threshold.
  Epochs, learning rate and threshold are chosen on dev questions (`fit_tuned`).

`answer_all` asks every question and records, per question, whether the
answer was right, declined or a confident wrong answer. Then a fact changes:
RAG re-indexes one document (`KnowledgeBase.update`), the tuned model is
trained again. `median_seconds` times both. `both_experiment` (experiment 3)
lives in ``snippets/pipeline.py``.

Imports ``snippets/rag.py``, ``snippets/finetune.py`` and ``snippets/splits.py``.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from snippets.finetune import Model, predict_confident, predict_proba, training_run
from snippets.rag import Document, KnowledgeBase
from snippets.splits import Choice, choose

THRESHOLDS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)


@dataclass(frozen=True)
class Question:
    """One question of an evaluation set about facts.

    Attributes:
        text: The question as asked.
        fact: The fact it asks about, or ``None`` when no document answers it.
        doc_id: The document that holds the answer (``None`` with ``fact``).
        groups: The groups allowed to read that document (empty: everyone);
            the question is asked as a member of them.
        before: Text a right answer contains before the change.
        after: Text a right answer contains after the change.
        trained: Whether the tuned model had training pairs for this fact.
        wording: ``"documents"`` (the documents' own words), ``"own"`` (the
            asker's words), ``"paraphrase"`` (training) or ``"none"``.
    """

    text: str
    fact: str | None
    doc_id: str | None
    groups: tuple[str, ...]
    before: str | None
    after: str | None
    trained: bool
    wording: str

    @property
    def changes(self) -> bool:
        """Whether the right answer differs after the change."""
        return self.before != self.after


@dataclass(frozen=True)
class Outcome:
    """What one system did with one question."""

    question: Question
    answer: str | None  # None: declined
    right: bool
    cited: tuple[str, ...] = ()  # document ids the answer cites (RAG only)

    @property
    def declined(self) -> bool:
        """Whether the system declined to answer."""
        return self.answer is None

    @property
    def confident_wrong(self) -> bool:
        """An answer that is not right: a hallucination when nothing could be known."""
        return self.answer is not None and not self.right


def _right(answer: str | None, expected: str | None) -> bool:
    return answer is not None and expected is not None and expected in answer


def rag_answers(
    kb: KnowledgeBase, questions: Sequence[Question], *, after: bool, as_outsider: bool = False
) -> list[Outcome]:
    """Ask ``kb`` every question, as a member of its groups (or of none).

    Args:
        kb: The knowledge base.
        questions: The questions.
        after: Check answers against the facts after the change (else before).
        as_outsider: Ask as a reader in no group.
    """
    outcomes = []
    for q in questions:
        answer = kb.ask(q.text, groups=() if as_outsider else q.groups)
        text = answer.text if answer.grounded else None
        expected = q.after if after else q.before
        cited = tuple(c.doc_id for c in answer.citations)
        outcomes.append(Outcome(q, text, _right(text, expected), cited))
    return outcomes


def tuned_answers(
    model: Model, threshold: float, questions: Sequence[Question], *, after: bool
) -> list[Outcome]:
    """The tuned model's answers: its top label when it is confident enough, else declined."""
    outcomes = []
    for q in questions:
        answer = predict_confident(model, q.text, threshold)
        outcomes.append(Outcome(q, answer, _right(answer, q.after if after else q.before)))
    return outcomes


def utility(outcomes: Iterable[Outcome]) -> float:
    """The dev objective: (right answers - wrong answers) / questions.

    A decline scores 0, a right answer +1 and a confident wrong answer -1: a
    wrong answer costs a reader as much as a right one helps, so a system that
    guesses on questions it cannot answer scores lower than one that declines.
    """
    items = list(outcomes)
    return sum(o.right - o.confident_wrong for o in items) / len(items)


def fit_rag(
    documents: Sequence[Document], dev: Sequence[Question], thresholds: Sequence[float] = THRESHOLDS
) -> tuple[KnowledgeBase, Choice[float]]:
    """A knowledge base of ``documents`` with its relevance threshold chosen on ``dev``."""
    kbs = {t: KnowledgeBase(documents, min_coverage=t) for t in thresholds}

    def score(t: float) -> float:
        return utility(rag_answers(kbs[t], dev, after=False))

    picked = choose(thresholds, score)
    return kbs[picked.setting], picked


@dataclass(frozen=True)
class TunedChoice:
    """What `fit_tuned` chose on dev."""

    lr: float
    epochs: int
    threshold: float
    dev_accuracy: float  # right answers on dev questions about trained facts
    dev_score: float  # `utility` on all dev questions


def fit_tuned(
    pairs: Sequence[tuple[str, str]],
    dev: Sequence[Question],
    *,
    lrs: Sequence[float] = (0.5, 1.0),
    max_epochs: int = 8,
    thresholds: Sequence[float] = THRESHOLDS,
    seed: int = 0,
) -> tuple[Model, TunedChoice]:
    """Train on question-answer ``pairs``; choose epochs, rate and threshold on ``dev``.

    Epochs and learning rate maximise dev accuracy on the trained facts; then
    the threshold maximises `utility` on every dev question.
    """
    known = [q for q in dev if q.trained]
    runs = {}
    for lr in sorted(lrs):
        for epochs, model in enumerate(training_run(pairs, epochs=max_epochs, lr=lr, seed=seed), 1):
            runs[lr, epochs] = model

    def accuracy(setting: tuple[float, int]) -> float:
        outcomes = tuned_answers(runs[setting], 0.0, known, after=False)
        return sum(o.right for o in outcomes) / len(outcomes)

    fit = choose(sorted(runs, key=lambda s: (s[1], s[0])), accuracy)
    model = runs[fit.setting]
    cut = choose(
        thresholds,
        lambda t: utility(tuned_answers(model, t, dev, after=False)),
    )
    lr, epochs = fit.setting
    return model, TunedChoice(lr, epochs, cut.setting, fit.dev_score, cut.dev_score)


def retrieval_hits(
    kb: KnowledgeBase, questions: Sequence[Question], *, after: bool, k: int = 3
) -> tuple[int, int]:
    """Retrieval alone (no threshold): how many questions get their document, and how
    many the passage holding the answer, among the first ``k`` passages.

    The passage that holds the answer is the one of the right document whose
    text contains the expected answer (``after`` or before the change, as the
    index holds it). Questions without a fact are skipped.
    """
    documents = passages = 0
    for q in questions:
        if q.fact is None:
            continue
        expected = str(q.after if after else q.before)
        found = kb.search(q.text, groups=q.groups, k=k)
        documents += any(p.doc_id == q.doc_id for p, _ in found)
        passages += any(p.doc_id == q.doc_id and expected in p.text for p, _ in found)
    return documents, passages


def confidence(model: Model, text: str) -> float:
    """The probability of the tuned model's top answer for ``text``."""
    return max(predict_proba(model, text).values())


def median_seconds(action: Callable[[], object], repeats: int = 5) -> float:
    """The median wall-clock time of ``repeats`` runs of ``action``, in seconds."""
    if isinstance(repeats, bool) or not isinstance(repeats, int) or repeats < 1:
        raise ValueError(f"repeats must be a whole number >= 1, got {repeats!r}")
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)
