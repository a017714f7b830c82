"""The home page and the five guide pages (docs/index.md, docs/guide/{approaches,
knowledge,behaviour,quick-test,both}.md): their structure, their citations, and
what their prose says about build-time output, checked against the code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from snippets.tfidf import TfidfIndex, tokenize

DOCS = Path(__file__).resolve().parents[2] / "docs"
PAGES = [
    "index.md",
    "guide/approaches.md",
    "guide/knowledge.md",
    "guide/behaviour.md",
    "guide/quick-test.md",
    "guide/both.md",
]

# The studies these pages may cite: arXiv id -> (first author, year). Each figure
# quoted from them was checked against the paper's abstract.
CITED = {
    "2005.11401": ("Lewis", "2020"),
    "2312.05934": ("Ovadia", "2023"),
    "2405.05904": ("Gekhman", "2024"),
    "2106.09685": ("Hu", "2021"),
    "2305.14314": ("Dettmers", "2023"),
    "2403.10131": ("Zhang", "2024"),
    "2401.08406": ("Balaguer", "2024"),
}

# A figure from a study may only appear in a paragraph that links that study.
FIGURES = {
    "10,000 times": "2106.09685",
    "3 times less GPU memory": "2106.09685",
    "65-billion-parameter": "2305.14314",
    "48 GB": "2305.14314",
    "6 percentage points": "2401.08406",
    "about 5 more": "2401.08406",
    "47%": "2401.08406",
    "72%": "2401.08406",
    "three open-domain": "2005.11401",
}

# Other pages (the decision page, helper "decide") link to these headings.
HEADINGS = {
    "guide/approaches.md": ["Retrieval-augmented generation", "Fine-tuning", "Side by side"],
    "guide/knowledge.md": [
        "Your documents, not the model's memory",
        "Facts that change",
        "Citations",
        "Per-user permissions",
        "What retrieval does not fix",
    ],
    "guide/behaviour.md": [
        "Output format and structure",
        "Tone and voice",
        "A narrow task at high volume",
        "A smaller, cheaper model",
        "What a fine-tune costs you",
        "When fine-tuning is wasted",
    ],
    "guide/quick-test.md": ["The question to ask", "Worked examples", "Borderline cases"],
    "guide/both.md": [
        "Prompting and retrieval first",
        "When to add a fine-tune",
        "Retrieval-aware fine-tuning",
        "The wrong order",
    ],
}

ARXIV_LINK = re.compile(r"\[([^\]]*)\]\(https://arxiv\.org/abs/([^)\s]+)\)")


def read(page: str) -> str:
    return (DOCS / page).read_text(encoding="utf-8")


def split_front_matter(text: str) -> tuple[dict[str, object], str]:
    match = re.match(r"---\n(.*?)\n---\n", text, re.S)
    assert match, "page must start with YAML front matter"
    meta = yaml.safe_load(match.group(1))
    assert isinstance(meta, dict)
    return meta, text[match.end() :]


def paragraphs(text: str) -> list[str]:
    return [p for p in re.split(r"\n\s*\n", text) if p.strip()]


@pytest.mark.parametrize("page", PAGES)
def test_front_matter_has_title_and_description(page: str) -> None:
    meta, _ = split_front_matter(read(page))
    for key in ("title", "description"):
        value = meta.get(key)
        assert isinstance(value, str) and len(value.strip()) > 10, f"{page}: {key}"


@pytest.mark.parametrize("page", PAGES)
def test_in_one_minute_abstract_comes_first(page: str) -> None:
    _, body = split_front_matter(read(page))
    lines = [line for line in body.splitlines() if line.strip()]
    assert lines[0].startswith("# "), f"{page}: the page opens with its H1"
    assert lines[1] == '!!! abstract "In one minute"', f"{page}: abstract right after H1"
    assert lines[2].startswith("    "), f"{page}: the abstract has content"


@pytest.mark.parametrize("page", sorted(HEADINGS))
def test_linked_headings_exist(page: str) -> None:
    found = re.findall(r"^## (.+)$", read(page), re.M)
    for heading in HEADINGS[page]:
        assert heading in found, f"{page}: '## {heading}' is a link target"


def test_the_triage_subsection_other_pages_link_to_exists() -> None:
    """snippets/decide.py and guide/behaviour.md link to
    guide/knowledge.md#how-to-tell-which-one-you-have."""
    assert "\n### How to tell which one you have\n" in read("guide/knowledge.md")


