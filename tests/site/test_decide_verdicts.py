"""Every verdict on every page agrees with the decision table.

Reads the built pages, not the code that wrote them: for every case on the quick test
and the scenarios page, the verdict a reader sees, the answer to the quick test the
table shows, the answers listed under a scenario, the "at a glance" row and the quiz
link's answers must all be what ``diagnose`` gives for the case's answers in
``snippets/data/``; every case appears exactly once, and no verdict appears without
its case. A self-check feeds the checker a page with one verdict changed.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest

from snippets.decide import default_table, diagnose
from snippets.demos.decide import parse_query, to_query
from snippets.demos.decide_cases import Case, load_cases

TABLE = default_table()
PAGES = {"quick_test": "guide/quick-test/", "scenarios": "decide/scenarios/"}


@dataclass
class Shown:
    """What one case's verdict element says on a page."""

    case: str
    outcome: str
    answers: str
    texts: list[str] = field(default_factory=list)  # text of each link, in order
    links: list[str] = field(default_factory=list)


class _Read(HTMLParser):
    """Verdict elements (``data-case``), the quick-test answer cells, the scenario
    route lines, and the text of every element with an id (the headings)."""

    def __init__(self) -> None:
        super().__init__()
        self.verdicts: list[Shown] = []
        self.answer_cells: list[str] = []  # data-answer, in page order
        self.answer_text: list[str] = []
        self.routes: list[str] = []
        self.glance: list[tuple[str, str]] = []  # (#id, verdict text) of the "at a glance" table
        self.stray_verdicts = 0
        self._open: list[tuple[str, str]] = []  # (tag, what we collect)
        self._row: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "decide-verdict" in a.get("class", "") and "data-case" not in a:
            self.stray_verdicts += 1
        if "data-case" in a:
            self.verdicts.append(Shown(a["data-case"], a["data-outcome"], a["data-answers"]))
            self._open.append((tag, "verdict"))
        elif tag == "a" and self._open and self._open[-1][1] == "verdict":
            self.verdicts[-1].links.append(a["href"])
            self.verdicts[-1].texts.append("")
            self._open.append((tag, "link"))
        elif "data-answer" in a:
            self.answer_cells.append(a["data-answer"])
            self.answer_text.append("")
            self._open.append((tag, "answer"))
        elif "decide-route" in a.get("class", ""):
            self.routes.append("")
            self._open.append((tag, "route"))
        elif tag == "tr":
            self._row = []
        elif tag == "td":
            self._row.append("")
            self._open.append((tag, "cell"))
        elif tag == "a" and self._open and self._open[-1][1] == "cell" and not self._row[-1]:
            self._row[-1] = a["href"] + "|"
        elif self._open:
            self._open.append((tag, "inside"))

    def handle_endtag(self, tag: str) -> None:
        if tag == "tr" and len(self._row) == 2 and self._row[0].startswith("#"):
            self.glance.append((self._row[0].split("|")[0], self._row[1].strip()))
        while self._open:
            open_tag, _ = self._open.pop()
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        kinds = [k for _, k in self._open]
        if "link" in kinds:
            self.verdicts[-1].texts[-1] += data
        if "answer" in kinds:
            self.answer_text[-1] += data
        if "route" in kinds:
            self.routes[-1] += data
        if "cell" in kinds and self._row:
            self._row[-1] += data


def read(page_html: str) -> _Read:
    reader = _Read()
    reader.feed(page_html)
    return reader


def short(question: str, answer: str) -> str:
    return next(c.short for c in TABLE.questions[question].choices if c.id == answer)


