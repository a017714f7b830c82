"""Every page of the nav (and two lesson pages of the Snippets API) read as a reader
reads it, in Chromium, on a phone (390 px) and on a desktop (1280 px):

- no table cell is cut off at the edge of the screen or of its box unless that box
  scrolls and shows the cue that says so (``docs/assets/js/tables.js``,
  ``docs/assets/css/layout.css``), and no page scrolls sideways as a whole;
- chart text (``svg.chart`` from ``snippets/charts.py``, the guide's diagrams) is at
  least 12 CSS px as shown, measured from the rendered size at both widths;
- the "In one minute" summary is at body size, prose stays under 95 characters a line
  at 1280 px (sidebars or not), and no heading on a phone gets a line of its own for
  its hidden permalink;
- a demo's result that changes is on screen: after the cost calculator reruns at 390
  px, every cell it changed is inside the screen.

Each check is run on a page made to fail first, so a check that cannot fail fails.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import new_context, settle
from tests.site.test_repo_hygiene import ROOT, load_yaml, nav_pages

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
MIN_CHART_PX = 12
MAX_LINE_CHARS = 95  # CSS sets 38em, about 85; the estimate varies with the letters
PYTHON_MS = 180_000

# Cells cut off: for each table, the first cell whose box sticks out of what the reader
# can see (the nearest ancestor that clips or scrolls, and the screen), unless that
# ancestor scrolls and shows tables.js's cue. Tables in closed <details> are not shown.
CUT = """(scope) => {
  const root = document.querySelector(scope) || document.body;
  const found = [];
  const screen = document.documentElement.clientWidth;
  for (const table of root.querySelectorAll("table")) {
    if (!table.getClientRects().length) continue;
    let box = table.parentElement;
    const clips = (node) => /(auto|scroll|hidden|clip)/.test(getComputedStyle(node).overflowX);
    while (box && box !== root && !clips(box)) box = box.parentElement;
    const clip = box && box !== root ? box.getBoundingClientRect() : { left: 0, right: screen };
    const left = Math.max(0, clip.left);
    const right = Math.min(screen, clip.right);
    const cue = box && box !== root && box.dataset.rfScrolls &&
      getComputedStyle(box, "::before").content !== "none";
    for (const cell of table.querySelectorAll("td, th")) {
      const r = cell.getBoundingClientRect();
      if (r.width && (r.right > right + 1 || r.left < left - 1) && !cue) {
        found.push(cell.textContent.trim().slice(0, 40) || "(empty cell)");
        break;
      }
    }
  }
  if (document.documentElement.scrollWidth > screen + 1) found.push("the page scrolls sideways");
  return found;
}"""

# The smallest chart text as shown, in CSS px: font size times the SVG's scale.
CHART_TEXT = """() => {
  let smallest = null;
  for (const svg of document.querySelectorAll("article svg.chart, article .rf-diagram svg")) {
    if (!svg.getClientRects().length) continue;
    for (const text of svg.querySelectorAll("text")) {
      if (!text.textContent.trim()) continue;
      const m = text.getScreenCTM();
      const px = parseFloat(getComputedStyle(text).fontSize) * Math.hypot(m.a, m.b);
      if (smallest === null || px < smallest) smallest = Math.round(px * 10) / 10;
    }
  }
  return smallest;
}"""

# The summary box's text size against the body's, and the longest line of prose in
# characters (width of the paragraph over the average width of its characters).
TYPE = """() => {
  const size = (node) => parseFloat(getComputedStyle(node).fontSize);
  const body = size(document.querySelector("article > p, article p"));
  const box = document.querySelector("article .admonition.abstract p:not(.admonition-title)");
  const summary = box ? size(box) : null;
  const canvas = document.createElement("canvas").getContext("2d");
  let longest = 0;
  for (const p of document.querySelectorAll("article p")) {
    const text = p.textContent.replace(/\\s+/g, " ").trim();
    if (text.length < 200 || p.closest("table, pre, .demo")) continue;
    const style = getComputedStyle(p);
    canvas.font = `${style.fontSize} ${style.fontFamily}`;
    const perChar = canvas.measureText(text).width / text.length;
    longest = Math.max(longest, Math.round(p.clientWidth / perChar));
  }
  return { body, summary, longest };
}"""

# Headings whose hidden permalink takes a line of its own: the heading is taller with
# the permalink than without it.
ORPHANS = """() => {
  const headings = [...document.querySelectorAll("article :is(h2, h3, h4, h5, h6)")]
    .filter((h) => h.querySelector(".headerlink"));
  const before = headings.map((h) => h.getBoundingClientRect().height);
  const style = document.createElement("style");
  style.textContent = ".headerlink { display: none !important; }";
  document.head.append(style);
  const after = headings.map((h) => h.getBoundingClientRect().height);
  style.remove();
  return headings.filter((h, i) => before[i] > after[i] + 1).map((h) => h.textContent.trim());
}"""


# Two of the largest lesson pages of the Snippets API (one per lesson, not in the nav):
# the checks and the benchmarks visit these two, not all of them.
API_SAMPLES = ("reference/api/rag/", "reference/api/evaluate/")


def nav_paths() -> list[str]:
    paths = []
    for page in nav_pages(load_yaml(ROOT / "mkdocs.yml")["nav"]):
        stem = page.removesuffix(".md").removesuffix("index").rstrip("/")
        paths.append(f"{stem}/" if stem else "")
    return paths


def page_paths() -> list[str]:
    """The nav's pages and the sampled lesson pages of the Snippets API."""
    return [*nav_paths(), *API_SAMPLES]


