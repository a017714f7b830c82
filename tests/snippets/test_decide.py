"""The decision table lesson (snippets/decide.py, snippets/data/decide.json): the table's
shape, the checks load_table makes, diagnose() and paths(), and its docstring examples."""

from __future__ import annotations

import contextlib
import copy
import doctest
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import snippets.decide
from snippets.decide import (
    TABLE_FILE,
    Route,
    TableError,
    default_table,
    diagnose,
    load_table,
    paths,
)

TABLE = default_table()
ROUTES = paths()
RAW: dict[str, Any] = json.loads(TABLE_FILE.read_text(encoding="utf-8"))

# Every route of the table and the outcome it must reach, written by hand: an edit to
# the JSON that changes a verdict fails here, so the pages and the cases are revisited.
EXPECTED = {
    "quick_test:yes,sources:yes,facts_kind:records": "lookup",
    "quick_test:yes,sources:yes,facts_kind:text,whole_fits:yes": "long_context",
    "quick_test:yes,sources:yes,facts_kind:text,whole_fits:no,shape:yes": "rag",
    "quick_test:yes,sources:yes,facts_kind:text,whole_fits:no,shape:format": "both",
    "quick_test:yes,sources:yes,facts_kind:text,whole_fits:no,shape:ignores": "raft",
    "quick_test:yes,sources:no": "neither",
    "quick_test:no,defined:yes,prompt_result:untried": "prompting",
    "quick_test:no,defined:yes,prompt_result:works": "prompting",
    "quick_test:no,defined:yes,prompt_result:costly,volume:yes": "distil",
    "quick_test:no,defined:yes,prompt_result:costly,volume:no": "prompting",
    "quick_test:no,defined:yes,prompt_result:fails,failure:structure,schema:no": (
        "structured_output"
    ),
    "quick_test:no,defined:yes,prompt_result:fails,failure:structure,schema:yes,examples:yes": (
        "fine_tune"
    ),
    "quick_test:no,defined:yes,prompt_result:fails,failure:structure,schema:yes,examples:no": (
        "neither"
    ),
    "quick_test:no,defined:yes,prompt_result:fails,failure:wording": "template",
    "quick_test:no,defined:yes,prompt_result:fails,failure:judgement,examples:yes": "fine_tune",
    "quick_test:no,defined:yes,prompt_result:fails,failure:judgement,examples:no": "neither",
    "quick_test:no,defined:no": "neither",
}

# The guide sections the new outcomes link to (CONTRACTS.md, "Anchors").
NEW_OUTCOME_SECTIONS = {
    "long_context": "guide/knowledge.md#whole-knowledge-base-in-the-prompt",
    "lookup": "guide/knowledge.md#structured-facts-need-a-lookup",
    "structured_output": "guide/behaviour.md#structured-output-first",
    "template": "guide/behaviour.md#templates-and-validators",
    "distil": "guide/behaviour.md#distil-or-route",
    "raft": "guide/both.md#retrieval-aware-fine-tuning",
}


def query(pairs: tuple[tuple[str, str], ...]) -> str:
    return ",".join(f"{q}:{a}" for q, a in pairs)


# --- the table -----------------------------------------------------------------------


def test_every_route_reaches_the_outcome_written_down_for_it() -> None:
    assert {query(r.answers): r.outcome for r in ROUTES} == EXPECTED
    for route in ROUTES:
        assert diagnose(dict(route.answers)).outcome.id == route.outcome


def test_the_table_has_the_eleven_outcomes_and_each_is_reached() -> None:
    assert set(TABLE.outcomes) == set(EXPECTED.values()) == {
        "rag", "long_context", "lookup", "prompting", "structured_output", "template",
        "both", "raft", "distil", "fine_tune", "neither",
    }  # fmt: skip
    for outcome, section in NEW_OUTCOME_SECTIONS.items():
        s = TABLE.outcomes[outcome].section
        assert f"{s.page}#{s.anchor}" == section


