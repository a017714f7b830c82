"""The twelve cases on docs/guide/quick-test.md agree with the decision table.

Each case's path through the table (its answers to the table's questions) is data in
``snippets/data/quick_test_cases.json``, keyed to its row on the page by the exact
text of the situation cell. The verdicts on the page are written by hand; these tests
run `diagnose` on each case's answers and check that the table reaches the outcome the
page's verdict names, that every row has data and every record a row, and that each
row's quiz link opens the quick test at that case's path.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from snippets.decide import OUTCOMES, diagnose, parse_query, quiz_href

ROOT = Path(__file__).resolve().parents[2]
PAGE = "guide/quick-test.md"
CASES_FILE = ROOT / "snippets" / "data" / "quick_test_cases.json"
SECTIONS = ("Worked examples", "Borderline cases")


class Row:
    """One case on the page: its situation, its verdict (the bold text) and its cells."""

    def __init__(self, line: str) -> None:
        self.cells = [cell.strip() for cell in line.strip().strip("|").split(" | ")]
        self.situation = self.cells[0]
        bold = re.match(r"\*\*(.+?)\*\*", self.cells[2])
        assert bold, f"the verdict cell should start with a bold verdict: {self.cells[2]!r}"
        self.verdict = bold.group(1)


def page_rows() -> list[Row]:
    text = (ROOT / "docs" / PAGE).read_text(encoding="utf-8")
    rows: list[Row] = []
    for heading in SECTIONS:
        section = text.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
        lines = [line for line in section.splitlines() if line.startswith("| ")]
        rows += [Row(line) for line in lines[2:]]  # past the header and separator
    return rows


def load_cases() -> list[dict[str, Any]]:
    return json.loads(CASES_FILE.read_text(encoding="utf-8"))


def verdict_outcome(verdict: str) -> str:
    """The outcome id a verdict on the page names.

    A verdict leads with what to do now and may go on with a condition or a later
    step ("Prompt ... first; fine-tune if ...", "Fine-tune, after a prompt baseline"),
    so only its lead counts: the text before the first ``;``, ``:``, ``(``, or
    `` if ``/`` then ``/`` after ``. A lead that names both retrieval and
    fine-tuning ("Fine-tune for the voice, retrieval for the facts") means both.
    """
    lead = re.split(r"[;:(]| if | then | after ", verdict, maxsplit=1)[0].lower()
    retrieval = bool(re.search(r"\brag\b|retriev", lead))
    fine_tune = "fine-tune" in lead
    if "both" in lead or (retrieval and fine_tune):
        return "both"
    if "neither" in lead:
        return "neither"
    if fine_tune:
        return "fine_tune"
    if retrieval:
        return "rag"
    if "prompt" in lead:
        return "prompting"
    raise AssertionError(f"no outcome named in the verdict {verdict!r}")


ROWS = {row.situation: row for row in page_rows()}
CASES = {case["situation"]: case for case in load_cases()}


def test_the_page_has_twelve_cases_and_each_has_data() -> None:
    assert len(page_rows()) == 12 == len(ROWS), "twelve cases, no situation repeated"
    assert sorted(ROWS) == sorted(CASES), "every case on the page has data, and vice versa"
    ids = [case["id"] for case in load_cases()]
    assert len(ids) == len(set(ids)) == 12
    assert all(case["title"] and case["answers"] for case in load_cases())


@pytest.mark.parametrize("situation", sorted(CASES), ids=lambda s: CASES[s]["id"])
def test_the_table_reaches_the_verdict_the_page_states(situation: str) -> None:
    case, row = CASES[situation], ROWS[situation]
    assert diagnose(case["answers"]).outcome == verdict_outcome(row.verdict), (
        f"{case['id']}: the page says {row.verdict!r}"
    )


@pytest.mark.parametrize("situation", sorted(CASES), ids=lambda s: CASES[s]["id"])
def test_each_case_links_to_its_path_in_the_quiz(situation: str) -> None:
    case, row = CASES[situation], ROWS[situation]
    hrefs = [html.unescape(h) for h in re.findall(r'href="([^"]+)"', row.cells[2])]
    assert hrefs == [quiz_href(case["answers"], PAGE)]
    answers = parse_query(parse_qs(urlsplit(hrefs[0]).query)["answers"][0])
    assert answers == case["answers"]


@pytest.mark.parametrize(
    ("verdict", "expected"),
    [
        ("RAG with access filters", "rag"),
        ("Fine-tune, after a prompt baseline", "fine_tune"),
        ("Prompt with structured output first; fine-tune if compliance stays too low", "prompting"),
        ("Fine-tune for the voice, retrieval for the facts", "both"),
        ("Retrieval first (put definitions in the context); fine-tune only if needed", "rag"),
        ("Both: retrieve the current docs, fine-tune for conventions if prompts fail", "both"),
        ("Prompt first, then a retrieval-aware fine-tune", "prompting"),
        ("Neither yet: write the documents", "neither"),
    ],
)
def test_verdict_outcome_reads_the_lead_of_a_verdict(verdict: str, expected: str) -> None:
    assert verdict_outcome(verdict) == expected
    assert expected in {o.id for o in OUTCOMES}


def test_verdict_outcome_refuses_a_verdict_that_names_no_outcome() -> None:
    with pytest.raises(AssertionError, match="no outcome"):
        verdict_outcome("Think about it")