def open_page(browser: Any, options: dict[str, Any]) -> Iterator[Any]:
    context = new_context(browser, **options)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture(scope="module")
def phone(browser: Any) -> Iterator[Any]:
    yield from open_page(browser, PHONE)


@pytest.fixture(scope="module")
def desktop(browser: Any) -> Iterator[Any]:
    yield from open_page(browser, DESKTOP)


def visit(page: Any, url: str) -> None:
    page.goto(url, wait_until="load")
    settle(page)  # the page's demos and tables.js are done


def test_at_390_px_no_table_is_cut_off_and_charts_and_headings_read(
    site_url: str, phone: Any
) -> None:
    problems: list[str] = []
    paths = page_paths()
    assert len(paths) >= 20 and "reference/snippets/" in paths
    for path in paths:
        visit(phone, site_url + path)
        problems += [
            f"/{path}: cut off without a cue: {cell}" for cell in phone.evaluate(CUT, "article")
        ]
        smallest = phone.evaluate(CHART_TEXT)
        if smallest is not None and smallest < MIN_CHART_PX:
            problems.append(f"/{path}: chart text {smallest} px at 390 px")
        problems += [
            f"/{path}: permalink on a line of its own: {h}" for h in phone.evaluate(ORPHANS)
        ]
    assert problems == [], "\n".join(problems)


def test_at_1280_px_charts_summaries_and_line_length_read(site_url: str, desktop: Any) -> None:
    problems: list[str] = []
    summaries = 0
    for path in page_paths():
        visit(desktop, site_url + path)
        smallest = desktop.evaluate(CHART_TEXT)
        if smallest is not None and smallest < MIN_CHART_PX:
            problems.append(f"/{path}: chart text {smallest} px at 1280 px")
        found = desktop.evaluate(TYPE)
        if found["summary"] is not None:
            summaries += 1
            if found["summary"] < found["body"]:
                problems.append(
                    f"/{path}: summary at {found['summary']} px, body {found['body']} px"
                )
        if found["longest"] > MAX_LINE_CHARS:
            problems.append(f"/{path}: {found['longest']} characters a line")
    assert summaries >= 5  # the check ran on the pages' summary boxes
    assert problems == [], "\n".join(problems)


