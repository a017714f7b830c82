"""Demo glue for "Measure before you choose" (``docs/guide/measure.md``).

Runs the metrics of ``snippets/evaluate.py`` on the demo evaluation set
(``snippets/data/fact_questions.json``, dev and test) under five conditions,
each built to fail one metric the way real systems do, and reads each result
with ``snippets/gaps.py``. The relevance threshold of the RAG demo is chosen on
the dev questions; everything is reported on the test questions.
Renders each result as escaped HTML for the page's build-time blocks.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Sequence
from typing import Any

from snippets.compare import Question, retrieval_hits
from snippets.demos import evalsets, finetune_run
from snippets.demos.report import Html, esc, paragraph, table
from snippets.evaluate import format_problems, groundedness, rate
from snippets.finetune import Model, predict_confident
from snippets.gaps import Diagnosis, diagnose_gap
from snippets.rag import KnowledgeBase
from snippets.triage import SHAPE, rules_output

K = 3
Row = dict[str, Any]


def knowledge_row(
    kb: KnowledgeBase,
    questions: Sequence[Question],
    *,
    indexed: str,
    true: str,
    memory: tuple[Model, float] | None = None,
) -> Row:
    """Recall (document and passage), groundedness, accuracy and declines on ``questions``.

    Args:
        kb: The knowledge base asked.
        questions: Answerable and unanswerable questions.
        indexed: ``"before"`` or ``"after"``: which answers the indexed documents hold
            (the passage that holds the answer is found by that text).
        true: ``"before"`` or ``"after"``: which answers are true now.
        memory: A model and threshold that write the answer from their weights
            instead of from the passages (the passages are still retrieved and cited).
    """
    grounded = answered = right = 0
    answerable = [q for q in questions if q.fact is not None]
    doc_hits, passage_hits = retrieval_hits(kb, answerable, after=indexed == "after", k=K)
    wrong: list[str] = []
    for q in answerable:
        found = kb.ask(q.text, groups=q.groups, k=K)
        cited = [c.passage for c in found.citations]
        text = found.text if found.grounded else None
        if memory is not None and found.grounded:
            text = predict_confident(memory[0], q.text, memory[1])
            text = None if text is None else f"{text}."
        if text is None:
            continue
        answered += 1
        grounded += groundedness(text, cited) == 1.0
        expected = str(getattr(q, true))
        if expected in text:
            right += 1
        else:
            wrong.append(str(q.fact))
    unanswerable = [q for q in questions if q.fact is None]
    declined = sum(not kb.ask(q.text, k=K).grounded for q in unanswerable)
    n = len(answerable)
    result: Row = {
        "recall_document": rate(doc_hits, n),
        "recall_passage": rate(passage_hits, n),
        "grounded": rate(grounded, answered),
        "right": rate(right, n),
        "declined": rate(declined, len(unanswerable)),
        "wrong": sorted(set(wrong)),
    }
    result["diagnosis"] = diagnose_gap(
        recall=result["recall_passage"].value,
        groundedness=result["grounded"].value,
        accuracy=result["right"].value,
    )
    return result


@functools.cache
def report() -> Row:
    """Every condition of the page, with the threshold chosen on dev.

    The fitted systems come from the experiments of "Fine-tuning vs RAG,
    measured" (`snippets.demos.finetune_run.default_run`): the same knowledge base,
    tuned model and ticket labellers, so the two pages cannot disagree.
    """
    experiments = finetune_run.default_run()
    facts, tickets = experiments["facts"], experiments["tickets"]
    changed = facts["changed"]
    model, threshold, current = facts["models"]
    test = evalsets.questions("test", changed)
    documents_words = [q for q in test if q.wording in ("documents", "none")]
    own_words = [q for q in test if q.wording in ("own", "none")]
    stale = KnowledgeBase(evalsets.documents_before(), min_coverage=current.min_coverage)
    conditions = {
        "current": knowledge_row(current, documents_words, indexed="after", true="after"),
        "own": knowledge_row(current, own_words, indexed="after", true="after"),
        "stale": knowledge_row(stale, documents_words, indexed="before", true="after"),
        "memory": knowledge_row(
            current, documents_words, indexed="after", true="after", memory=(model, threshold)
        ),
    }
    labellers = tickets["models"]
    systems = (
        ("prompted, no structured output", rules_output),
        ("prompted, schema-constrained", labellers["zero"]),
        ("few-shot examples", labellers["few"]),
        ("fine-tuned", labellers["tuned"]),
    )
    return {
        "threshold": facts["chosen"]["rag_threshold"],
        "dev_score": facts["chosen"]["rag_dev"],
        "conditions": conditions,
        "behaviour": [
            behaviour_row(name, labeller, evalsets.tickets()["test"]) for name, labeller in systems
        ],
        "sizes": {"dev": len(evalsets.questions("dev")), "test": len(test)},
    }


def behaviour_row(name: str, labeller: Callable[[str], str], tickets: Sequence[Row]) -> Row:
    """Format compliance, accuracy (both labels) and the kinds of format problem of one labeller."""
    problems: dict[str, int] = {}
    compliant = right = 0
    for ticket in tickets:
        output = labeller(ticket["text"])
        found = format_problems(output, SHAPE)
        for problem in found:
            kind = problem.split(":")[0]
            problems[kind] = problems.get(kind, 0) + 1
        if not found:
            compliant += 1
            labels = {"category": ticket["category"], "priority": ticket["priority"]}
            right += json.loads(output) == labels
    format_rate, accuracy = rate(compliant, len(tickets)), rate(right, len(tickets))
    return {
        "system": name,
        "format": format_rate,
        "accuracy": accuracy,
        "problems": problems,
        "diagnosis": diagnose_gap(accuracy=accuracy.value, format_compliance=format_rate.value),
    }


# ---------------------------------------------------------------- rendering

METRICS = (
    ("recall_document", "right document in the top 3 passages"),
    ("recall_passage", "right passage in the top 3"),
    ("grounded", "answers fully grounded in their passages"),
    ("right", "answers right"),
    ("declined", "unanswerable questions declined"),
)
NAMES = {
    "current": "current documents, questions in the documents' words",
    "own": "current documents, questions in the asker's own words",
    "stale": "January's pricing page still indexed, October's prices true",
    "memory": "answers written from a tuned model's memory, citing the passages found",
}


def _diagnosis(d: Diagnosis) -> Html:
    return Html(f"<strong>{esc(d.gap)}</strong> ({esc(d.kind)})")


def render_condition(name: str) -> Html:
    """One condition's metrics and its diagnosis (the page says what to do), as HTML."""
    result = report()
    row = result["conditions"][name]
    answerable, unanswerable = row["right"].n, row["declined"].n
    parts = [
        table(
            f"{NAMES[name]}: {answerable} answerable and {unanswerable} unanswerable test "
            "questions; 95% intervals below",
            ["metric", "value"],
            [[label, row[key]] for key, label in METRICS],
            numeric=(1,),
        ),
        Html(f"<p><strong>Diagnosis:</strong> {_diagnosis(row['diagnosis'])}.</p>"),
    ]
    if row["wrong"] and name in ("stale", "memory"):
        parts.append(paragraph("Wrong answers: " + ", ".join(row["wrong"]) + "."))
    return Html("".join(parts))


