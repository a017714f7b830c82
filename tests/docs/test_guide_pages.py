"""The home page and the guide pages (docs/index.md, docs/guide/{approaches,
knowledge,behaviour,quick-test,both,costs}.md and the new guide pages): their
structure, the anchors other pages link to, where their figures live, the length
of the short path, and what their prose says about build-time output, checked
against the code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from snippets.tfidf import TfidfIndex, tokenize
from tests.site.pages import ids as page_ids
from tests.site.pages import parse
from tests.site.test_page_rules import prose_words

DOCS = Path(__file__).resolve().parents[2] / "docs"
PAGES = [
    "index.md",
    "guide/approaches.md",
    "guide/knowledge.md",
    "guide/behaviour.md",
    "guide/quick-test.md",
    "guide/both.md",
    "guide/costs.md",
    "rag.md",
    "rag-appendix.md",
    "production.md",
    "evidence.md",
    "faq.md",
    "glossary.md",
]

# The short path from the home page to a decision: the home page, the two
# diagnosis pages and the order. The issue asks for about 3,500 words (15 minutes).
SHORT_PATH = ["index.md", "guide/knowledge.md", "guide/behaviour.md", "guide/both.md"]
SHORT_PATH_WORDS = 3_800


# Figures from studies: they live on docs/evidence.md only; other pages state
# the conclusion and link to the study's section there.
STUDY_FIGURES = [
    "10,000 times",
    "3 times less",
    "65-billion",
    "65B",
    "48 GB",
    "6 percentage points",
    "about 5 points",
    "47%",
    "72%",
    "99.3%",
    "17%",
    "33%",
    "three open-domain",
    "$0.20",
    "200,000 tokens",
    "49%",
    "67%",
]

# Anchors other pages and issues link to (CONTRACTS.md): page -> ids.
ANCHORS = {
    "guide/approaches.md": ["retrieval-augmented-generation", "fine-tuning", "side-by-side"],
    "guide/knowledge.md": [
        "your-documents-not-the-models-memory",
        "facts-that-change",
        "citations",
        "per-user-permissions",
        "what-retrieval-does-not-fix",
        "how-to-tell-which-one-you-have",
        "whole-knowledge-base-in-the-prompt",
        "structured-facts-need-a-lookup",
        "the-honest-exceptions",
    ],
    "guide/behaviour.md": [
        "output-format-and-structure",
        "tone-and-voice",
        "a-narrow-task-at-high-volume",
        "a-smaller-cheaper-model",
        "what-a-fine-tune-costs-you",
        "when-fine-tuning-is-wasted",
        "structured-output-first",
        "templates-and-validators",
        "distil-or-route",
        "which-kind-of-fine-tune",
    ],
    "guide/quick-test.md": ["the-question-to-ask", "worked-examples", "borderline-cases"],
    "guide/both.md": [
        "prompting-and-retrieval-first",
        "how-the-layers-fit",
        "what-an-error-costs",
        "when-to-add-a-fine-tune",
        "retrieval-aware-fine-tuning",
        "the-wrong-order",
    ],
    "guide/costs.md": [
        "the-example-computed",
        "break-even-when-does-a-fine-tune-pay-back",
        "try-your-own-numbers",
    ],
    "production.md": ["better-retrieval-in-order", "the-next-step-that-runs-here", "after-launch"],
}

# Each guide page cites, through the evidence page, the studies its argument rests on.
EVIDENCE_LINKS = {
    "guide/approaches.md": ["lewis-2020", "hu-2021", "dettmers-2023"],
    "guide/knowledge.md": ["ovadia-2023", "anthropic-2024", "li-2024", "magesh-2024", "zhang-2024"],
    "guide/behaviour.md": ["gekhman-2024", "qi-2023", "biderman-2024", "fine-tuning-offers"],
    "guide/both.md": ["balaguer-2024", "zhang-2024", "gekhman-2024"],
}


def read(page: str) -> str:
    return (DOCS / page).read_text(encoding="utf-8")


def built(site: Path, page: str) -> str:
    stem = page.removesuffix(".md").removesuffix("index")
    return (site / stem / "index.html").read_text(encoding="utf-8")


def ids(page_html: str) -> set[str]:
    return page_ids(parse(page_html))


def test_the_short_path_is_linked_from_home_and_short(built_site: Path) -> None:
    home = read("index.md")
    section = home.split("## The short path\n", 1)[1].split("\n## ", 1)[0]
    for page in [*SHORT_PATH[1:], "decide/index.md"]:
        assert f"]({page})" in section, page
    words = sum(prose_words(built(built_site, page)) for page in SHORT_PATH)
    assert words <= SHORT_PATH_WORDS, f"the short path has {words} words"


@pytest.mark.parametrize("page", sorted(ANCHORS))
def test_anchors_other_pages_link_to_exist(page: str, built_site: Path) -> None:
    found = ids(built(built_site, page))
    assert set(ANCHORS[page]) <= found, sorted(set(ANCHORS[page]) - found)


@pytest.mark.parametrize("page", [p for p in PAGES if p != "evidence.md"])
def test_study_figures_live_on_the_evidence_page_only(page: str) -> None:
    text = " ".join(read(page).split())
    assert "arxiv.org" not in text, f"{page}: cite the evidence page, not the paper"
    for figure in STUDY_FIGURES:
        assert figure not in text, f"{page}: {figure!r} belongs on evidence.md"


def test_the_evidence_page_holds_the_figures_the_guide_moved_there() -> None:
    text = " ".join(read("evidence.md").split())
    for figure in ["10,000", "48 GB", "6 percentage points", "47%", "72%", "17%", "33%", "$0.20"]:
        assert figure in text, figure


@pytest.mark.parametrize("page", sorted(EVIDENCE_LINKS))
def test_each_page_cites_the_studies_it_rests_on(page: str) -> None:
    cited = set(re.findall(r"\]\(\.\./evidence\.md#([a-z0-9-]+)\)", read(page)))
    assert set(EVIDENCE_LINKS[page]) <= cited, sorted(set(EVIDENCE_LINKS[page]) - cited)


def test_svg_diagrams_have_a_text_alternative_and_follow_the_theme() -> None:
    text = read("guide/approaches.md")
    svgs = re.findall(r"<svg\b.*?</svg>", text, re.S)
    assert len(svgs) == 2
    for svg in svgs:
        opening = svg.split(">", 1)[0]
        assert 'role="img"' in opening
        labels = re.search(r'aria-labelledby="([^"]+)"', opening)
        assert labels, "the SVG is labelled by its title and description"
        for element_id in labels.group(1).split():
            assert re.search(rf'<(title|desc) id="{element_id}">[^<]{{10,}}</\1>', svg)
        # Colours come from CSS (Material variables, currentColor), never hard-coded,
        # so the diagrams read in the light and the dark scheme.
        assert not re.search(r'(fill|stroke|color)="(#|rgb|black|white)', svg)
    css = (DOCS / "assets" / "css" / "guide.css").read_text(encoding="utf-8")
    assert "currentColor" in css and "var(--md-default-fg-color)" in css


def test_home_page_counts_the_quick_test_cases_right() -> None:
    """The quick test's tables are generated from its case data (issue 13); the home
    page's link to them gives their number."""
    from snippets.demos.decide_cases import load_cases

    cases = load_cases("quick_test")
    assert len(cases) == 12
    link = re.search(r"\[(\w+) cases[^\]]*\]\(guide/quick-test\.md\)", read("index.md"))
    assert link, "the home page links the quick test's cases"
    words = {"twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16}
    assert words.get(link.group(1).lower(), link.group(1)) in (len(cases), str(len(cases)))


def test_home_page_has_the_three_doors() -> None:
    """Three cards: one to decide, one to see it run, one to copy the code (the
    cards are found by their links, so their titles can change)."""
    grids = [g.split("</div>")[0] for g in read("index.md").split('<div class="grid cards"')[1:]]
    cards = [
        set(re.findall(r"\]\(([^)#]+)", card))
        for grid in grids
        for card in grid.split("\n-   **")[1:]
    ]
    assert len(cards) >= 3
    for targets in (
        {"decide/index.md"},
        {"rag.md", "demos/rag.md", "finetune.md"},
        {"reference/snippets.md", "reference/api.md"},
    ):
        assert any(targets <= card for card in cards), targets


def test_raft_is_described_with_its_withheld_document_examples() -> None:
    """RAFT keeps the answer as the target when the answering document is left
    out (the issue's fix): the guide's RAFT section and the study's section on the
    evidence page both say what happens to the withheld document, and the section
    cites the study. Checked by section and key term, not by sentence."""
    section = read("guide/both.md").split("## Retrieval-aware fine-tuning", 1)[1]
    section = " ".join(section.split("\n## ", 1)[0].split()).lower()
    assert "](../evidence.md#zhang-2024)" in section
    assert "withheld" in section or "left out" in section
    study = body_of_study("zhang-2024")
    assert "left out" in study or "withheld" in study


def body_of_study(ident: str) -> str:
    """The evidence page's section of one study, lowercased, blanks collapsed."""
    text = read("evidence.md").split(f"{{ #{ident} }}", 1)[1].split("\n### ", 1)[0]
    return " ".join(text.split()).lower()


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