def test_the_stacked_layout_labels_every_value_and_keeps_the_table(
    site_url: str, phone: Any
) -> None:
    """On a phone the costs page's wide tables are cards: each value under its column's
    name, the header row kept for screen readers, the table roles kept."""
    visit(phone, site_url + "guide/costs/")
    tables = phone.evaluate(
        """() => [...document.querySelectorAll("article table[data-rf-stack]")].map((t) => ({
          heads: [...t.tHead.rows[0].cells].map((c) => c.textContent.trim()),
          labels: [...t.tBodies[0].rows[0].cells].map((c) => c.dataset.label || ""),
          shown: [...t.tBodies[0].rows[0].cells].slice(1).map(
            (c) => getComputedStyle(c, "::before").content.replace(/^"|"$/g, "")),
          role: t.getAttribute("role"),
          width: t.getBoundingClientRect().width,
        }))"""
    )
    assert tables, "no table is stacked on the costs page at 390 px"
    for table in tables:
        assert table["labels"] == table["heads"][: len(table["labels"])]
        assert table["shown"] == [h for h in table["labels"][1:]]
        assert table["role"] == "table" and table["width"] <= 390


# -- the demo's result, on screen ---------------------------------------------------


def test_a_rerun_result_changes_on_screen_at_390_px(site_url: str, browser: Any) -> None:
    for page in open_page(browser, PHONE):
        visit(page, site_url + "guide/costs/")
        root = page.locator("[data-demo=costs]")
        cells = "[data-costs-table] tbody td"
        before = page.eval_on_selector_all(cells, "cs => cs.map((c) => c.textContent)")
        page.get_by_label("Queries per month").fill("900000")
        root.locator("button[type=submit]").click()
        page.wait_for_function(
            "([sel, old]) => { const now = [...document.querySelectorAll(sel)]"
            ".map((c) => c.textContent); return now.join() !== old.join(); }",
            arg=[cells, before],
            timeout=PYTHON_MS,
        )
        page.wait_for_timeout(300)
        changed = page.evaluate(
            """([sel, old]) => [...document.querySelectorAll(sel)]
                .map((c, i) => ({ c, changed: c.textContent !== old[i] }))
                .filter((x) => x.changed)
                .map(({ c }) => { const r = c.getBoundingClientRect();
                   return { text: c.textContent, left: r.left, right: r.right }; })""",
            [cells, before],
        )
        assert changed, "the rerun changed no cell"
        off = [c for c in changed if c["left"] < 0 or c["right"] > 390 + 1]
        assert off == [], off
        assert page.evaluate(CUT, "[data-demo=costs]") == []


# -- the checks themselves, on pages made to fail ------------------------------------


def test_the_checks_catch_what_they_are_for(phone: Any) -> None:
    wide = "<tr>" + "<td>a long cell value</td>" * 12 + "</tr>"
    phone.set_content(
        '<html><head><meta name="viewport" content="width=device-width">'
        "<style>.box{overflow-x:auto}"
        ".box[data-rf-scrolls]::before{content:'Scroll'}</style></head><body>"
        f'<article><div class="box" id="bare"><table>{wide}</table></div>'
        f'<div class="box" data-rf-scrolls="start"><table>{wide}</table></div>'
        '<p style="font-size:16px">' + "word " * 200 + "</p>"
        '<h2 style="font-size:20px"><span>A heading here</span>'
        '<a class="headerlink" href="#" style="display:inline-block;margin-left:8px">¶</a></h2>'
        '<svg class="chart" viewBox="0 0 800 100" width="200"><text y="50" font-size="16">t</text>'
        "</svg></article></body></html>"
    )
    assert phone.evaluate(CUT, "article") == ["a long cell value"]  # the box with a cue passes
    assert phone.evaluate(CHART_TEXT) == 4.0
    # The heading exactly as wide as its text: the permalink has to wrap.
    phone.evaluate(
        "() => { const h = document.querySelector('h2');"
        " h.style.width = h.firstChild.getBoundingClientRect().width + 1 + 'px'; }"
    )
    assert phone.evaluate(ORPHANS) == ["A heading here¶"]
    phone.set_content(
        '<meta name="viewport" content="width=device-width">'
        f"<article><table>{wide}</table></article>"
    )
    assert "the page scrolls sideways" in phone.evaluate(CUT, "article")
