"""The decide pages and the quick test in the built site: every guide section and
source the decision table points to exists, every flowchart box is an ordinary link
that resolves, the quiz's data is the table, the ids other pages link to are kept,
and every link in the build-time output resolves (MkDocs checks none of it)."""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path

from snippets.decide import default_table, paths
from snippets.demos.decide import href, quiz_data
from snippets.demos.decide_cases import load_cases
from tests.site.pages import attr, built_page, ids, links, resolve
from tests.site.pages import parse as read
from tests.site.test_page_rules import SUMMARY_BOX_ABOVE_WORDS, prose_words

TABLE = default_table()
PAGES = ("/decide/", "/decide/scenarios/", "/guide/quick-test/")


@dataclass(frozen=True)
class _Collect:
    """What the decide tests read from a built page, through tests/site/pages.py."""

    ids: set[str]
    links: list[tuple[str, str]]  # (href, class of the <a>)
    svg_links: list[str]  # xlink:href of SVG links (instant navigation throws on them)
    tables: list[str]  # data-table attributes (the quiz's JSON)


def parse(path: Path) -> _Collect:
    soup = read(path)
    svg_links = [attr(t, "xlink:href") for t in soup.find_all("a") if attr(t, "xlink:href")]
    tables = [attr(t, "data-table") for t in soup.find_all(attrs={"data-table": True})]
    return _Collect(ids(soup), links(soup), svg_links, tables)


def test_every_section_and_source_the_table_points_to_exists(built_site: Path) -> None:
    missing = []
    for item in (*TABLE.questions.values(), *TABLE.outcomes.values()):
        page = built_page(built_site, "/" + item.section.page.removesuffix(".md") + "/")
        if not page.is_file():
            missing.append(f"{item.id}: page {item.section.page} not built")
        elif item.section.anchor not in parse(page).ids:
            missing.append(f"{item.id}: no #{item.section.anchor} on {item.section.page}")
    for o in TABLE.outcomes.values():
        for title, ref in o.sources:
            if ref.startswith("https://"):
                continue
            target, fragment = resolve(built_site, "/decide/", href(ref, "decide/index.md"))
            if not target.is_file() or fragment not in parse(target).ids:
                missing.append(f"{o.id}: source {title!r} ({ref}) does not resolve")
    assert missing == [], "\n".join(missing)


def test_every_flowchart_box_is_an_ordinary_link_to_an_existing_section(built_site: Path) -> None:
    page = parse(built_site / "decide" / "index.html")
    assert page.svg_links == [], "no SVG links: instant navigation and crawlers need href"
    nodes = [h for h, cls in page.links if "decide-node" in cls]
    assert sum(1 for h, cls in page.links if "decide-o" in cls) == len(paths())
    assert len(nodes) > len(TABLE.questions) + len(paths())
    for link in nodes:
        target, fragment = resolve(built_site, "/decide/", html.unescape(link))
        assert target.is_file(), link
        assert fragment in parse(target).ids, link


def test_quiz_data_on_the_page_is_the_table(built_site: Path) -> None:
    page = parse(built_site / "decide" / "index.html")
    assert len(page.tables) == 1
    assert json.loads(page.tables[0]) == quiz_data("decide/index.md")


def test_ids_other_pages_link_to_are_kept(built_site: Path) -> None:
    decide = parse(built_site / "decide" / "index.html").ids
    assert {"quick-test", "flowchart", "the-same-tree-as-text", "the-outcomes"} <= decide
    assert "how-the-table-works" in decide
    scenarios = parse(built_site / "decide" / "scenarios" / "index.html").ids
    assert {"all-twelve-at-a-glance"} | {c.id for c in load_cases("scenarios")} <= scenarios
    quick = parse(built_site / "guide" / "quick-test" / "index.html").ids
    assert {"the-question-to-ask", "worked-examples", "borderline-cases"} <= quick


def test_page_without_javascript_points_to_the_flowchart(built_site: Path) -> None:
    text = (built_site / "decide" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'class="decide-nojs"[^>]*>The interactive quick test needs JavaScript', text)
    assert 'href="#flowchart"' in text


def test_in_page_links_on_the_case_pages_resolve(built_site: Path) -> None:
    """markdown-exec prefixes ids in its output unless told not to (``idprefix=""``);
    the scenario table's ``#scenario`` links must still land on the headings."""
    for url_path in PAGES:
        page = parse(built_page(built_site, url_path))
        fragments = {h[1:] for h, _ in page.links if h.startswith("#") and len(h) > 1}
        assert fragments - page.ids == set(), url_path
    scenarios = parse(built_page(built_site, "/decide/scenarios/"))
    assert {c.id for c in load_cases("scenarios")} <= {h[1:] for h, _ in scenarios.links}


def test_every_link_on_the_case_pages_resolves(built_site: Path) -> None:
    """MkDocs does not check or rewrite links inside markdown-exec output, so the
    flowchart, the outcome list, the cases and their quiz links are checked here:
    each relative link reaches a built page and, if it names one, an id on it."""
    broken = []
    for url_path in PAGES:
        page = parse(built_page(built_site, url_path))
        for link, _ in page.links:
            link = html.unescape(link)
            if link.startswith(("#", "http:", "https:", "mailto:")):
                continue
            target, fragment = resolve(built_site, url_path, link)
            if not target.is_file():
                broken.append(f"{url_path}: {link} -> no {target.relative_to(built_site)}")
            elif fragment and fragment not in parse(target).ids:
                broken.append(f"{url_path}: {link} -> no #{fragment}")
    assert broken == [], "\n".join(broken)


# The three pages were 5,066 words before issue 13 (prose_words); the guide shrinks by
# a quarter or more while they cover six more outcomes and four more scenarios.
WORDS_BEFORE = 5_066


def test_the_case_pages_are_a_quarter_shorter_and_boxed_only_when_long(built_site: Path) -> None:
    total = 0
    for url_path in PAGES:
        page_html = built_page(built_site, url_path).read_text(encoding="utf-8")
        words = prose_words(page_html)
        total += words
        boxed = "In one minute" in page_html
        assert boxed == (words > SUMMARY_BOX_ABOVE_WORDS), (
            f"{url_path}: {words} words, box: {boxed}"
        )
    assert total <= WORDS_BEFORE * 3 // 4, f"{total} words"
