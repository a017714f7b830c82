"""snippets/rag.py: documents, changes, permissions and grounded, cited answers."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from snippets.rag import NO_ANSWER, Answer, Document, KnowledgeBase

GROUP_SETS = [frozenset(), frozenset({"hr"}), frozenset({"engineering"})]


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
        ({"id": ""}, "id must be a non-empty string"),
        ({"id": "  "}, "id must be a non-empty string"),
        ({"id": 3}, "id must be a non-empty string"),
        ({"allowed_groups": "hr"}, "not a single string"),
    ],
)
def test_bad_documents_are_clear_value_errors(kwargs: dict[str, Any], message: str) -> None:
    fields = {"id": "a", "title": "A", "text": "t", "source": "", **kwargs}
    with pytest.raises(ValueError, match=message):
        Document(**fields)


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
