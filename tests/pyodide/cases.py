"""The inputs both interpreters run, for tests/pyodide: CPython computes the expected
results on the host, Pyodide recomputes them in Node, and the two must agree.

Standard library and ``snippets`` only: this file is imported inside Pyodide too.
"""

from __future__ import annotations

from typing import Any

from snippets.bm25 import Bm25Index
from snippets.rag import demo_documents, demo_questions, playground_ask
from snippets.tfidf import TfidfIndex, tokenize


def corpus() -> list[str]:
    """Every paragraph of the demo knowledge base, in document order."""
    texts = []
    for doc in demo_documents()["documents"]:
        texts += [p.strip() for p in doc["text"].split("\n\n") if p.strip()]
    return texts


def run_cases() -> dict[str, Any]:
    """Results of tfidf, bm25 and the playground on fixed inputs, as JSON-able data."""
    texts = corpus()
    questions = [q["question"] for q in demo_questions()]
    tfidf, bm25 = TfidfIndex(texts), Bm25Index(texts)
    demo = demo_documents()
    playground = []
    for question in questions:
        for group in demo["groups"]:
            for ranking in ("tfidf", "bm25"):
                result = playground_ask(question, group, demo["documents"], ranking)
                result.pop("timing")
                playground.append(result)
    return {
        "tokens": [tokenize(q) for q in questions],
        "tfidf": [tfidf.search(q, k=5) for q in questions],
        "bm25": [bm25.search(q, k=5) for q in questions],
        "playground": playground,
    }
