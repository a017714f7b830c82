"""No forbidden document reaches an answer: not its text, title, id, nor its effect on a score.

For every combination of groups and every demo question (plus random queries
made of words from every document, forbidden ones included), the answer a
caller gets from the full knowledge base must equal, field for field, the
answer from a knowledge base built from only the documents that caller may
see, except ``filtered_out``, which counts the hidden documents.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from snippets.demos.tallybird import demo_questions, load_demo_kb
from snippets.rag import NO_ANSWER, Answer, Document, KnowledgeBase
from snippets.rag_sqlite import SqliteKnowledgeBase, fts5_available
from snippets.tfidf import tokenize

DOCUMENTS = load_demo_kb().documents
ALL_GROUPS = sorted({g for d in DOCUMENTS for g in d.allowed_groups} | {"sales"})
CALLERS = [
    frozenset(c) for n in range(len(ALL_GROUPS) + 1) for c in itertools.combinations(ALL_GROUPS, n)
]
QUESTIONS = [q["question"] for q in demo_questions()]
VOCABULARY = sorted({t for d in DOCUMENTS for t in tokenize(f"{d.title} {d.text}")})


def visible(caller: frozenset[str]) -> list[Document]:
    return [d for d in DOCUMENTS if d.visible_to(caller)]


def forbidden_marks(caller: frozenset[str]) -> set[str]:
    """Ids, titles and words found only in documents the caller may not see."""
    seen = {t for d in visible(caller) for t in tokenize(f"{d.title} {d.text} {d.id} {d.source}")}
    marks = set()
    for d in DOCUMENTS:
        if not d.visible_to(caller):
            marks |= {d.id, d.title, d.source}
            marks |= {t for t in tokenize(f"{d.title} {d.text}") if t not in seen}
    return marks


def strings_in(answer: Answer) -> str:
    """Everything an answer shows that came from the documents."""
    parts = [answer.text] if answer.grounded else []
    for c in answer.citations:
        parts += [c.doc_id, c.title, c.passage, c.source, c.section]
    return "\n".join(parts)


def assert_no_leak(full: Answer, alone: Answer, caller: frozenset[str], hidden: int) -> None:
    assert full.filtered_out == hidden
    assert full == replace(alone, filtered_out=hidden)  # same text, citations, scores
    assert full.grounded or (full.text == NO_ANSWER and not full.citations)
    shown = strings_in(full)
    words = set(tokenize(shown))
    for mark in forbidden_marks(caller):
        if re.fullmatch(r"\w\w+", mark):
            assert mark.lower() not in words, (caller, mark)
        else:
            assert mark not in shown, (caller, mark)


def test_the_corpus_has_something_to_hide() -> None:
    assert len(CALLERS) == 8
    assert "salary" in forbidden_marks(frozenset())
    assert not forbidden_marks(frozenset({"hr", "engineering"}))


@pytest.mark.parametrize("ranking", ["tfidf", "bm25"])
def test_no_leak_for_any_caller_and_any_demo_question(ranking: Any) -> None:
    full = KnowledgeBase(DOCUMENTS, ranking=ranking)
    for caller in CALLERS:
        alone = KnowledgeBase(visible(caller), ranking=ranking)
        hidden = len(DOCUMENTS) - len(visible(caller))
        for question in QUESTIONS:
            for k in (1, 3, 10):
                got = full.ask(question, groups=caller, k=k)
                assert_no_leak(got, alone.ask(question, groups=caller, k=k), caller, hidden)


@settings(max_examples=200, deadline=None)
@given(
    words=st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=8),
    caller=st.sampled_from(CALLERS),
    ranking=st.sampled_from(["tfidf", "bm25"]),
)
def test_no_leak_for_random_queries(words: list[str], caller: frozenset[str], ranking: Any) -> None:
    question = " ".join(words)
    full = KnowledgeBase(DOCUMENTS, ranking=ranking)
    alone = KnowledgeBase(visible(caller), ranking=ranking)
    hidden = len(DOCUMENTS) - len(visible(caller))
    assert_no_leak(
        full.ask(question, groups=caller, k=5),
        alone.ask(question, groups=caller, k=5),
        caller,
        hidden,
    )


def test_no_leak_after_changes_to_permissions() -> None:
    """A document made private disappears from existing views at once, scores included."""
    kb = KnowledgeBase(DOCUMENTS)
    for caller in CALLERS:
        kb.warm(caller)
    security = next(d for d in DOCUMENTS if d.id == "security")
    kb.update(replace(security, allowed_groups=frozenset({"engineering"})))
    kb.update(replace(DOCUMENTS[3], allowed_groups=frozenset()))  # the HR handbook goes public
    documents = kb.documents
    for caller in CALLERS:
        alone = KnowledgeBase([d for d in documents if d.visible_to(caller)])
        hidden = sum(1 for d in documents if not d.visible_to(caller))
        for question in QUESTIONS:
            got = kb.ask(question, groups=caller)
            assert got == replace(alone.ask(question, groups=caller), filtered_out=hidden)
            if "engineering" not in caller:
                assert all(c.doc_id != "security" for c in got.citations)


@pytest.mark.skipif(not fts5_available(), reason="this SQLite has no FTS5")
def test_no_leak_in_the_sqlite_version() -> None:
    with SqliteKnowledgeBase(DOCUMENTS) as full:
        for caller in CALLERS:
            hidden = len(DOCUMENTS) - len(visible(caller))
            with SqliteKnowledgeBase(visible(caller)) as alone:
                for question in [*QUESTIONS, " ".join(VOCABULARY[::7])]:
                    got = full.ask(question, groups=caller, k=5)
                    assert_no_leak(got, alone.ask(question, groups=caller, k=5), caller, hidden)