def disagreements(name: str, page_url: str, page_html: str, cases: list[Case]) -> list[str]:
    """Every way the page's verdicts differ from the table's; empty when they agree."""
    page = read(page_html)
    by_id = {c.id: c for c in cases}
    problems = [f"{page.stray_verdicts} verdicts without data-case"] if page.stray_verdicts else []
    shown_ids = [v.case for v in page.verdicts]
    if sorted(shown_ids) != sorted(by_id):
        problems.append(
            f"cases on the page {sorted(shown_ids)} != cases in the data {sorted(by_id)}"
        )
    first = TABLE.questions[TABLE.start]
    for index, shown in enumerate(page.verdicts):
        case = by_id.get(shown.case)
        if case is None:
            continue
        verdict = diagnose(case.answers)
        where = f"{page_url} {case.id}"
        if shown.outcome != verdict.outcome.id:
            problems.append(
                f"{where}: data-outcome {shown.outcome!r}, table says {verdict.outcome.id!r}"
            )
        if shown.answers != to_query(verdict.path):
            problems.append(f"{where}: data-answers {shown.answers!r}")
        if not shown.texts or html.unescape(shown.texts[0]).strip() != verdict.outcome.title:
            problems.append(
                f"{where}: shows {shown.texts[:1]!r}, table says {verdict.outcome.title!r}"
            )
        quiz = [link for link in shown.links if "?answers=" in link]
        if len(quiz) != 1:
            problems.append(f"{where}: {len(quiz)} quiz links")
            continue
        target = urlsplit(urljoin(f"http://site/{page_url}", html.unescape(quiz[0])))
        if target.path != "/decide/" or target.fragment != "quick-test":
            problems.append(f"{where}: quiz link goes to {target.path}#{target.fragment}")
        if parse_query(parse_qs(target.query)["answers"][0]) != case.answers:
            problems.append(f"{where}: quiz link answers {target.query!r}")
        if name == "quick_test":
            answer = case.answers[TABLE.start]
            label = next(c.short for c in first.choices if c.id == answer).capitalize()
            if (page.answer_cells[index], page.answer_text[index]) != (answer, label):
                problems.append(
                    f"{where}: the quick test's answer reads {page.answer_text[index]!r}"
                )
        else:
            route = " · ".join(f"{TABLE.questions[q].tag}: {short(q, a)}" for q, a in verdict.path)
            if " ".join(page.routes[index].split()) != route:
                problems.append(f"{where}: the answers read {page.routes[index]!r}")
    if name == "scenarios":
        expected = [(f"#{c.id}", diagnose(c.answers).outcome.title) for c in cases]
        if [(h, html.unescape(t)) for h, t in page.glance] != expected:
            problems.append(f"{page_url}: the 'at a glance' table disagrees: {page.glance}")
    return problems


@pytest.mark.parametrize("name", sorted(PAGES))
def test_every_case_on_the_page_agrees_with_the_table(name: str, built_site: Path) -> None:
    page_html = (built_site / PAGES[name] / "index.html").read_text(encoding="utf-8")
    assert disagreements(name, PAGES[name], page_html, load_cases(name)) == []


def test_no_other_page_states_a_verdict(built_site: Path) -> None:
    for page in sorted(built_site.rglob("*.html")):
        if any(str(page.parent).endswith(p.rstrip("/")) for p in PAGES.values()):
            continue
        assert "data-case=" not in page.read_text(encoding="utf-8"), page


def test_the_checker_catches_a_page_that_disagrees(built_site: Path) -> None:
    """The test above can fail: change what one case's verdict says, or drop a case,
    and the checker names it."""
    cases = load_cases("scenarios")
    page_html = (built_site / PAGES["scenarios"] / "index.html").read_text(encoding="utf-8")
    rag = TABLE.outcomes["rag"].title
    first = cases[0]
    assert diagnose(first.answers).outcome.id == "rag"
    swapped = page_html.replace(f"<strong>{rag}</strong>", "<strong>Fine-tune</strong>", 1)
    assert any(
        "shows ['Fine-tune']" in p
        for p in disagreements("scenarios", PAGES["scenarios"], swapped, cases)
    )
    relinked = page_html.replace(
        html.escape(f"answers={to_query(first.answers)}"), "answers=quick_test:no,defined:no", 1
    )
    assert any(
        "quiz link answers" in p
        for p in disagreements("scenarios", PAGES["scenarios"], relinked, cases)
    )
    dropped = re.sub(r'data-case="prices-weekly"', 'data-case="gone"', page_html, count=1)
    assert any(
        "cases on the page" in p
        for p in disagreements("scenarios", PAGES["scenarios"], dropped, cases)
    )
    quick = (built_site / PAGES["quick_test"] / "index.html").read_text(encoding="utf-8")
    flipped = quick.replace('data-answer="yes">An edit<', 'data-answer="no">Nothing to edit<', 1)
    problems = disagreements("quick_test", PAGES["quick_test"], flipped, load_cases("quick_test"))
    assert any("the quick test's answer reads 'Nothing to edit'" in p for p in problems)