def render_threshold() -> Html:
    """The relevance threshold chosen on dev, with the dev and test sizes."""
    result = report()
    return paragraph(
        f"The relevance threshold {result['threshold']:g} was chosen on the "
        f"{result['sizes']['dev']} dev questions (score {result['dev_score']:+.2f}: right "
        f"minus wrong answers, per question); every table reports the "
        f"{result['sizes']['test']} test questions, which no choice looked at."
    )


def render_behaviour() -> Html:
    """The behaviour task's table and the format problems of the unconstrained prompt."""
    rows = report()["behaviour"]
    parts = [
        table(
            "Test tickets: format compliance and accuracy (both labels right); 95% interval "
            "below each",
            ["system", "format compliance", "held-out accuracy"],
            [[r["system"], r["format"], r["accuracy"]] for r in rows],
            numeric=(1, 2),
        )
    ]
    diagnoses = "; ".join(f"{esc(r['system'])}: {_diagnosis(r['diagnosis'])}" for r in rows)
    parts.append(Html(f"<p><strong>Diagnosis:</strong> {diagnoses}.</p>"))
    loose = rows[0]["problems"]
    items = "".join(
        f"<li>{esc(kind)}: {count} outputs</li>" for kind, count in sorted(loose.items())
    )
    parts.append(
        Html(f"<p>Format problems of the prompt without structured output:</p><ul>{items}</ul>")
    )
    return Html("".join(parts))
