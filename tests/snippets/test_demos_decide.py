"""The decision table's demo glue (snippets/demos/decide.py, decide_cases.py): built
URLs, the quiz's data and address form, the flowchart, the outcome list, Mermaid, and
the worked cases every case page is generated from."""

from __future__ import annotations

import contextlib
import doctest
import html
import json
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import snippets.demos.decide
import snippets.demos.decide_cases
from snippets.decide import default_table, diagnose, paths
from snippets.demos import decide_cases
from snippets.demos.decide import (
    flowchart_html,
    href,
    markdown_links,
    outcomes_html,
    parse_query,
    quiz_data,
    quiz_href,
    quiz_html,
    section_href,
    to_mermaid,
    to_query,
)
from snippets.demos.decide_cases import (
    load_cases,
    quick_test_table,
    scenarios_markdown,
    verdict_html,
)

TABLE = default_table()
ROUTES = paths()


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text inside each ``<a>``."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.link_text: list[str] = []
        self._in_a = 0
        self.depth = self.max_depth = 0
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        if tag == "a":
            self._in_a += 1
            self.link_text.append("")
        if tag == "ul":
            self.depth += 1
            self.max_depth = max(self.max_depth, self.depth)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._in_a -= 1
        if tag == "ul":
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self._in_a:
            self.link_text[-1] += data

    def having(self, attr: str) -> list[dict[str, str]]:
        return [a for _, a in self.tags if attr in a]


# --- built URLs ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ref", "page", "url"),
    [
        ("guide/quick-test.md#q", "decide/index.md", "../guide/quick-test/#q"),
        ("guide/quick-test.md#x", "index.md", "guide/quick-test/#x"),
        ("index.md#x", "decide/scenarios.md", "../../#x"),
        ("guide/costs.md#x", "guide/costs.md", "./#x"),
        ("decide/index.md", "decide/index.md", "./"),
        ("evidence.md", "guide/quick-test.md", "../../evidence/"),
        ("#anchor", "guide/costs.md", "#anchor"),
        ("https://example.org/a#b", "decide/index.md", "https://example.org/a#b"),
    ],
)  # fmt: skip
def test_href_builds_directory_urls(ref: str, page: str, url: str) -> None:
    assert href(ref, page) == url


def test_markdown_links_are_rewritten_and_other_text_kept() -> None:
    text = "[a](rag.md) and [b](evidence.md#li-2024), [c](https://x.org/), (not a link)"
    assert markdown_links(text, "guide/quick-test.md") == (
        "[a](../../rag/) and [b](../../evidence/#li-2024), [c](https://x.org/), (not a link)"
    )


# --- the address form of answers ---------------------------------------------------------


