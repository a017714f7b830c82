"""The measure, costs, evidence, FAQ and glossary pages: structure, citations, and
what their prose says about build-time output, checked against the code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from snippets.costs import CostInputs, calculate

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
PAGES = ["guide/measure.md", "guide/costs.md", "evidence.md", "faq.md", "glossary.md"]
ABBREVIATIONS = ROOT / "includes" / "abbreviations.md"


def read(page: str) -> str:
    return (DOCS / page).read_text(encoding="utf-8")


def body(page: str) -> str:
    return read(page).split("\n---\n", 1)[1]


def sections(page: str) -> dict[str, str]:
    """Level-2 headings of a page mapped to the text under them."""
    parts = re.split(r"^## (.+)$", body(page), flags=re.MULTILINE)
    return {parts[i].strip(): parts[i + 1] for i in range(1, len(parts), 2)}


@pytest.mark.parametrize("page", PAGES)
def test_front_matter_and_one_minute_summary_first(page: str) -> None:
    text = read(page)
    match = re.match(r"---\ntitle: (.+)\ndescription: (.+)\n---\n", text)
    assert match, f"{page}: front matter with title and description"
    assert len(match.group(2)) > 40
    blocks = [b.strip() for b in body(page).split("\n\n") if b.strip()]
    assert blocks[0].startswith("# "), f"{page}: a title heading first"
    assert blocks[1] == '!!! abstract "In one minute"', f"{page}: the summary comes next"


@pytest.mark.parametrize("page", PAGES)
def test_no_placeholders(page: str) -> None:
    lowered = read(page).lower()
    for phrase in ("coming soon", "todo", "tbd", "lorem", "in this article we will"):
        assert phrase not in lowered, f"{page}: {phrase!r}"


# --- evidence --------------------------------------------------------------

# Each study, and the figures this site quotes from it: every one was checked
# against the paper's abstract (see "How the figures were checked" on the page).
STUDIES = {
    "2312.05934": [],  # Ovadia et al.: no figures in the abstract, none quoted
    "2401.08406": ["over 6 percentage points", "about 5 points more", "47% to 72%"],
    "2403.10131": [],  # RAFT: no figures in the abstract, none quoted
    "2405.05904": ["rose linearly"],
    "2106.09685": ["10,000 times fewer trainable parameters", "3 times less"],
    "2305.14314": ["single 48 GB GPU", "99.3%", "24 hours"],
    "2005.11401": ["three open-domain"],
}
# 80% is this guide's own groundedness threshold (snippets/evaluate.py), not a study's.
ALLOWED_PERCENTS = {"47%", "72%", "99.3%", "80%"}


def test_evidence_cites_every_study_with_its_checked_figures() -> None:
    text = read("evidence.md")
    for arxiv_id, figures in STUDIES.items():
        assert f"[arXiv:{arxiv_id}](https://arxiv.org/abs/{arxiv_id})" in text
        for figure in figures:
            assert figure in text, f"{arxiv_id}: {figure!r}"


def test_evidence_quotes_no_unchecked_percentages() -> None:
    for page in ("evidence.md", "faq.md", "glossary.md"):
        assert set(re.findall(r"\d+(?:\.\d+)?%", read(page))) <= ALLOWED_PERCENTS, page


def test_each_study_has_setting_finding_limits() -> None:
    studies = re.split(r"^### ", body("evidence.md"), flags=re.MULTILINE)[1:]
    assert len(studies) == len(STUDIES)
    for study in studies:
        for part in ("**Setting.**", "**Finding.**", "**Limits.**", "arxiv.org/abs/"):
            assert part in study, f"{study.splitlines()[0]}: {part}"


def test_outside_figures_on_the_faq_cite_their_paper() -> None:
    text = read("faq.md")
    for figure, arxiv_id in (("10,000 times", "2106.09685"), ("3\ntimes less", "2106.09685")):
        paragraph = next(p for p in text.split("\n\n") if figure in p)
        assert f"arxiv.org/abs/{arxiv_id}" in paragraph


# --- FAQ -------------------------------------------------------------------

REQUIRED_QUESTIONS = [
    "Can fine-tuning teach the model our facts?",
    "Why not put everything in a long context?",
    "Does RAG leak documents across users?",
    "How much data does a fine-tune need?",
]


def test_faq_answers_the_required_questions_and_more_each_with_a_link() -> None:
    found = sections("faq.md")
    questions = [q for q in found if q.endswith("?")]
    for question in REQUIRED_QUESTIONS:
        assert question in questions
    assert len(questions) >= 10
    for question in questions:
        assert re.search(r"\]\((?!https?:)[^)]+\.md", found[question]), f"no guide link: {question}"


# --- glossary and tooltips ---------------------------------------------------

REQUIRED_TERMS = [
    "embedding",
    "chunk",
    "passage",
    "bm25",
    "tf-idf",
    "inverted index",
    "lora",
    "qlora",
    "context window",
    "grounding",
    "citation",
    "recall@k",
    "fine-tuning",
    "rag",
    "retrieval",
    "re-ranking",
    "vector database",
    "hallucination",
    "token",
    "few-shot prompt",
    "held-out set",
]


def glossary_terms() -> list[str]:
    """The defined terms (definition-list titles) of the glossary, lowercased."""
    lines = body("glossary.md").splitlines()
    return [
        lines[i].strip().lower()
        for i in range(len(lines) - 1)
        if lines[i + 1].startswith(":   ") and lines[i].strip()
    ]


def abbreviations() -> dict[str, str]:
    pattern = re.compile(r"^\*\[(.+?)\]: (.+)$")
    return dict(
        m.groups() for line in ABBREVIATIONS.read_text().splitlines() if (m := pattern.match(line))
    )


def test_glossary_defines_every_required_term() -> None:
    terms = " | ".join(glossary_terms())
    for term in REQUIRED_TERMS:
        assert term in terms, term


def test_every_tooltip_term_has_a_glossary_entry() -> None:
    terms = glossary_terms()
    tooltips = abbreviations()
    assert len(tooltips) >= 15
    for word in tooltips:
        stem = word.lower().rstrip("s")
        assert any(stem in term for term in terms), word


def test_tooltips_are_appended_to_every_page_and_not_built_as_a_page(built_site: Path) -> None:
    assert not (built_site / "includes").exists()
    html = (built_site / "guide" / "measure" / "index.html").read_text(encoding="utf-8")
    title = abbreviations()["recall@k"]
    assert f'<abbr title="{title}">recall@k</abbr>' in html
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert "<abbr title=" in home


# --- what the prose says about build-time output -----------------------------


def test_measure_page_stale_claims_hold() -> None:
    """guide/measure.md: stale documents leave recall and groundedness alone and fail
    the questions whose answer changed (the sentence's numbers are tested in
    tests/snippets/test_demos_measure.py)."""
    from snippets.demos.measure import report

    stale = report()["conditions"]["stale"]
    text = " ".join(read("guide/measure.md").split())
    assert "Recall and groundedness do not move" in text
    assert stale["recall_passage"].hits == stale["recall_passage"].n
    assert stale["grounded"].hits == stale["grounded"].n


def test_measure_page_summary_agrees_with_its_table() -> None:
    """The one-minute summary no longer calls low groundedness a knowledge gap: the
    table and snippets/gaps.py call it behaviour."""
    from snippets.gaps import diagnose_gap

    summary = sections("guide/measure.md")
    intro = body("guide/measure.md").split("## Why measure first")[0]
    assert "low groundedness is a knowledge gap" not in " ".join(intro.lower().split())
    assert "Low groundedness, and right facts in" in intro
    table = summary["Read the numbers in order"]
    assert (
        "| groundedness | the answer goes beyond, or against, the passages | behaviour |" in table
    )
    assert diagnose_gap(recall=1.0, groundedness=0.5).kind == "behaviour"


def test_costs_page_claims_hold() -> None:
    """guide/costs.md: the example values make retrieved context three times the
    prompt, RAG about twice the monthly cost of prompting, the small model less
    than half as slow, and the small model never pays back against prompting."""
    text = " ".join(read("guide/costs.md").split())
    defaults = CostInputs()
    assert "Four passages of 300 tokens add three times the prompt's own length" in text
    assert defaults.passages_per_query == 4 and defaults.tokens_per_passage == 300
    assert defaults.passages_per_query * defaults.tokens_per_passage == 3 * defaults.prompt_tokens
    result = calculate()
    rows = {row["key"]: row for row in result["rows"]}
    assert "RAG costs about twice as much a month as prompting alone" in text
    assert 1.7 < rows["rag"]["monthly"] / rows["prompt"]["monthly"] < 2.3
    assert "The small model answers in well under half the time" in text
    assert rows["fine_tuned"]["latency_ms"] < 0.45 * rows["prompt"]["latency_ms"]
    assert "so it never pays back there" in text
    assert result["break_even"][1]["payback_months"] is None
    assert "`data_preparation_cost` dominates the one-off column" in text
    assert defaults.data_preparation_cost > 0.9 * rows["fine_tuned"]["upfront"]
