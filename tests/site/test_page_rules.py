"""The rules every page of the site keeps, checked in one place for every nav page.

- **Front matter**: a ``title`` (5 characters or more) and a ``description`` (40 or
  more: it is the search result, the link preview and the ``llms.txt`` entry).
- **Shape**: the page opens with its H1; an ``!!! abstract "In one minute"`` box
  comes right after it when, and only when, the page's prose is longer than
  1,200 words (about six minutes of reading); shorter pages open with a lead
  paragraph.
- **No placeholders**: no "coming soon", "TODO", "TBD", "lorem".
- **Page code stays small**: an ``exec="on"`` block that hides its source (it
  prints HTML or Markdown the reader sees as a result) is at most 15 lines; more
  belongs in a file a test imports (DESIGN.md, "Layers").
- **Citations**: a paragraph, list item, table row or definition that states a
  percentage (``17%``, ``6 percentage points``), a price (``$0.20``, ``29 euros``)
  or a count of examples (``10 examples``, ``30 labelled questions``) links, in
  the same paragraph, to the evidence page, to an outside source (an ``http(s)``
  link, or a footnote whose note holds one) or to the code that computed it (the
  Snippets API), or says "illustrative". Fenced code and build-time output are
  exempt.
- **Sections used**: every ``# --8<-- [start:name]`` marker in ``snippets/`` is
  included by some page, and every include names a marker that exists.

Each rule is a function checked on every page here and, below, on made-up pages
that break it, so none can pass vacuously. A page another issue is rewriting may
be listed in ``PENDING`` with the rule it fails and whose fix it is; a pending
page that passes fails until its line is removed, so the list cannot go stale.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest

from overrides.hooks.llmstxt_sections import nav_pages
from tests.site.test_repo_hygiene import load_yaml

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
SUMMARY_BOX = '!!! abstract "In one minute"'
SUMMARY_BOX_ABOVE_WORDS = 1_200
HIDDEN_EXEC_MAX_LINES = 15

# (page, rule) -> why it fails today and whose fix it is.
PENDING: dict[tuple[str, str], str] = {}
# Pages a rule does not apply to, and why.
EXEMPT: dict[tuple[str, str], str] = {}


def pages() -> list[str]:
    config = load_yaml(ROOT / "mkdocs.yml")
    return nav_pages(config["nav"])


def read(page: str) -> str:
    return (DOCS / page).read_text(encoding="utf-8")


def built(site: Path, page: str) -> str:
    stem = page.removesuffix(".md").removesuffix("index")
    return (site / stem / "index.html").read_text(encoding="utf-8")


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """The YAML front matter (``{}`` if none) and the rest of a page."""
    import yaml

    match = re.match(r"---\r?\n(.*?)\r?\n---\r?\n", text, re.S)
    if not match:
        return {}, text
    meta = yaml.safe_load(match.group(1))
    return (meta if isinstance(meta, dict) else {}), text[match.end() :]


def prose_words(page_html: str) -> int:
    """Reader-facing words of a built page: the article without code, SVG,
    scripts or form fields (the measure of the summary-box rule)."""
    article = re.search(r"<article[^>]*>(.*)</article>", page_html, re.S)
    if not article:
        return 0
    text = re.sub(
        r"<(pre|script|style|svg|textarea|select|code)[\s\S]*?</\1>", " ", article.group(1)
    )
    return len(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


# --- the rules: each returns what is wrong, one line per problem -------------------


def front_matter_problems(text: str) -> list[str]:
    meta, _ = split_front_matter(text)
    problems = []
    for key, shortest in (("title", 5), ("description", 40)):
        value = meta.get(key)
        if not isinstance(value, str) or len(value.strip()) < shortest:
            problems.append(f"front matter needs a {key} of {shortest}+ characters")
    return problems


def shape_problems(text: str, words: int) -> list[str]:
    _, body = split_front_matter(text)
    lines = [line for line in body.splitlines() if line.strip()]
    if not lines or not lines[0].startswith("# "):
        return ["the page does not open with its H1"]
    boxed = SUMMARY_BOX in body
    problems = []
    if boxed != (words > SUMMARY_BOX_ABOVE_WORDS):
        want = "needs" if words > SUMMARY_BOX_ABOVE_WORDS else "must not have"
        problems.append(f"{words} words of prose: the page {want} an {SUMMARY_BOX} box")
    if boxed and (lines[1] != SUMMARY_BOX or not lines[2].startswith("    ")):
        problems.append("the summary box must come right after the H1, with content")
    return problems


PLACEHOLDERS = re.compile(r"coming soon|\btodo\b|\btbd\b|lorem ipsum|in this article we will", re.I)


def placeholder_problems(text: str) -> list[str]:
    return [f"placeholder {m.group(0)!r}" for m in PLACEHOLDERS.finditer(text)]


EXEC_FENCE = re.compile(r"^(`{3,})python exec=\"on\"([^\n]*)\n(.*?)^\1\s*$", re.M | re.S)


def exec_block_problems(text: str) -> list[str]:
    problems = []
    for match in EXEC_FENCE.finditer(text):
        lines = len(match.group(3).rstrip("\n").splitlines())
        if "source=" not in match.group(2) and lines > HIDDEN_EXEC_MAX_LINES:
            line = text[: match.start()].count("\n") + 1
            problems.append(
                f"line {line}: an exec block of {lines} lines with its source hidden: "
                "move the code into a file a test imports (snippets/demos/ for demo glue)"
            )
    return problems


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
    r"\]\((?:https?://|[^)\s]*evidence\.md|[^)\s]*reference/api(?:\.md|/\w+\.md))"  # Markdown
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


def citation_problems(text: str) -> list[str]:
    return uncited(text)


RULES = ("front matter", "shape", "placeholders", "exec blocks", "citations")


def problems_of(page: str, rule: str, site: Path | None) -> list[str]:
    text = read(page)
    if rule == "front matter":
        return front_matter_problems(text)
    if rule == "shape":
        assert site is not None
        return shape_problems(text, prose_words(built(site, page)))
    if rule == "placeholders":
        return placeholder_problems(text)
    if rule == "exec blocks":
        return exec_block_problems(text)
    return citation_problems(text)


CASES = [
    pytest.param(page, rule, id=f"{page}-{rule}")
    for page in pages()
    for rule in RULES
    if (page, rule) not in EXEMPT
]


@pytest.mark.parametrize(("page", "rule"), CASES)
def test_every_page_keeps_the_rule(page: str, rule: str, request: pytest.FixtureRequest) -> None:
    site = request.getfixturevalue("built_site") if rule == "shape" else None
    found = problems_of(page, rule, site)
    if (page, rule) in PENDING:
        assert found, f"{page} passes {rule!r} now: remove it from PENDING"
        pytest.xfail(PENDING[(page, rule)])
    assert found == [], f"{page}:\n" + "\n".join(found)


def test_pending_and_exempt_name_real_pages_and_rules() -> None:
    for page, rule in [*PENDING, *EXEMPT]:
        assert page in pages() and rule in RULES, (page, rule)


# --- sections: every marker is included, every include has its marker ---------------

MARKER = re.compile(r"^\s*(?:#|<!--)\s*--8<-- \[start:([\w-]+)\]", re.M)
INCLUDE = re.compile(r'--8<-- "([^":]+):([\w-]+)"')


def section_problems(root: Path) -> list[str]:
    sources = [*sorted((root / "snippets").rglob("*.py")), root / "CONTRIBUTING.md"]
    markers = {
        (path.relative_to(root).as_posix(), name)
        for path in sources
        if path.is_file()
        for name in MARKER.findall(path.read_text(encoding="utf-8"))
    }
    includes = {
        (source, name)
        for folder in ("docs", "includes")
        for page in sorted((root / folder).rglob("*.md"))
        for source, name in INCLUDE.findall(page.read_text(encoding="utf-8"))
    }
    problems = [
        f"{path}: section {name!r} is included by no page"
        for path, name in sorted(markers - includes)
    ]
    problems += [
        f"a page includes {path}:{name}, which has no such section"
        for path, name in sorted(includes - markers)
    ]
    return problems


def test_every_section_marker_is_included_and_every_include_exists() -> None:
    assert section_problems(ROOT) == []


def test_section_rule_catches_an_unused_marker_and_a_missing_one(tmp_path: Path) -> None:
    (tmp_path / "snippets").mkdir()
    (tmp_path / "docs").mkdir()
    (tmp_path / "snippets" / "a.py").write_text(
        "# --8<-- [start:used]\nx = 1\n# --8<-- [end:used]\n"
        "    # --8<-- [start:spare]\n    y = 2\n    # --8<-- [end:spare]\n"
        '"""Write `# --8<-- [start:name]` ... to mark a part."""\n'
    )
    (tmp_path / "docs" / "p.md").write_text(
        '--8<-- "snippets/a.py:used"\n--8<-- "snippets/a.py:gone"\n'
    )
    assert section_problems(tmp_path) == [
        "snippets/a.py: section 'spare' is included by no page",
        "a page includes snippets/a.py:gone, which has no such section",
    ]


# --- each rule catches what it is for ----------------------------------------------


def test_front_matter_rule() -> None:
    good = "---\ntitle: A good title\ndescription: " + "d" * 40 + "\n---\n# T\n"
    assert front_matter_problems(good) == []
    assert front_matter_problems("---\ntitle: Tiny\n---\n# T\n") == [
        "front matter needs a title of 5+ characters",
        "front matter needs a description of 40+ characters",
    ]
    assert len(front_matter_problems("# No front matter\n")) == 2


def test_shape_rule() -> None:
    boxed = f"---\ntitle: T\n---\n# Title\n\n{SUMMARY_BOX}\n\n    The answer.\n\nMore.\n"
    plain = "---\ntitle: T\n---\n# Title\n\nA lead paragraph.\n"
    assert shape_problems(boxed, 1_500) == [] and shape_problems(plain, 900) == []
    assert shape_problems(boxed, 900) == [
        f"900 words of prose: the page must not have an {SUMMARY_BOX} box"
    ]
    assert shape_problems(plain, 1_500) == [
        f"1500 words of prose: the page needs an {SUMMARY_BOX} box"
    ]
    late = f"# Title\n\nFirst.\n\n{SUMMARY_BOX}\n\n    The answer.\n"
    assert shape_problems(late, 1_500) == [
        "the summary box must come right after the H1, with content"
    ]
    assert shape_problems("Intro.\n\n# Title\n", 10) == ["the page does not open with its H1"]


def test_prose_words_leave_code_and_forms_out() -> None:
    page = (
        "<article><h1>Two words</h1><pre>not counted</pre><p>three more &amp; words</p>"
        "<textarea>no</textarea><svg><text>no</text></svg></article>"
    )
    assert prose_words(page) == 6
    assert prose_words("<p>no article</p>") == 0


def test_placeholder_rule() -> None:
    assert placeholder_problems("Real text about todos and stubs.") == []
    assert len(placeholder_problems("Coming soon: TODO, TBD.")) == 3


def test_exec_block_rule() -> None:
    short = '```python exec="on" html="on"\n' + "x = 1\n" * 15 + "```\n"
    long = '```python exec="on" html="on"\n' + "x = 1\n" * 16 + "```\n"
    shown = '```python exec="on" source="tabbed-right"\n' + "x = 1\n" * 30 + "```\n"
    assert exec_block_problems(short) == [] and exec_block_problems(shown) == []
    assert [p.split(":")[0] for p in exec_block_problems("Text.\n\n" + long)] == ["line 3"]


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
        "Its threshold, 80%, is in [`rate`](../reference/api/evaluate.md#snippets.evaluate.rate).",
        "Intervals of 95% come from [the Snippets API](reference/api.md).",
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
