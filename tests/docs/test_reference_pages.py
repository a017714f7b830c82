"""The measure, costs, evidence, FAQ and glossary pages: structure, citations, and
what their prose says about build-time output, checked against the code."""

from __future__ import annotations

import re
from pathlib import Path

from snippets.costs import CostInputs
from snippets.demos.costs import calculate

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
ABBREVIATIONS = ROOT / "includes" / "abbreviations.md"


def read(page: str) -> str:
    return (DOCS / page).read_text(encoding="utf-8")


def body(page: str) -> str:
    return read(page).split("\n---\n", 1)[1]


def sections(page: str) -> dict[str, str]:
    """Level-2 headings of a page mapped to the text under them."""
    parts = re.split(r"^## (.+)$", body(page), flags=re.MULTILINE)
    return {parts[i].strip(): parts[i + 1] for i in range(1, len(parts), 2)}


# --- evidence --------------------------------------------------------------

# Each study's section on the evidence page (its id, its link) and the figures the
# site quotes from it, each checked against the source named in the section
# ("abstract", "paper" or "the post"; see "How the figures were checked").
STUDIES = {
    "ovadia-2023": ("https://arxiv.org/abs/2312.05934", []),
    "gekhman-2024": ("https://arxiv.org/abs/2405.05904", ["rose linearly"]),
    "lewis-2020": ("https://arxiv.org/abs/2005.11401", ["three open-domain"]),
    "magesh-2024": ("https://arxiv.org/abs/2405.20362", ["between 17% and 33%"]),
    "li-2024": ("https://arxiv.org/abs/2407.16833", []),
    "anthropic-2024": (
        "https://www.anthropic.com/engineering/contextual-retrieval",
        ["200,000 tokens", "up to 90%", "top-20", "by 49%", "67%"],
    ),
    "balaguer-2024": (
        "https://arxiv.org/abs/2401.08406",
        ["over 6 percentage points", "about 5 points more", "from 47% to 72%"],
    ),
    "zhang-2024": ("https://arxiv.org/abs/2403.10131", []),
    "hu-2021": ("https://arxiv.org/abs/2106.09685", ["10,000 times fewer", "3 times less"]),
    "biderman-2024": ("https://arxiv.org/abs/2405.09673", ["about 100K pairs"]),
    "dettmers-2023": (
        "https://arxiv.org/abs/2305.14314",
        ["single 48 GB GPU", "99.3%", "24 hours"],
    ),
    "qi-2023": ("https://arxiv.org/abs/2310.03693", ["10 adversarial examples", "less than $0.20"]),
    "robertson-2009": (
        "https://doi.org/10.1561/1500000019",
        ["`k1 = 1.2, b = 0.75`", "`k1 = 1.5, b = 0.75`"],
    ),
}
EVIDENCE_PERCENTS = {"17%", "33%", "47%", "72%", "90%", "49%", "67%", "99.3%", "5.7%", "2.9%"}


def study_sections() -> dict[str, str]:
    """The evidence page's study sections (level 3), keyed by their explicit id."""
    parts = re.split(r"^### .*\{ #([a-z0-9-]+) \}$", body("evidence.md"), flags=re.MULTILINE)
    return {parts[i]: parts[i + 1].split("\n## ", 1)[0] for i in range(1, len(parts), 2)}


def test_evidence_has_one_section_per_study_with_its_source_and_figures() -> None:
    sections = study_sections()
    assert set(sections) == set(STUDIES)
    for study, (link, figures) in STUDIES.items():
        text = " ".join(sections[study].split())
        assert link in text, study
        for part in ("**Setting.**", "**Finding** (", "**Limits.**"):
            assert part in text, f"{study}: {part}"
        finding = text.split("**Finding** (", 1)[1].split("**Limits.**", 1)[0]
        assert re.match(r"\[[^\]]+\]\(https://", finding), f"{study}: the finding links its source"
        for figure in figures:
            assert figure in text, f"{study}: {figure!r}"


def test_evidence_keeps_the_old_section_ids(built_site: Path) -> None:
    """Links to the evidence page from before the explicit ids still land."""
    html = (built_site / "evidence" / "index.html").read_text(encoding="utf-8")
    for old in [
        "ovadia-et-al-2023-fine-tuning-or-retrieval-for-new-facts",
        "gekhman-et-al-2024-new-facts-in-fine-tuning-data-and-hallucination",
        "lewis-et-al-2020-the-original-rag",
        "balaguer-et-al-2024-an-agriculture-case-study",
        "zhang-et-al-2024-raft-fine-tuning-a-model-to-use-retrieval",
        "hu-et-al-2021-lora",
        "dettmers-et-al-2023-qlora",
        "knowledge-retrieval-against-fine-tuning",
        "both-together",
        "what-fine-tuning-costs",
        "what-the-studies-do-not-settle",
        "how-the-figures-were-checked",
        "fine-tuning-offers",
    ]:
        assert f'id="{old}"' in html, old


