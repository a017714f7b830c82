"""Every figure on a page names where it comes from.

The rule (documented in CONTRIBUTING.md, "What the checks enforce"): a paragraph,
list item, table row or definition in the Markdown of a page that states

* a percentage (``17%``, ``17 percent``, ``6 percentage points``),
* a price (``$0.20``, ``29 euros``, ``USD 3``), or
* a count of examples (``10 examples``, ``hundreds of input/output pairs``,
  ``30 labelled questions``)

must, in the same paragraph, link to the evidence page, to an outside source
(an ``http(s)`` link, or a footnote whose note holds one), or to the code that
computed the figure (the Snippets API reference), or say "illustrative".
Fenced code is exempt, and with it every build-time output (``exec="on"``
blocks print what code computed).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs"

# Pages other issues own that state a figure without a citation today. The rule is
# the same for them; each line says what fails and whose fix it is. When a page here
# passes, test_pending_pages_still_fail fails until its line is removed.
PENDING = {
    # demo page (issues 17/14): "from 32 to 35 euros" in "Things to try" (say the
    # prices are the demo's made-up ones, e.g. "illustrative", or link the data)
    "demos/rag.md",
}

NUMBER = (
    r"(?:\d[\d,.]*|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundreds?|"
    r"thousands?|dozens?|millions?)"
)
FIGURES = {
    "percentage": re.compile(r"\d\s?%|\bper\s?cent\b|\bpercentage points?\b", re.I),
    "price": re.compile(
        r"[$€£¥]\s?\d|\b\d[\d,.]*\s?(?:euros?|dollars?|cents?|usd|eur|gbp)\b|\b(?:usd|eur|gbp)\s?\d",
        re.I,
    ),
    "count of examples": re.compile(
        rf"\b{NUMBER}\s+(?:of\s+)?(?:[\w/-]+\s+){{0,2}}?"
        r"(?:examples|pairs|demonstrations|labell?ed\s+(?:questions|items|answers|tickets))\b",
        re.I,
    ),
}
CITATION = re.compile(
    r"\]\((?:https?://|[^)\s]*evidence\.md|[^)\s]*reference/api\.md)"  # Markdown links
    r"|<https?://"  # autolinks
    r"|href=\"(?:https?://|[^\"]*evidence/|[^\"]*reference/api/)"  # HTML links
    r"|\billustrative\b",
    re.I,
)


def units(markdown: str) -> list[tuple[int, str]]:
    """The paragraphs, list items, table rows and definitions of a page, with the
    line each starts on; fenced code, front matter other than the description,
    and inline SVG are left out."""
    lines = markdown.split("\n")
    keep: list[str] = []
    fence: str | None = None
    in_front_matter = lines[:1] == ["---"]
    for number, line in enumerate(lines):
        stripped = line.strip()
        if in_front_matter:
            if number > 0 and stripped == "---":
                in_front_matter = False
                keep.append("")
            else:  # the description is reader-facing (search results, llms.txt)
                keep.append(line if line.startswith("description:") else "")
            continue
        opener = re.match(r"(`{3,}|~{3,})", stripped)
        if fence is None and opener:
            fence = opener.group(1)
            keep.append("")
        elif fence is not None:
            if stripped.startswith(fence) and stripped.strip("`~") == "":
                fence = None
            keep.append("")
        else:
            keep.append(line)
    text = re.sub(
        r"<svg\b.*?</svg>", lambda m: "\n" * m.group(0).count("\n"), "\n".join(keep), flags=re.S
    )
    found: list[tuple[int, str]] = []
    current: list[str] = []
    start = 0

    def flush() -> None:
        if any(part.strip() for part in current):
            found.append((start + 1, "\n".join(current)))
        current.clear()

    for number, line in enumerate(text.split("\n")):
        stripped = line.strip()
        new_item = bool(re.match(r"(?:[-*+]|\d+\.|:)\s", stripped)) or stripped.startswith("|")
        if not stripped:
            flush()
            continue
        if new_item or not current:
            flush()
            start = number
        current.append(line)
    flush()
    return found


def footnotes_with_sources(markdown: str) -> set[str]:
    return set(re.findall(r"^\[\^([^\]]+)\]:.*https?://", markdown, re.M))


def uncited(markdown: str) -> list[str]:
    """Each unit that states a figure without a citation, as 'line N: kind: text'."""
    sourced = footnotes_with_sources(markdown)
    problems = []
    for line, unit in units(markdown):
        text = re.sub(r"`[^`\n]*`", "", unit)  # inline code is code
        kinds = [kind for kind, pattern in FIGURES.items() if pattern.search(text)]
        if not kinds or CITATION.search(text):
            continue
        if any(note in sourced for note in re.findall(r"\[\^([^\]]+)\]", text)):
            continue
        problems.append(f"line {line}: {', '.join(kinds)}: {' '.join(text.split())[:160]}")
    return problems


def pages() -> list[str]:
    found = [p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md")]
    return sorted(p for p in found if not p.startswith("_"))


@pytest.mark.parametrize("page", [p for p in pages() if p not in PENDING])
def test_every_figure_on_the_page_is_cited_or_marked_illustrative(page: str) -> None:
    problems = uncited((DOCS / page).read_text(encoding="utf-8"))
    assert problems == [], f"{page}:\n" + "\n".join(problems)


@pytest.mark.parametrize("page", sorted(PENDING))
def test_pending_pages_still_fail(page: str) -> None:
    """A pending page that passes leaves the list, so the list cannot go stale."""
    assert (DOCS / page).is_file(), f"{page} is gone: remove it from PENDING"
    assert uncited((DOCS / page).read_text(encoding="utf-8")), (
        f"{page} passes: remove it from PENDING"
    )


def test_the_rule_fails_on_each_kind_of_uncited_figure() -> None:
    flagged = [
        "Hallucinated in 17% of answers.",
        "Less than $0.20 in training.",
        "The plan costs 29 euros a seat.",
        "Hundreds to thousands of input/output pairs.",
        "Write down 30 labelled questions.",
        "- A list item with ten examples in the prompt.",
        "| a row | with 6 percentage points |",
        "Term\n:   A definition that costs USD 3.",
        "[x](../guide/knowledge.md) is a link, but not a citation: 5% here.",
        "A footnote without a source[^a]: 40%.\n\n[^a]: A note with no link.",
        "---\ntitle: T\ndescription: Fine-tuning needs 50 examples.\n---\n# T",
    ]
    for markdown in flagged:
        assert len(uncited(markdown)) == 1, markdown


def test_the_rule_passes_cited_marked_and_code_figures() -> None:
    passing = [
        "Hallucinated in 17% of answers ([Magesh et al., 2024](https://arxiv.org/abs/2405.20362)).",
        "Under $0.20 ([evidence](evidence.md#qi-2023)).",
        "Tooltips [see](../evidence.md) say 10 examples.",
        "An illustrative 95 times in 100.",
        "BM25 is the default[^fts5], 40%.\n\n[^fts5]: SQLite. <https://www.sqlite.org/fts5.html>",
        "The threshold, 80%, is set in [`evaluate`](../reference/api.md#snippets.evaluate).",
        '<a href="https://example.org">source</a> says 50 examples.',
        "```python\nprint('29 euros, 17%, 10 examples')\n```",
        '```python exec="on"\nprint(f"{share:.0%} of 500 examples")\n```',
        "Use `50%` in code spans freely.",
        "One example of correct output, and a few examples in the prompt.",
        "Route 40,000 tickets a day to 12 queues.",
    ]
    for markdown in passing:
        assert uncited(markdown) == [], markdown


def test_units_split_paragraphs_items_rows_and_definitions() -> None:
    markdown = (
        "One\nparagraph.\n\n- item one\n- item two\n  continued\n\n| a |\n| b |\n\nTerm\n:   Def."
    )
    assert [text for _, text in units(markdown)] == [
        "One\nparagraph.",
        "- item one",
        "- item two\n  continued",
        "| a |",
        "| b |",
        "Term",
        ":   Def.",
    ]