def test_every_question_and_every_choice_is_on_some_route() -> None:
    taken = {pair for route in ROUTES for pair in route.answers}
    assert taken == {(q.id, c.id) for q in TABLE.questions.values() for c in q.choices}


def test_routes_ask_two_to_six_questions_and_the_quick_test_first() -> None:
    assert {len(r.answers) for r in ROUTES} == {2, 3, 4, 5, 6}
    assert all(r.answers[0][0] == TABLE.start == "quick_test" for r in ROUTES)


def test_each_outcome_has_a_kind_a_section_next_steps_and_sources() -> None:
    assert set(TABLE.kinds) == {o.kind for o in TABLE.outcomes.values()}
    for o in TABLE.outcomes.values():
        assert o.section.page.startswith("guide/") and o.section.anchor
        assert len(o.next_steps) >= 3
        assert o.sources, f"{o.id} cites nothing"
        for _, href in o.sources:
            assert href.startswith("https://") or ".md#" in href


def test_rarely_is_an_edit_in_the_table_itself() -> None:
    """'Rarely changes' is handled the same way everywhere: the quick test's first
    answer says a yearly change counts, and the help says why."""
    first = TABLE.questions["quick_test"]
    yes = next(c for c in first.choices if c.id == "yes")
    assert "once a year" in yes.label and "once a year" in first.help
    assert yes.next == "sources"


def test_ids_and_tags_are_unique() -> None:
    ids = [q["id"] for q in RAW["questions"]] + [o["id"] for o in RAW["outcomes"]]
    assert len(ids) == len(set(ids))
    tags = [q.tag for q in TABLE.questions.values()]
    assert len(tags) == len(set(tags))


# --- load_table refuses a broken table --------------------------------------------------


def broken(change: Any) -> dict[str, Any]:
    data = copy.deepcopy(RAW)
    change(data)
    return data


def question_of(data: dict[str, Any], qid: str) -> dict[str, Any]:
    return next(q for q in data["questions"] if q["id"] == qid)


def outcome_of(data: dict[str, Any], oid: str) -> dict[str, Any]:
    return next(o for o in data["outcomes"] if o["id"] == oid)


def set_next(qid: str, index: int, target: str) -> Any:
    return lambda d: question_of(d, qid)["choices"][index].update(next=target)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (set_next("sources", 1, "nowhere"), r"sources:no leads to unknown target 'nowhere'"),
        (
            set_next("volume", 0, "prompt_result"),
            r"cycle: prompt_result -> volume -> prompt_result",
        ),
        (set_next("quick_test", 1, "prompting"), r"unreachable question: defined, prompt_result"),
        (set_next("examples", 0, "neither"), r"unreachable outcome: fine_tune"),
        (lambda d: outcome_of(d, "raft").pop("section"), r"raft has no guide section"),
        (lambda d: question_of(d, "shape").update(section={}), r"shape has no guide section"),
        (
            lambda d: outcome_of(d, "rag")["section"].update(anchor=" "),
            r"rag, section: 'anchor' must be non-empty text",
        ),
        (lambda d: outcome_of(d, "rag").update(kind="magic"), r"kind 'magic' is not one of"),
        (lambda d: outcome_of(d, "rag").update(id="sources"), r"id 'sources' is used twice"),
        (lambda d: question_of(d, "volume").update(id="Volume!"), r"must be lower case"),
        (lambda d: question_of(d, "volume")["choices"][1].update(id="yes"), r"'yes' is used twice"),
        (lambda d: question_of(d, "volume")["choices"].pop(), r"volume offers fewer than two"),
        (lambda d: question_of(d, "volume").pop("text"), r"volume: missing 'text'"),
        (lambda d: question_of(d, "volume").update(help=3), r"'help' must be non-empty text"),
        (lambda d: d.update(start="rag"), r"the start 'rag' is not a question"),
        (lambda d: d.pop("outcomes"), r"table: missing 'outcomes'"),
        (lambda d: d["questions"].append("oops"), r"question 12: missing 'id'"),
    ],
)
def test_a_broken_table_is_refused_with_a_message_naming_the_fault(
    change: Any, message: str
) -> None:
    with pytest.raises(TableError, match=message):
        load_table(broken(change))


