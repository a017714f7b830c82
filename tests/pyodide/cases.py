"""The inputs both interpreters run, for tests/pyodide: CPython computes the expected
results on the host, Pyodide recomputes them in Node, and the two must agree.

Standard library and ``snippets`` only: this file is imported inside Pyodide too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from snippets import decide, retrieval_check
from snippets.bm25 import Bm25Index
from snippets.demos import check as check_demo
from snippets.demos import costs, finetune, retrieval
from snippets.demos import decide as decide_demo
from snippets.demos.rag import answer, ask
from snippets.demos.tallybird import demo_documents, demo_questions, load_demo_kb
from snippets.rag_sqlite import SqliteKnowledgeBase, fts5_available
from snippets.tfidf import TfidfIndex, tokenize

# Keys whose values are wall-clock measurements: they differ on every run.
MEASURED = re.compile(r"\d ms\b")  # "0.242 ms (re-index 1 document)"
TIMED = re.compile(r"<span data-timing>[^<]*</span>")  # the experiment pages' timings
TIMING_KEYS = {"timing", "timings_ms", "seconds", "ms_per_item", "setup_ms"}


def corpus() -> list[str]:
    """Every paragraph of the demo knowledge base, in document order."""
    texts = []
    for doc in demo_documents()["documents"]:
        texts += [p.strip() for p in doc["text"].split("\n\n") if p.strip()]
    return texts


def retrieval_checks() -> list[Any]:
    """The retrieval check on a generated corpus (both rankings) and the page's demo run."""
    from tests.snippets.make_corpus import corpus, questions_csv

    files, rows = corpus(documents=25, megabytes=0.08, questions=40, seed=11)
    items = sorted((name, text.encode()) for name, text in files.items())
    questions = ("questions.csv", questions_csv(rows).encode())
    results: list[Any] = [
        check_demo.run_files(items, questions, k=k, ranking=ranking)
        for k, ranking in ((5, "bm25"), (3, "tfidf"))
    ]
    results.append(check_demo.demo_result(source="demo"))
    documents = [(name, text) for name, text in sorted(files.items())]
    asked = [
        retrieval_check.Question(
            r["question"], r["expected"], r["document"], r["unanswerable"] == "yes"
        )
        for r in rows
    ]
    results.append(retrieval_check.check(documents, asked, k=2))
    return results


# Each ``case_<name>`` function is one part of the comparison: CPython runs it here,
# Pyodide runs it in Node, and tests/pyodide/inside/check_snippets.py compares the
# two, part by part. A new part is one more function: nothing else lists them.


def case_decide() -> list[Any]:
    """The decision table: every path's verdict, the quiz, the flowchart and its export."""
    return [
        [list(route.answers), route.outcome, decide.diagnose(dict(route.answers)).outcome.id]
        for route in decide.paths()
    ] + [[decide_demo.quiz_html(), decide_demo.flowchart_html(), decide_demo.to_mermaid()]]


def case_costs() -> list[Any]:
    """The cost model at the illustrative defaults and at 2 million queries a month."""
    return [costs.calculate(), costs.recalculate(queries_per_month="2,000,000")]


def case_evaluate() -> list[Any]:
    """The retrieval ablation on the demo questions, every setting and split."""
    return [
        [row["change"], row["setting"].describe()]
        + [[row[k].hits, row[k].n] for k in ("dev", "documents", "own")]
        for row in retrieval.report()["rows"]
    ]


def case_compare() -> list[Any]:
    """A short rerun of the fine-tuning experiments, as the page's HTML."""
    return [TIMED.sub("", finetune.rerun(3, 60, 30, 40, ["team-annual"])["html"])]


def case_tokens() -> list[Any]:
    return [tokenize(q) for q in _questions()]


def case_tfidf() -> list[Any]:
    index = TfidfIndex(corpus())
    return [index.search(q, k=5) for q in _questions()]


def case_bm25() -> list[Any]:
    index = Bm25Index(corpus())
    return [index.search(q, k=5) for q in _questions()]


def case_playground() -> list[Any]:
    """The playground's answer and HTML for every question, group and ranking."""
    demo = demo_documents()
    results = []
    for question in _questions():
        for group in demo["groups"]:
            for ranking in ("tfidf", "bm25"):
                result = answer(question, group, demo["documents"], ranking)
                result.pop("timing")
                html = TIMED.sub("", ask(question, group, demo["documents"], ranking)["html"])
                results.append([result, html])
    return results


def case_rag_sqlite() -> list[Any]:
    """The SQLite FTS5 knowledge base's answers (docs/production.md says it runs
    in the browser): text and citations for every demo question and group set."""
    return sqlite_answers(_questions()) if fts5_available() else []


def case_retrieval_check() -> list[Any]:
    return retrieval_checks()


CASES: dict[str, Callable[[], list[Any]]] = {
    name.removeprefix("case_"): value
    for name, value in sorted(globals().items())
    if name.startswith("case_") and callable(value)
}


def _questions() -> list[str]:
    return [q["question"] for q in demo_questions()]


def run_cases() -> dict[str, Any]:
    """Every case's results, as JSON-able data."""
    return {name: case() for name, case in CASES.items()}


def sqlite_answers(questions: list[str]) -> list[Any]:
    """Text and citations of the SQLite knowledge base for each question and group set."""
    answers: list[Any] = []
    with SqliteKnowledgeBase(load_demo_kb().documents) as kb:
        for question in questions:
            for groups in ((), ("hr",), ("engineering",)):
                answer = kb.ask(question, groups=groups)
                cited = [[c.doc_id, c.section, round(c.score, 9)] for c in answer.citations]
                answers.append([question, list(groups), answer.text, cited, answer.filtered_out])
    return answers


def without_timings(data: Any) -> Any:
    """``data`` with every wall-clock measurement left out (those differ run to run)."""
    if isinstance(data, dict):
        return {
            k: without_timings(v)
            for k, v in data.items()
            if k not in TIMING_KEYS and not (isinstance(v, str) and MEASURED.search(v))
        }
    if isinstance(data, list):
        return [without_timings(item) for item in data]
    return data