@pytest.mark.parametrize("page", PAGES)
def test_arxiv_links_have_the_expected_id_author_and_year(page: str) -> None:
    text = read(page)
    assert text.count("arxiv.org/abs/") == len(ARXIV_LINK.findall(text)), (
        f"{page}: every arXiv URL is a Markdown link with text"
    )
    for label, arxiv_id in ARXIV_LINK.findall(text):
        assert arxiv_id in CITED, f"{page}: unexpected arXiv id {arxiv_id}"
        author, year = CITED[arxiv_id]
        assert author in label and year in label, f"{page}: {label!r} -> {arxiv_id}"
        assert f"arXiv:{arxiv_id}" in label, f"{page}: the label names the id it links"


@pytest.mark.parametrize("page", PAGES)
def test_outside_figures_sit_next_to_their_source(page: str) -> None:
    for paragraph in paragraphs(read(page)):
        for figure, arxiv_id in FIGURES.items():
            if figure in paragraph:
                assert f"arxiv.org/abs/{arxiv_id}" in paragraph, (
                    f"{page}: '{figure}' without a link to arXiv:{arxiv_id}"
                )


def test_each_study_in_the_brief_is_cited_where_it_belongs() -> None:
    expect = {
        "guide/approaches.md": ["2106.09685", "2305.14314", "2005.11401"],
        "guide/knowledge.md": ["2005.11401", "2312.05934"],
        "guide/behaviour.md": ["2405.05904"],
        "guide/both.md": ["2403.10131", "2401.08406"],
    }
    for page, ids in expect.items():
        cited = {arxiv_id for _, arxiv_id in ARXIV_LINK.findall(read(page))}
        assert set(ids) <= cited, page


def test_svg_diagrams_have_a_text_alternative_and_follow_the_theme() -> None:
    text = read("guide/approaches.md")
    svgs = re.findall(r"<svg\b.*?</svg>", text, re.S)
    assert len(svgs) == 2
    for svg in svgs:
        opening = svg.split(">", 1)[0]
        assert 'role="img"' in opening
        ids = re.search(r'aria-labelledby="([^"]+)"', opening)
        assert ids, "the SVG is labelled by its title and description"
        for element_id in ids.group(1).split():
            assert re.search(rf'<(title|desc) id="{element_id}">[^<]{{10,}}</\1>', svg)
        # Colours come from CSS (Material variables, currentColor), never hard-coded,
        # so the diagrams read in the light and the dark scheme.
        assert not re.search(r'(fill|stroke|color)="(#|rgb|black|white)', svg)
    css = (DOCS / "assets" / "css" / "guide.css").read_text(encoding="utf-8")
    assert "currentColor" in css and "var(--md-default-fg-color)" in css


def table_rows(text: str, heading: str) -> list[str]:
    section = text.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ")]
    return rows[2:]  # header and separator


def test_home_page_counts_the_quick_test_cases_right() -> None:
    text = read("guide/quick-test.md")
    cases = table_rows(text, "Worked examples") + table_rows(text, "Borderline cases")
    assert len(cases) == 12
    assert "[Twelve cases worked through](guide/quick-test.md)" in read("index.md")
    assert all(line.count(" | ") == 3 for line in cases), "four columns per case"


def test_home_page_has_the_three_doors() -> None:
    text = read("index.md")
    for door, targets in {
        "Decide for my problem": ["decide/index.md"],
        "See it run": ["rag.md", "demos/rag.md", "finetune.md"],
        "Copy the code": ["reference/snippets.md", "reference/api.md"],
    }.items():
        card = text.split(f"**{door}**", 1)[1].split("\n-   **", 1)[0]
        for target in targets:
            assert f"]({target})" in card, f"{door} links {target}"


# docs/guide/knowledge.md, "Facts that change"
PRICE_TEXTS = [
    "Team plan: 12 euros per seat per month, billed annually.",
    "Annual subscriptions are refunded in full within 30 days of purchase.",
    "Customer data is stored in Frankfurt and encrypted at rest with AES-256.",
]
PRICE_EDIT = "Team plan: 14 euros per seat per month, billed annually."
PRICE_QUESTION = "How much is a Team seat per month?"