def test_table_error_is_a_value_error_and_the_site_table_loads_once() -> None:
    assert issubclass(TableError, ValueError)
    assert default_table() is default_table()
    assert load_table() == TABLE


# --- diagnose --------------------------------------------------------------------------


def test_diagnose_returns_the_outcome_reasons_and_route() -> None:
    answers = dict(ROUTES[4].answers)  # the RAFT route
    verdict = diagnose(answers)
    assert verdict.outcome is TABLE.outcomes["raft"]
    assert verdict.path == ROUTES[4].answers
    assert len(verdict.reasons) == len(answers) == 5
    chosen = [next(c for c in TABLE.questions[q].choices if c.id == a) for q, a in verdict.path]
    assert verdict.reasons == tuple(c.reason for c in chosen)


def test_answer_order_does_not_matter() -> None:
    forward = {"quick_test": "no", "defined": "no"}
    assert diagnose(forward) == diagnose(dict(reversed(forward.items())))


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"quick_test": "yes", "budget": "high"}, r"unknown question 'budget'"),
        ({"quick_test": "maybe"}, r"'maybe' is not an answer to 'quick_test'; .*yes, no"),
        ({"quick_test": "yes"}, r"missing answer to 'sources'"),
        ({}, r"missing answer to 'quick_test'"),
        (
            {"quick_test": "yes", "sources": "no", "defined": "yes"},
            r"impossible path: 'defined' is never asked after quick_test:yes, sources:no",
        ),
    ],
)
def test_bad_answers_get_a_clear_message(answers: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        diagnose(answers)


ANSWER = st.sampled_from(["yes", "no", "text", "records", "fails", "costly", "maybe"])


@given(st.dictionaries(st.sampled_from([*TABLE.questions, "nope"]), ANSWER, max_size=7))
def test_any_answers_either_reach_an_outcome_or_raise_value_error(answers: dict[str, str]) -> None:
    with contextlib.suppress(ValueError):
        verdict = diagnose(answers)
        assert dict(verdict.path) == answers
        assert Route(verdict.path, verdict.outcome.id) in ROUTES


def test_a_table_passed_in_is_walked_instead_of_the_sites() -> None:
    section = {"page": "guide/x.md", "anchor": "y", "title": "Y"}
    outcome = {"kind": "k", "summary": "s", "next_steps": ["n"], "section": section}
    choice = {"label": "L", "short": "s", "reason": "r"}
    small = {
        "start": "q",
        "kinds": {"k": "Kind"},
        "questions": [
            {"id": "q", "tag": "Q", "text": "Q?", "short": "Q?", "help": "h", "section": section,
             "choices": [{**choice, "id": i, "next": n} for i, n in (("yes", "a"), ("no", "b"))]},
        ],
        "outcomes": [{**outcome, "id": "a", "title": "A"}, {**outcome, "id": "b", "title": "B"}],
    }  # fmt: skip
    table = load_table(small)
    assert paths(table) == [Route((("q", "yes"),), "a"), Route((("q", "no"),), "b")]
    assert diagnose({"q": "no"}, table).outcome.title == "B"
    assert table.outcomes["a"].sources == ()


# --- docstrings ---------------------------------------------------------------------------


def test_docstring_examples_run() -> None:
    result = doctest.testmod(snippets.decide, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 6 and result.failed == 0


def test_the_lesson_stays_small_and_plain() -> None:
    source = (TABLE_FILE.parent.parent / "decide.py").read_text(encoding="utf-8")
    assert len(source.splitlines()) < 400
    assert "import html" not in source and "posixpath" not in source  # no HTML, no site URLs
