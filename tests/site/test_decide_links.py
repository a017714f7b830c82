"""The decide pages in the built site: every guide section the decision table
points to exists (page and heading id), every link in the flowchart resolves, the
quiz's JSON is the table, and every scenario's quiz link is a complete path."""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from snippets.decide import (
    OUTCOMES,
    QUESTIONS,
    diagnose,
    load_scenarios,
    parse_query,
    paths,
    to_json,
)
from tests.site.pages import attr, built_page, ids, links, resolve
from tests.site.pages import parse as read


@dataclass
class _Collect:
    """Ids on a page, and the links, scripts and data-table attributes it contains."""

    ids: set[str]
    links: list[tuple[str, str]]  # (href, class of the <a>)
    scripts: dict[str, str]
    tables: list[str]  # data-table attributes (the quiz's JSON)


def parse(path: Path) -> _Collect:
    soup = read(path)
    scripts = {attr(t, "id"): t.get_text() for t in soup.find_all("script", id=True)}
    tables = [attr(t, "data-table") for t in soup.find_all(attrs={"data-table": True})]
    return _Collect(ids(soup), links(soup), scripts, tables)


def test_every_section_the_table_refers_to_exists(built_site: Path) -> None:
    missing = []
    for item in (*QUESTIONS, *OUTCOMES):
        page = built_site / item.section.page.removesuffix(".md") / "index.html"
        if not page.is_file():
            missing.append(f"{item.id}: page {item.section.page} not built")
        elif item.section.anchor not in parse(page).ids:
            missing.append(f"{item.id}: no #{item.section.anchor} on {item.section.page}")
    assert missing == [], "\n".join(missing)


def test_every_flowchart_node_links_to_an_existing_section(built_site: Path) -> None:
    page = parse(built_site / "decide" / "index.html")
    nodes = [href for href, cls in page.links if "decide-node" in cls]
    routes = sum(1 for q in QUESTIONS for c in q.choices if c.goto not in {x.id for x in QUESTIONS})
    assert len(nodes) == len(QUESTIONS) + routes
    for href in nodes:
        target, fragment = resolve(built_site, "/decide/", html.unescape(href))
        assert target.is_file(), href
        assert fragment in parse(target).ids, href


def test_quiz_json_on_the_page_is_the_table(built_site: Path) -> None:
    page = parse(built_site / "decide" / "index.html")
    assert len(page.tables) == 1
    table = json.loads(page.tables[0])
    assert table == json.loads(to_json("decide/index.md"))
    for question in table["questions"].values():
        target, fragment = resolve(built_site, "/decide/", question["section"]["href"])
        assert fragment in parse(target).ids


def test_page_without_javascript_points_to_the_flowchart_and_text_tree(built_site: Path) -> None:
    text = (built_site / "decide" / "index.html").read_text(encoding="utf-8")
    page = parse(built_site / "decide" / "index.html")
    assert re.search(r'class="decide-nojs"[^>]*>The interactive quick test needs JavaScript', text)
    assert {"flowchart", "the-same-tree-as-text", "quick-test"} <= page.ids
    assert text.count("<strong>Outcome: ") == len(paths())  # the text tree, one per path


def test_every_scenario_links_to_its_path_in_the_quiz(built_site: Path) -> None:
    page = parse(built_site / "decide" / "scenarios" / "index.html")
    quiz_links = [href for href, _ in page.links if "?answers=" in href]
    scenarios = load_scenarios()
    assert len(quiz_links) == len(scenarios)
    for href, scenario in zip(quiz_links, scenarios, strict=True):
        target, fragment = resolve(built_site, "/decide/scenarios/", html.unescape(href))
        assert target == built_site / "decide" / "index.html"
        assert fragment == "quick-test"
        answers = parse_query(parse_qs(urlsplit(html.unescape(href)).query)["answers"][0])
        assert answers == scenario.answers
        assert diagnose(answers).title in page_text(built_site)
        assert scenario.id in page.ids


def page_text(site: Path) -> str:
    return (site / "decide" / "scenarios" / "index.html").read_text(encoding="utf-8")


def test_in_page_links_on_the_decide_pages_resolve(built_site: Path) -> None:
    """markdown-exec prefixes ids in its output unless told not to (``idprefix=""``);
    the scenario table's ``#scenario`` links must still land on the headings."""
    for page_path in ("decide/index.html", "decide/scenarios/index.html"):
        page = parse(built_site / page_path)
        fragments = {href[1:] for href, _ in page.links if href.startswith("#") and len(href) > 1}
        assert fragments, page_path
        assert fragments - page.ids == set(), page_path
    scenarios = parse(built_site / "decide" / "scenarios" / "index.html")
    assert {s.id for s in load_scenarios()} <= {h[1:] for h, _ in scenarios.links}


def test_every_link_on_the_decide_pages_resolves(built_site: Path) -> None:
    """MkDocs does not check or rewrite links inside markdown-exec output, so the
    text tree, the outcome list and the scenarios (all build-time output) are
    checked here: each relative link reaches a built page and, if it names one,
    an id on it."""
    broken = []
    for url_path in ("/decide/", "/decide/scenarios/"):
        page = parse(built_page(built_site, url_path))
        for href, _ in page.links:
            href = html.unescape(href)
            if href.startswith(("#", "http:", "https:", "mailto:")):
                continue
            target, fragment = resolve(built_site, url_path, href)
            if not target.is_file():
                broken.append(f"{url_path}: {href} -> no {target.relative_to(built_site)}")
            elif fragment and fragment not in parse(target).ids:
                broken.append(f"{url_path}: {href} -> no #{fragment}")
    assert broken == [], "\n".join(broken)
