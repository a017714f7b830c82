"""snippets/rag.py: documents, chunking, changes, answers, the demo corpus and the playground."""

from __future__ import annotations

import ast
import json
import math
import re
import textwrap
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import snippets.bm25
import snippets.rag
import snippets.rag_sqlite
from snippets.rag import (
    NO_ANSWER,
    Answer,
    Document,
    KnowledgeBase,
    chunk,
    demo_documents,
    demo_questions,
    load_demo_kb,
    load_document,
    playground_ask,
    pricing_versions,
)

GROUP_SETS = [frozenset(), frozenset({"hr"}), frozenset({"engineering"})]


def expected_text(question: dict[str, Any], version: str) -> str | None:
    expected = question["expected"]
    return expected[version] if isinstance(expected, dict) else expected


# ---------------------------------------------------------------- documents


def test_document_visibility() -> None:
    public = Document("a", "A", "text")
    hr = Document("b", "B", "text", "b.md", frozenset({"hr"}))
    assert public.visible_to(frozenset()) and public.visible_to(frozenset({"hr"}))
    assert hr.visible_to(frozenset({"hr", "x"}))
    assert not hr.visible_to(frozenset()) and not hr.visible_to(frozenset({"engineering"}))


def test_document_accepts_any_iterable_of_groups_and_freezes_it() -> None:
    doc = Document("a", "A", "t", "", ["hr", "hr"])  # type: ignore[arg-type]
    assert doc.allowed_groups == frozenset({"hr"})
    with pytest.raises(AttributeError):
        doc.title = "B"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"id": ""}, "id must not be empty"),
        ({"id": 3}, "id must be a string"),
        ({"text": None}, "text must be a string"),
        ({"allowed_groups": "hr"}, "not a single string"),
        ({"allowed_groups": frozenset({""})}, "non-empty strings"),
        ({"allowed_groups": 5}, "not a single string"),
    ],
)
def test_bad_documents_are_clear_value_errors(kwargs: dict[str, Any], message: str) -> None:
    fields = {"id": "a", "title": "A", "text": "t", "source": "", **kwargs}
    with pytest.raises(ValueError, match=message):
        Document(**fields)


# ---------------------------------------------------------------- chunking


def test_chunk_splits_by_heading_and_keeps_position() -> None:
    text = "# Title\n\nIntro line.\n\n## One\n\nFirst para.\nSame para.\n\nSecond para.\n\n## Two\n"
    passages = chunk("d", text)
    assert [(p.doc_id, p.number, p.section) for p in passages] == [
        ("d", 0, "Title"),
        ("d", 1, "One"),
    ]
    assert passages[1].text == "First para. Same para.\n\nSecond para."


def test_chunk_caps_long_sections_by_paragraph_then_sentence_then_word() -> None:
    sentence = "Refunds take ten business days to arrive. "
    text = "## Long\n\n" + sentence * 30 + "\n\n" + "x" * 130 + "\n\nshort tail"
    passages = chunk("d", text, max_chars=100)
    assert all(len(p.text) <= 100 for p in passages)
    assert all(p.section == "Long" for p in passages)
    assert [p.number for p in passages] == list(range(len(passages)))
    assert "".join("".join(p.text for p in passages).split()) == "".join(
        (sentence * 30 + "x" * 130 + "short tail").split()
    )


def test_chunk_leaves_comments_in_code_blocks_alone() -> None:
    text = "## Replay\n\nRun this:\n```sh\n# replay the events\ntally-ops replay\n```\n"
    (passage,) = chunk("runbook", text)
    assert passage.section == "Replay"
    assert "# replay the events" in passage.text


@pytest.mark.parametrize("cap", [39, 0, 1.5, True])
def test_chunk_rejects_a_bad_cap(cap: object) -> None:
    with pytest.raises(ValueError, match="max_chars must be a whole number >= 40"):
        chunk("d", "text", max_chars=cap)  # type: ignore[arg-type]


markdown_text = st.lists(
    st.one_of(
        st.text(alphabet="abc xyz.!?\n", max_size=300),
        st.sampled_from(["\n# Head\n", "\n## Sub section\n", "\n\n", "Word. Other word! "]),
    ),
    max_size=20,
).map("".join)


@settings(max_examples=200, deadline=None)
@given(text=markdown_text, cap=st.integers(40, 200))
def test_chunk_properties(text: str, cap: int) -> None:
    """Every passage fits the cap, is not empty, and no character is lost or reordered."""
    passages = chunk("d", text, max_chars=cap)
    assert all(0 < len(p.text) <= cap for p in passages)
    assert [p.number for p in passages] == list(range(len(passages)))
    body = "".join(line for line in text.splitlines() if snippets.rag.heading(line) is None)
    assert "".join("".join(p.text for p in passages).split()) == "".join(body.split())


