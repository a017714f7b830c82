"""Every built page in headless Chromium, served from loopback, in the light
(``default``) and dark (``slate``) palettes:

- no request leaves 127.0.0.1 (each one is recorded; the browser's proxy fails it);
- no console error and no uncaught exception;
- axe-core (``node_modules/axe-core/axe.min.js``, injected into the page) finds no
  violation of impact ``serious`` or ``critical``; the search dialog is checked
  open, with results, too.

One browser for the session and one context (and tab) per palette, reused for
every page: about a second per page on two cores. Each page in each palette is a
test of its own, so pytest-xdist spreads the pages over its workers. The pages
are those of mkdocs.yml's ``nav``, read when the tests are collected, and one
test checks that they are exactly the pages built (every ``index.html``): a new
page is covered without editing this file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import LOOPBACK, new_context, settle
from tests.site.test_repo_hygiene import load_yaml, nav_pages

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PALETTES = {"light": "default", "dark": "slate"}  # prefers-color-scheme -> Material scheme
BLOCKING = {"serious", "critical"}

# Runs axe on ``scope`` and returns the blocking violations, one dict per rule.
# The bodies of closed ``<details>`` are removed first: a reader sees them only once
# opened, axe skips them as hidden anyway, and on the API page (mkdocstrings' source
# listings, 30,000+ elements) merely visiting them takes axe 20 s. The same
# highlighted-code styles are checked, visible, on the pages that show code.
AXE_RUN = """async (scope) => {
  for (const details of document.querySelectorAll("details:not([open])")) {
    for (const child of [...details.children]) {
      if (child.tagName !== "SUMMARY") child.remove();
    }
  }
  const result = await axe.run(document.querySelector(scope) || document, {
    resultTypes: ["violations"],
  });
  return result.violations
    .filter((v) => ["serious", "critical"].includes(v.impact))
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => ({
        target: n.target.join(" "),
        summary: (n.failureSummary || "").replace(/\\s+/g, " ").slice(0, 240),
      })),
      count: v.nodes.length,
    }));
}"""


def page_paths(site: Path) -> list[str]:
    """Site-relative URLs of every page (each folder with an ``index.html``).

    ``404.html`` is left out: it is not a page of the nav but what a static host
    serves at any missing URL, with links written as absolute paths under
    ``site_url``; ``tests/site/test_links.py`` and ``tests/site/test_subpath.py``
    check those links and assets.
    """
    paths = []
    for index in site.rglob("index.html"):
        parent = index.relative_to(site).parent.as_posix()
        paths.append("" if parent == "." else f"{parent}/")
    return sorted(paths)


def nav_paths(config_file: Path) -> list[str]:
    """Site-relative URLs of the pages in a MkDocs config's ``nav`` (directory URLs)."""
    paths = []
    for source in nav_pages(load_yaml(config_file)["nav"]):
        stem = source.removesuffix(".md")
        if stem == "index" or stem.endswith("/index"):
            paths.append(stem.removesuffix("index"))
        else:
            paths.append(f"{stem}/")
    return sorted(paths)


# The nav's pages, and two of the lesson pages of the Snippets API (generated, not in the
# nav: the largest two stand for all 23, which share one template).
API_SAMPLES = ("reference/api/evaluate/", "reference/api/rag/")
LESSON_API = re.compile(r"^reference/api/[^/]+/$")
PATHS = sorted([*nav_paths(ROOT / "mkdocs.yml"), *API_SAMPLES])


@dataclass
class Tab:
    """One browser tab whose off-loopback requests and errors are recorded."""

    page: Any
    scheme: str  # Material's data-md-color-scheme the page must show
    foreign: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    search: bool = False  # the real search index (tests/conftest.py, SEARCH_INDEX)

    def drain(self) -> tuple[list[str], list[str]]:
        foreign, errors = self.foreign[:], self.errors[:]
        self.foreign.clear()
        self.errors.clear()
        return foreign, errors

    def axe(self, scope: str = "html") -> list[dict[str, Any]]:
        if not self.page.evaluate("typeof window.axe === 'object'"):
            self.page.add_script_tag(path=str(AXE))
        return list(self.page.evaluate(AXE_RUN, scope))