def test_the_fine_tuning_offers_are_dated_and_say_what_they_were_checked_against() -> None:
    section = body("evidence.md").split("{ #fine-tuning-offers }", 1)[1].split("\n## ", 1)[0]
    text = " ".join(section.split())
    assert re.search(r"\b\d{4}-\d{2}-\d{2}\b", text), "the list says when it was checked"
    offers = re.split(r"^- ", section, flags=re.MULTILINE)[1:]
    assert len(offers) >= 5
    for offer in offers:
        assert "*Status*:" in offer and "](https://" in offer, offer[:60]
        if "deprecated" not in offer:
            for part in ("*Methods*:", "*Examples*:", "*Costs more to run*:"):
                assert part in offer, f"{offer[:40]}: {part}"


def test_evidence_quotes_no_unchecked_percentages() -> None:
    assert set(re.findall(r"\d+(?:\.\d+)?%", read("evidence.md"))) <= EVIDENCE_PERCENTS
    for page in ("faq.md", "glossary.md"):
        assert re.findall(r"\d+(?:\.\d+)?%", read(page)) == [], (
            f"{page}: figures live on evidence.md"
        )


def test_faq_and_glossary_state_conclusions_and_link_the_evidence() -> None:
    for page in ("faq.md", "glossary.md"):
        text = read(page)
        assert "arxiv.org" not in text, page
        for _, figures in STUDIES.values():
            for figure in figures:
                assert figure not in text, f"{page}: {figure!r}"
    assert len(re.findall(r"\]\(evidence\.md#", read("faq.md"))) >= 4


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
    assert stale["recall_passage"].hits == stale["recall_passage"].n
    assert stale["grounded"].hits == stale["grounded"].n


def test_measure_page_summary_agrees_with_its_table() -> None:
    """The one-minute summary no longer calls low groundedness a knowledge gap: the
    table and snippets/gaps.py call it behaviour."""
    from snippets.gaps import diagnose_gap

    summary = sections("guide/measure.md")
    intro = body("guide/measure.md").split("## Why measure first")[0]
    assert "low groundedness is a knowledge gap" not in " ".join(intro.lower().split())
    rows = [
        [cell.strip() for cell in line.strip("|").split("|")]
        for line in summary["Read the numbers in order"].splitlines()
        if line.startswith("| ")
    ]
    groundedness = next(row for row in rows if row[0] == "groundedness")
    assert groundedness[1].startswith("behaviour")  # the table's kind of gap
    assert diagnose_gap(recall=1.0, groundedness=0.5).kind == "behaviour"


def test_costs_page_claims_hold() -> None:
    """guide/costs.md: the illustrative defaults make retrieved context three times
    the prompt, RAG about twice the monthly cost of prompting, the small model less
    than half as slow, and the small model never pays back against prompting.
    The page's numbers and the code's are checked, not its sentences."""
    text = " ".join(read("guide/costs.md").split())
    defaults = CostInputs()
    # The numbers the bullets state are the defaults' ("four passages of 300 tokens").
    assert re.search(r"\b[Ff]our passages of 300 tokens\b", text)
    assert defaults.passages_per_query == 4 and defaults.tokens_per_passage == 300
    assert defaults.passages_per_query * defaults.tokens_per_passage == 3 * defaults.prompt_tokens
    result = calculate()
    rows = {row["key"]: row for row in result["rows"]}
    assert 1.7 < rows["rag"]["monthly"] / rows["prompt"]["monthly"] < 2.3  # "about twice"
    assert rows["fine_tuned"]["latency_ms"] < 0.45 * rows["prompt"]["latency_ms"]
    assert result["break_even"][1]["payback_months"] is None  # never, against prompting
    assert "`data_preparation_cost`" in text  # the field the page names is a real one
    assert hasattr(defaults, "data_preparation_cost")
    assert defaults.data_preparation_cost > 0.9 * rows["fine_tuned"]["upfront"]
    assert "illustrative" in text.split("## What the model counts", 1)[0], "defaults marked"


def test_costs_page_states_the_size_of_python_it_loads() -> None:
    """guide/costs.md: "about N MB" is the size of the Pyodide runtime files the site ships."""
    from overrides.hooks.pyodide_assets import NPM_PYODIDE, RUNTIME_FILES

    stated = re.search(r"about\s+(\d+)\s+MB", " ".join(read("guide/costs.md").split()))
    assert stated, "the page says how much Python it loads"
    megabytes = sum((NPM_PYODIDE / name).stat().st_size for name in RUNTIME_FILES) / 1e6
    assert round(megabytes) == int(stated.group(1))