# The pattern rag.py used to read headings with: right, but cubic on many blanks.
BACKTRACKING_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$")


@settings(max_examples=500, deadline=None)
@given(line=st.text(alphabet="#  \t\u00a0\x0bab", max_size=24))
def test_heading_reads_lines_as_the_backtracking_pattern_did(line: str) -> None:
    """On short lines (where its cost is small) the old pattern is the oracle."""
    match = BACKTRACKING_HEADING.match(line)
    assert snippets.rag.heading(line) == (match.group(1) if match else None)


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("# Prices", "Prices"),
        ("###### Six", "Six"),
        ("####### Seven", None),
        ("#tag", None),
        ("#", None),
        ("## Closed ##  ", "Closed"),
        ("#\tTabbed", "Tabbed"),
        ("# ", ""),
        ("# a" + " \t" * 50_000 + "b", "a" + " \t" * 50_000 + "b"),
        ("# a" + " \t" * 50_000, "a"),
    ],
    ids=lambda x: repr(x)[:24],
)
def test_heading(line: str, title: str | None) -> None:
    assert snippets.rag.heading(line) == title


# ---------------------------------------------------------------- knowledge base


def small_kb(**kwargs: Any) -> KnowledgeBase:
    return KnowledgeBase(
        [
            Document("prices", "Prices", "## Team\n\nThe Team plan costs 14 euros a seat."),
            Document("refunds", "Refunds", "Annual plans are refunded within 30 days."),
            Document("hr", "HR", "Parental leave is 20 weeks.", "hr.md", frozenset({"hr"})),
        ],
        **kwargs,
    )


@pytest.mark.parametrize("ranking", ["tfidf", "bm25"])
def test_answer_is_grounded_and_cited(ranking: str) -> None:
    answer = small_kb(ranking=ranking).ask("How much does the Team plan cost?")
    assert answer.grounded
    assert answer.text == "The Team plan costs 14 euros a seat. [1]"
    (citation,) = answer.citations
    assert (citation.doc_id, citation.title, citation.section) == ("prices", "Prices", "Team")
    assert citation.score > 0
    assert answer.filtered_out == 1


@pytest.mark.parametrize("ranking", ["tfidf", "bm25"])
def test_no_grounded_answer_says_so(ranking: str) -> None:
    answer = small_kb(ranking=ranking).ask("Who founded the company?")
    assert answer == Answer("Who founded the company?", NO_ANSWER, [], False, 1)
    assert small_kb(ranking=ranking).ask("").grounded is False
    assert KnowledgeBase(ranking=ranking).ask("anything at all").text == NO_ANSWER  # type: ignore[arg-type]


def test_groups_change_what_is_seen() -> None:
    kb = small_kb()
    assert not kb.ask("How long is parental leave?").grounded
    hr = kb.ask("How long is parental leave?", groups={"hr"})
    assert hr.grounded and "20 weeks" in hr.text and hr.filtered_out == 0


def test_add_update_remove_take_effect_at_once() -> None:
    kb = small_kb()
    assert "14 euros" in kb.ask("Team plan cost?").text
    kb.update(Document("prices", "Prices", "## Team\n\nThe Team plan costs 16 euros a seat."))
    assert "16 euros" in kb.ask("Team plan cost?").text
    kb.add(Document("trial", "Trial", "The free trial lasts 30 days."))
    assert "30 days" in kb.ask("How long is the free trial?").text
    kb.remove("trial")
    assert not kb.ask("How long is the free trial?").grounded
    assert [d.id for d in kb.documents] == ["prices", "refunds", "hr"]  # update keeps the place
    kb.update(Document("hr", "HR", "Parental leave is 20 weeks.", "hr.md"))  # made public
    assert "20 weeks" in kb.ask("parental leave weeks").text


def test_change_errors_are_clear() -> None:
    kb = small_kb()
    with pytest.raises(ValueError, match="exists: use update"):
        kb.add(Document("prices", "P", "x"))
    with pytest.raises(KeyError, match="use add"):
        kb.update(Document("nope", "P", "x"))
    with pytest.raises(KeyError, match="no document with id 'nope'"):
        kb.remove("nope")
    with pytest.raises(KeyError):
        kb.passages("nope")
    with pytest.raises(ValueError, match="expected a Document"):
        kb.add({"id": "x"})  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="expected a Document"):
        kb.update("x")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"ranking": "vector"}, "ranking must be"),
        ({"k1": -1}, "need k1"),
        ({"b": 2}, "need k1"),
        ({"max_passage_chars": 10}, "max_chars"),
        ({"min_coverage": 1.5}, "min_coverage"),
        ({"max_views": 0}, "max_views"),
    ],
)
def test_bad_settings_are_clear_value_errors(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        KnowledgeBase(**kwargs)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"question": None}, "question must be a string"),
        ({"groups": "hr"}, "not a single string"),
        ({"k": 0}, "k must be a whole number"),
    ],
)
def test_bad_ask_arguments_are_clear_value_errors(kwargs: dict[str, Any], message: str) -> None:
    arguments = {"question": "team", **kwargs}
    question = arguments.pop("question")
    with pytest.raises(ValueError, match=message):
        small_kb().ask(question, **arguments)