def open_tab(browser: Any, color_scheme: str) -> Iterator[Tab]:
    """A context emulating ``prefers-color-scheme`` (Material's palette follows it)."""
    tab = Tab(page=None, scheme=PALETTES[color_scheme])
    context = new_context(
        browser,
        unless=lambda: tab.search,
        color_scheme=color_scheme,
        viewport={"width": 1280, "height": 900},
    )
    # The browser's proxy makes a request off loopback fail; here it is recorded.
    context.on(
        "request",
        lambda request: (
            None if request.url.startswith(LOOPBACK) else tab.foreign.append(request.url)
        ),
    )
    page = context.new_page()
    page.on("console", lambda msg: tab.errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: tab.errors.append(f"uncaught: {exc}"))
    tab.page = page
    try:
        yield tab
    finally:
        context.close()


@pytest.fixture(params=sorted(PALETTES), scope="module")
def tab(request: pytest.FixtureRequest, browser: Any) -> Iterator[Tab]:
    yield from open_tab(browser, request.param)


def describe(violations: list[dict[str, Any]]) -> list[str]:
    lines = []
    for v in violations:
        lines.append(f"  {v['impact']} {v['id']} ({v['count']}x): {v['help']}")
        lines += [f"      {n['target']}: {n['summary']}" for n in v["nodes"]]
    return lines


def test_the_pages_checked_are_the_pages_built(built_site: Path) -> None:
    paths = page_paths(built_site)
    assert "" in paths and "retrieval/" in paths and len(paths) >= 3, paths
    assert set(API_SAMPLES) <= set(paths), "a sampled lesson page is not built"
    built = [p for p in paths if not LESSON_API.match(p) or p in API_SAMPLES]
    assert built == PATHS, "the nav's pages (checked below) are not the pages built"


@pytest.mark.parametrize("path", PATHS)
def test_every_page_is_clean_in_both_palettes(site_url: str, tab: Tab, path: str) -> None:
    expected = tab.scheme
    problems: list[str] = []
    response = tab.page.goto(site_url + path, wait_until="load")
    if response is None or not response.ok:
        problems.append(f"/{path}: HTTP {response.status if response else None}")
    settle(tab.page)  # the page's demos and tables are set up
    shown = tab.page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    assert shown == expected, f"/{path}: palette {shown!r}, expected {expected!r}"
    violations = tab.axe()
    foreign, errors = tab.drain()
    problems += [f"/{path}: request off loopback: {url}" for url in foreign]
    problems += [f"/{path}: console: {text}" for text in errors]
    if violations:
        problems.append(f"/{path}: axe-core, {expected} palette:")
        problems += describe(violations)
    assert problems == [], "\n".join(problems)


def test_search_dialog_is_accessible_with_results(site_url: str, tab: Tab) -> None:
    page = tab.page
    tab.search = True  # this page load gets the real index
    try:
        page.goto(site_url, wait_until="load")
        page.keyboard.press("/")  # Material's shortcut opens the search dialog
        # Typed key by key, as a reader does: Material reads the query on keyup (and once
        # when its index is ready), so fill(), which sends no key events, found nothing
        # whenever the index was ready before the text was in the field.
        page.locator(".md-search__input").press_sequentially("retrieval")
        # Material builds the search index in a Web Worker on each full load: about 3 s
        # here, over 30 s on a two-core machine while the other worker builds a site.
        page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=90_000)
    finally:
        tab.search = False
    violations = tab.axe(".md-search")
    foreign, errors = tab.drain()
    problems = describe(violations) + foreign + errors
    assert problems == [], "\n".join(problems)


# -- the checks themselves, on pages made to fail ------------------------------------


@pytest.fixture(scope="module")
def plain_tab(browser: Any) -> Iterator[Tab]:
    yield from open_tab(browser, "light")


def test_axe_reports_serious_violations(plain_tab: Tab) -> None:
    plain_tab.page.set_content(
        "<html lang=en><head><title>bad</title></head><body><main>"
        '<p style="color:#aaa;background:#fff">faint text</p>'
        '<div role="dialog">a dialog with no name</div>'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
        "</main></body></html>"
    )
    found = {v["id"] for v in plain_tab.axe()}
    assert {"color-contrast", "aria-dialog-name", "image-alt"} <= found


def test_recorder_catches_foreign_requests_and_errors(plain_tab: Tab) -> None:
    plain_tab.drain()
    plain_tab.page.set_content(
        '<img src="https://tracker.example/pixel.gif" alt="">'
        "<script>console.error('logged'); setTimeout(() => { throw new Error('boom') })</script>"
    )
    plain_tab.page.wait_for_timeout(200)
    foreign, errors = plain_tab.drain()
    assert foreign == ["https://tracker.example/pixel.gif"]
    assert "logged" in errors and any("boom" in e for e in errors)
