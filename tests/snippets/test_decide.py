"""The decision table (snippets/decide.py): its shape, diagnose(), its exports, and
what docs/decide/*.md say about the output they show."""

from __future__ import annotations

import contextlib
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from snippets.decide import (
    OUTCOMES,
    QUESTIONS,
    START,
    Section,
    diagnose,
    load_scenarios,
    outcome,
    parse_query,
    paths,
    question,
    quiz_href,
    scenario_markdown,
    text_tree,
    to_json,
    to_mermaid,
    to_query,
    to_svg,
)

ROOT = Path(__file__).resolve().parents[2]
QUESTION_IDS = {q.id for q in QUESTIONS}
OUTCOME_IDS = {o.id for o in OUTCOMES}
ROUTES = paths()

# The outcome each scenario's prose on docs/decide/scenarios.md explains. Written here
# by hand, independent of the table: a change to the table that flips a scenario fails
# this test, and the prose must be revisited.
SCENARIO_OUTCOMES = {
    "prices-weekly": "rag",
    "cite-policy": "rag",
    "hr-permissions": "rag",
    "support-template": "both",
    "ticket-classifier": "fine_tune",
    "invoice-extraction": "fine_tune",
    "wrong-documents": "neither",
    "prompt-untried": "prompting",
    "prompt-works": "prompting",
    "slow-low-volume": "prompting",
    "moving-format": "neither",
    "undefined-task": "neither",
}


# --- the table's shape -----------------------------------------------------------


def test_the_required_outcomes_exist() -> None:
    assert {"rag", "fine_tune", "both", "prompting", "neither"} <= OUTCOME_IDS
    assert outcome("both").title == "Both: RAG first, then fine-tune"
    assert outcome("neither").title.startswith("Neither")


def test_ids_are_unique_and_never_shared_between_questions_and_outcomes() -> None:
    assert len(QUESTION_IDS) == len(QUESTIONS)
    assert len(OUTCOME_IDS) == len(OUTCOMES)
    assert not QUESTION_IDS & OUTCOME_IDS
    for q in QUESTIONS:
        assert len({c.id for c in q.choices}) == len(q.choices) >= 2, q.id
        assert re.fullmatch(r"[a-z_]+", q.id)
        assert all(re.fullmatch(r"[a-z_]+", c.id) for c in q.choices)


def test_every_path_ends_in_an_outcome_and_diagnose_agrees() -> None:
    assert ROUTES
    for route in ROUTES:
        assert route.outcome in OUTCOME_IDS
        assert route.answers[0][0] == START
        assert diagnose(dict(route.answers)).outcome == route.outcome


def test_no_question_is_unreachable_and_every_outcome_is_reached() -> None:
    asked = {q for route in ROUTES for q, _ in route.answers}
    assert asked == QUESTION_IDS
    assert {route.outcome for route in ROUTES} == OUTCOME_IDS


def test_every_choice_is_taken_on_some_path() -> None:
    taken = {pair for route in ROUTES for pair in route.answers}
    assert taken == {(q.id, c.id) for q in QUESTIONS for c in q.choices}


def test_the_questions_form_a_tree() -> None:
    """Each question but the first has exactly one way in, so an answer set in a URL
    names exactly one position."""
    parents = Counter(c.goto for q in QUESTIONS for c in q.choices if c.goto in QUESTION_IDS)
    assert START not in parents
    assert all(parents[q] == 1 for q in QUESTION_IDS - {START})


def test_every_question_and_outcome_points_to_a_guide_section() -> None:
    for item in (*QUESTIONS, *OUTCOMES):
        assert item.section.page.startswith("guide/") and item.section.page.endswith(".md")
        assert re.fullmatch(r"[a-z0-9-]+", item.section.anchor)
        assert item.section.title


def test_the_quick_test_comes_first() -> None:
    first = question(START)
    assert "changed tomorrow" in first.text and "retrain" in first.text
    assert [c.id for c in first.choices] == ["yes", "no"]


# --- diagnose ----------------------------------------------------------------------


def test_diagnose_returns_reasons_next_steps_and_sections() -> None:
    verdict = diagnose({"quick_test": "yes", "sources": "yes", "shape": "no", "prompt_fix": "no"})
    assert verdict.outcome == "both"
    assert verdict.path == (
        ("quick_test", "yes"),
        ("sources", "yes"),
        ("shape", "no"),
        ("prompt_fix", "no"),
    )
    assert len(verdict.reasons) == 4
    assert verdict.next_steps == outcome("both").next_steps
    assert verdict.sections[0] == question("quick_test").section
    assert verdict.sections[-1] == outcome("both").section
    assert len(set(verdict.sections)) == len(verdict.sections)


def test_answer_order_does_not_matter() -> None:
    forward = diagnose({"quick_test": "no", "trust": "yes"})
    backward = diagnose({"trust": "yes", "quick_test": "no"})
    assert forward == backward


