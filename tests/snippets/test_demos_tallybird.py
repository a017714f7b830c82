"""snippets/demos/tallybird.py: the demo company's documents, pricing versions and questions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from snippets.demos.tallybird import (
    demo_documents,
    demo_questions,
    load_demo_kb,
    load_document,
    pricing_versions,
)

GROUP_SETS = [frozenset(), frozenset({"hr"}), frozenset({"engineering"})]


def expected_text(question: dict[str, Any], version: str) -> str | None:
    expected = question["expected"]
    return expected[version] if isinstance(expected, dict) else expected


@pytest.mark.parametrize("ranking", ["tfidf", "bm25"])
@pytest.mark.parametrize("version", pricing_versions())
def test_every_demo_question_is_answered_right(ranking: str, version: str) -> None:
    """Answerable questions give the expected text to those allowed, nobody else gets it,
    and questions the documents cannot answer are not answered."""
    kb = load_demo_kb(version, ranking=ranking)  # type: ignore[arg-type]
    questions = demo_questions()
    assert len(questions) >= 20
    for question in questions:
        expected = expected_text(question, version)
        for groups in GROUP_SETS:
            answer = kb.ask(question["question"], groups=groups)
            allowed = not question["groups"] or bool(set(question["groups"]) & groups)
            if question["doc_id"] is None:
                assert not answer.grounded, (question["id"], answer.text)
            elif allowed:
                assert answer.grounded, (question["id"], groups)
                assert expected in answer.text, (question["id"], answer.text)
                assert answer.citations[0].doc_id == question["doc_id"]
            else:
                assert not answer.grounded, (question["id"], groups, answer.text)


def test_demo_corpus_is_as_described() -> None:
    kb = load_demo_kb()
    ids = [d.id for d in kb.documents]
    assert ids[0] == "pricing" and len(ids) == len(set(ids)) == 8
    groups = {d.id: d.allowed_groups for d in kb.documents}
    assert groups["hr-handbook"] == {"hr"} and groups["runbook-webhooks"] == {"engineering"}
    assert sum(1 for g in groups.values() if not g) == 6
    assert pricing_versions() == ["2026-01", "2026-05", "2026-10"]
    pricing = kb.documents[0]
    assert pricing.source == "pricing/2026-10.md" and "---" not in pricing.text
    with pytest.raises(ValueError, match="no pricing version '1999'"):
        load_demo_kb("1999")


def test_load_document_outside_the_data_folder(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    path.write_text("---\nid: x\ntitle: X\ngroups: a, b\n---\n# X\n\nBody.\n", encoding="utf-8")
    doc = load_document(path)
    assert (doc.id, doc.title, doc.allowed_groups) == ("x", "X", frozenset({"a", "b"}))
    assert doc.source == path.as_posix() and doc.text == "# X\n\nBody."


def test_demo_documents_are_json_and_match_the_knowledge_base() -> None:
    demo = demo_documents()
    assert json.loads(json.dumps(demo)) == demo
    assert demo["groups"] == ["public", "engineering", "hr"]
    assert [d["id"] for d in demo["documents"]] == [d.id for d in load_demo_kb().documents]
    assert all(
        set(d) == {"id", "title", "text", "source", "allowed_groups"} for d in demo["documents"]
    )