def test_a_change_costs_work_for_that_document_only() -> None:
    """Updating one document re-indexes its passages, in each existing view, and nothing else."""
    documents = [Document(f"d{i}", f"T{i}", f"## S\n\nword{i} common text") for i in range(300)]
    kb = KnowledgeBase(documents)
    kb.warm()
    kb.warm({"hr"})
    calls: list[str] = []
    for view in kb._views.values():
        index = view.index
        original_add, original_remove = index.add, index.remove

        def add(text: str, _add: Any = original_add) -> int:
            calls.append("add")
            return int(_add(text))

        def remove(position: int, _remove: Any = original_remove) -> None:
            calls.append("remove")
            _remove(position)

        index.add = add  # type: ignore[method-assign]
        index.remove = remove  # type: ignore[method-assign]
    kb.update(Document("d7", "T7", "## S\n\nnew words\n\n## S2\n\nmore words"))
    assert sorted(calls) == ["add"] * 4 + ["remove"] * 2  # 2 new, 1 old passage, 2 views
    assert "new words" in kb.ask("new words").text


def test_views_are_capped_and_rebuilt() -> None:
    kb = small_kb(max_views=2)
    for groups in [set(), {"hr"}, {"a"}, {"b"}]:
        kb.ask("parental leave", groups=groups)
    assert len(kb._views) == 2
    assert "20 weeks" in kb.ask("parental leave", groups={"hr"}).text


operations = st.lists(
    st.tuples(
        st.sampled_from(["add", "update", "remove"]),
        st.integers(0, 5),
        st.sampled_from(["refund", "team plan price", "leave weeks", "security audit", "sso"]),
        st.sampled_from([frozenset(), frozenset({"hr"}), frozenset({"engineering"})]),
    ),
    max_size=12,
)


@settings(max_examples=80, deadline=None)
@given(ops=operations, ranking=st.sampled_from(["tfidf", "bm25"]))
def test_changes_match_a_knowledge_base_built_fresh(
    ops: list[tuple[str, int, str, frozenset[str]]], ranking: str
) -> None:
    """Whatever the order of changes and questions, answers equal a fresh build's."""
    kb = KnowledgeBase(ranking=ranking)  # type: ignore[arg-type]
    for action, number, words, groups in ops:
        doc = Document(
            f"d{number}", f"Title {number}", f"## {words}\n\n{words} is {number}.", "", groups
        )
        exists = doc.id in {d.id for d in kb.documents}
        if action == "remove" and exists:
            kb.remove(doc.id)
        elif action == "update" and exists:
            kb.update(doc)
        elif not exists:
            kb.add(doc)
        for caller in GROUP_SETS:
            kb.ask(words, groups=caller)  # keeps views alive through the changes
    fresh = KnowledgeBase(kb.documents, ranking=ranking)  # type: ignore[arg-type]
    for caller in GROUP_SETS:
        for question in ["refund", "team plan price", "leave weeks", "sso"]:
            assert_same_answer(kb.ask(question, groups=caller), fresh.ask(question, groups=caller))


def assert_same_answer(got: Answer, want: Answer) -> None:
    """Equal answers; scores equal to rounding, ties may list citations in another order."""
    assert (got.text, got.grounded, got.filtered_out) == (
        want.text,
        want.grounded,
        want.filtered_out,
    )
    key = lambda c: (c.doc_id, c.passage)  # noqa: E731
    assert sorted(map(key, got.citations)) == sorted(map(key, want.citations))
    scores = {key(c): c.score for c in want.citations}
    assert all(math.isclose(c.score, scores[key(c)], rel_tol=1e-9) for c in got.citations)


# ---------------------------------------------------------------- the demo corpus


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


# ---------------------------------------------------------------- the playground API


def test_demo_documents_are_json_and_match_the_knowledge_base() -> None:
    demo = demo_documents()
    assert json.loads(json.dumps(demo)) == demo
    assert demo["groups"] == ["public", "engineering", "hr"]
    assert [d["id"] for d in demo["documents"]] == [d.id for d in load_demo_kb().documents]
    assert all(
        set(d) == {"id", "title", "text", "source", "allowed_groups"} for d in demo["documents"]
    )