def test_unknown_question_id_is_named() -> None:
    with pytest.raises(ValueError, match=r"unknown question 'budget'"):
        diagnose({"quick_test": "yes", "budget": "high"})


def test_unknown_answer_lists_the_valid_ones() -> None:
    with pytest.raises(ValueError, match=r"'maybe' is not an answer to 'quick_test'.*yes, no"):
        diagnose({"quick_test": "maybe"})


def test_missing_answer_names_the_question_on_the_path() -> None:
    with pytest.raises(ValueError, match=r"missing answer to 'sources'"):
        diagnose({"quick_test": "yes"})
    with pytest.raises(ValueError, match=r"missing answer to 'quick_test'"):
        diagnose({})


def test_answer_off_the_path_is_an_impossible_path() -> None:
    with pytest.raises(ValueError, match=r"impossible path: 'trust' is never asked"):
        diagnose({"quick_test": "yes", "sources": "yes", "shape": "yes", "trust": "no"})


def test_lookups_reject_unknown_ids() -> None:
    with pytest.raises(ValueError, match="unknown question"):
        question("nope")
    with pytest.raises(ValueError, match="unknown outcome"):
        outcome("nope")


# --- the URL form --------------------------------------------------------------------


def test_every_path_survives_the_url_round_trip() -> None:
    for route in ROUTES:
        text = to_query(route.answers)
        assert parse_query(text) == dict(route.answers)
        assert diagnose(parse_query(text)).outcome == route.outcome


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("quick_test", "not of the form"),
        ("quick_test:", "not of the form"),
        (":yes", "not of the form"),
        ("quick_test:yes,quick_test:no", "answered twice"),
    ],
)
def test_malformed_query_is_refused(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_query(text)


@given(st.text(alphabet="abc_:,yesno", max_size=40))
def test_parse_then_diagnose_either_works_or_raises_value_error(text: str) -> None:
    with contextlib.suppress(ValueError):
        diagnose(parse_query(text))


def test_quiz_href_from_both_pages() -> None:
    answers = {"quick_test": "no", "trust": "yes"}
    assert quiz_href(answers, "decide/index.md") == "./?answers=quick_test:no,trust:yes#quick-test"
    assert quiz_href(answers, "decide/scenarios.md") == (
        "../?answers=quick_test:no,trust:yes#quick-test"
    )


def test_section_links() -> None:
    s = Section("guide/quick-test.md", "the-question-to-ask", "The question to ask")
    assert s.ref == "guide/quick-test.md#the-question-to-ask"
    assert s.href("decide/index.md") == "../guide/quick-test/#the-question-to-ask"
    assert s.href("index.md") == "guide/quick-test/#the-question-to-ask"
    assert Section("index.md", "x", "").href("decide/scenarios.md") == "../../#x"
    assert Section("guide/costs.md", "x", "").href("guide/costs.md") == "#x"


# --- exports -------------------------------------------------------------------------


def test_json_export_is_the_table() -> None:
    text = to_json()
    assert "<" not in text and ">" not in text and "&" not in text  # safe inside <script>
    data = json.loads(text)
    assert data["start"] == START
    assert set(data["questions"]) == QUESTION_IDS
    assert set(data["outcomes"]) == OUTCOME_IDS
    for q in QUESTIONS:
        exported = data["questions"][q.id]
        assert exported["text"] == q.text
        assert exported["section"]["href"] == q.section.href("decide/index.md")
        assert [(c["id"], c["next"], c["reason"]) for c in exported["choices"]] == [
            (c.id, c.goto, c.reason) for c in q.choices
        ]
    for o in OUTCOMES:
        assert data["outcomes"][o.id]["next_steps"] == list(o.next_steps)


def test_svg_has_every_node_edge_and_link() -> None:
    svg = to_svg("decide/index.md")
    root = ET.fromstring(svg)  # well-formed XML
    ns = "{http://www.w3.org/2000/svg}"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "decide-flow-title decide-flow-desc"
    nodes = root.findall(f".//{ns}a")
    drawn = Counter(a.get("data-node") for a in nodes)
    # one box per question, one outcome box per path
    assert {q: drawn[q] for q in QUESTION_IDS} == dict.fromkeys(QUESTION_IDS, 1)
    assert sum(drawn[o] for o in OUTCOME_IDS) == len(ROUTES)
    assert Counter(r.outcome for r in ROUTES) == Counter(
        {o: drawn[o] for o in OUTCOME_IDS if drawn[o]}
    )
    hrefs = {a.get("data-node"): a.get("{http://www.w3.org/1999/xlink}href") for a in nodes}
    assert all(a.get("href") is None for a in nodes)  # see to_svg: xlink:href only
    for item in (*QUESTIONS, *OUTCOMES):
        assert hrefs[item.id] == item.section.href("decide/index.md")
    labels = [t.text for t in root.iter(f"{ns}text") if t.get("class") == "decide-edge-label"]
    assert Counter(labels) == Counter(c.short for q in QUESTIONS for c in q.choices)
    assert len(root.findall(f".//{ns}path[@class='decide-edge']")) == sum(
        len(q.choices) for q in QUESTIONS
    )


def test_svg_boxes_do_not_overlap() -> None:
    root = ET.fromstring(to_svg())
    ns = "{http://www.w3.org/2000/svg}"
    boxes = [
        tuple(float(r.get(k) or 0) for k in ("x", "y", "width", "height"))
        for r in root.iter(f"{ns}rect")
    ]
    width, height = (float(v) for v in (root.get("width"), root.get("height")))
    for i, (x, y, w, h) in enumerate(boxes):
        assert x >= 0 and x + w <= width and y >= 0 and y + h <= height
        for x2, y2, w2, h2 in boxes[i + 1 :]:
            assert x + w <= x2 or x2 + w2 <= x or y + h <= y2 or y2 + h2 <= y


def test_mermaid_has_every_node_and_edge() -> None:
    chart = to_mermaid()
    for q in QUESTIONS:
        assert f'    {q.id}["' in chart
        assert f'click {q.id} "{q.section.ref}"' in chart
    edges = re.findall(r"^    (\w+) -->\|\"([^\"]+)\"\| (\w+)$", chart, flags=re.M)
    assert len(edges) == sum(len(q.choices) for q in QUESTIONS)
    assert len(re.findall(r"\(\[", chart)) == len(ROUTES)


def test_text_tree_lists_every_question_and_ends_every_branch_in_an_outcome() -> None:
    tree = text_tree("decide/index.md")
    for q in QUESTIONS:
        assert tree.count(q.text) == 1
        assert f"]({q.section.href('decide/index.md')})" in tree
    for q in QUESTIONS:
        for c in q.choices:
            assert f"*{c.label}* →" in tree
    assert tree.count("**Outcome: ") == len(ROUTES)


# --- scenarios and what the pages say -------------------------------------------------


def test_scenarios_reach_the_outcomes_their_prose_explains() -> None:
    scenarios = load_scenarios()
    assert len(scenarios) >= 8
    assert {s.id: diagnose(s.answers).outcome for s in scenarios} == SCENARIO_OUTCOMES


def test_scenarios_walk_every_path() -> None:
    """docs/decide/scenarios.md: "Together they walk every path of the decision table"."""
    walked = {tuple(diagnose(s.answers).path) for s in load_scenarios()}
    assert walked == {route.answers for route in ROUTES}


def test_scenarios_page_counts_hold() -> None:
    """docs/decide/scenarios.md: "Three end in RAG, one in both, two in fine-tuning,
    three in prompting first and three in neither"."""
    counts = Counter(diagnose(s.answers).outcome for s in load_scenarios())
    assert counts == {"rag": 3, "both": 1, "fine_tune": 2, "prompting": 3, "neither": 3}
    page = " ".join((ROOT / "docs" / "decide" / "scenarios.md").read_text().split())
    claim = "Three end in RAG, one in both, two in fine-tuning, three in prompting first"
    assert claim + " and three in neither" in page
    assert "Twelve projects" in page and len(load_scenarios()) == 12


def test_scenarios_page_shows_every_scenario_once_under_its_own_anchor() -> None:
    page = (ROOT / "docs" / "decide" / "scenarios.md").read_text()
    for s in load_scenarios():
        assert page.count(f'scenario_markdown("{s.id}")') == 1
        assert f"## {s.title} {{ #{s.id} }}" in page


def test_scenario_markdown_shows_answers_verdict_and_quiz_link() -> None:
    text = scenario_markdown("support-template")
    assert "Diagnosis: Both: RAG first, then fine-tune." in text
    assert text.count("\n| [") == 4
    assert 'href="../?answers=quick_test:yes,sources:yes,shape:no,prompt_fix:no#quick-test"' in text
    with pytest.raises(ValueError, match="unknown scenario"):
        scenario_markdown("nope")


def test_decide_page_claims_hold() -> None:
    """docs/decide/index.md: "at most five questions", "one of five outcomes", the
    weekly-prices example reaches RAG, and the off-path answer is refused."""
    assert max(len(route.answers) for route in ROUTES) == 5
    assert len(OUTCOMES) == 5
    page = (ROOT / "docs" / "decide" / "index.md").read_text()
    assert "Answer at most five questions and get one of five outcomes" in page
    prices = next(s for s in load_scenarios() if s.id == "prices-weekly")
    assert f"diagnose({json.dumps(prices.answers)})" in page
    assert diagnose(prices.answers).outcome == "rag"
