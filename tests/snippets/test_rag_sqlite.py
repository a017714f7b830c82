"""snippets/rag_sqlite.py: the same ask interface over SQLite FTS5."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from snippets.demos.tallybird import demo_questions, load_demo_kb, pricing_versions
from snippets.rag import NO_ANSWER, Document
from snippets.rag_sqlite import SqliteKnowledgeBase, fts5_available, fts_query

pytestmark = pytest.mark.skipif(not fts5_available(), reason="this SQLite has no FTS5")

GROUP_SETS = [frozenset(), frozenset({"hr"}), frozenset({"engineering"})]


def demo(version: str = "2026-10") -> SqliteKnowledgeBase:
    return SqliteKnowledgeBase(load_demo_kb(version).documents)


@pytest.mark.parametrize("version", pricing_versions())
def test_every_demo_question_is_answered_right(version: str) -> None:
    with demo(version) as kb:
        for question in demo_questions():
            expected = question["expected"]
            if isinstance(expected, dict):
                expected = expected[version]
            for groups in GROUP_SETS:
                answer = kb.ask(question["question"], groups=groups)
                allowed = not question["groups"] or bool(set(question["groups"]) & groups)
                if question["doc_id"] is not None and allowed:
                    assert answer.grounded and expected in answer.text, (question["id"], groups)
                    assert answer.citations[0].doc_id == question["doc_id"]
                else:
                    assert not answer.grounded, (question["id"], groups, answer.text)
                    assert answer.text == NO_ANSWER and answer.citations == []


def test_scores_are_fts5_bm25_best_first() -> None:
    with demo() as kb:
        answer = kb.ask("What does the Team plan cost per seat?", k=5)
        scores = [c.score for c in answer.citations]
        assert scores == sorted(scores, reverse=True) and all(s > 0 for s in scores)
        assert answer.filtered_out == 2


def test_update_and_remove_take_effect_at_once() -> None:
    with demo("2026-01") as kb:
        question = "How long is the free trial of the Business plan?"
        assert "14 days" in kb.ask(question).text
        new = load_demo_kb("2026-10").documents[0]
        kb.update(new)
        assert "30 days" in kb.ask(question).text
        assert kb.documents[0].id == "pricing"  # keeps its place
        kb.remove("pricing")
        assert not kb.ask(question).grounded
        kb.add(new)
        assert "30 days" in kb.ask(question).text
        assert kb.documents[-1] == new


def test_groups_and_visibility_changes() -> None:
    with demo() as kb:
        question = "How many weeks of parental leave do employees get?"
        assert not kb.ask(question).grounded
        assert "20 weeks" in kb.ask(question, groups={"hr"}).text
        handbook = next(d for d in kb.documents if d.id == "hr-handbook")
        kb.update(Document(handbook.id, handbook.title, handbook.text, handbook.source))
        assert "20 weeks" in kb.ask(question).text  # now public, in the existing view too


def test_documents_round_trip_with_groups() -> None:
    original = load_demo_kb().documents
    with SqliteKnowledgeBase(original) as kb:
        assert kb.documents == original


def test_a_database_file_keeps_the_documents(tmp_path: Path) -> None:
    path = str(tmp_path / "kb.sqlite")
    with SqliteKnowledgeBase(load_demo_kb().documents, path=path) as kb:
        assert kb.ask("Where is customer data stored?").grounded
    with closing(sqlite3.connect(path)) as db:  # sqlite3's own `with` commits, never closes
        assert db.execute("SELECT count(*) FROM documents").fetchone()[0] == 8


@pytest.mark.parametrize(
    "question",
    [
        '"',
        '"unbalanced',
        "AND",
        "team AND",
        "OR OR NOT",
        "*",
        "team*",
        "NEAR(team plan)",
        "^team",
        "section:team",
        "'; DROP TABLE documents; --",
        "(((",
        "",
        "\x00",
    ],
)
def test_reader_text_cannot_break_the_query(question: str) -> None:
    with demo() as kb:
        answer = kb.ask(question)
        assert answer.question == question
        assert len(kb.documents) == 8


@settings(max_examples=150, deadline=None)
@given(question=st.text(max_size=60))
def test_any_text_is_a_valid_question(question: str) -> None:
    with SqliteKnowledgeBase([Document("a", "A", "## Team\n\nTeam costs 14 euros.")]) as kb:
        answer = kb.ask(question)
        assert answer.grounded == bool(answer.citations)


def test_fts_query_quotes_every_word() -> None:
    assert fts_query('team AND "plan" NEAR(x*') == '"team" OR "and" OR "plan" OR "near"'
    assert fts_query("team team") == '"team"'
    assert fts_query("?! *") == ""


def test_errors_are_clear() -> None:
    with demo() as kb:
        with pytest.raises(ValueError, match="exists: use update"):
            kb.add(kb.documents[0])
        with pytest.raises(KeyError, match="use add"):
            kb.update(Document("nope", "N", "x"))
        with pytest.raises(KeyError, match="no document with id 'nope'"):
            kb.remove("nope")
        with pytest.raises(ValueError, match="expected a Document"):
            kb.add("x")  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="expected a Document"):
            kb.update("x")  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="question must be a string"):
            kb.ask(None)  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="not a single string"):
            kb.ask("x", groups="hr")
        with pytest.raises(ValueError, match="k must be"):
            kb.ask("x", k=0)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"min_coverage": -1}, "min_coverage"),
        ({"max_views": 0}, "max_views"),
        ({"max_passage_chars": 3}, "max_chars"),
    ],
)
def test_bad_settings(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        SqliteKnowledgeBase(**kwargs)


def test_views_are_capped_and_dropped() -> None:
    with SqliteKnowledgeBase(load_demo_kb().documents, max_views=2) as kb:
        for groups in [set(), {"hr"}, {"a"}, {"b"}]:
            kb.ask("parental leave", groups=groups)
        tables = kb._db.execute(
            "SELECT count(*) FROM sqlite_master WHERE name LIKE 'view_%' AND sql LIKE '%fts5%'"
        )
        assert tables.fetchone()[0] == 2
        assert "20 weeks" in kb.ask("weeks of parental leave", groups={"hr"}).text


def test_missing_fts5_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import snippets.rag_sqlite

    monkeypatch.setattr(snippets.rag_sqlite, "fts5_available", lambda: False)
    with pytest.raises(RuntimeError, match="no FTS5"):
        SqliteKnowledgeBase()


def test_fts5_probe_reports_a_missing_module(monkeypatch: pytest.MonkeyPatch) -> None:
    class NoFts5:
        def execute(self, sql: str) -> None:
            raise sqlite3.OperationalError("no such module: fts5")

        def close(self) -> None:
            pass

    monkeypatch.setattr(sqlite3, "connect", lambda path: NoFts5())
    assert fts5_available() is False