def test_every_route_survives_the_round_trip_through_the_address() -> None:
    for route in ROUTES:
        assert parse_query(to_query(route.answers)) == dict(route.answers)
        assert diagnose(parse_query(to_query(route.answers))).outcome.id == route.outcome


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("quick_test", "not of the form"),
        ("quick_test:", "not of the form"),
        (":yes", "not of the form"),
        ("quick_test:yes,quick_test:no", "answered twice"),
    ],
)
def test_a_malformed_address_is_refused(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_query(text)


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz_:,", max_size=60))
def test_any_address_either_diagnoses_or_raises_value_error(text: str) -> None:
    with contextlib.suppress(ValueError):
        diagnose(parse_query(text))


def test_quiz_links_from_each_page() -> None:
    answers = {"quick_test": "no", "defined": "no"}
    tail = "?answers=quick_test:no,defined:no#quick-test"
    assert quiz_href(answers, "decide/index.md") == "./" + tail
    assert quiz_href(answers, "decide/scenarios.md") == "../" + tail
    assert quiz_href(answers.items(), "guide/quick-test.md") == "../../decide/" + tail


# --- the quiz, the flowchart, the outcome list, Mermaid ----------------------------------


def test_quiz_data_is_the_table_with_built_links() -> None:
    data = quiz_data("decide/index.md")
    assert data["start"] == TABLE.start
    assert list(data["questions"]) == list(TABLE.questions)
    for q in TABLE.questions.values():
        exported = data["questions"][q.id]
        assert exported["text"] == q.text and exported["help"] == q.help
        assert exported["section"] == {
            "href": section_href(q.section, "decide/index.md"),
            "title": q.section.title,
        }
        assert [(c["id"], c["label"], c["next"], c["reason"]) for c in exported["choices"]] == [
            (c.id, c.label, c.next, c.reason) for c in q.choices
        ]
    for o in TABLE.outcomes.values():
        exported = data["outcomes"][o.id]
        assert (exported["title"], exported["kind"], exported["summary"]) == (
            o.title,
            o.kind,
            o.summary,
        )
        assert exported["next_steps"] == list(o.next_steps)
        assert [s["title"] for s in exported["sources"]] == [t for t, _ in o.sources]
        assert all(
            not s["href"].endswith(".md") and ".md#" not in s["href"] for s in exported["sources"]
        )


def test_quiz_html_carries_the_data_in_an_attribute_not_a_script() -> None:
    page = quiz_html("decide/index.md")
    assert "<script" not in page
    found = Elements(page).having("data-table")
    assert len(found) == 1 and found[0]["data-demo"] == "decide"
    assert json.loads(found[0]["data-table"]) == quiz_data("decide/index.md")
    assert 'class="decide-nojs"' in page and 'href="#flowchart"' in page


def test_flowchart_has_a_box_per_question_on_each_branch_and_an_outcome_per_route() -> None:
    chart = Elements(flowchart_html("decide/index.md"))
    nodes = [a for tag, a in chart.tags if tag == "a"]
    assert all("decide-node" in a["class"] for a in nodes)
    drawn = Counter(a["data-node"] for a in nodes)
    # A question is drawn once for every distinct route prefix that reaches it.
    prefixes = Counter(
        q
        for _, q in {
            (r.answers[:i], r.answers[i][0]) for r in ROUTES for i in range(len(r.answers))
        }
    )
    assert {q: drawn[q] for q in TABLE.questions} == {q: prefixes[q] for q in TABLE.questions}
    assert Counter({o: drawn[o] for o in TABLE.outcomes}) == Counter(r.outcome for r in ROUTES)
    for a, text in zip(nodes, chart.link_text, strict=True):
        node = a["data-node"]
        item = TABLE.questions.get(node) or TABLE.outcomes[node]
        assert a["href"] == section_href(item.section, "decide/index.md")
        shown = (
            TABLE.questions[node].short if node in TABLE.questions else TABLE.outcomes[node].title
        )
        assert html.unescape(text) == shown
    assert chart.max_depth == 1 + max(len(r.answers) for r in ROUTES)  # legend + tree levels


def test_flowchart_answers_and_legend_come_from_the_table() -> None:
    chart = flowchart_html("decide/index.md")
    edges = re.findall(r'<span class="decide-edge">([^<]+)</span>', chart)
    drawn = Counter(
        re.findall(r'class="decide-node decide-q" href="[^"]*" data-node="(\w+)"', chart)
    )
    assert len(edges) == sum(len(TABLE.questions[q].choices) * n for q, n in drawn.items())
    assert set(map(html.unescape, edges)) == {
        c.short for q in TABLE.questions.values() for c in q.choices
    }
    legend = re.findall(
        r'<li class="decide-kind--(\w+)"><span class="decide-swatch"></span>([^<]+)</li>', chart
    )
    assert dict(legend) == dict(TABLE.kinds)
    kinds = re.findall(r'class="decide-node decide-o decide-kind--(\w+)"', chart)
    assert set(kinds) == set(TABLE.kinds)


def test_outcome_list_has_every_outcome_with_its_section_and_sources() -> None:
    page = Elements(outcomes_html("decide/index.md"))
    items = page.having("data-outcome")
    assert [i["data-outcome"] for i in items] == list(TABLE.outcomes)
    hrefs = {a["href"] for _, a in page.tags if "href" in a}
    for o in TABLE.outcomes.values():
        assert section_href(o.section, "decide/index.md") in hrefs
        assert {href(h, "decide/index.md") for _, h in o.sources} <= hrefs


def test_mermaid_has_every_node_and_edge() -> None:
    chart = to_mermaid()
    assert chart.startswith("flowchart TD\n")
    for q in TABLE.questions.values():
        assert f'    {q.id}["{q.short}"]' in chart
    edges = re.findall(r'^    (\w+) -->\|"([^"]+)"\| (\w+)$', chart, flags=re.M)
    assert len(edges) == sum(len(q.choices) for q in TABLE.questions.values())
    outcome_boxes = re.findall(r"^    \w+\(\[", chart, flags=re.M)
    assert len(outcome_boxes) == sum(
        1 for q in TABLE.questions.values() for c in q.choices if c.next in TABLE.outcomes
    )


def test_mermaid_escapes_quotes() -> None:
    assert "#quot;" not in to_mermaid()
    data = json.loads((Path(snippets.decide.__file__).parent / "data" / "decide.json").read_text())
    data["questions"][0]["short"] = 'Say "hi"'
    assert '["Say #quot;hi#quot;"]' in to_mermaid(snippets.decide.load_table(data))


# --- the worked cases ---------------------------------------------------------------------

ALL_CASES = {name: load_cases(name) for name in ("scenarios", "quick_test")}
RARELY = re.compile(r"\b(rarely|seldom|barely|hardly ever|once a year|twice a year|yearly)\b", re.I)


def test_cases_load_and_each_is_a_complete_route() -> None:
    assert len(ALL_CASES["scenarios"]) == 16 and len(ALL_CASES["quick_test"]) == 12
    for cases in ALL_CASES.values():
        assert len({c.id for c in cases}) == len(cases)
        for case in cases:
            assert case.title and case.situation and case.why
            assert dict(diagnose(case.answers).path) == case.answers


def test_scenarios_reach_every_outcome() -> None:
    reached = Counter(diagnose(c.answers).outcome.id for c in ALL_CASES["scenarios"])
    assert set(reached) == set(TABLE.outcomes)


def test_quick_test_cases_are_in_two_groups_of_seven_and_five() -> None:
    assert Counter(c.group for c in ALL_CASES["quick_test"]) == {"worked": 7, "borderline": 5}


def test_rarely_changing_facts_are_an_edit_in_every_case() -> None:
    """'Rarely changes' is handled the same way everywhere: every case whose text says
    its facts change rarely answers the quick test "an edit" (yes)."""
    rare = [
        c for cases in ALL_CASES.values() for c in cases if RARELY.search(f"{c.situation} {c.why}")
    ]
    assert {c.id for c in rare} >= {"yearly-prices", "cite-policy", "small-manual"}
    for case in rare:
        assert case.answers["quick_test"] == "yes", case.id


def test_a_bad_case_file_names_the_case(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(decide_cases, "DATA", tmp_path)
    good: dict[str, Any] = {"id": "a", "title": "A", "situation": "S", "why": "W",
                            "answers": {"quick_test": "no", "defined": "no"}}  # fmt: skip
    for cases, message in [
        ([good, {**good, "answers": {"quick_test": "maybe"}}], r"case 2: 'maybe' is not an answer"),
        ([{k: v for k, v in good.items() if k != "why"}], r"case 1: 'why'"),
        ([good, good], r"case 2: id 'a' is used twice"),
        (["oops"], r"case 1: string indices"),
    ]:
        (tmp_path / "scenarios.json").write_text(json.dumps(cases))
        with pytest.raises(ValueError, match=message):
            load_cases("scenarios")


def test_verdict_html_says_the_tables_verdict_with_a_quiz_link() -> None:
    case = ALL_CASES["scenarios"][0]
    verdict = diagnose(case.answers)
    span = Elements(verdict_html(case, "decide/scenarios.md"))
    attrs = span.having("data-case")[0]
    assert (attrs["data-case"], attrs["data-outcome"]) == (case.id, verdict.outcome.id)
    assert attrs["data-answers"] == to_query(verdict.path)
    assert span.link_text[0] == verdict.outcome.title
    links = [a["href"] for _, a in span.tags if "href" in a]
    assert links == [
        section_href(verdict.outcome.section, "decide/scenarios.md"),
        quiz_href(case.answers, "decide/scenarios.md"),
    ]


def test_quick_test_tables_have_four_labelled_cells_per_case() -> None:
    first = TABLE.questions[TABLE.start]
    for group, count in (("worked", 7), ("borderline", 5)):
        table = quick_test_table(group)
        rows = re.findall(r"<tr>(.*?)</tr>", table)
        assert len(rows) == count + 1  # and the header
        for row in rows[1:]:
            labels = re.findall(r'<td data-label="([^"]+)">', row)
            assert labels == ["Situation:", html.escape(first.short), "Verdict:", "Why:"]
            answer = re.search(r'data-answer="(\w+)">([^<]+)<', row)
            assert answer
            case = re.search(r'data-case="([^"]+)"', row)
            assert case
            wanted = next(c for c in ALL_CASES["quick_test"] if c.id == case.group(1))
            assert answer.group(1) == wanted.answers["quick_test"]
            choice = next(c for c in first.choices if c.id == answer.group(1))
            assert answer.group(2) == choice.short.capitalize()


def test_scenarios_markdown_has_a_section_per_scenario_under_its_id() -> None:
    text = scenarios_markdown()
    assert text.startswith("## At a glance { #all-twelve-at-a-glance }")
    for case in ALL_CASES["scenarios"]:
        assert text.count(f"## {case.title} {{ #{case.id} }}") == 1
        assert f"| [{case.title}](#{case.id}) | {diagnose(case.answers).outcome.title} |" in text
    routes = re.findall(r'<p class="decide-route">(.*?)</p>', text)
    assert len(routes) == len(ALL_CASES["scenarios"])
    for line, case in zip(routes, ALL_CASES["scenarios"], strict=True):
        tags = re.findall(r"([^·]+?): <strong>", line)
        assert [t.strip() for t in tags] == [TABLE.questions[q].tag for q in case.answers]


def test_case_text_is_escaped_and_its_markdown_links_built() -> None:
    case = decide_cases.Case("x", "T", "<b>bold</b> & co", {"quick_test": "no", "defined": "no"},
                             "See [the guide](guide/both.md#x) and *this*.", "worked")  # fmt: skip
    assert decide_cases._inline(markdown_links(case.why, "guide/quick-test.md")) == (
        'See <a href="../both/#x">the guide</a> and <em>this</em>.'
    )
    assert "&lt;b&gt;" in html.escape(case.situation)


# --- docstrings ---------------------------------------------------------------------------


@pytest.mark.parametrize("module", [snippets.demos.decide, snippets.demos.decide_cases])
def test_docstring_examples_run(module: Any) -> None:
    result = doctest.testmod(module)
    assert result.attempted >= 1 and result.failed == 0
