"""The retrieval check on CPython's documentation topics (``docs/demos/check-your-documents.md``).

`pydoc_inputs` turns ``pydoc_data.topics`` into documents and questions,
`pydoc_report` checks them, and `pydoc_table` is the Markdown table that "Check
your own documents" prints at build time for both rankings. Uses the lessons
``snippets/intake.py`` and ``snippets/retrieval_check.py``.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from typing import Any

from snippets.demos.check_meaning import SIGNAL_NAMES, number_text, suggested_signal
from snippets.demos.check_render import RANKINGS
from snippets.intake import prepare
from snippets.retrieval_check import Question, RetrievalCheck

_HEADING = re.compile(r"^#{1,6} (.+)$")
_TEMPLATES = ("What is {}?", "How does {} work?", "Tell me about {}.", "{}: what should I know?")


def pydoc_inputs(
    held_out: float = 0.2, seed: int = 0
) -> tuple[list[tuple[str, str]], list[Question]]:
    """CPython's ``pydoc_data.topics`` as documents, with questions from their headings.

    Each heading becomes a question (one of four phrasings, seeded), whose expected
    text is the first six words of the paragraph under it. A seeded fifth of the
    topics is left out of the documents, so their questions have no document,
    unless another topic repeats the same words.
    """
    from pydoc_data.topics import topics

    names = sorted(topics)
    rng = random.Random(seed)
    left_out = set(rng.sample(names, round(len(names) * held_out)))
    documents = [(f"{name}.txt", topics[name]) for name in names if name not in left_out]
    questions = []
    for name in names:
        lines = prepare(topics[name]).split("\n")
        for number, line in enumerate(lines):
            heading = _HEADING.match(line)
            body = _first_paragraph(lines[number + 1 :]) if heading else ""
            if heading and body:
                words = " ".join(body.split()[:6])
                asked = rng.choice(_TEMPLATES).format(heading.group(1))
                questions.append(
                    Question(asked, words, f"{name}.txt", id=f"{name}: {heading.group(1)}")
                )
    return documents, questions


def _first_paragraph(lines: Sequence[str]) -> str:
    """The first unindented paragraph before the next heading ("" if none)."""
    body: list[str] = []
    for line in lines:
        if _HEADING.match(line) or (body and (not line.strip() or line.startswith(" "))):
            break
        if line.strip() and not line.startswith(" "):
            body.append(line.strip())
    return " ".join(body)


def pydoc_report(ranking: str = "bm25", k: int = 5) -> dict[str, Any]:
    """The check on CPython's documentation topics (see `pydoc_inputs`)."""
    documents, questions = pydoc_inputs()
    run = RetrievalCheck(k=k, ranking=ranking)  # type: ignore[arg-type]
    for name, text in documents:
        run.add(name, prepare(text))
    for question in questions:
        run.ask(question)
    return run.report()


def _cell(rate: dict[str, Any]) -> str:
    if rate["value"] is None:
        return "n/a"
    return f"{rate['value']:.2f} ({rate['low']:.2f} to {rate['high']:.2f})"


def pydoc_table() -> str:
    """The check on CPython's documentation topics with both rankings, as Markdown."""
    documents, questions = pydoc_inputs()
    indexed = {name for name, _ in documents}
    topics = {q.document for q in questions}
    reports = {ranking: pydoc_report(ranking) for ranking in RANKINGS}
    cells: dict[str, list[str]] = {}
    for report in reports.values():
        signal = suggested_signal(report) or "coverage"
        t = report["thresholds"][signal]
        for label, value in (
            ("passage recall@5", _cell(report["recall"])),
            ("document recall@5", _cell(report["document_recall"])),
            ("MRR@5", _cell(report["mrr"])),
            (
                "questions no passage answers",
                str(report["counts"]["gap"] + report["counts"]["split"]),
            ),
            (
                "decline threshold, chosen on half the questions",
                f"{SIGNAL_NAMES[signal]} {t['value']:.3g}",
            ),
            (
                "on that half: answers, declines",
                f"{number_text(t['dev_kept']['value'])}, {number_text(t['dev_declined']['value'])}",
            ),
            ("on the other half, it answers", _cell(t["kept"])),
            ("and declines", _cell(t["declined"])),
        ):
            cells.setdefault(label, []).append(value)
    left_out = [r for r in reports["bm25"]["results"] if r["document"] not in indexed]
    elsewhere = sum(bool(r["passages_with_answer"]) for r in left_out)
    return "\n".join(
        [
            f"{len(indexed)} of {len(topics)} topics indexed, {len(questions)} questions from "
            f"their headings, k = 5, intervals 95%. Of the {len(left_out)} questions about the "
            f"{len(topics) - len(indexed)} topics left out, {elsewhere} still find their "
            "expected text in another topic.",
            "",
            f"| measure | {' | '.join(RANKINGS.values())} |",
            "| --- | --- | --- |",
            *(f"| {label} | {' | '.join(values)} |" for label, values in cells.items()),
        ]
    )
