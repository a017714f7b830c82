"""Run by pytest *inside Pyodide* (tests/pyodide/run_pytest.mjs), not on the host.

The file name does not start with ``test_`` so the host's pytest does not collect it.
"""

from __future__ import annotations

import json
import math
import os
import sys
from pathlib import Path
from typing import Any

import pytest

from snippets.demos.rag import answer
from snippets.demos.tallybird import demo_documents
from snippets.rag import NO_ANSWER, Document, KnowledgeBase
from snippets.tfidf import TfidfIndex
from tests.pyodide.cases import CASES, run_cases
from tests.snippets.examples import Example, examples, run

EXPECTED = Path(os.environ.get("EXPECTED_JSON", "/deps/expected.json"))


def close(a: Any, b: Any) -> bool:
    """Equal, except floats may differ in the last bits (libm differs between builds)."""
    if isinstance(a, float) or isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(close(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(close(a[k], b[k]) for k in a)
    return bool(a == b)


@pytest.fixture(scope="module")
def results() -> tuple[dict[str, Any], dict[str, Any]]:
    here = json.loads(json.dumps(run_cases()))  # tuples become lists, as on the host
    return here, json.loads(EXPECTED.read_text(encoding="utf-8"))


def test_this_is_pyodide() -> None:
    assert sys.platform == "emscripten"
    assert sys.version_info >= (3, 14)


@pytest.mark.parametrize("part", sorted(set(CASES) - {"rag_sqlite"}))
def test_same_results_as_cpython(part: str, results: tuple[dict[str, Any], dict[str, Any]]) -> None:
    here, expected = results
    assert len(here[part]) == len(expected[part]) > 0
    for mine, theirs in zip(here[part], expected[part], strict=True):
        assert close(mine, theirs), (mine, theirs)


def test_sqlite_with_fts5_gives_the_same_answers(
    results: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    """Pyodide's standard library has sqlite3 with FTS5, so snippets.rag_sqlite runs
    in the browser and answers as on CPython."""
    from snippets.rag_sqlite import fts5_available

    assert fts5_available()
    here, expected = results
    if not expected["rag_sqlite"]:
        pytest.skip("the host's SQLite has no FTS5: nothing to compare with")
    assert len(here["rag_sqlite"]) == len(expected["rag_sqlite"]) > 0
    for mine, theirs in zip(here["rag_sqlite"], expected["rag_sqlite"], strict=True):
        assert close(mine, theirs), (mine, theirs)


def test_playground_reads_its_data_files_from_the_package() -> None:
    demo = demo_documents()
    assert {d["id"] for d in demo["documents"]} >= {"pricing", "hr-handbook"}
    assert demo["groups"][0] == "public"


def test_nothing_of_a_forbidden_document_reaches_any_answer() -> None:
    demo = demo_documents()
    for group in demo["groups"]:
        forbidden = [
            d for d in demo["documents"] if d["allowed_groups"] and group not in d["allowed_groups"]
        ]
        for doc in forbidden:
            first_line = next(line for line in doc["text"].splitlines() if len(line) > 40)
            result = answer(first_line, group, demo["documents"])
            shown = json.dumps({k: v for k, v in result.items() if k != "question"})
            assert doc["id"] not in [c["doc_id"] for c in result["citations"]]
            assert first_line not in shown
            assert result["filtered_out"] == len(forbidden)


def test_an_update_is_visible_to_the_next_question() -> None:
    kb = KnowledgeBase([Document("p", "Prices", "The Team plan costs 14 euros per seat.")])
    assert "14 euros" in kb.ask("How much does the Team plan cost?").text
    kb.update(Document("p", "Prices", "The Team plan costs 16 euros per seat."))
    assert "16 euros" in kb.ask("How much does the Team plan cost?").text
    assert kb.ask("What is the CEO's favourite colour?").text == NO_ANSWER


def test_bad_input_is_a_clear_value_error() -> None:
    with pytest.raises(ValueError, match="Type a question first"):
        answer("  ", "public", [])
    with pytest.raises(ValueError, match="k must be"):
        TfidfIndex(["a text"]).search("text", k=0)


@pytest.mark.parametrize("example", examples(), ids=lambda e: e.id)
def test_docstring_example_runs_in_pyodide(example: Example) -> None:
    run(example)