@pytest.mark.parametrize("ranking", ["tfidf", "bm25"])
def test_playground_gives_the_same_answers_as_the_knowledge_base(ranking: str) -> None:
    documents = demo_documents()["documents"]
    kb = load_demo_kb(ranking=ranking)  # type: ignore[arg-type]
    for question in demo_questions():
        for group, groups in [("public", frozenset()), ("hr", frozenset({"hr"}))]:
            result = playground_ask(question["question"], group, documents, ranking)
            assert json.loads(json.dumps(result)) == result
            answer = kb.ask(question["question"], groups=groups)
            assert result["answer"] == answer.text and result["grounded"] == answer.grounded
            assert result["filtered_out"] == answer.filtered_out
            assert result["visible_documents"] == len(documents) - answer.filtered_out
            assert [c["doc_id"] for c in result["citations"]] == [
                c.doc_id for c in answer.citations
            ]
            assert result["ranking"] == ranking
            assert set(result["timing"]) == {"index_ms", "ask_ms"}
            assert all(v >= 0 for v in result["timing"].values())


def test_playground_sees_edited_documents_and_keeps_reader_text_as_is() -> None:
    documents = demo_documents()["documents"]
    evil = "<img src=x onerror=alert(1)>"
    documents[0] = {**documents[0], "text": f"## Team\n\nThe Team plan costs 99 euros. {evil}"}
    result = playground_ask("What does the Team plan cost?", "public", documents)
    assert "99 euros" in result["answer"]
    assert evil in result["citations"][0]["passage"]  # escaping is the page's job, as text


VALID = [{"id": "a", "title": "A", "text": "Team costs 14 euros."}]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"question": "  "}, "Type a question first"),
        ({"question": None}, "Type a question first"),
        ({"question": "x" * 501}, "under 500 characters"),
        ({"group": ""}, "Choose a group"),
        ({"group": 3}, "Choose a group"),
        ({"ranking": "vector"}, "ranking must be"),
        ({"documents": "nope"}, "documents must be a list"),
        ({"documents": VALID * 51}, "at most 50 documents"),
        ({"documents": ["text"]}, "document 1 must be an object"),
        ({"documents": [{"id": "a"}]}, "document 1 is missing title, text"),
        ({"documents": [{"id": "a", "title": "A", "text": 5}]}, "document 1: text must be text"),
        ({"documents": [{"id": " ", "title": "A", "text": ""}]}, "id must not be empty"),
        (
            {"documents": [{**VALID[0], "text": "x" * 50_001}]},
            "The document 'A' is longer than 50,000 characters: shorten it",
        ),
        ({"documents": [{**VALID[0], "allowed_groups": "hr"}]}, "must be a list of group"),
        ({"documents": [{**VALID[0], "allowed_groups": [""]}]}, "must be a list of group"),
        ({"documents": [{**VALID[0], "allowed_groups": ["public"]}]}, "leave allowed_groups empty"),
        ({"documents": VALID * 2}, "Two documents share the id 'a'"),
    ],
)
def test_playground_rejects_bad_input_clearly(arguments: dict[str, Any], message: str) -> None:
    call = {"question": "Team cost?", "group": "public", "documents": VALID, **arguments}
    with pytest.raises(ValueError, match=message):
        playground_ask(**call)


# ---------------------------------------------------------------- docstring examples

MODULES = [snippets.rag, snippets.bm25, snippets.rag_sqlite]


def docstring_examples() -> list[tuple[str, str]]:
    examples = []
    for module in MODULES:
        tree = ast.parse(Path(module.__file__ or "").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.ClassDef | ast.Module):
                doc = ast.get_docstring(node, clean=True) or ""
                for code in re.findall(r"```python\n(.*?)```", doc, re.S):
                    examples.append((f"{module.__name__}:{getattr(node, 'name', '')}", code))
    return examples


@pytest.mark.parametrize(("where", "code"), docstring_examples())
def test_docstring_examples_run(where: str, code: str) -> None:
    exec(compile(textwrap.dedent(code), where, "exec"), {})


def test_search_is_the_retrieval_step_alone() -> None:
    kb = small_kb()
    results = kb.search("team plan plans", k=5)
    assert [p.doc_id for p, _ in results] == ["prices", "refunds"]
    assert kb.search("parental leave", groups={"hr"})[0][0].doc_id == "hr"
    with pytest.raises(ValueError, match="question must be a string"):
        kb.search(None)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="not a single string"):
        kb.search("team", groups="hr")
    with pytest.raises(ValueError, match="k must be a whole number"):
        kb.search("team", k=0)
    with pytest.raises(ValueError, match="not a single string"):
        kb.warm("hr")
