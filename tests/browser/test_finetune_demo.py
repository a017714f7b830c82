"""The rerun on docs/finetune.md in Chromium: with the defaults it shows what the
build-time page shows (tables, intervals and charts, timings aside); with other
settings it shows what CPython computes for them; no fact ticked gives "n/a", not
0%; bad input gets a message naming the field."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.browser

RUN = 300_000  # ms: Pyodide's first boot plus a run, on a loaded machine

# The HTML of an element as the browser serialises it, without wall-clock timings,
# the heading the rerun adds, and what tables.js sets on every table of the page (tab
# stops and cues on tables that scroll, column names on cells, roles, the phone layout).
CLEAN = """(node) => {
  node.querySelectorAll("[data-timing], section > h3").forEach((n) => n.remove());
  for (const name of ["role", "data-label", "data-rf-first", "data-rf-stack", "data-rf-scrolls"]) {
    node.querySelectorAll(`[${name}]`).forEach((n) => n.removeAttribute(name));
  }
  node.querySelectorAll("[id], [aria-labelledby], [aria-describedby]").forEach((n) => {
    for (const name of ["id", "aria-labelledby", "aria-describedby"]) {
      const value = n.getAttribute(name);
      if (value) n.setAttribute(name, value.replaceAll("rerun-", ""));
    }
  });
  node.querySelectorAll("[tabindex]").forEach((n) => n.removeAttribute("tabindex"));
  return node.innerHTML;
}"""
SERIALISE = f"(node) => ({CLEAN})(node.cloneNode(true))"
# CPython's HTML, parsed and wrapped as the page's script does it.
PARSE = f"""(html) => {{
  const t = document.createElement("template");
  t.innerHTML = html;
  const div = document.createElement("div");
  div.append(t.content);
  for (const table of div.querySelectorAll("table")) {{
    const wrap = document.createElement("div");
    wrap.className = "md-typeset__scrollwrap";
    wrap.innerHTML = '<div class="md-typeset__table"></div>';
    table.replaceWith(wrap);
    wrap.firstChild.append(table);
  }}
  return ({CLEAN})(div);
}}"""


def open_demo(page: Any, site_url: str) -> Any:
    """Load the page and return the rerun's form."""
    page.goto(site_url + "finetune/", wait_until="load")
    return page.locator("[data-demo=finetune]")


def run(form: Any) -> None:
    output = form.locator(".demo-output")
    output.evaluate("node => node.replaceChildren()")
    form.get_by_role("button", name="Run", exact=True).click()
    output.locator("section[data-experiment='3'] table").wait_for(timeout=RUN)


def changed_column(page: Any) -> list[str]:
    """The cells under the "facts that change" heading of the rerun's first table."""
    return page.evaluate(  # type: ignore[no-any-return]
        """() => {
          const out = document.querySelector("[data-demo=finetune] .demo-output");
          const table = Array.from(out.querySelectorAll("table")).find((t) =>
            Array.from(t.querySelectorAll("th")).some(
              (h) => /facts that change/.test(h.textContent)));
          const heads = Array.from(table.querySelectorAll("thead th"));
          const col = heads.findIndex((h) => /facts that change/.test(h.textContent));
          return Array.from(
            table.querySelectorAll("tbody tr"), (r) => r.cells[col].textContent.trim());
        }"""
    )


def test_the_rerun_checks_settings_shows_the_build_time_page_and_cpython_for_others(
    site_url: str, watched_page: tuple[Any, Any]
) -> None:
    """One page, one Python boot (a reader's session): bad settings get a message naming
    the field; the default run equals the build-time page; other
    settings with no fact ticked equal CPython and show "n/a", not 0% (issue 17,
    item 6: the main branch of 2026-12-01 showed 0%); a setting only Python can
    check gets Python's message."""
    from snippets.demos.finetune import rerun

    page, watch = watched_page
    form = open_demo(page, site_url)
    loaded = page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
    assert not any("pyodide.asm" in url for url in loaded)  # no Python before the reader asks

    # Bad settings get the form's own message, naming the field, before any Python.
    error = form.locator(".demo-error")
    for label, value, message in (
        ("Training tickets", "5", "Training tickets must be a whole number from 10 to 480."),
        ("Training tickets", "40.5", "Training tickets must be a whole number from 10 to 480."),
        ("Seed", "", "Seed must be a whole number from 0 to 9999."),
    ):
        form.get_by_role("spinbutton", name=label).fill(value)
        form.get_by_role("button", name="Run", exact=True).click()
        error.wait_for()
        assert error.inner_text() == message
        form.get_by_role("spinbutton", name=label).fill(
            "40" if label == "Training tickets" else "0"
        )
    form.get_by_role("button", name="Reset to the example").click()

    run(form)
    for n, name in ((1, "facts"), (2, "tickets"), (3, "both")):
        built = page.locator(f"[data-experiment-output={name}]").evaluate(SERIALISE)
        rerun_html = form.locator(f"section[data-experiment='{n}']").evaluate(SERIALISE)
        assert rerun_html == built, name
    assert form.locator(".demo-output svg[role=img]").count() == 2  # the charts, not only tables
    assert (
        "seed 0, 480 training, 120 dev and 200 test tickets, 6 changed fact(s)" in form.inner_text()
    )

    # Other settings: what CPython computes for them; no fact ticked shows n/a (issue 17, item 6).
    for field, value in (
        ("Seed", "3"),
        ("Training tickets", "40"),
        ("Dev tickets", "30"),
        ("Test tickets", "50"),
    ):
        form.get_by_role("spinbutton", name=field).fill(value)
    boxes = form.locator("input[name=changed]")
    for i in range(boxes.count()):
        boxes.nth(i).uncheck()
    run(form)
    want = rerun(seed=3, train_size=40, dev_size=30, test_size=50, changed=[])["html"]
    got = form.locator(".demo-output").evaluate(SERIALISE)
    assert got == page.evaluate(PARSE, want)
    assert set(changed_column(page)) == {"n/a"}

    # What only Python can check gets Python's message, without "ValueError:".
    boxes.first.check()
    boxes.first.evaluate("(box) => { box.value = 'made-up'; }")
    form.get_by_role("button", name="Run", exact=True).click()
    error.wait_for(timeout=RUN)
    assert error.inner_text().startswith("unknown fact 'made-up'; choose from team-annual")
    assert form.locator(".demo-output table").count() == 0
    watch.assert_clean()