# docs/guide/knowledge.md, "What retrieval does not fix"
REFUND_PASSAGES = [
    "Annual subscriptions are refunded in full within 30 days of the purchase date.",
    "Monthly subscriptions are not refunded for the current month.",
    "Cancelling stops the next charge; the workspace stays active until the end of the paid month.",
    "Seats added in the middle of a billing period are refunded only when removed within 7 days.",
    "Invoices can be exported as CSV or PDF from the billing settings.",
]
POLICY_WORDS = "Are annual subscriptions refunded?"
CUSTOMER_WORDS = "I bought a yearly plan last week. Can I get my money back?"


def test_knowledge_page_runs_the_texts_this_test_checks() -> None:
    text = read("guide/knowledge.md")
    for quoted in [*PRICE_TEXTS, PRICE_EDIT, PRICE_QUESTION, *REFUND_PASSAGES]:
        assert f'"{quoted}"' in text
    assert f'"{POLICY_WORDS}"' in text and f'"{CUSTOMER_WORDS}"' in text


def test_an_edit_is_found_at_once_without_retraining() -> None:
    """'The same question finds the same passage, and that passage now carries the
    new price.'"""
    index = TfidfIndex(PRICE_TEXTS)
    (before, _), *_ = index.search(PRICE_QUESTION, k=1)
    index.replace(0, PRICE_EDIT)
    (after, _), *_ = index.search(PRICE_QUESTION, k=1)
    assert before == after == 0
    assert "12 euros" in PRICE_TEXTS[before] and "14 euros" in PRICE_EDIT


def test_the_customer_phrasing_misses_the_answer() -> None:
    """'Asked in the policy's own words, the question finds the annual-refund passage
    first. Asked the way a customer would put it, it shares no meaningful word with
    that passage: the only hit is the invoice passage, on the word "can".'"""
    index = TfidfIndex(REFUND_PASSAGES)
    assert index.search(POLICY_WORDS, k=3)[0][0] == 0
    missed = index.search(CUSTOMER_WORDS, k=3)
    assert [position for position, _ in missed] == [4]
    assert set(tokenize(CUSTOMER_WORDS)) & set(tokenize(REFUND_PASSAGES[4])) == {"can"}
    assert set(tokenize(CUSTOMER_WORDS)) & set(tokenize(REFUND_PASSAGES[0])) == set()


def test_build_time_output_is_rendered_as_tables(built_site: Path) -> None:
    """The exec fences on the knowledge page print Markdown that becomes HTML tables
    (not code blocks), with the results the tests above check."""
    html = (built_site / "guide" / "knowledge" / "index.html").read_text(encoding="utf-8")
    assert f"<td>{PRICE_EDIT}</td>" in html
    assert f"<td>{PRICE_TEXTS[0]}</td>" in html
    assert f"1. {REFUND_PASSAGES[4]} (0.30)" in html


def test_the_prompt_example_quotes_the_demo_documents() -> None:
    """docs/guide/approaches.md, "What the model receives": the passages in the
    example prompt are the demo knowledge base's own text, word for word."""
    page = read("guide/approaches.md")
    section = page.split("### What the model receives\n", 1)[1].split("\n## ", 1)[0]
    refunds = (DOCS.parent / "snippets" / "data" / "kb" / "refunds.md").read_text(encoding="utf-8")
    quoted = re.findall(r"^    \[\d\] .+\n    (.+)$", section, re.M)
    assert len(quoted) == 2
    for passage in quoted:
        assert passage in refunds.splitlines()


def test_the_training_example_is_valid_output_for_the_ticket_task() -> None:
    """The fine-tuning example's target is a valid record for the ticket task that
    docs/finetune.md measures (snippets.triage.valid_output)."""
    import json

    from snippets.triage import valid_output

    page = read("guide/approaches.md")
    fence = re.search(r"    ```json\n(.*?)    ```", page, re.S)
    assert fence
    example = json.loads(fence.group(1))
    roles = [message["role"] for message in example["messages"]]
    assert roles == ["user", "assistant"]
    assert valid_output(example["messages"][1]["content"])
