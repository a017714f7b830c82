"""The measure, costs, evidence, FAQ and glossary pages: structure, citations, and
what their prose says about build-time output, checked against the code; and the
Snippets API: an index with one row per lesson, and one generated page per lesson."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import yaml

from overrides.hooks import snippets_download as hook
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


# --- Snippets API: an index, and one page per lesson -------------------------


MADE_UP = {  # a made-up snippets/: two lessons, the package's __init__ and demo glue
    "__init__.py": '"""Not a lesson."""\n',
    "zeta.py": '"""Zeta: the last | one."""\n',
    "alpha.py": '"""Alpha turns ``{"a": 1}`` into "quotes": a #colon test.\n\nMore."""\n',
    "demos/show.py": '"""Glue."""\n',
}


def make_package(root: Path) -> Path:
    package = root / "snippets"
    for name, source in MADE_UP.items():
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_text(source, encoding="utf-8")
    return package


def front_matter(markdown: str) -> tuple[dict[str, str], str]:
    match = re.match(r"---\n(.*?)\n---\n", markdown, re.S)
    assert match, markdown[:80]
    return yaml.safe_load(match.group(1)), markdown[match.end() :]


def test_the_api_index_has_one_row_per_lesson_in_name_order(tmp_path: Path) -> None:
    package = make_package(tmp_path)
    index = hook.api_markdown(package)
    rows = re.findall(r"^\| \[(\w+)\]\(api/\1\.md\) \| (.*) \|$", index, re.M)
    assert rows == [  # the lessons, not __init__ or the demo glue
        ("alpha", 'Alpha turns ``{"a": 1}`` into "quotes": a #colon test.'),
        ("zeta", "Zeta: the last \\| one."),  # a | in a summary stays in its cell
    ]
    assert len(index.strip().splitlines()) == 2 + len(rows)  # a header, and nothing else
    (package / "beta.py").write_text('"""Beta, added later."""\n', encoding="utf-8")
    assert "| [beta](api/beta.md) | Beta, added later. |" in hook.api_markdown(package)


def test_a_new_lesson_gets_its_api_page_with_no_other_edit(tmp_path: Path) -> None:
    package = make_package(tmp_path)
    assert list(hook.api_pages(package)) == ["reference/api/alpha.md", "reference/api/zeta.md"]
    (package / "beta.py").write_text('"""Beta, added later."""\n', encoding="utf-8")
    pages = hook.api_pages(package)
    assert list(pages) == [f"reference/api/{n}.md" for n in ("alpha", "beta", "zeta")]
    meta, body = front_matter(pages["reference/api/alpha.md"])
    assert meta == {
        "title": "snippets.alpha",
        "description": "Alpha turns {'a': 1} into 'quotes': a #colon test.",
    }
    assert re.search(r"^::: snippets\.alpha$", body, re.M)
    assert "](../api.md)" in body  # back to the index
    assert "](../snippets.md#alpha)" in body  # the whole file, and what to copy with it


def lessons() -> list[str]:
    return [path.stem for path in hook.snippet_modules()]


def documented_objects(name: str) -> list[str]:
    """The public functions and classes a lesson defines with a docstring: the ones
    mkdocstrings shows (it leaves out private and undocumented ones)."""
    tree = ast.parse((ROOT / "snippets" / f"{name}.py").read_text(encoding="utf-8"))
    return [
        node.name
        for node in tree.body
        if isinstance(node, (ast.FunctionDef, ast.ClassDef))
        and not node.name.startswith("_")
        and ast.get_docstring(node)
    ]


def test_every_lesson_has_its_api_page_with_its_objects(built_site: Path) -> None:
    from tests.site.pages import attr, built_page, ids, parse

    pages = sorted(p.parent.name for p in (built_site / "reference" / "api").glob("*/index.html"))
    assert pages == lessons()
    infos = {info.name: info for info in hook.describe_snippets()}
    for name in lessons():
        soup = parse(built_page(built_site, f"/reference/api/{name}/"))
        found = ids(soup)
        h1 = soup.find_all("h1")
        assert len(h1) == 1 and attr(h1[0], "id") == f"snippets.{name}", name
        objects = documented_objects(name)
        assert objects, f"{name}: no documented function or class"
        missing = [o for o in objects if f"snippets.{name}.{o}" not in found]
        assert missing == [], f"{name}: {missing}"
        assert not any(
            i.startswith("snippets.") and not i.startswith(f"snippets.{name}") for i in found
        )
        description = soup.find("meta", attrs={"name": "description"})
        assert attr(description, "content") == hook._plain(infos[name].summary), name
        assert "../" in {attr(a, "href") for a in soup.find_all("a")}, f"{name}: no link back"
        current = [
            attr(li.find("a"), "href")
            for li in soup.select(".md-nav--primary .md-nav__item--active")
            if li.find("a", recursive=False)
        ]
        assert current == ["../"], f"{name}: the nav marks {current}, not Snippets API"
        edit = soup.find("a", attrs={"rel": "edit"})
        assert attr(edit, "href").endswith(f"/edit/main/snippets/{name}.py"), name


def test_the_api_index_lists_every_lesson_and_documents_none(built_site: Path) -> None:
    from tests.site.pages import built_page, ids, links, parse

    soup = parse(built_page(built_site, "/reference/api/"))
    table = soup.find("table")
    assert table is not None
    targets = [href for href, _ in links(table)]
    assert targets == [f"{name}/" for name in lessons()]  # every lesson, in name order
    summaries = [
        row.find_all("td")[1].get_text(" ", strip=True) for row in table.find_all("tr")[1:]
    ]
    for name, summary in zip(lessons(), summaries, strict=True):
        words = hook._plain(hook.describe(ROOT / "snippets" / f"{name}.py").summary).split()
        assert summary.split()[:3] == words[:3], name
    # The objects live on the lesson pages: the index stays a short page.
    assert not [i for i in ids(soup) if i.startswith("snippets.")]


def test_the_lesson_pages_are_searched_in_the_sitemap_and_in_llms_txt(built_site: Path) -> None:
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"] for doc in index["docs"]}
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    llms = (built_site / "llms.txt").read_text(encoding="utf-8")
    for name in lessons():
        assert f"reference/api/{name}/" in locations, name
        anchors = [loc for loc in locations if loc.startswith(f"reference/api/{name}/#snippets.")]
        assert anchors, f"{name}: search finds none of its functions"
        assert f"/reference/api/{name}/</loc>" in sitemap, name
        # The index's Markdown (linked from llms.txt) links to each page's Markdown.
        assert f"/reference/api/{name}/index.md): " in llms, name
        assert (built_site / "reference" / "api" / name / "index.md").is_file(), name
